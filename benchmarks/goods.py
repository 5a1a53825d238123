"""Time stock postings and the Goods reports on the `large` data set (5,000 products, 20 warehouses,
500,000 stock ledger rows), each next to its floor, and race parallel postings.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/goods.py --site sm-bench.localhost

- posting: the posting function for a 10-line receipt next to its floor (the same 10 ledger rows and
  10 bin updates in plain SQL, no locks or checks); submitting a 10-line SM Stock Entry next to
  Frappe's own submit of the same document with no sales_mgmt code (a bare submittable DocType with the
  same fields and rows, created as a custom DocType on the benchmark site); sales_mgmt's extra cost
  on submit (the difference, turn by turn) is held to 1.5× the posting's floor;
- reports: Stock Balance (every product, warehouses as columns, value at cost) and Promo & Gift
  Consumption (by product, three months) next to hand-written SQL returning the same numbers;
- concurrency: several processes issue from one bin at once (the final balance must equal what was
  there minus the issues that succeeded, and no balance may go negative); and several processes post
  backdated and current receipts and issues and cancel old receipts on neighbouring bins at once (no
  errors: no deadlock, no lock timeout; every bin equal to the sum of its ledger rows, every running
  balance right).

Prints a table and writes JSON to benchmarks/results/goods-<timestamp>.json. Not a test: the races'
invariants are checked (and reported), timings are measured.
"""

import importlib
import random
import time

import frappe
from frappe.utils import add_months, flt, get_first_day, now, nowdate
from harness import (
	Operation,
	bare_copy,
	in_processes,
	parse_args,
	result_rows,
	run_on_site,
	server_info,
	submit,
	write_results,
)

POSTING_TARGET = 3.0
EXTRA_TARGET = 1.5
REPORT_TARGET = 1.5
FLOOR_POSTING = "floor: ledger rows and bins"
FLOOR_SUBMIT = "Frappe's submit, no sales_mgmt code"
EXTRA_COST = "sales_mgmt's extra cost on submit"
LINES = 10
RACE_PRODUCT = "BENCH-RACE"
ADMIN = "Administrator"


def compared(name: str, floor: str, target: float) -> Operation:
	"""An operation held to `target` times the median of the operation named `floor`."""
	return Operation(name, floor=f"{floor}/{ADMIN}", target=target)


def stopwatch(fn) -> float:
	start = time.perf_counter()
	fn()
	return (time.perf_counter() - start) * 1000


# --- posting -----------------------------------------------------------------------------------------

BARE = "SM Bench Bare Entry"
BARE_ITEM = "SM Bench Bare Entry Item"


def ensure_bare_doctypes() -> None:
	"""SM Stock Entry and its rows as custom DocTypes without sales_mgmt's code (see harness.bare_copy)."""
	bare_copy("SM Stock Entry", BARE, {"SM Stock Entry Item": BARE_ITEM}, "Goods", "BARE-.YYYY.-.#####")


def draft_receipt(rng: random.Random, products: list[str], warehouse: str, doctype: str = "SM Stock Entry"):
	"""A 10-line receipt saved as draft, for one timed submission; it posts when it is submitted."""
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			"entry_type": "Receipt",
			"remarks": "benchmark",
			"items": [
				{"product": code, "qty": rng.randint(1, 20), "to_warehouse": warehouse}
				for code in rng.sample(products, LINES)
			],
		}
	)
	doc.insert()
	frappe.db.commit()
	return doc


def new_request() -> None:
	"""Forget what this process cached, as a new request would (each request has its own)."""
	frappe.db.value_cache = {}
	frappe.local.cache = {}


