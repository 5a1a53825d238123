"""Time the Money reports and a payment's submission on the `large` data set (100,000 sales orders with
their deliveries, invoices and payments), each next to its floor, and race parallel payments and
deliveries against the same orders.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/money.py --site sm-bench.localhost

- reports: Receivables Reconciliation (by customer) and Receivable Aging (by customer, sales view; by
  salesperson, finance view), their `execute` (`report`) and as the desk runs them
  (`frappe.desk.query_report.run`, `desk run`), as Administrator and as a regional manager, next to
  hand-written SQL floors (one statement each, written apart from the reports' queries) checked to
  return the same numbers; both held to 1.5x the floor;
- a payment allocated to 5 orders: `doc.submit()` of a saved draft, next to a floor writing the same
  rows without any logic (the payment and its 5 allocation rows inserted, the 5 orders' and
  receivables' amounts updated, in plain SQL); held to 3x the floor;
- concurrency: several processes submit payments (each across two orders, rows in random order) and
  deliveries against the same few orders at once, and cancel earlier payments; they ask for about
  twice what the orders hold, so some are refused. Afterwards every order must equal
  `receivables.recompute` from its documents, its receivable must be the order's amounts at the
  order's rate, no row delivered or order paid beyond what it holds, and there must be no errors
  (deadlocks, lock wait timeouts).

Prints a table and writes JSON to benchmarks/results/money-<timestamp>.json. Not a test: the race's
invariants are checked (and reported), timings are measured.
"""

import random
import time

import frappe
from frappe.utils import flt, getdate, nowdate
from harness import (
	Operation,
	bare_copy,
	execute_report,
	in_processes,
	measure,
	parse_args,
	print_user_rows,
	result_rows,
	run_on_site,
	server_info,
	server_line,
	submit,
	write_results,
)

REPORT_TARGET = 1.5
PAYMENT_TARGET = 3.0
ADMIN = "Administrator"
AMOUNTS = (
	"order_amount",
	"delivered_amount",
	"invoiced_amount",
	"received_amount",
	"sales_outstanding",
	"finance_outstanding",
	"difference",
	"delivered_not_invoiced",
	"invoiced_not_delivered",
)
RACE_CUSTOMER = "并发测试客户（基准）"


# --- reports -----------------------------------------------------------------------------------------


def report_cases(today) -> dict[str, tuple[str, dict]]:
	"""label: (report, filters)"""
	aging = {"report_date": str(today), "range": "30, 60, 90"}
	return {
		"Reconciliation by customer": ("Receivables Reconciliation", {"group_by": "Customer"}),
		"Aging by customer, sales view": (
			"Receivable Aging",
			{**aging, "based_on": "Sales View", "group_by": "Customer"},
		),
		"Aging by salesperson, finance view": (
			"Receivable Aging",
			{**aging, "based_on": "Finance View", "group_by": "Salesperson"},
		),
	}


def desk_run(report: str, filters: dict):
	from frappe.desk.query_report import run

	return run(report, filters=filters, ignore_prepared_report=True)["result"]


def scope(names: list[str] | None, column: str = "r.salesperson") -> str:
	if names is None:
		return ""
	return f" and {column} in ({', '.join(frappe.db.escape(n) for n in names)})"


def floor_reconciliation(names: list[str] | None) -> list[dict]:
	"""Open receivables summed per customer, with the customer's name and current salesperson joined in."""
	sums = ", ".join(f"sum(r.{field}) as {field}" for field in AMOUNTS)
	return frappe.db.sql(
		f"""select r.customer, c.customer_name, c.salesperson, sp.salesperson_name,
			count(*) as order_count, {sums}
		from `tabSM Receivable` r
		join `tabSM Customer` c on c.name = r.customer
		left join `tabSM Salesperson` sp on sp.name = c.salesperson
		where r.status = 'Open'{scope(names)}
		group by r.customer
		order by sum(r.sales_outstanding) desc, c.customer_name, r.customer""",
		as_dict=True,
	)


