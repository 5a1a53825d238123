"""What the benchmark scripts share: connecting to the site, timing operations that take turns next to
their floors, the rows and table of the results, the database server's description, and the JSON file."""

import argparse
import json
import multiprocessing
import platform
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import frappe

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Operation:
	name: str
	user: str = "Administrator"
	run: Callable[[], object] | None = None
	floor: str | None = None  # key ("name/user") of the operation this one is compared with
	target: float | None = None  # the ratio to its floor this operation is held to
	timings: list[float] = field(default_factory=list)

	@property
	def key(self) -> str:
		return f"{self.name}/{self.user}"

	@property
	def median(self) -> float:
		return statistics.median(self.timings)

	@property
	def p95(self) -> float:
		ordered = sorted(self.timings)
		return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def parse_args(description: str, repeat: int, warmup: int, add_arguments=None) -> argparse.Namespace:
	"""--site, --repeat and --warmup, plus what `add_arguments(parser)` adds; unknown options (meant for
	the other scripts of benchmarks/run) are ignored."""
	parser = argparse.ArgumentParser(description=description)
	parser.add_argument("--site", default="sm-bench.localhost")
	parser.add_argument("--repeat", type=int, default=repeat)
	parser.add_argument("--warmup", type=int, default=warmup)
	if add_arguments:
		add_arguments(parser)
	args, _other = parser.parse_known_args()
	return args


def run_on_site(args: argparse.Namespace, run: Callable[[argparse.Namespace], None]) -> None:
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		run(args)
	finally:
		frappe.destroy()


def timed(op: Operation) -> float:
	frappe.set_user(op.user)
	# every operation starts like a new request: an empty request cache (frappe.local.cache), with
	# Redis as warm as a running site keeps it (user scopes, metadata, roles)
	frappe.local.cache = {}
	start = time.perf_counter()
	op.run()
	return (time.perf_counter() - start) * 1000


def measure(ops: list[Operation], warmup: int, repeat: int) -> None:
	"""Warm up, then time every operation `repeat` times; they take turns, so that a slow moment of the
	machine hits all of them alike."""
	for _ in range(warmup):
		for op in ops:
			timed(op)
	for _ in range(repeat):
		for op in ops:
			op.timings.append(timed(op))
	frappe.set_user("Administrator")


def execute_report(module: str, report: str, filters: dict):
	"""A script report's own `execute` (sales_mgmt.<module>.report.<report>), without the desk around it."""
	name = frappe.scrub(report)
	return frappe.get_module(f"sales_mgmt.{module}.report.{name}.{name}").execute(frappe._dict(filters))


def submit(doc) -> None:
	"""Submit a saved draft and commit, as a request does."""
	doc.submit()
	frappe.db.commit()


def result_rows(ops: list[Operation], with_user: bool = True) -> list[dict]:
	"""Median, p95 and minimum of each operation, and its ratio to its floor (and target, if it has one)."""
	by_key = {op.key: op for op in ops}
	rows = []
	for op in ops:
		floor = by_key[op.floor] if op.floor else None
		row = {"operation": op.name}
		if with_user:
			row["user"] = op.user
		row |= {
			"median_ms": round(op.median, 2),
			"p95_ms": round(op.p95, 2),
			"min_ms": round(min(op.timings), 2),
			"floor_median_ms": round(floor.median, 2) if floor else None,
			"ratio": round(op.median / floor.median, 2) if floor else None,
		}
		if any(o.target for o in ops):
			row["target"] = op.target
			row["met"] = (row["ratio"] <= op.target) if floor and op.target else None
		rows.append(row)
	return rows


def server_info() -> dict:
	return {
		"mariadb": frappe.db.sql("select version()")[0][0],
		"innodb_buffer_pool_size": int(frappe.db.sql("select @@innodb_buffer_pool_size")[0][0]),
	}


def server_line(site: dict, args: argparse.Namespace) -> str:
	return (
		f"MariaDB {site['mariadb']}, innodb_buffer_pool_size {site['innodb_buffer_pool_size'] / 2**30:.1f} GiB; "
		f"{args.repeat} repetitions after {args.warmup} warm-up rounds\n"
	)


