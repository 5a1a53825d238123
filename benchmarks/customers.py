"""Time SM Customer list, count and link search under hierarchy permissions, next to the same
operation as Administrator (the floor: no permission conditions at all).

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/customers.py --site sm-bench.localhost

Each operation is warmed up, then repeated; the operations take turns so that a slow moment of the
machine hits all of them alike. Prints a table and writes JSON to benchmarks/results/<timestamp>.json.
Not a test: nothing is asserted.
"""

import argparse
import json
import platform
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import frappe

DOCTYPE = "SM Customer"
LIST_FIELDS = ["name", "customer_name", "status", "salesperson", "city"]
SEARCH_TEXT = "上海"
TARGET_RATIO = 1.5
RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Operation:
	name: str
	user: str
	run: Callable[[], object]
	floor: str | None = None  # name of the operation this one is compared with
	timings: list[float] = field(default_factory=list)

	@property
	def median(self) -> float:
		return statistics.median(self.timings)

	@property
	def p95(self) -> float:
		ordered = sorted(self.timings)
		return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def list_customers():
	return frappe.get_list(DOCTYPE, fields=LIST_FIELDS, order_by="modified desc", limit_page_length=20)


def count_customers():
	# the list view's count: frappe.desk.reportview.get_count, which applies permission conditions
	# (frappe.db.count and frappe.client.get_count do not)
	from frappe.desk.reportview import get_count

	frappe.local.form_dict = frappe._dict(doctype=DOCTYPE)
	return get_count()


def search_customers():
	from frappe.desk.search import search_link

	return search_link(DOCTYPE, SEARCH_TEXT)


def operations(manager: str, rep: str, director: str, owner: str) -> list[Operation]:
	admin = "Administrator"
	list_op, count_op, search_op = "list 20, modified desc", "count (list view)", f"search_link {SEARCH_TEXT}"
	return [
		Operation(list_op, admin, list_customers),
		# sees every record like Administrator, but through Frappe's role checks: the part of any
		# gap that is Frappe's, not the hierarchy's
		Operation(list_op, owner, list_customers, floor=f"{list_op}/{admin}"),
		Operation(list_op, manager, list_customers, floor=f"{list_op}/{admin}"),
		Operation(list_op, rep, list_customers, floor=f"{list_op}/{admin}"),
		Operation(list_op, director, list_customers, floor=f"{list_op}/{admin}"),
		Operation(count_op, admin, count_customers),
		Operation(count_op, manager, count_customers, floor=f"{count_op}/{admin}"),
		Operation(search_op, admin, search_customers),
		Operation(search_op, manager, search_customers, floor=f"{search_op}/{admin}"),
	]


def timed(op: Operation) -> float:
	frappe.set_user(op.user)
	# every operation starts like a new request: an empty request cache (frappe.local.cache), with
	# Redis as warm as a running site keeps it (user scopes, metadata, roles)
	frappe.local.cache = {}
	start = time.perf_counter()
	op.run()
	return (time.perf_counter() - start) * 1000


def explain_list(user: str) -> dict:
	from sales_mgmt.people.hierarchy import clear_scope_cache

	frappe.set_user(user)
	clear_scope_cache()
	query = frappe.get_list(
		DOCTYPE, fields=LIST_FIELDS, order_by="modified desc", limit_page_length=20, run=0
	)
	plan = frappe.db.sql(f"explain {query}", as_dict=True)
	frappe.set_user("Administrator")
	return {"query": query if len(query) < 600 else query[:600] + "…", "plan": plan}


def describe_site(manager: str, rep: str) -> dict:
	from sales_mgmt.people.hierarchy import get_salesperson, get_subtree

	frappe.set_user("Administrator")
	subtree = get_subtree(get_salesperson(manager))
	# levels of the manager's subtree: the most nodes of the subtree on one path down from the manager
	levels = frappe.db.sql(
		"""select count(p.name) from `tabSM Salesperson` c
		join `tabSM Salesperson` p on p.lft <= c.lft and p.rgt >= c.rgt
		where c.name in %(names)s and p.name in %(names)s
		group by c.name order by 1 desc limit 1""",
		{"names": subtree},
	)[0][0]
	return {
		"customers": frappe.db.count(DOCTYPE),
		"salespeople": frappe.db.count("SM Salesperson"),
		"manager": manager,
		"manager_subtree_salespeople": len(subtree),
		"manager_subtree_levels": levels,
		"manager_visible_customers": frappe.db.count(DOCTYPE, {"salesperson": ("in", subtree)}),
		"rep": rep,
		"rep_visible_customers": frappe.db.count(DOCTYPE, {"salesperson": get_salesperson(rep)}),
		"mariadb": frappe.db.sql("select version()")[0][0],
		"innodb_buffer_pool_size": int(frappe.db.sql("select @@innodb_buffer_pool_size")[0][0]),
	}


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default="sm-bench.localhost")
	parser.add_argument("--repeat", type=int, default=50)
	parser.add_argument("--warmup", type=int, default=5)
	parser.add_argument("--manager", default="manager@demo.sales", help="a Sales Manager (regional manager)")
	parser.add_argument("--rep", default="sales@demo.sales", help="a Sales User")
	parser.add_argument("--director", default="director@demo.sales", help="the Sales Manager at the top")
	parser.add_argument("--owner", default="owner@demo.sales", help="a Business Owner (sees every record)")
	args, _other = parser.parse_known_args()

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		run(args)
	finally:
		frappe.destroy()


