"""Service benchmarks on the `large` data set (300,000 complaints over a year on 100,000 customers): the
Complaint Analysis report and the Service Console's number cards as the desk runs them, next to
hand-written SQL floors written apart from the product's code (no import of sales_mgmt.service), and
the survey endpoint under 50 concurrent guest submissions over HTTP.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/service.py --site sm-bench.localhost

- Complaint Analysis: `frappe.desk.query_report.run(..., ignore_prepared_report=True)` for a month
  and a year, grouped by category and by customer, as the Service Agent (every complaint) and a
  regional manager (the complaints of the customers of their subtree's salespeople), each next to its
  floor (per group: complaints, unresolved, breached, reopened, answered, mean satisfaction, median
  first-response and resolution hours; the overall medians), held to 1.5×;
- the console's number cards as the desk computes them: the four *Open … Complaints* Document Type
  cards through `frappe.desk.doctype.number_card.number_card.get_result` with the card's own filters,
  and the Custom cards' endpoints (`sales_mgmt.api.service.*`), as the same two users, each next to
  its floor, held to 1.5×;
- before timing, every report and card is checked to return the floor's numbers;
- the survey: 50 resolved complaints with open surveys are made through the controller, a web
  server (gunicorn, 4 workers) is started on a free loopback port, 50 guest submissions with the 50
  tokens are sent at once, then the same 50 again; every token must be written exactly once (its
  rating and one timeline comment), no 5xx, the resubmissions refused and nothing changed. The 50
  complaints are deleted afterwards. The endpoint's rate limits (5 per link in 10 minutes, 300 per
  address in an hour) allow it: 100 requests from 127.0.0.1 per run, so at most three runs an hour.

Prints a table and writes JSON to benchmarks/results/service-<timestamp>.json. Not a test.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import frappe
from frappe.utils import flt, getdate, now_datetime
from harness import (
	Operation,
	measure,
	parse_args,
	print_user_rows,
	result_rows,
	run_on_site,
	server_info,
	server_line,
	write_results,
)

TARGET = 1.5
AGENT, MANAGER = "service@demo.sales", "manager@demo.sales"
T = "`tabSM Complaint`"
UNRESOLVED = "('Open', 'In Progress')"
SURVEYS = 50
SURVEY_SUBJECT = "基准测试：满意度问卷"


# --- scope -----------------------------------------------------------------------------------------------


def subtree_of(user: str) -> list[str]:
	"""The salesperson of `user` and everyone below it, from the nested set (lft/rgt)."""
	return frappe.db.sql_list(
		"""select sp.name from `tabSM Salesperson` sp
		join `tabSM Salesperson` top on sp.lft >= top.lft and sp.rgt <= top.rgt
		where top.user = %s order by sp.name""",
		user,
	)


def scope(names: list[str] | None, column: str = "c.salesperson") -> str:
	"""None: every complaint (the Service Agent)."""
	if names is None:
		return ""
	return f" and {column} in ({', '.join(frappe.db.escape(n) for n in names) or 'null'})"


# --- Complaint Analysis ----------------------------------------------------------------------------------


def periods(today: date) -> dict[str, tuple[date, date]]:
	"""The last whole month and the twelve whole months before it."""
	first = today.replace(day=1)
	last_month_end = first - timedelta(days=1)
	return {
		"month": (last_month_end.replace(day=1), last_month_end),
		"year": (first.replace(year=first.year - 1), last_month_end),
	}


def floor_analysis(from_date: date, to_date: date, group: str, names: list[str] | None) -> dict:
	"""Per group (category or customer, '' for none) of the complaints opened from `from_date` to
	`to_date` (both included): counts, the mean rating in stars of those answered, the median hours
	to the first response and to the resolution (the mean of the two middle values of an even count),
	and the overall medians; the customer's name with each customer."""
	key = "ifnull(c.category, '')" if group == "category" else "ifnull(c.customer, '')"
	where = f"c.opened_on >= %(from)s and c.opened_on < %(until)s{scope(names)}"
	params = {"from": from_date, "until": to_date + timedelta(days=1)}
	label = (
		", (select x.customer_name from `tabSM Customer` x where x.name = g.k) as label"
		if group == "customer"
		else ""
	)
	rows = frappe.db.sql(
		f"""select g.*{label} from (
			select {key} as k, count(*) as complaints,
				sum(c.status in {UNRESOLVED}) as unresolved,
				sum(c.sla_status = 'Breached') as breached,
				sum(c.reopen_count > 0) as reopened,
				sum(c.satisfaction > 0) as answered,
				avg(nullif(c.satisfaction, 0)) * 5 as satisfaction
			from {T} c where {where} group by k) g""",
		params,
		as_dict=True,
	)
	groups = {r.k: r for r in rows}
	overall = {}
	for name, column in (("first_response", "first_response_on"), ("resolution", "resolved_on")):
		hours = f"timestampdiff(second, c.opened_on, c.{column}) / 3600"
		for k, median in frappe.db.sql(
			f"""select k, avg(h) from (
				select {key} as k, {hours} as h,
					row_number() over (partition by {key} order by {hours}) as n,
					count(*) over (partition by {key}) as total
				from {T} c where {where} and c.{column} is not null) x
			where n in (floor((total + 1) / 2), floor(total / 2) + 1) group by k""",
			params,
		):
			groups[k][name] = median
		overall[name] = frappe.db.sql(
			f"""select avg(h) from (
				select {hours} as h, row_number() over (order by {hours}) as n, count(*) over () as total
				from {T} c where {where} and c.{column} is not null) x
			where n in (floor((total + 1) / 2), floor(total / 2) + 1)""",
			params,
		)[0][0]
	return {"groups": groups, "overall": overall}