def write_ledger_rows(doc) -> None:
	"""Floor of the posting: the entry's ledger rows and bin updates, plain SQL, no locks or checks."""
	stamp = now()
	values, params = [], []
	for row in doc.items:
		values.append(
			"(nextval(`sm_stock_ledger_entry_id_seq`), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
		)
		params += [
			row.product,
			row.to_warehouse,
			doc.posting_date,
			doc.posting_time,
			f"{doc.posting_date} {doc.posting_time}",
			row.qty,
			0,
			"SM Stock Entry",
			doc.name,
			row.name,
			stamp,
			stamp,
		]
	frappe.db.sql(
		"""insert into `tabSM Stock Ledger Entry` (name, product, warehouse, posting_date, posting_time,
		posting_datetime, qty_change, qty_after, voucher_type, voucher_no, voucher_detail_no, creation,
		modified) values """
		+ ", ".join(values),
		params,
	)
	for row in doc.items:
		frappe.db.sql(
			"update `tabSM Bin` set actual_qty = actual_qty + %s where product = %s and warehouse = %s",
			(row.qty, row.product, row.to_warehouse),
		)


def mark_submitted(doc) -> None:
	frappe.db.sql(
		"update `tabSM Stock Entry` set docstatus = 1, modified = %s where name = %s", (now(), doc.name)
	)
	frappe.db.sql("update `tabSM Stock Entry Item` set docstatus = 1 where parent = %s", doc.name)


def post(doc) -> None:
	"""The posting function alone, for the entry's movements, committed."""
	from sales_mgmt.goods.stock_entry import moves_for_entry
	from sales_mgmt.goods.stock_ledger import post_stock

	post_stock(doc.doctype, doc.name, doc.posting_date, doc.posting_time, moves_for_entry(doc))
	frappe.db.commit()


def write_ledger_rows_and_commit(doc) -> None:
	write_ledger_rows(doc)
	frappe.db.commit()


def time_postings(repeat: int, warmup: int, seed: int) -> list[Operation]:
	ensure_bare_doctypes()
	rng = random.Random(seed)
	products = frappe.get_all(
		"SM Product", filters={"product_type": "Sales Item", "enabled": 1}, pluck="name"
	)
	warehouse = frappe.get_all("SM Warehouse", filters={"enabled": 1}, pluck="name", order_by="name")[0]
	posting_floor = Operation(FLOOR_POSTING)
	posting = compared(f"post_stock: {LINES} movements", FLOOR_POSTING, POSTING_TARGET)
	bare = Operation(FLOOR_SUBMIT)
	submission = Operation(f"submit a {LINES}-line stock entry", floor=f"{FLOOR_SUBMIT}/{ADMIN}")
	# (timing, what it times, the draft's DocType, whether the draft still has to be marked submitted)
	ops = (
		(posting, post, "SM Stock Entry", True),
		(posting_floor, write_ledger_rows_and_commit, "SM Stock Entry", True),
		(submission, submit, "SM Stock Entry", False),
		(bare, submit, BARE, False),
	)
	for i in range(warmup + repeat):
		# take turns, so that a slow moment of the machine hits all of them alike
		for timing, action, doctype, then_mark_submitted in ops:
			doc = draft_receipt(rng, products, warehouse, doctype)
			new_request()
			elapsed = stopwatch(lambda doc=doc, action=action: action(doc))
			if then_mark_submitted:
				# the ledger now holds the draft's movements: make it the submitted voucher they belong to
				mark_submitted(doc)
				frappe.db.commit()
			if i >= warmup:
				timing.timings.append(elapsed)
	# what sales_mgmt adds to Frappe's own submit, turn by turn, against what its rows cost at least
	extra = compared(EXTRA_COST, FLOOR_POSTING, EXTRA_TARGET)
	extra.timings = [s - b for s, b in zip(submission.timings, bare.timings, strict=True)]
	return [posting, posting_floor, submission, bare, extra]


# --- reports -----------------------------------------------------------------------------------------


def stock_balance_report():
	module = importlib.import_module("sales_mgmt.goods.report.stock_balance.stock_balance")
	return module.execute({})