def print_user_rows(rows: list[dict], widths: tuple) -> None:
	"""The table of rows that have a user column."""
	print(format_row(("operation", "user", "median ms", "p95 ms", "floor ms", "ratio"), widths))
	print("-" * (sum(widths) + len(widths) - 1))
	for r in rows:
		floor = f"{r['floor_median_ms']:.2f}" if r["floor_median_ms"] is not None else "floor"
		ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else ""
		print(
			format_row(
				(r["operation"], r["user"], f"{r['median_ms']:.2f}", f"{r['p95_ms']:.2f}", floor, ratio),
				widths,
			)
		)


def format_row(cells, widths) -> str:
	"""Text columns left-aligned, numbers right-aligned, counting CJK characters as two columns."""
	out = []
	for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
		pad = " " * max(0, width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell))
		out.append(cell + pad if i < 2 else pad + cell)
	return " ".join(out)


def write_results(prefix: str, args: argparse.Namespace, **result) -> Path:
	"""benchmarks/results/<prefix><timestamp>.json: when, where, how often, and `result`."""
	result = {
		"timestamp": datetime.now().isoformat(timespec="seconds"),
		"site": args.site,
		"host": platform.node(),
		"repeat": args.repeat,
		"warmup": args.warmup,
		**result,
	}
	RESULTS_DIR.mkdir(exist_ok=True)
	path = RESULTS_DIR / f"{prefix}{datetime.now():%Y%m%d-%H%M%S}.json"
	path.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
	return path


def in_processes(target, args: list[tuple], settle: float, timeout: float) -> tuple[list, float]:
	"""Run `target(*args, start, results)` in one forked process per `args`, each on its own
	connection; let them prepare for `settle` seconds, start them at once and collect what each put
	into `results`. Returns (outcomes, seconds from the start to the last outcome)."""
	context = multiprocessing.get_context("fork")
	start, results = context.Event(), context.Queue()
	workers = [context.Process(target=target, args=(*arguments, start, results)) for arguments in args]
	for worker in workers:
		worker.start()
	time.sleep(settle)  # let every worker save its drafts
	began = time.perf_counter()
	start.set()
	outcomes = [results.get(timeout=timeout) for _ in workers]
	elapsed = time.perf_counter() - began
	for worker in workers:
		worker.join(timeout=60)
	return outcomes, elapsed


def bare_copy(source: str, bare: str, tables: dict[str, str], module: str, autoname: str) -> None:
	"""Custom DocTypes with `source`'s fields, links, fetches and naming but none of sales_mgmt's code:
	submitting one is Frappe's own submit of the same document. `tables` maps each child DocType of
	`source` to the name of its bare copy. Created on the benchmark site only (custom DocTypes live in
	its database, never in the app)."""
	if frappe.db.exists("DocType", bare):
		return
	keys = (
		"fieldname",
		"fieldtype",
		"label",
		"options",
		"reqd",
		"default",
		"fetch_from",
		"read_only",
		"permlevel",
		"no_copy",
		"in_list_view",
		"search_index",
		"depends_on",
		"read_only_depends_on",
		"mandatory_depends_on",
		"non_negative",
	)

	def fields(doctype: str) -> list[dict]:
		copied = []
		for df in frappe.get_meta(doctype).fields:
			field = {key: df.get(key) for key in keys if df.get(key) not in (None, "", 0)}
			if df.fieldtype == "Table":
				field["options"] = tables[df.options]
			elif df.fieldname == "amended_from":
				field["options"] = bare
			copied.append(field)
		return copied

	common = {"doctype": "DocType", "module": module, "custom": 1}
	for child, bare_child in tables.items():
		frappe.get_doc({**common, "name": bare_child, "istable": 1, "fields": fields(child)}).insert()
	permissions = [
		{"role": "System Manager", "read": 1, "write": 1, "create": 1, "submit": 1, "cancel": 1, "amend": 1},
		{"role": "System Manager", "permlevel": 1, "read": 1, "write": 1},
	]
	frappe.get_doc(
		{
			**common,
			"name": bare,
			"is_submittable": 1,
			"autoname": autoname,
			"track_changes": frappe.get_meta(source).track_changes,
			"fields": fields(source),
			"permissions": permissions,
		}
	).insert()
	frappe.db.commit()