def run(args) -> None:
	site = describe_site(args.manager, args.rep)
	ops = operations(args.manager, args.rep, args.director, args.owner)
	by_key = {f"{op.name}/{op.user}": op for op in ops}
	for _ in range(args.warmup):
		for op in ops:
			timed(op)
	for _ in range(args.repeat):
		for op in ops:
			op.timings.append(timed(op))
	frappe.set_user("Administrator")

	rows = []
	for op in ops:
		floor = by_key[op.floor] if op.floor else None
		rows.append(
			{
				"operation": op.name,
				"user": op.user,
				"median_ms": round(op.median, 2),
				"p95_ms": round(op.p95, 2),
				"min_ms": round(min(op.timings), 2),
				"floor_median_ms": round(floor.median, 2) if floor else None,
				"ratio": round(op.median / floor.median, 2) if floor else None,
			}
		)
	explain = {user: explain_list(user) for user in ("Administrator", args.manager, args.rep, args.director)}
	print_report(site, rows, explain, args)

	list_ratio = next(
		r["ratio"] for r in rows if r["user"] == args.manager and r["operation"].startswith("list")
	)
	result = {
		"timestamp": datetime.now().isoformat(timespec="seconds"),
		"site": args.site,
		"host": platform.node(),
		"repeat": args.repeat,
		"warmup": args.warmup,
		"data": site,
		"results": rows,
		"target": {"manager_list_ratio_max": TARGET_RATIO, "manager_list_ratio": list_ratio},
		"explain": explain,
	}
	RESULTS_DIR.mkdir(exist_ok=True)
	path = RESULTS_DIR / f"{datetime.now():%Y%m%d-%H%M%S}.json"
	path.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
	print(
		f"\nmanager list / floor = {list_ratio}× (target ≤ {TARGET_RATIO}×: {'met' if list_ratio <= TARGET_RATIO else 'NOT met'})"
	)
	print(f"results written to {path}")


def print_report(site: dict, rows: list[dict], explain: dict, args) -> None:
	print(
		f"{site['customers']:,} customers, {site['salespeople']} salespeople; "
		f"{site['manager']} sees {site['manager_visible_customers']:,} customers of "
		f"{site['manager_subtree_salespeople']} salespeople ({site['manager_subtree_levels']} levels); "
		f"{site['rep']} sees {site['rep_visible_customers']:,}"
	)
	print(
		f"MariaDB {site['mariadb']}, innodb_buffer_pool_size {site['innodb_buffer_pool_size'] / 2**30:.1f} GiB; "
		f"{args.repeat} repetitions after {args.warmup} warm-up rounds\n"
	)
	widths = (26, 22, 10, 8, 9, 6)
	header = ("operation", "user", "median ms", "p95 ms", "floor ms", "ratio")
	print(_row(header, widths))
	print("-" * (sum(widths) + len(widths) - 1))
	for r in rows:
		floor = f"{r['floor_median_ms']:.2f}" if r["floor_median_ms"] is not None else "floor"
		ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else ""
		print(
			_row(
				(r["operation"], r["user"], f"{r['median_ms']:.2f}", f"{r['p95_ms']:.2f}", floor, ratio),
				widths,
			)
		)
	print("\nEXPLAIN of the list query (table tabSM Customer):")
	for user, info in explain.items():
		for step in info["plan"]:
			print(
				f"  {user:<22} type={step.get('type')} key={step.get('key')} rows={step.get('rows')} "
				f"extra={step.get('Extra')}"
			)


def _row(cells, widths) -> str:
	"""Text columns left-aligned, numbers right-aligned, counting CJK characters as two columns."""
	out = []
	for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
		pad = " " * max(0, width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell))
		out.append(cell + pad if i < 2 else pad + cell)
	return " ".join(out)


if __name__ == "__main__":
	main()