def stock_balance_floor():
	warehouses = frappe.db.sql_list("select name from `tabSM Warehouse` where enabled = 1 order by name")
	pivot = ", ".join(
		f"coalesce(sum(case when b.warehouse = {frappe.db.escape(w)} then b.actual_qty else 0 end), 0) as wh_{i}"
		for i, w in enumerate(warehouses)
	)
	return frappe.db.sql(
		f"""select p.name as product, p.product_name, p.category, p.product_type, p.uom, p.reorder_level,
			coalesce(sum(b.actual_qty), 0) as total_qty, {pivot},
			p.cost_price, coalesce(sum(b.actual_qty), 0) * p.cost_price as stock_value
		from `tabSM Product` p left join `tabSM Bin` b on b.product = p.name
		where p.is_stock_item = 1
		group by p.name
		having total_qty != 0
		order by p.name""",
		as_dict=True,
	)


def promo_period() -> dict:
	"""The last three full months of the data set's movements."""
	latest = frappe.db.sql("select max(posting_date) from `tabSM Stock Ledger Entry`")[0][0]
	end = get_first_day(latest)
	return {"from_date": str(add_months(end, -3)), "to_date": str(frappe.utils.add_days(end, -1))}


def promo_report(period: dict):
	module = importlib.import_module(
		"sales_mgmt.goods.report.promo_&_gift_consumption.promo_&_gift_consumption"
	)
	return module.execute({**period, "group_by": "Product"})


def promo_floor(period: dict):
	purposes = ("Promotion", "Gift", "Sales Delivery", "Internal Use", "Scrap")
	by_purpose = ", ".join(
		f"sum(case when l.purpose = '{p}' then -l.qty_change else 0 end) as purpose_{i}"
		for i, p in enumerate(purposes)
	)
	issued = frappe.db.sql(
		f"""select p.name, p.product_name, p.product_type, p.uom, sum(-l.qty_change) as issued_qty, {by_purpose}
		from `tabSM Stock Ledger Entry` l join `tabSM Product` p on p.name = l.product
		where l.is_cancelled = 0 and l.qty_change < 0 and l.purpose is not null and l.purpose != ''
			and l.posting_date between %(from_date)s and %(to_date)s
			and p.product_type in ('Promotional Material', 'Gift')
		group by p.name""",
		period,
		as_dict=True,
	)
	on_hand = frappe.db.sql(
		"""select p.name, sum(b.actual_qty) as on_hand
		from `tabSM Bin` b join `tabSM Product` p on p.name = b.product
		where p.product_type in ('Promotional Material', 'Gift')
		group by p.name having on_hand != 0""",
		as_dict=True,
	)
	return issued, on_hand


def time_reports(repeat: int, warmup: int, user: str) -> list[Operation]:
	period = promo_period()
	balance = compared("Stock Balance report", "Stock Balance floor", REPORT_TARGET)
	balance_floor = Operation("Stock Balance floor")
	promo = compared("Promo & Gift Consumption report", "Promo & Gift floor", REPORT_TARGET)
	promo_sql = Operation("Promo & Gift floor")
	ops = [
		(balance, stock_balance_report),
		(balance_floor, stock_balance_floor),
		(promo, lambda: promo_report(period)),
		(promo_sql, lambda: promo_floor(period)),
	]
	frappe.set_user(user)
	check_same_numbers(period)
	for i in range(warmup + repeat):
		for timing, run in ops:
			new_request()
			elapsed = stopwatch(run)
			if i >= warmup:
				timing.timings.append(elapsed)
	frappe.set_user("Administrator")
	return [balance, balance_floor, promo, promo_sql]