def desk_run(filters: dict):
	from frappe.desk.query_report import run

	return run("Complaint Analysis", filters=filters, ignore_prepared_report=True)


def report_filters(from_date: date, to_date: date, group: str) -> dict:
	return {"from_date": str(from_date), "to_date": str(to_date), "group_by": group.capitalize()}


def close(a, b) -> bool:
	"""Equal to the cent: the report rounds half up, the floor's value is exact."""
	return abs(flt(a) - flt(b)) < 0.0051


def compare_analysis(result: dict, floor: dict) -> bool | dict:
	"""The report's rows and summary medians against the floor's."""
	fields = {
		"complaints": "complaints",
		"unresolved": "unresolved",
		"breached": "breached",
		"reopened": "reopened",
		"answered": "answered",
		"average_satisfaction": "satisfaction",
		"median_first_response_hours": "first_response",
		"median_resolution_hours": "resolution",
	}
	differences = []
	rows = {r["group_key"]: r for r in result["result"] if isinstance(r, dict) and "group_key" in r}
	for k in rows.keys() | floor["groups"].keys():
		mine, theirs = rows.get(k), floor["groups"].get(k)
		if not mine or not theirs:
			differences.append([k, bool(mine), bool(theirs)])
			continue
		for field, floor_field in fields.items():
			a, b = mine.get(field), theirs.get(floor_field)
			if not close(a, b):
				differences.append([k, field, a, b])
		if "label" in theirs and (theirs.label or k) != mine.get("group_label") and k:
			differences.append([k, "label", mine.get("group_label"), theirs.label])
	# the summary: complaints, median first response, median resolution, …
	summary = [s["value"] for s in result.get("report_summary") or []]
	for i, name in ((1, "first_response"), (2, "resolution")):
		if not close(summary[i], floor["overall"][name]):
			differences.append(["summary", name, summary[i], floor["overall"][name]])
	return (
		True
		if not differences
		else {"rows": [len(rows), len(floor["groups"])], "differences": differences[:5]}
	)


# --- number cards ----------------------------------------------------------------------------------------

SEVERITIES = ("Low", "Medium", "High", "Critical")


def card_doc(severity: str) -> dict:
	return frappe.get_doc("Number Card", f"Open {severity} Complaints").as_dict()


def desk_card(card: dict):
	from frappe.desk.doctype.number_card.number_card import get_result

	return get_result(card, card.get("filters_json"))


def custom_card(method: str):
	return frappe.get_attr(f"sales_mgmt.api.service.{method}")(filters="[]")["value"]


def floor_open(severity: str, names) -> int:
	return frappe.db.sql(
		f"select count(*) from {T} c where c.status in {UNRESOLVED} and c.severity = %s{scope(names)}",
		severity,
	)[0][0]


def floor_my_open(user: str, names) -> int:
	return frappe.db.sql(
		f"select count(*) from {T} c where c.assigned_to = %s and c.status in {UNRESOLVED}{scope(names)}",
		user,
	)[0][0]


def floor_overdue(names) -> int:
	return frappe.db.sql(
		f"""select count(*) from {T} c where c.status in {UNRESOLVED}
			and ((c.first_response_on is null and c.response_due < %(now)s) or c.resolution_due < %(now)s)
			{scope(names)}""",
		{"now": now_datetime()},
	)[0][0]


