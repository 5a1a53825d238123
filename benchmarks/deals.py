"""Time the Deals reports (Sales Forecast, Stage Conversion, Stalled Opportunities) next to a
hand-written SQL floor that computes the same aggregates, as Administrator and as a Sales Manager
with a subtree, at 200,000 opportunities and about 800,000 stage log rows.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/deals.py --site sm-bench.localhost

Each report is timed twice: `report` is the report itself (its `execute`: filters, permission
conditions, queries, rows, chart and summary), the figure held to the 1.5x target; `desk run` is
frappe.desk.query_report.run around it as the desk calls it, which adds Frappe's own work (loading the
Report document twice, its roles, turning every row into a dict). The floor is the SQL alone, with the
manager's subtree written in as a plain `salesperson in (...)`. Operations take turns after a
warm-up. Prints a table and writes JSON to benchmarks/results/deals-<timestamp>.json. Not a test:
nothing is asserted.
"""

import frappe
from customers import TARGET_RATIO
from frappe.utils import add_days, add_months, getdate
from harness import (
	Operation,
	execute_report,
	measure,
	parse_args,
	print_user_rows,
	result_rows,
	run_on_site,
	server_info,
	server_line,
	write_results,
)

from sales_mgmt.reporting import period_bounds

REPORTS = ("Sales Forecast", "Stage Conversion", "Stalled Opportunities")


def report_filters(today) -> dict:
	return {
		"Sales Forecast": {"period": "Quarter", "date": str(today)},
		"Stage Conversion": {"from_date": str(add_months(today, -3)), "to_date": str(today)},
		"Stalled Opportunities": {},
	}


def run_report(name: str, filters: dict):
	from frappe.desk.query_report import run

	result = run(name, filters=filters, ignore_prepared_report=True)
	return result["result"]


def _in(names: list[str] | None, column: str = "o.salesperson") -> str:
	if names is None:
		return ""
	return f" and {column} in ({', '.join(frappe.db.escape(n) for n in names)})"


def floor_forecast(today, names):
	start, end = period_bounds("Quarter", today)
	scope = _in(names)
	open_rows = frappe.db.sql(
		f"""select o.salesperson, o.stage, count(*), sum(o.base_amount),
			sum(o.base_amount * o.probability / 100)
		from `tabSM Opportunity` o
		where o.status = 'Open' and o.expected_close_date between %s and %s{scope}
		group by o.salesperson, o.stage""",
		(start, end),
	)
	won_rows = frappe.db.sql(
		f"""select o.salesperson, count(*), sum(o.base_amount) from `tabSM Opportunity` o
		where o.status = 'Won' and o.closed_on between %s and %s{scope}
		group by o.salesperson""",
		(start, end),
	)
	overdue = frappe.db.sql(
		f"""select count(*) from `tabSM Opportunity` o
		where o.status = 'Open' and o.expected_close_date < %s{scope}""",
		(today,),
	)
	undated = frappe.db.sql(
		f"""select o.salesperson, count(*), sum(o.base_amount) from `tabSM Opportunity` o
		where o.status = 'Open' and o.expected_close_date is null{scope}
		group by o.salesperson""",
	)
	return open_rows, won_rows, overdue, undated