def check_same_numbers(period: dict) -> None:
	"""A floor is only a floor if it returns what the report shows."""
	_columns, report_rows, *_ = stock_balance_report()
	floor_rows = {row.product: row for row in stock_balance_floor()}
	same = len(report_rows) == len(floor_rows) and all(
		abs(flt(row["stock_value"]) - flt(floor_rows[row["product"]].stock_value)) < 0.01
		for row in report_rows
	)
	_columns, promo_rows, *_ = promo_report(period)
	issued, _on_hand = promo_floor(period)
	same = (
		same
		and abs(sum(flt(r["issued_qty"]) for r in promo_rows) - sum(flt(r.issued_qty) for r in issued)) < 1e-6
	)
	if not same:
		raise SystemExit("a report and its SQL floor return different numbers; fix the floor first")


# --- concurrency -------------------------------------------------------------------------------------


def attempt(outcome: dict, posting) -> bool:
	"""Run one posting (submit or cancel) in a transaction of its own and count how it ended in
	`outcome`: ok, refused (not enough stock) or error (anything else, a deadlock above all)."""
	from sales_mgmt.exceptions import NegativeStockError

	try:
		posting()
		frappe.db.commit()
		outcome["ok"] += 1
		return True
	except NegativeStockError:
		frappe.db.rollback()
		outcome["refused"] += 1
	except Exception as e:
		frappe.db.rollback()
		outcome["error"] += 1
		outcome["errors"].append(repr(e)[:200])
	return False


def race_worker(site: str, sites_path: str, warehouse: str, qty: float, issues: int, start, results) -> None:
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	outcome = {"ok": 0, "refused": 0, "error": 0, "issued": 0.0, "errors": []}
	try:
		frappe.set_user("Administrator")
		drafts = []
		for _ in range(issues):
			doc = frappe.get_doc(
				{
					"doctype": "SM Stock Entry",
					"entry_type": "Issue",
					"purpose": "Promotion",
					"posting_date": nowdate(),
					"posting_time": "00:00:00",
					"set_posting_time": 1,
					"remarks": "benchmark race",
					"items": [{"product": RACE_PRODUCT, "qty": qty, "from_warehouse": warehouse}],
				}
			).insert()
			drafts.append(doc)
		frappe.db.commit()
		start.wait()
		for doc in drafts:
			if attempt(outcome, doc.submit):
				outcome["issued"] += qty
	finally:
		results.put(outcome)
		frappe.destroy()


def race(site: str, processes: int, issues: int, qty: float) -> dict:
	"""`processes` connections each issue `issues` × `qty` from one bin holding half of what they ask."""
	warehouse = frappe.get_all("SM Warehouse", filters={"enabled": 1}, pluck="name", order_by="name")[0]
	if not frappe.db.exists("SM Product", RACE_PRODUCT):
		frappe.get_doc(
			{
				"doctype": "SM Product",
				"product_code": RACE_PRODUCT,
				"product_name": "并发测试产品",
				"product_type": "Promotional Material",
			}
		).insert()
	ledger = frappe.qb.DocType("SM Stock Ledger Entry")
	receipt = processes * issues * qty / 2
	doc = frappe.get_doc(
		{
			"doctype": "SM Stock Entry",
			"entry_type": "Receipt",
			"posting_date": nowdate(),
			"posting_time": "00:00:00",
			"set_posting_time": 1,
			"remarks": "benchmark race",
			"items": [{"product": RACE_PRODUCT, "qty": receipt, "to_warehouse": warehouse}],
		}
	).insert()
	doc.submit()
	frappe.db.commit()
	before = flt(
		frappe.db.get_value("SM Bin", {"product": RACE_PRODUCT, "warehouse": warehouse}, "actual_qty")
	)

	outcomes, elapsed = in_processes(
		race_worker,
		[(site, frappe.local.sites_path, warehouse, qty, issues)] * processes,
		settle=2,
		timeout=600,
	)

	frappe.db.rollback()
	after = flt(
		frappe.db.get_value("SM Bin", {"product": RACE_PRODUCT, "warehouse": warehouse}, "actual_qty")
	)
	issued = sum(o["issued"] for o in outcomes)
	negative = (
		frappe.qb.from_(ledger)
		.select(frappe.query_builder.functions.Count("*"))
		.where((ledger.product == RACE_PRODUCT) & (ledger.qty_after < 0))
	).run()[0][0]
	ledger_sum = flt(
		frappe.db.sql(
			"select sum(qty_change) from `tabSM Stock Ledger Entry` where product = %s and warehouse = %s",
			(RACE_PRODUCT, warehouse),
		)[0][0]
	)
	return {
		"processes": processes,
		"issues_per_process": issues,
		"qty_per_issue": qty,
		"balance_before": before,
		"succeeded": sum(o["ok"] for o in outcomes),
		"refused": sum(o["refused"] for o in outcomes),
		"errors": sum(o["error"] for o in outcomes),
		"error_samples": [e for o in outcomes for e in o["errors"]][:5],
		"issued": issued,
		"balance_after": after,
		"seconds": round(elapsed, 2),
		"balance_ok": abs(after - (before - issued)) < 1e-6 and abs(after - ledger_sum) < 1e-6,
		"negative_balances": negative,
	}