def floor_satisfaction(today: date, names) -> float:
	first = today.replace(day=1)
	following = (first + timedelta(days=32)).replace(day=1)
	value = frappe.db.sql(
		f"""select avg(c.satisfaction) * 5 from {T} c
		where c.satisfaction > 0 and c.resolved_on >= %s and c.resolved_on < %s{scope(names)}""",
		(first, following),
	)[0][0]
	return round(flt(value), 2)


# --- the operations ------------------------------------------------------------------------------------


def cases(today: date):
	"""(label, product callable, floor callable(names), compare(product result, floor result))"""
	out = []
	for period, (from_date, to_date) in periods(today).items():
		for group in ("category", "customer"):
			filters = report_filters(from_date, to_date, group)
			out.append(
				(
					f"Complaint Analysis, {period} by {group}",
					lambda f=filters: desk_run(f),
					lambda names, a=from_date, b=to_date, g=group: floor_analysis(a, b, g, names),
					compare_analysis,
				)
			)
	cards = {s: card_doc(s) for s in SEVERITIES}
	for severity in SEVERITIES:
		out.append(
			(
				f"card Open {severity}",
				lambda c=cards[severity]: desk_card(c),
				lambda names, s=severity: floor_open(s, names),
				lambda a, b: a == b or [a, b],
			)
		)
	out.append(
		(
			"card My Open",
			lambda: custom_card("my_open_complaints"),
			lambda names: floor_my_open(frappe.session.user, names),
			lambda a, b: a == b or [a, b],
		)
	)
	out.append(
		(
			"card Overdue",
			lambda: custom_card("overdue_complaints"),
			floor_overdue,
			lambda a, b: a == b or [a, b],
		)
	)
	out.append(
		(
			"card Avg Satisfaction (month)",
			lambda: custom_card("average_satisfaction_this_month"),
			lambda names: floor_satisfaction(today, names),
			lambda a, b: round(flt(a), 2) == round(flt(b), 2) or [a, b],
		)
	)
	return out


def same_numbers(today: date, users: dict) -> dict:
	checks = {}
	for user, names in users.items():
		for label, product, floor, compare in cases(today):
			# both as the user, as they are timed
			frappe.set_user(user)
			frappe.local.cache = {}
			mine, theirs = product(), floor(names)
			frappe.set_user("Administrator")
			checks[f"{label} / {user}"] = compare(mine, theirs)
	return checks


def operations(today: date, users: dict) -> list[Operation]:
	ops = []
	for label, product, floor, _compare in cases(today):
		for user, names in users.items():
			ops.append(Operation(f"{label}: SQL floor", user, lambda f=floor, n=names: f(n)))
			ops.append(Operation(label, user, product, floor=f"{label}: SQL floor/{user}", target=TARGET))
	return ops


# --- the survey over HTTP -----------------------------------------------------------------------------------


def free_port() -> int:
	import socket

	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


class WebServer:
	"""gunicorn serving the bench's sites on a free loopback port (4 sync workers, as a small
	production site runs), stopped on exit."""

	def __init__(self, site: str, workers: int = 4):
		self.site, self.port = site, free_port()
		self.url = f"http://127.0.0.1:{self.port}"
		gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
		self.log = open(os.path.join(site, "logs", "bench-service-web.log"), "w")
		self.process = subprocess.Popen(
			[
				gunicorn,
				"-b",
				f"127.0.0.1:{self.port}",
				"-w",
				str(workers),
				"-t",
				"120",
				"frappe.app:application",
			],
			cwd=os.getcwd(),
			stdout=self.log,
			stderr=subprocess.STDOUT,
			start_new_session=True,
		)

	def __enter__(self):
		deadline = time.monotonic() + 90
		while time.monotonic() < deadline:
			if self.process.poll() is not None:
				raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
			try:
				if b"pong" in request(self.url, "/api/method/ping", self.site)[1]:
					return self
			except OSError:
				pass
			time.sleep(0.3)
		raise RuntimeError("gunicorn did not answer within 90 s")

	def __exit__(self, *exc):
		self.process.terminate()
		try:
			self.process.wait(timeout=20)
		except subprocess.TimeoutExpired:
			self.process.kill()
			self.process.wait()
		self.log.close()