def floor_aging(today, names: list[str] | None, amount: str, group: str) -> list[dict]:
	"""Open receivables with an outstanding, aged by comparing their due dates with the report date less
	30, 60 and 90 days (not yet due or without a due date: the first bucket), per customer or
	salesperson."""
	if group == "customer":
		key = "r.customer, c.customer_name, c.salesperson, sp.salesperson_name"
		joins = """join `tabSM Customer` c on c.name = r.customer
			left join `tabSM Salesperson` sp on sp.name = c.salesperson"""
	else:
		key = "r.salesperson, sp.salesperson_name"
		joins = "left join `tabSM Salesperson` sp on sp.name = r.salesperson"
	return frappe.db.sql(
		f"""select {key}, count(*) as receivable_count,
			sum(if(r.due_date is null or r.due_date >= %(d)s - interval 30 day, r.{amount}, 0)) as bucket_1,
			sum(if(r.due_date < %(d)s - interval 30 day and r.due_date >= %(d)s - interval 60 day,
				r.{amount}, 0)) as bucket_2,
			sum(if(r.due_date < %(d)s - interval 60 day and r.due_date >= %(d)s - interval 90 day,
				r.{amount}, 0)) as bucket_3,
			sum(if(r.due_date < %(d)s - interval 90 day, r.{amount}, 0)) as bucket_4,
			sum(r.{amount}) as outstanding
		from `tabSM Receivable` r {joins}
		where r.status = 'Open' and r.{amount} <> 0 and r.order_date <= %(d)s{scope(names)}
		group by r.{group}""",
		{"d": today},
		as_dict=True,
	)


def floors(today) -> dict:
	return {
		"Reconciliation by customer": lambda names: floor_reconciliation(names),
		"Aging by customer, sales view": lambda names: floor_aging(
			today, names, "sales_outstanding", "customer"
		),
		"Aging by salesperson, finance view": lambda names: floor_aging(
			today, names, "finance_outstanding", "salesperson"
		),
	}


TEXT = frozenset({"customer_name", "salesperson"})


def comparable(rows, key: str, fields) -> dict:
	"""key -> the row's fields, amounts rounded to the cent."""
	return {row[key]: tuple(row[f] if f in TEXT else round(flt(row[f]), 2) for f in fields) for row in rows}


def same_numbers(today, manager: str, subtree: list[str]) -> dict:
	"""Each report and its floor return the same rows and numbers, as Administrator and as the
	manager: {case/user: True} or the first differences."""
	checks = {}
	cases, floor_of = report_cases(today), floors(today)
	for user, names in ((ADMIN, None), (manager, subtree)):
		frappe.set_user(user)
		for label, (report, filters) in cases.items():
			_columns, data, *_rest = execute_report("money", report, filters)
			floor = floor_of[label](names)
			if report == "Receivables Reconciliation":
				key, fields = "customer", ("customer_name", "salesperson", "order_count", *AMOUNTS)
			else:
				key = "customer" if filters["group_by"] == "Customer" else "salesperson"
				fields = ("receivable_count", "bucket_1", "bucket_2", "bucket_3", "bucket_4", "outstanding")
			mine, theirs = comparable(data, key, fields), comparable(floor, key, fields)
			different = [k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)]
			ordered = report != "Receivables Reconciliation" or [r[key] for r in data] == [
				r[key] for r in floor
			]
			checks[f"{label} / {user}"] = (
				True
				if not different and ordered
				else {
					"rows": [len(data), len(floor)],
					"order_differs": not ordered,
					"differences": [[k, mine.get(k), theirs.get(k)] for k in sorted(different, key=str)[:3]],
				}
			)
	frappe.set_user(ADMIN)
	return checks


def report_operations(today, manager: str, subtree: list[str]) -> list[Operation]:
	ops = []
	floor_of = floors(today)
	for label, (report, filters) in report_cases(today).items():
		for user, names in ((ADMIN, None), (manager, subtree)):
			floor = f"{label}: SQL floor"
			ops.append(Operation(floor, user, lambda f=floor_of[label], n=names: f(n)))
			ops.append(
				Operation(
					f"{label}: report",
					user,
					lambda r=report, f=filters: execute_report("money", r, f),
					floor=f"{floor}/{user}",
					target=REPORT_TARGET,
				)
			)
			ops.append(
				Operation(
					f"{label}: desk run",
					user,
					lambda r=report, f=filters: desk_run(r, f),
					floor=f"{floor}/{user}",
					target=REPORT_TARGET,
				)
			)
	return ops


# --- a payment across 5 orders ------------------------------------------------------------------------