def floor_conversion(today, names):
	"""Written apart from the report: per-stay facts come from one pass over the log with the stage
	sequence and type looked up in a derived table of stages, counted with plain `sum(if(...))`; medians
	are PERCENTILE_CONT(0.5) windows (the report uses MEDIAN over a different derived table)."""
	start, until = add_months(today, -3), add_days(today, 1)
	scope = _in(names, "opp.salesperson")
	entries = frappe.db.sql(
		f"""select opp.salesperson, entry.to_stage, count(entry.name), sum(if(opp.status = 'Won', 1, 0))
		from `tabSM Opportunity` opp
		straight_join `tabSM Opportunity Stage Log` entry on entry.parent = opp.name
		where entry.changed_on >= %s and entry.changed_on < %s{scope}
		group by 1, 2""",
		(start, until),
	)
	stays = frappe.db.sql(
		f"""select salesperson, from_stage,
			sum(if(to_type != 'Lost' and to_seq > from_seq, 1, 0)),
			sum(if(to_type = 'Lost', 1, 0)),
			max(own_median), max(team_median)
		from (
			select opp.salesperson, stay.from_stage, stay.days_in_from_stage,
				st_from.sequence from_seq, st_to.sequence to_seq, st_to.stage_type to_type,
				percentile_cont(0.5) within group (order by stay.days_in_from_stage)
					over (partition by opp.salesperson, stay.from_stage) own_median,
				percentile_cont(0.5) within group (order by stay.days_in_from_stage)
					over (partition by stay.from_stage) team_median
			from `tabSM Opportunity Stage Log` stay
			join `tabSM Opportunity` opp on opp.name = stay.parent
			join (select name, sequence, stage_type from `tabSM Sales Stage`) st_from
				on st_from.name = stay.from_stage
			join (select name, sequence, stage_type from `tabSM Sales Stage`) st_to
				on st_to.name = stay.to_stage
			where stay.from_stage_entered_on >= %s and stay.from_stage_entered_on < %s{scope}
		) per_stay
		group by 1, 2""",
		(start, until),
	)
	return entries, stays


def conversion_numbers_match(today, manager: str, subtree: list[str]) -> dict:
	"""The Stage Conversion report and its floor give the same numbers, per salesperson and stage:
	entered, won, advanced, lost and both medians. {user: True} or the first differences."""
	from sales_mgmt.deals.stages import get_stages

	open_stages = {s.name for s in get_stages() if s.stage_type == "Open"}
	checks = {}
	for user, names in (("Administrator", None), (manager, subtree)):
		frappe.set_user(user)
		entries, stays = floor_conversion(today, names)
		floor = {}
		for salesperson, stage, entered, won in entries:
			floor.setdefault((salesperson, stage), {}).update(entered=int(entered), won=int(won))
		team_medians = {}
		for salesperson, stage, advanced, lost, median, team_median in stays:
			floor.setdefault((salesperson, stage), {}).update(
				advanced=int(advanced), lost=int(lost), median=round(float(median), 1)
			)
			team_medians[stage] = round(float(team_median), 1)
		for (_salesperson, stage), numbers in floor.items():
			numbers["team_median"] = team_medians.get(stage)
		_columns, data, *_rest = execute_report(
			"deals", "Stage Conversion", report_filters(today)["Stage Conversion"]
		)
		differences = []
		for row in data:
			f = floor.get((row["salesperson"], row["stage"]), {})
			mine = {
				"entered": row["entered"],
				"won": round(row["win_rate"] * row["entered"] / 100),
				"advanced": row["advanced"],
				"lost": row["lost"],
				"median": row["median_days"],
				"team_median": row["team_median_days"],
			}
			theirs = {k: f.get(k, 0 if k in ("entered", "won", "advanced", "lost") else None) for k in mine}
			if mine != theirs:
				differences.append(
					{"key": [row["salesperson"], row["stage"]], "report": mine, "floor": theirs}
				)
		missing = [
			k
			for k in floor
			if k[1] in open_stages and k not in {(r["salesperson"], r["stage"]) for r in data}
		]
		checks[user] = (
			True
			if not differences and not missing
			else {"differences": differences[:5], "missing": missing[:5]}
		)
	frappe.set_user("Administrator")
	return checks


def floor_stalled(today, names):
	scope = _in(names)
	stalled = f"""from `tabSM Sales Stage` s
		join `tabSM Opportunity` o on o.stage = s.name and o.status = 'Open'
		where s.stall_days > 0 and o.stage_changed_on < date_sub(%(today)s, interval s.stall_days day){scope}"""
	rows = frappe.db.sql(
		f"""select o.name, o.title, o.customer, o.customer_name, o.salesperson, sp.salesperson_name,
			o.stage, date(o.stage_changed_on), datediff(%(today)s, o.stage_changed_on), s.stall_days,
			datediff(%(today)s, o.stage_changed_on) - s.stall_days, o.base_amount, o.expected_close_date,
			o.next_step
		{stalled.replace("where", "left join `tabSM Salesperson` sp on sp.name = o.salesperson where", 1)}
		order by datediff(%(today)s, o.stage_changed_on) - s.stall_days desc, o.name""",
		{"today": today},
	)
	by_stage = frappe.db.sql(
		f"""select s.name, s.stage_name, count(*), sum(o.base_amount),
			max(datediff(%(today)s, o.stage_changed_on) - s.stall_days)
		{stalled}
		group by s.name, s.stage_name, s.sequence order by s.sequence, s.name""",
		{"today": today},
	)
	return rows, by_stage