def request(url: str, path: str, site: str, data: dict | None = None) -> tuple[int, bytes]:
	body = urllib.parse.urlencode(data).encode() if data is not None else None
	req = urllib.request.Request(
		url + path,
		data=body,
		headers={"Host": site, "X-Frappe-Site-Name": site, "Accept": "application/json"},
	)
	try:
		with urllib.request.urlopen(req, timeout=120) as response:
			return response.status, response.read()
	except urllib.error.HTTPError as error:
		return error.code, error.read()


def make_surveys(count: int) -> list[tuple[str, str]]:
	"""`count` complaints logged, started and resolved through the controller by the service agent, on
	customers without complaints of this run; (name, token) of each."""
	from frappe.model.workflow import apply_workflow

	from sales_mgmt.service import survey

	customers = frappe.db.sql_list(
		"select name from `tabSM Customer` where salesperson is not null order by name desc limit %s", count
	)
	made = []
	frappe.set_user(AGENT)
	try:
		for i, customer in enumerate(customers):
			doc = frappe.get_doc(
				{
					"doctype": "SM Complaint",
					"customer": customer,
					"channel": "Web",
					"severity": "Medium",
					"category": "Other",
					"subject": f"{SURVEY_SUBJECT} {i + 1}",
					"assigned_to": AGENT,
				}
			).insert()
			apply_workflow(doc, "Start")
			doc = frappe.get_doc("SM Complaint", doc.name)
			doc.resolution = "已处理完毕。"
			doc.save()
			doc = apply_workflow(doc, "Resolve")
			made.append((doc.name, survey.current_token(frappe.get_doc("SM Complaint", doc.name))))
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	return made


def delete_surveys(names: list[str]) -> None:
	if not names:
		return
	frappe.db.delete("Comment", {"reference_doctype": "SM Complaint", "reference_name": ("in", names)})
	frappe.db.delete("Version", {"ref_doctype": "SM Complaint", "docname": ("in", names)})
	frappe.db.delete("Notification Log", {"document_type": "SM Complaint", "document_name": ("in", names)})
	frappe.db.delete("SM Complaint", {"name": ("in", names)})
	frappe.db.commit()


def burst(server: WebServer, site: str, payloads: list[dict]) -> list[tuple[int, float, bytes]]:
	"""Send every payload at once (one thread each, released together); (status, ms, body) of each."""
	barrier = threading.Barrier(len(payloads))
	results: list = [None] * len(payloads)

	def send(i: int) -> None:
		barrier.wait()
		began = time.perf_counter()
		status, body = request(
			server.url, "/api/method/sales_mgmt.api.service.submit_feedback", site, payloads[i]
		)
		results[i] = (status, (time.perf_counter() - began) * 1000, body)

	threads = [threading.Thread(target=send, args=(i,)) for i in range(len(payloads))]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	return results


def written(names: list[str]) -> dict[str, tuple]:
	"""name -> (stars, open token hash?, survey comments)"""
	frappe.db.rollback()  # a fresh snapshot (repeatable read)
	rows = frappe.get_all(
		"SM Complaint", {"name": ("in", names)}, ["name", "satisfaction", "survey_token_hash"]
	)
	comments = dict(
		frappe.db.sql(
			"""select reference_name, count(*) from `tabComment` where reference_doctype = 'SM Complaint'
			and comment_type = 'Info' and reference_name in %(names)s group by reference_name""",
			{"names": names},
		)
	)
	return {
		r.name: (round(flt(r.satisfaction) * 5), bool(r.survey_token_hash), comments.get(r.name, 0))
		for r in rows
	}


def survey_burst(site: str) -> dict:
	made = make_surveys(SURVEYS)
	names = [name for name, _token in made]
	try:
		first = [{"token": token, "rating": str(i % 5 + 1), "comment": f"第{i + 1}位客户：<b>满意</b>"} for i, (_n, token) in enumerate(made)]  # fmt: skip
		again = [{"token": token, "rating": "1", "comment": "再次提交"} for _name, token in made]
		with WebServer(site) as server:
			began = time.perf_counter()
			answers = burst(server, site, first)
			first_seconds = time.perf_counter() - began
			after_first = written(names)
			began = time.perf_counter()
			repeats = burst(server, site, again)
			again_seconds = time.perf_counter() - began
			after_again = written(names)
		expected = {name: (i % 5 + 1, False, 1) for i, name in enumerate(names)}
		latencies = sorted(ms for _s, ms, _b in answers)
		return {
			"submissions": len(first),
			"status_codes_first": _codes(answers),
			"status_codes_again": _codes(repeats),
			"server_errors": sum(s >= 500 for s, _ms, _b in answers + repeats),
			"written_exactly_once": sum(after_first[n] == expected[n] for n in names),
			"not_as_expected": [
				[n, after_first[n], expected[n]] for n in names if after_first[n] != expected[n]
			][:5],
			"resubmissions_changed": sum(after_again[n] != after_first[n] for n in names),
			"first_burst_seconds": round(first_seconds, 2),
			"again_burst_seconds": round(again_seconds, 2),
			"latency_ms": {
				"median": round(statistics.median(latencies), 1),
				"p95": round(latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))], 1),
				"max": round(latencies[-1], 1),
			},
			"refusal_sample": (repeats[0][2][:300].decode(errors="replace") if repeats else ""),
		}
	finally:
		delete_surveys(names)