def payment_orders() -> tuple[str, list[str]]:
	"""A customer with 5 open orders in base currency that each have at least 500 left to pay."""
	row = frappe.db.sql(
		"""select customer, group_concat(name order by name) from `tabSM Receivable`
		where status = 'Open' and currency = 'CNY' and order_amount - received_amount >= 500
		group by customer having count(*) >= 5 order by count(*) desc, customer limit 1"""
	)
	customer, names = row[0]
	return customer, names.split(",")[:5]


BARE = "SM Bench Bare Payment"


def draft_payment(customer: str, orders: list[str], doctype: str = "SM Payment"):
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			"customer": customer,
			"payment_date": nowdate(),
			"currency": "CNY",
			"amount": 5,
			"remarks": "benchmark",
			"allocations": [{"sales_order": order, "allocated_amount": 1} for order in orders],
		}
	).insert()
	frappe.db.commit()
	return doc


def write_payment_rows(customer: str, orders: list[str]) -> None:
	"""Floor: the payment, its allocation rows and the orders' and receivables' amounts, plain SQL."""
	stamp = frappe.utils.now()
	name = f"PAY-BENCH-{frappe.generate_hash(length=10)}"
	frappe.db.sql(
		"""insert into `tabSM Payment` (name, creation, modified, owner, modified_by, docstatus, customer,
		payment_date, mode, currency, amount, exchange_rate, base_amount, total_allocated, unallocated_amount,
		remarks) values (%s, %s, %s, 'Administrator', 'Administrator', 1, %s, %s, 'Bank Transfer', 'CNY', 5,
		1, 5, 5, 0, 'benchmark floor')""",
		(name, stamp, stamp, customer, nowdate()),
	)
	values = ", ".join(
		["(%s, %s, %s, 'Administrator', 'Administrator', 1, %s, %s, 'SM Payment', 'allocations', %s, 1)"]
		* len(orders)
	)
	params = []
	for idx, order in enumerate(orders, 1):
		params += [frappe.generate_hash(length=10), stamp, stamp, idx, name, order]
	frappe.db.sql(
		f"""insert into `tabSM Payment Allocation` (name, creation, modified, owner, modified_by, docstatus,
		idx, parent, parenttype, parentfield, sales_order, allocated_amount) values {values}""",
		params,
	)
	for order in orders:
		frappe.db.sql(
			"update `tabSM Sales Order` set received_amount = received_amount + 1 where name = %s", order
		)
		frappe.db.sql(
			"""update `tabSM Receivable` set received_amount = received_amount + 1,
			sales_outstanding = sales_outstanding - 1, finance_outstanding = finance_outstanding - 1
			where name = %s""",
			order,
		)
	frappe.db.commit()


def new_request() -> None:
	frappe.db.value_cache = {}
	frappe.local.cache = {}


def stopwatch(action) -> float:
	new_request()
	start = time.perf_counter()
	action()
	return (time.perf_counter() - start) * 1000


def time_payments(repeat: int, warmup: int) -> list[Operation]:
	"""The payment's submission next to its floor, and (to tell Frappe's share from sales_mgmt's) next to
	Frappe's own submit of the same document: a bare copy of SM Payment and its allocation rows with the
	same fields and links and none of sales_mgmt's code (custom DocTypes on the benchmark site)."""
	bare_copy(
		"SM Payment", BARE, {"SM Payment Allocation": f"{BARE} Allocation"}, "Money", "PAYB-.YYYY.-.#####"
	)
	customer, orders = payment_orders()
	floor = Operation("floor: payment rows, plain SQL")
	payment = Operation(
		"submit a payment across 5 orders", floor=f"{floor.name}/{ADMIN}", target=PAYMENT_TARGET
	)
	bare = Operation("Frappe's submit, no sales_mgmt code", floor=f"{floor.name}/{ADMIN}")
	for i in range(warmup + repeat):
		# take turns, so that a slow moment of the machine hits all of them alike
		doc, bare_doc = draft_payment(customer, orders), draft_payment(customer, orders, BARE)
		timings = (
			stopwatch(lambda doc=doc: submit(doc)),
			stopwatch(lambda: write_payment_rows(customer, orders)),
			stopwatch(lambda doc=bare_doc: submit(doc)),
		)
		if i >= warmup:
			for op, elapsed in zip((payment, floor, bare), timings, strict=True):
				op.timings.append(elapsed)
	extra = Operation("sales_mgmt's extra cost on submit", floor=f"{floor.name}/{ADMIN}")
	extra.timings = [p - b for p, b in zip(payment.timings, bare.timings, strict=True)]
	return [payment, floor, bare, extra]