# promotional materials: the timed postings (whose floor writes rows without running balances) post
# sales items only
BACKDATED_PREFIX = "BENCH-BACKDATED-"
HISTORY_DAYS = 20
HISTORY_QTY = 50


def backdated_setup(processes: int, cancels: int) -> dict:
	"""Three products in three warehouses (neighbouring bins in the ledger's index) with 20 days of
	receipts ending 40 days ago, committed; backdated postings allowed for the race (the setting is put
	back afterwards). The third product has no bin in the third warehouse on a first run: the race
	creates it."""
	products = [f"{BACKDATED_PREFIX}{i}" for i in (1, 2, 3)]
	for code in products:
		if not frappe.db.exists("SM Product", code):
			frappe.get_doc(
				{
					"doctype": "SM Product",
					"product_code": code,
					"product_name": f"补录测试产品 {code[-1]}",
					"product_type": "Promotional Material",
				}
			).insert()
	warehouses = frappe.get_all("SM Warehouse", filters={"enabled": 1}, pluck="name", order_by="name")[:3]
	# backdated from the start: an earlier run posted after these dates
	previous = frappe.db.get_single_value("SM Settings", "allow_backdated_stock_posting")
	frappe.db.set_single_value("SM Settings", "allow_backdated_stock_posting", 1)
	first = frappe.utils.add_days(nowdate(), -60)
	receipts = []
	for day in range(HISTORY_DAYS):
		moment = frappe.utils.add_days(first, day)
		for product in products:
			for warehouse in warehouses:
				if (product, warehouse) == (products[-1], warehouses[-1]):
					continue
				doc = frappe.get_doc(
					{
						"doctype": "SM Stock Entry",
						"entry_type": "Receipt",
						"posting_date": moment,
						"posting_time": "09:00:00",
						"set_posting_time": 1,
						"remarks": "benchmark backdated race",
						"items": [{"product": product, "qty": HISTORY_QTY, "to_warehouse": warehouse}],
					}
				).insert()
				doc.submit()
				receipts.append(doc.name)
	frappe.db.commit()
	rng = random.Random(7)
	targets = rng.sample(receipts, min(len(receipts), processes * cancels))
	return {
		"products": products,
		"warehouses": warehouses,
		"first": str(first),
		"cancel": [targets[i::processes] for i in range(processes)],
		"previous_setting": previous,
	}