FLOORS = {
	"Sales Forecast": floor_forecast,
	"Stage Conversion": floor_conversion,
	"Stalled Opportunities": floor_stalled,
}


def operations(today, manager: str, subtree: list[str]) -> list[Operation]:
	ops = []
	filters = report_filters(today)
	for report in REPORTS:
		floor = FLOORS[report]
		for user, names in (("Administrator", None), (manager, subtree)):
			floor_name = f"{report}: SQL floor"
			ops.append(Operation(floor_name, user, lambda f=floor, n=names: f(today, n)))
			ops.append(
				Operation(
					f"{report}: report",
					user,
					lambda r=report, f=filters[report]: execute_report("deals", r, f),
					floor=f"{floor_name}/{user}",
				)
			)
			ops.append(
				Operation(
					f"{report}: desk run",
					user,
					lambda r=report, f=filters[report]: run_report(r, f),
					floor=f"{floor_name}/{user}",
				)
			)
	return ops


def describe(today, manager: str, subtree: list[str]) -> dict:
	start, end = period_bounds("Quarter", today)
	return {
		"opportunities": frappe.db.count("SM Opportunity"),
		"stage_log_rows": frappe.db.count("SM Opportunity Stage Log"),
		"open": frappe.db.count("SM Opportunity", {"status": "Open"}),
		"open_in_quarter": frappe.db.count(
			"SM Opportunity", {"status": "Open", "expected_close_date": ("between", (start, end))}
		),
		"manager": manager,
		"manager_subtree_salespeople": len(subtree),
		"manager_opportunities": frappe.db.count("SM Opportunity", {"salesperson": ("in", subtree)}),
		"stalled": len(floor_stalled(today, None)[0]),
		"today": str(today),
		**server_info(),
	}


def explain(today, subtree) -> dict:
	"""MariaDB's plans for the floors (the reports run the same statements plus permission terms)."""
	plans = {}
	for label, names in (("Administrator", None), ("manager", subtree)):
		start, end = period_bounds("Quarter", today)
		plans[f"forecast open / {label}"] = frappe.db.sql(
			f"""explain select o.salesperson, o.stage, count(*) from `tabSM Opportunity` o
			where o.status = 'Open' and o.expected_close_date between %s and %s{_in(names)}
			group by o.salesperson, o.stage""",
			(start, end),
			as_dict=True,
		)
		plans[f"conversion entries / {label}"] = frappe.db.sql(
			f"""explain select o.salesperson, l.to_stage, count(*)
			from `tabSM Opportunity Stage Log` l join `tabSM Opportunity` o on o.name = l.parent
			where l.changed_on >= %s{_in(names)}
			group by o.salesperson, l.to_stage""",
			(add_months(today, -3),),
			as_dict=True,
		)
	return plans


def main() -> None:
	def add_manager(parser):
		parser.add_argument(
			"--manager", default="manager@demo.sales", help="a Sales Manager (regional manager)"
		)
		parser.add_argument(
			"--stalled",
			type=int,
			default=20_000,
			help="stalled deals for the stall-alert job benchmark (0: skip it)",
		)

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=20, warmup=3, add_arguments=add_manager), run)


def run(args) -> None:
	from sales_mgmt.people.hierarchy import get_salesperson, get_subtree

	frappe.set_user("Administrator")
	today = getdate()
	subtree = get_subtree(get_salesperson(args.manager))
	site = describe(today, args.manager, subtree)
	site["stage_conversion_floor_matches_report"] = conversion_numbers_match(today, args.manager, subtree)
	print(
		f"Stage Conversion floor returns the report's numbers: {site['stage_conversion_floor_matches_report']}"
	)
	ops = operations(today, args.manager, subtree)
	measure(ops, args.warmup, args.repeat)
	rows = result_rows(ops)
	plans = explain(today, subtree)
	print_report(site, rows, plans, args)
	stall = stall_alert_job(args.stalled) if args.stalled else None
	path = write_results(
		"deals-", args, data=site, results=rows, target_ratio_max=TARGET_RATIO, explain=plans, stall_job=stall
	)
	print(f"results written to {path}")