# --- concurrency -----------------------------------------------------------------------------------------


def race_setup(processes: int) -> dict:
	"""A customer with 4 orders of 20 units each of two products (100 a unit), stock for all of them
	in one warehouse, and one small payment per process on the first order (cancelled during the race)."""
	warehouse = frappe.get_all("SM Warehouse", filters={"enabled": 1}, pluck="name", order_by="name")[0]
	products = frappe.get_all(
		"SM Product",
		filters={"product_type": "Sales Item", "enabled": 1, "is_stock_item": 1},
		pluck="name",
		order_by="name",
		limit=2,
	)
	salesperson = frappe.get_all("SM Salesperson", filters={"is_group": 0}, pluck="name", order_by="name")[0]
	customer = frappe.db.get_value("SM Customer", {"customer_name": RACE_CUSTOMER})
	if not customer:
		customer = (
			frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": RACE_CUSTOMER,
					"salesperson": salesperson,
					"status": "Active",
					"city": "上海",
				}
			)
			.insert()
			.name
		)
	frappe.get_doc(
		{
			"doctype": "SM Stock Entry",
			"entry_type": "Receipt",
			"remarks": "benchmark money race",
			"items": [{"product": p, "qty": 100, "to_warehouse": warehouse} for p in products],
		}
	).insert().submit()
	orders = []
	for _ in range(4):
		order = frappe.get_doc(
			{
				"doctype": "SM Sales Order",
				"customer": customer,
				"order_date": nowdate(),
				"items": [{"product": p, "qty": 20, "rate": 100} for p in products],
			}
		).insert()
		order.submit()
		orders.append(order.name)
	earlier = []
	for _ in range(processes):
		payment = frappe.get_doc(
			{
				"doctype": "SM Payment",
				"customer": customer,
				"payment_date": nowdate(),
				"amount": 100,
				"allocations": [{"sales_order": orders[0], "allocated_amount": 100}],
			}
		).insert()
		payment.submit()
		earlier.append(payment.name)
	frappe.db.commit()
	return {
		"customer": customer,
		"orders": orders,
		"products": products,
		"warehouse": warehouse,
		"earlier_payments": earlier,
	}


def attempt(outcome: dict, posting) -> None:
	"""One posting in a transaction of its own: ok, refused (it would go beyond the order) or an error
	(anything else; deadlocks and lock wait timeouts counted apart)."""
	from sales_mgmt.exceptions import BackdatedPostingError, OverAllocationError, OverDeliveryError

	try:
		posting()
		frappe.db.commit()
		outcome["ok"] += 1
	except (OverAllocationError, OverDeliveryError):
		frappe.db.rollback()
		outcome["refused"] += 1
	except BackdatedPostingError as e:
		# a delivery posting "now" whose moment was taken before another delivery from the same bin
		# that locked the bin first and committed a later moment
		frappe.db.rollback()
		outcome["backdated"] += 1
		outcome["errors"].append(repr(e)[:200])
	except Exception as e:
		frappe.db.rollback()
		outcome["error"] += 1
		if isinstance(e, frappe.QueryDeadlockError):
			outcome["deadlocks"] += 1
		elif isinstance(e, frappe.QueryTimeoutError):
			outcome["lock_timeouts"] += 1
		outcome["errors"].append(repr(e)[:200])