def backdated_worker(
	site: str, sites_path: str, setup: dict, index: int, actions: int, start, results
) -> None:
	"""Prepare drafts, then on the start signal submit them (backdated and current receipts and issues)
	and cancel old receipts, in random order, one transaction each."""
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	outcome = {"ok": 0, "refused": 0, "error": 0, "errors": []}
	rng = random.Random(f"backdated:{index}")
	products, warehouses = setup["products"], setup["warehouses"]
	try:
		frappe.set_user("Administrator")
		work = [("cancel", name) for name in setup["cancel"][index]]
		for _ in range(actions - len(work)):
			kind = rng.choice(("backdated receipt", "backdated issue", "current receipt"))
			product, warehouse = rng.choice(products), rng.choice(warehouses)
			if kind == "backdated issue" and (product, warehouse) == (products[-1], warehouses[-1]):
				product = products[0]
			values = {
				"doctype": "SM Stock Entry",
				"entry_type": "Issue" if kind == "backdated issue" else "Receipt",
				"purpose": "Promotion" if kind == "backdated issue" else None,
				"remarks": "benchmark backdated race",
				"items": [
					{
						"product": product,
						"qty": 2 if kind == "backdated issue" else 5,
						("from_warehouse" if kind == "backdated issue" else "to_warehouse"): warehouse,
					}
				],
			}
			if kind != "current receipt":
				# between the 10th and the 20th day of the history, to the second
				day = rng.randrange(10, HISTORY_DAYS)
				values |= {
					"set_posting_time": 1,
					"posting_date": frappe.utils.add_days(setup["first"], day),
					"posting_time": f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}",
				}
			work.append(("submit", frappe.get_doc(values).insert()))
		frappe.db.commit()
		rng.shuffle(work)
		start.wait()
		for action, target in work:
			if action == "cancel":
				attempt(outcome, frappe.get_doc("SM Stock Entry", target).cancel)
			else:
				attempt(outcome, target.submit)
	finally:
		results.put(outcome)
		frappe.destroy()


def backdated_race(site: str, processes: int, actions: int, cancels: int = 3) -> dict:
	"""`processes` connections post backdated and current receipts and issues and cancel old receipts of
	the same products and warehouses at once; afterwards every bin must equal the sum of its ledger rows
	and every row's balance the running sum before it."""
	setup = backdated_setup(processes, cancels)
	outcomes, elapsed = in_processes(
		backdated_worker,
		[(site, frappe.local.sites_path, setup, i, actions) for i in range(processes)],
		settle=5,
		timeout=900,
	)

	frappe.db.rollback()
	frappe.db.set_single_value("SM Settings", "allow_backdated_stock_posting", setup["previous_setting"] or 0)
	frappe.db.commit()
	products = {"products": setup["products"]}
	bins_off = frappe.db.sql(
		"""select count(*) from `tabSM Bin` b
		left join (select product, warehouse, sum(qty_change) as qty from `tabSM Stock Ledger Entry`
			where product in %(products)s group by product, warehouse) l
			on l.product = b.product and l.warehouse = b.warehouse
		where b.product in %(products)s and b.actual_qty != coalesce(l.qty, 0)""",
		products,
	)[0][0]
	running_off = frappe.db.sql(
		"""select count(*) from (
			select qty_after, sum(qty_change) over (
				partition by product, warehouse order by posting_datetime, name) as running
			from `tabSM Stock Ledger Entry` where product in %(products)s) r
		where qty_after != running""",
		products,
	)[0][0]
	negative = frappe.db.sql(
		"""select count(*) from `tabSM Stock Ledger Entry`
		where product in %(products)s and is_cancelled = 0 and qty_after < 0""",
		products,
	)[0][0]
	return {
		"processes": processes,
		"actions_per_process": actions,
		"bins": frappe.db.count("SM Bin", {"product": ("in", setup["products"])}),
		"succeeded": sum(o["ok"] for o in outcomes),
		"refused": sum(o["refused"] for o in outcomes),
		"errors": sum(o["error"] for o in outcomes),
		"error_samples": [e for o in outcomes for e in o["errors"]][:5],
		"seconds": round(elapsed, 2),
		"bins_not_equal_to_ledger": bins_off,
		"running_balances_off": running_off,
		"negative_live_balances": negative,
	}


# --- report ------------------------------------------------------------------------------------------