# --- the daily stall-alert job ------------------------------------------------------------------------

STALL_PREFIX = "OPP-SB"


def prepare_stalled(count: int, today) -> int:
	"""Make exactly `count` open deals stalled and not yet alerted: the data set's stalled deals are
	reset, and when there are fewer than `count`, stalled benchmark deals (OPP-SB…, spread over the
	salespeople of the existing customers) are added in bulk. Returns how many were added."""
	from sales_mgmt.deals.stall import stalled_query

	query, opp, _stage = stalled_query(today)
	stalled = query.select(opp.name).orderby(opp.name).run(pluck=True)
	frappe.db.sql("delete from `tabNotification Log` where document_type = 'SM Opportunity'")
	frappe.db.sql("delete from `tabError Log` where method = 'Failed to send notification email'")
	added = 0
	if len(stalled) < count:
		customers = frappe.db.sql(
			"select name, customer_name, salesperson from `tabSM Customer` where salesperson is not null "
			"order by name limit 5000"
		)
		entered = frappe.utils.add_days(today, -60)
		columns = (
			"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "title", "customer",
			"customer_name", "salesperson", "stage", "status", "probability", "currency", "exchange_rate",
			"amount", "base_amount", "weighted_amount", "stage_changed_on", "opportunity_date",
		)  # fmt: skip
		start = frappe.db.sql(f"select count(*) from `tabSM Opportunity` where name like '{STALL_PREFIX}%'")[
			0
		][0]
		rows = []
		for i in range(start, start + count - len(stalled)):
			customer, customer_name, salesperson = customers[i % len(customers)]
			rows.append(
				(
					f"{STALL_PREFIX}{i:06d}", "Administrator", "Administrator", entered, entered, 0, 0,
					f"Stall benchmark {i}", customer, customer_name, salesperson, "Quotation", "Open", 50,
					"CNY", 1, 10000, 10000, 5000, entered, entered,
				)
			)  # fmt: skip
		frappe.db.bulk_insert("SM Opportunity", columns, rows, chunk_size=5000)
		added = len(rows)
		stalled = query.select(opp.name).orderby(opp.name).run(pluck=True)
	keep = stalled[:count]
	frappe.db.sql("update `tabSM Opportunity` set stall_notified_for = null where name in %s", (keep,))
	# deals past `count` stay alerted, so exactly `count` are pending
	if len(stalled) > count:
		frappe.db.sql(
			"update `tabSM Opportunity` set stall_notified_for = stage_changed_on where name in %s",
			(stalled[count:],),
		)
	frappe.db.commit()
	return added


BENCH_EMAIL_ACCOUNT = "Stall Benchmark (queue only)"
BENCH_SENDER = "stall-benchmark@example.com"


def ensure_outgoing_email_account() -> None:
	"""Alerts are e-mailed as on a real site: Frappe puts each e-mail in its queue through the default
	outgoing account. The benchmark site has none, and without one every e-mail attempt would write an
	Error Log instead. This account is stored without Frappe's SMTP check and points at 127.0.0.1:9
	(discard); the benchmark deletes the e-mails it queued, so nothing is ever sent."""
	if frappe.db.exists("Email Account", BENCH_EMAIL_ACCOUNT):
		frappe.db.set_value("Email Account", BENCH_EMAIL_ACCOUNT, "email_id", BENCH_SENDER)
		frappe.db.commit()
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	account = frappe.new_doc("Email Account")
	account.update(
		{
			"email_account_name": BENCH_EMAIL_ACCOUNT,
			"email_id": BENCH_SENDER,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": 9,
			"no_smtp_authentication": 1,
		}
	)
	account.name = BENCH_EMAIL_ACCOUNT
	account.db_insert()
	frappe.db.commit()
	frappe.cache.delete_value("outgoing_email_account")