def race_worker(site: str, sites_path: str, setup: dict, index: int, actions: int, start, results) -> None:
	"""Save drafts of deliveries and payments, then on the start signal submit them and cancel this
	process's earlier payment, in random order, one transaction each."""
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	outcome = {
		"ok": 0,
		"refused": 0,
		"backdated": 0,
		"error": 0,
		"deadlocks": 0,
		"lock_timeouts": 0,
		"errors": [],
	}
	rng = random.Random(f"money race:{index}")
	orders, products = setup["orders"], setup["products"]
	try:
		frappe.set_user(ADMIN)
		work = [("cancel", setup["earlier_payments"][index])]
		for n in range(actions):
			if n % 2:
				chosen = rng.sample(orders, 2)
				doc = {
					"doctype": "SM Payment",
					"customer": setup["customer"],
					"payment_date": nowdate(),
					"amount": 0,
					"allocations": [
						{"sales_order": order, "allocated_amount": rng.randrange(300, 700, 50)}
						for order in chosen
					],
				}
				doc["amount"] = sum(row["allocated_amount"] for row in doc["allocations"])
			else:
				doc = {
					"doctype": "SM Delivery",
					"sales_order": rng.choice(orders),
					"warehouse": setup["warehouse"],
					"items": [
						{"product": product, "qty": rng.randint(3, 6)}
						for product in rng.sample(products, rng.randint(1, 2))
					],
				}
			work.append(("submit", frappe.get_doc(doc).insert()))
		frappe.db.commit()
		rng.shuffle(work)
		start.wait()
		for action, target in work:
			if action == "cancel":
				attempt(outcome, frappe.get_doc("SM Payment", target).cancel)
			else:
				attempt(outcome, target.submit)
	finally:
		results.put(outcome)
		frappe.destroy()


def race(site: str, processes: int, actions: int) -> dict:
	from sales_mgmt.money.receivables import recompute

	setup = race_setup(processes)
	outcomes, elapsed = in_processes(
		race_worker,
		[(site, frappe.local.sites_path, setup, i, actions) for i in range(processes)],
		settle=3,
		timeout=900,
	)
	frappe.db.rollback()
	drift, over = [], []
	for name in setup["orders"]:
		stored = frappe.db.get_value(
			"SM Sales Order",
			name,
			["total", "exchange_rate", "delivered_amount", "invoiced_amount", "received_amount"],
			as_dict=True,
		)
		receivable = frappe.db.get_value("SM Receivable", name, "*", as_dict=True)
		amounts = recompute(name)
		rate = flt(stored.exchange_rate) or 1
		if any(abs(flt(stored[f]) - v) > 0.005 for f, v in amounts.items()) or any(
			abs(flt(receivable[f]) - flt(v * rate, 2)) > 0.005 for f, v in amounts.items()
		):
			drift.append(name)
		if (
			abs(
				flt(receivable.sales_outstanding)
				- flt(receivable.delivered_amount - receivable.received_amount, 2)
			)
			> 0.005
		):
			drift.append(f"{name}: sales outstanding")
		if flt(stored.received_amount) > flt(stored.total) + 0.005:
			over.append(f"{name}: received {stored.received_amount} of {stored.total}")
		rows = frappe.db.sql(
			"""select i.name, i.qty, i.delivered_qty, coalesce((select sum(d.qty) from `tabSM Delivery Item` d
				join `tabSM Delivery` h on h.name = d.parent
				where d.sales_order_item = i.name and h.docstatus = 1), 0)
			from `tabSM Sales Order Item` i where i.parent = %s""",
			name,
		)
		for row, qty, delivered, posted in rows:
			if abs(flt(delivered) - flt(posted)) > 1e-6:
				drift.append(f"{name}/{row}: delivered_qty")
			if flt(delivered) > flt(qty) + 1e-6:
				over.append(f"{name}/{row}: delivered {delivered} of {qty}")
	bins_off = frappe.db.sql(
		"""select count(*) from `tabSM Bin` b
		where b.product in %(products)s and b.actual_qty <> (select coalesce(sum(qty_change), 0)
			from `tabSM Stock Ledger Entry` l where l.product = b.product and l.warehouse = b.warehouse)""",
		{"products": setup["products"]},
	)[0][0]
	return {
		"processes": processes,
		"actions_per_process": actions,
		"orders": len(setup["orders"]),
		"succeeded": sum(o["ok"] for o in outcomes),
		"refused": sum(o["refused"] for o in outcomes),
		"refused_as_backdated": sum(o["backdated"] for o in outcomes),
		"errors": sum(o["error"] for o in outcomes),
		"deadlocks": sum(o["deadlocks"] for o in outcomes),
		"lock_timeouts": sum(o["lock_timeouts"] for o in outcomes),
		"error_samples": [e for o in outcomes for e in o["errors"]][:5],
		"seconds": round(elapsed, 2),
		"orders_not_equal_to_recompute": drift,
		"over_delivered_or_over_paid": over,
		"bins_not_equal_to_ledger": bins_off,
	}