def _codes(results) -> dict:
	codes: dict = {}
	for status, _ms, _body in results:
		codes[status] = codes.get(status, 0) + 1
	return codes


# --- report ------------------------------------------------------------------------------------------------


def describe(today: date, subtree: list[str]) -> dict:
	count = frappe.db.count
	return {
		"complaints": count("SM Complaint"),
		"unresolved": count("SM Complaint", {"status": ("in", ["Open", "In Progress"])}),
		"manager_complaints": count("SM Complaint", {"salesperson": ("in", subtree)}),
		"manager_subtree_salespeople": len(subtree),
		"faq": count("SM FAQ"),
		"today": str(today),
		**server_info(),
	}


def explain(today: date, subtree: list[str]) -> dict:
	from_date, to_date = periods(today)["year"]
	plans = {}
	for label, names in (("agent", None), ("manager", subtree)):
		plans[f"year by category / {label}"] = frappe.db.sql(
			f"""explain select ifnull(c.category, '') k, count(*) from {T} c
			where c.opened_on >= %s and c.opened_on < %s{scope(names)} group by k""",
			(from_date, to_date + timedelta(days=1)),
			as_dict=True,
		)
	return plans


def main() -> None:
	def add_options(parser):
		parser.add_argument("--manager", default=MANAGER, help="a Sales Manager (regional manager)")
		parser.add_argument("--no-survey", action="store_true", help="skip the survey over HTTP")

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=10, warmup=2, add_arguments=add_options), run)


def run(args) -> None:
	frappe.set_user("Administrator")
	today = getdate()
	subtree = subtree_of(args.manager)
	users = {AGENT: None, args.manager: subtree}
	data = describe(today, subtree)
	print(
		f"{data['complaints']:,} complaints ({data['unresolved']:,} unresolved; {data['manager_complaints']:,} "
		f"of {args.manager}'s {len(subtree)} salespeople), {data['faq']} FAQ entries; "
		+ server_line(data, args)
	)
	checks = same_numbers(today, users)
	wrong = {k: v for k, v in checks.items() if v is not True}
	print(f"floors return the product's numbers: {'all' if not wrong else wrong}\n")
	ops = operations(today, users)
	measure(ops, args.warmup, args.repeat)
	rows = result_rows(ops)
	print_user_rows(rows, (46, 20, 10, 9, 9, 6))
	missed = [f"{r['operation']} / {r['user']}" for r in rows if r.get("met") is False]
	print(
		f"\ntargets (≤ {TARGET}× the floor): "
		+ (f"NOT met by {', '.join(missed)}" if missed else "met by every row")
	)
	surveys = None
	if not args.no_survey:
		surveys = survey_burst(args.site)
		print(
			f"\nsurvey: {surveys['submissions']} concurrent guest submissions over HTTP: {surveys['status_codes_first']} "
			f"in {surveys['first_burst_seconds']} s (latency median {surveys['latency_ms']['median']} ms, p95 "
			f"{surveys['latency_ms']['p95']} ms, max {surveys['latency_ms']['max']} ms); written exactly once: "
			f"{surveys['written_exactly_once']}/{surveys['submissions']}; resubmitted: {surveys['status_codes_again']}, "
			f"{surveys['resubmissions_changed']} changed; 5xx: {surveys['server_errors']}"
		)
	path = write_results(
		"service-",
		args,
		data=data,
		same_numbers=checks,
		results=rows,
		survey=surveys,
		explain=explain(today, subtree),
	)
	print(f"results written to {path}")


if __name__ == "__main__":
	main()