def stall_alert_job(count: int) -> dict:
	"""The daily job at `count` stalled deals: the scheduler entry enqueues one RQ job per salesperson
	(counted here, not sent to RQ); each job is then run as the worker runs it (`run_alert_job`, which
	commits), timed one by one."""
	import time
	from unittest.mock import patch

	from sales_mgmt.deals.stall import enqueue_stall_alerts, pending_alerts, run_alert_job

	today = getdate()
	ensure_outgoing_email_account()
	added = prepare_stalled(count, today)
	started = frappe.utils.now_datetime()
	with patch("frappe.enqueue") as enqueue:
		salespeople = enqueue_stall_alerts(today)
	job_ids = {call.kwargs["job_id"] for call in enqueue.call_args_list}
	timings = []
	start = time.perf_counter()
	for salesperson in salespeople:
		frappe.local.cache = {}
		job_start = time.perf_counter()
		run_alert_job(salesperson)
		timings.append((time.perf_counter() - job_start) * 1000)
	total = time.perf_counter() - start
	alerts = frappe.db.count("Notification Log", {"document_type": "SM Opportunity"})
	still_pending = len(pending_alerts(today))
	emails = frappe.db.count("Email Queue", {"creation": (">=", started)})
	frappe.db.sql("delete from `tabEmail Queue Recipient` where creation >= %s", started)
	frappe.db.sql("delete from `tabEmail Queue` where creation >= %s", started)
	frappe.db.commit()
	ordered = sorted(timings)
	result = {
		"stalled_pending": count,
		"benchmark_deals_added": added,
		"jobs_enqueued": len(enqueue.call_args_list),
		"distinct_job_ids": len(job_ids),
		"salespeople": len(salespeople),
		"alerts_created": alerts,
		"emails_queued": emails,
		"still_pending_after": still_pending,
		"total_s": round(total, 2),
		"per_job_median_ms": round(ordered[len(ordered) // 2], 1) if ordered else None,
		"per_job_max_ms": round(ordered[-1], 1) if ordered else None,
		"per_alert_ms": round(1000 * total / alerts, 2) if alerts else None,
	}
	print(
		f"\nstall alerts: {count:,} stalled deals ({added:,} added) of {len(salespeople)} salespeople -> "
		f"{len(enqueue.call_args_list)} RQ jobs ({len(job_ids)} distinct ids), {alerts:,} alerts and "
		f"{emails:,} queued e-mails in "
		f"{total:.1f} s; per job median {result['per_job_median_ms']} ms, max {result['per_job_max_ms']} ms; "
		f"{result['per_alert_ms']} ms per alert"
	)
	return result


def print_report(site: dict, rows: list[dict], plans: dict, args) -> None:
	print(
		f"{site['opportunities']:,} opportunities, {site['stage_log_rows']:,} stage log rows, "
		f"{site['open']:,} open ({site['open_in_quarter']:,} expected this quarter), "
		f"{site['stalled']:,} stalled on {site['today']}; {site['manager']} sees "
		f"{site['manager_opportunities']:,} opportunities of {site['manager_subtree_salespeople']} salespeople"
	)
	print(server_line(site, args))
	print_user_rows(rows, widths=(34, 20, 10, 8, 9, 6))
	# the target holds the report and its desk run (frappe.desk.query_report.run, as the desk calls it)
	missed = [r for r in rows if r["ratio"] is not None and r["ratio"] > TARGET_RATIO]
	print(
		f"\nreport and desk run / floor ≤ {TARGET_RATIO}×: "
		+ (
			"met by every report"
			if not missed
			else "NOT met by " + ", ".join(f"{r['operation']} ({r['user']})" for r in missed)
		)
	)
	print("\nEXPLAIN of the floor queries:")
	for label, plan in plans.items():
		for step in plan:
			print(
				f"  {label:<34} table={step.get('table')} type={step.get('type')} key={step.get('key')} "
				f"rows={step.get('rows')} extra={step.get('Extra')}"
			)


if __name__ == "__main__":
	main()