# --- report ------------------------------------------------------------------------------------------------


def describe(today, manager: str, subtree: list[str]) -> dict:
	count = frappe.db.count
	return {
		"sales_orders": count("SM Sales Order"),
		"receivables": count("SM Receivable"),
		"open_receivables": count("SM Receivable", {"status": "Open"}),
		"deliveries": count("SM Delivery"),
		"invoices": count("SM Invoice"),
		"payments": count("SM Payment"),
		"payment_allocations": count("SM Payment Allocation"),
		"ledger_rows": count("SM Stock Ledger Entry"),
		"manager": manager,
		"manager_subtree_salespeople": len(subtree),
		"manager_open_receivables": count(
			"SM Receivable", {"status": "Open", "salesperson": ("in", subtree)}
		),
		"today": str(today),
		**server_info(),
	}


def explain(today, subtree: list[str]) -> dict:
	plans = {}
	for label, names in (("Administrator", None), ("manager", subtree)):
		plans[f"open receivables by customer / {label}"] = frappe.db.sql(
			f"""explain select r.customer, sum(r.sales_outstanding) from `tabSM Receivable` r
			where r.status = 'Open' and r.order_date <= %s{scope(names)} group by r.customer""",
			(today,),
			as_dict=True,
		)
	return plans


def main() -> None:
	def add_options(parser):
		parser.add_argument(
			"--manager", default="manager@demo.sales", help="a Sales Manager (regional manager)"
		)
		parser.add_argument("--processes", type=int, default=8, help="parallel connections in the race")
		parser.add_argument("--actions", type=int, default=12, help="postings each connection submits")

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=20, warmup=3, add_arguments=add_options), run)


def run(args) -> None:
	from sales_mgmt.people.hierarchy import get_salesperson, get_subtree

	frappe.set_user(ADMIN)
	today = getdate()
	subtree = get_subtree(get_salesperson(args.manager))
	data = describe(today, args.manager, subtree)
	print(
		f"{data['sales_orders']:,} sales orders, {data['receivables']:,} receivables ({data['open_receivables']:,} "
		f"open; {data['manager_open_receivables']:,} of {args.manager}'s {len(subtree)} salespeople), "
		f"{data['deliveries']:,} deliveries, {data['invoices']:,} invoices, {data['payments']:,} payments, "
		f"{data['ledger_rows']:,} stock ledger rows; " + server_line(data, args)
	)
	checks = same_numbers(today, args.manager, subtree)
	print(f"floors return the reports' numbers: {checks}\n")

	ops = report_operations(today, args.manager, subtree)
	measure(ops, args.warmup, args.repeat)
	payments = time_payments(args.repeat, args.warmup)
	rows = result_rows(ops) + result_rows(payments)
	print_user_rows(rows, (48, 20, 10, 9, 9, 6))
	missed = [f"{r['operation']} / {r['user']}" for r in rows if r.get("met") is False]
	print(
		"\ntargets (reports ≤ 1.5×, payment ≤ 3× its floor): "
		+ (f"NOT met by {', '.join(missed)}" if missed else "met by every row")
	)

	contest = race(args.site, args.processes, args.actions)
	print(
		f"\nrace: {contest['processes']} connections × {contest['actions_per_process']} payments and deliveries "
		f"(and one cancellation each) on {contest['orders']} orders: {contest['succeeded']} succeeded, "
		f"{contest['refused']} refused (beyond the order), {contest['refused_as_backdated']} refused as backdated "
		f"(must be 0), {contest['errors']} other errors ({contest['deadlocks']} "
		f"deadlocks, {contest['lock_timeouts']} lock wait timeouts) in {contest['seconds']} s; orders not "
		f"equal to recompute: {len(contest['orders_not_equal_to_recompute'])}; over-delivered or over-paid: "
		f"{len(contest['over_delivered_or_over_paid'])}; bins not equal to their ledger: "
		f"{contest['bins_not_equal_to_ledger']}"
	)
	for sample in contest["error_samples"]:
		print(f"  error: {sample}")
	path = write_results(
		"money-",
		args,
		data=data,
		same_numbers=checks,
		results=rows,
		race=contest,
		explain=explain(today, subtree),
	)
	print(f"results written to {path}")


if __name__ == "__main__":
	main()