def describe() -> dict:
	return {
		"products": frappe.db.count("SM Product"),
		"warehouses": frappe.db.count("SM Warehouse"),
		"ledger_rows": frappe.db.count("SM Stock Ledger Entry"),
		"bins": frappe.db.count("SM Bin"),
		**server_info(),
	}


def main() -> None:
	def add_options(parser):
		parser.add_argument("--user", default="owner@demo.sales", help="runs the reports (sees costs)")
		parser.add_argument("--processes", type=int, default=8, help="parallel connections in the race")
		parser.add_argument("--issues", type=int, default=10, help="issues each connection posts")
		parser.add_argument(
			"--actions",
			type=int,
			default=15,
			help="postings and cancellations of each connection in the backdated race",
		)

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=50, warmup=5, add_arguments=add_options), run)


def run(args) -> None:
	frappe.set_user(ADMIN)
	data = describe()
	print(
		f"{data['products']:,} products, {data['warehouses']} warehouses, {data['ledger_rows']:,} ledger rows, "
		f"{data['bins']:,} bins; MariaDB {data['mariadb']}, innodb_buffer_pool_size "
		f"{data['innodb_buffer_pool_size'] / 2**30:.1f} GiB; {args.repeat} repetitions after {args.warmup} warm-up\n"
	)
	timings = time_postings(args.repeat, args.warmup, seed=42)
	timings += time_reports(args.repeat, args.warmup, args.user)
	rows = result_rows(timings, with_user=False)
	print_table(rows)

	contest = race(args.site, args.processes, args.issues, qty=3)
	print(
		f"\nrace: {contest['processes']} connections × {contest['issues_per_process']} issues of "
		f"{contest['qty_per_issue']:g} from one bin holding {contest['balance_before']:g}: "
		f"{contest['succeeded']} succeeded, {contest['refused']} refused (not enough stock), "
		f"{contest['errors']} errors in {contest['seconds']} s; balance after {contest['balance_after']:g} "
		f"= before − issued: {'yes' if contest['balance_ok'] else 'NO'}; negative balances: "
		f"{contest['negative_balances']}"
	)
	for sample in contest["error_samples"]:
		print(f"  error: {sample}")

	backdated = backdated_race(args.site, args.processes, args.actions)
	print(
		f"\nbackdated race: {backdated['processes']} connections × {backdated['actions_per_process']} "
		f"backdated and current receipts and issues and cancellations of old receipts on "
		f"{backdated['bins']} neighbouring bins: {backdated['succeeded']} succeeded, {backdated['refused']} "
		f"refused (not enough stock), {backdated['errors']} errors in {backdated['seconds']} s; bins not "
		f"equal to their ledger: {backdated['bins_not_equal_to_ledger']}; running balances off: "
		f"{backdated['running_balances_off']}; negative live balances: {backdated['negative_live_balances']}"
	)
	for sample in backdated["error_samples"]:
		print(f"  error: {sample}")

	path = write_results("goods-", args, data=data, results=rows, race=contest, backdated_race=backdated)
	print(f"results written to {path}")


def print_table(rows: list[dict]) -> None:
	widths = (34, 10, 9, 9, 6, 7)
	print(
		f"{'operation':<{widths[0]}} {'median ms':>{widths[1]}} {'p95 ms':>{widths[2]}} "
		f"{'floor ms':>{widths[3]}} {'ratio':>{widths[4]}} {'target':>{widths[5]}}"
	)
	print("-" * (sum(widths) + len(widths) - 1))
	for r in rows:
		floor = f"{r['floor_median_ms']:.2f}" if r["floor_median_ms"] is not None else "floor"
		ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else ""
		target = f"≤{r['target']:g}×" + (" ok" if r["met"] else " NOT met") if r["target"] else ""
		print(
			f"{r['operation']:<{widths[0]}} {r['median_ms']:>{widths[1]}.2f} {r['p95_ms']:>{widths[2]}.2f} "
			f"{floor:>{widths[3]}} {ratio:>{widths[4]}} {target}"
		)


if __name__ == "__main__":
	main()
