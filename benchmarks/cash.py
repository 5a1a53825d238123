"""Time the cash reports, Customer Expense Analysis and a cash entry's submission on the `large` data set
(50 accounts, 300,000 cash entries with their ledger rows, 200,000 expenses), each next to its floor,
and race parallel postings to one account.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/cash.py --site sm-bench.localhost

- reports: Cash Account Ledger (one account, a month and a year), Cash Position (today, and a day
  half a year back) and Customer Expense Analysis (a year), their `execute` (`report`) and as the desk
  runs them (`frappe.desk.query_report.run`, `desk run`), as the Business Owner (every account and
  expense) and as a regional manager (the accounts whose access list names him, his subtree's
  expenses and orders), next to hand-written SQL floors (written apart from the reports' queries: a
  window sum for the running balance, the later rows summed per account for the balance on a day, one
  GROUP BY for the chart, the expenses and the sales each summed per customer in a derived table) checked to
  return the same numbers; both held to 1.5x the floor;
- a cash entry: `doc.submit()` of a saved draft expense, next to a floor writing the same rows without
  any logic (the entry inserted, the account's row locked, the ledger row inserted, the balance
  updated, in plain SQL) and next to Frappe's own submit of the same document without sales_mgmt's
  code; held to 3x the floor;
- concurrency: several processes submit income, expenses and transfers on one account (and a second
  one, in both directions) at once and cancel earlier entries. Afterwards the account's balance must be
  its opening balance plus its ledger rows and what it was plus the entries that went through; there
  must be no errors (deadlocks, lock wait timeouts).

Prints a table and writes JSON to benchmarks/results/cash-<timestamp>.json. Not a test: the race's
invariants are checked (and reported), timings are measured.
"""

import random
import time

import frappe
from frappe.utils import add_days, add_months, flt, get_first_day, get_last_day, getdate, now, nowdate
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


ENTRY_TARGET = 3.0
ADMIN = "Administrator"
ACCOUNT = "SM Cash Account"
ENTRY = "SM Cash Entry"
LEDGER = "SM Cash Ledger Entry"
ACCESS = "SM Cash Account Access"
BARE = "SM Bench Bare Cash Entry"
RACE_ACCOUNTS = ("并发测试账户A（基准）", "并发测试账户B（基准）")


# --- reports -----------------------------------------------------------------------------------------


def money_report(report: str, filters: dict):
	return execute_report("money", report, filters)


def report_cases(account: str, today) -> dict[str, tuple[str, dict]]:
	"""label: (report, filters). The month and the year end with the last full month."""
	month_end = add_days(get_first_day(today), -1)
	year_start = get_first_day(add_months(month_end, -11))
	half_year = get_last_day(add_months(today, -6))
	return {
		"Ledger, a month": (
			"Cash Account Ledger",
			{"cash_account": account, "from_date": str(get_first_day(month_end)), "to_date": str(month_end)},
		),
		"Ledger, a year": (
			"Cash Account Ledger",
			{"cash_account": account, "from_date": str(year_start), "to_date": str(month_end)},
		),
		"Position, today": ("Cash Position", {"date": str(today)}),
		"Position, half a year back": ("Cash Position", {"date": str(half_year)}),
		"Customer Expense Analysis, the year": (
			"Customer Expense Analysis",
			{"from_date": str(year_start), "to_date": str(month_end)},
		),
	}


def desk_run(report: str, filters: dict):
	from frappe.desk.query_report import run

	return run(report, filters=filters, ignore_prepared_report=True)


def listed(user: str | None, column: str) -> str:
	"""The accounts whose access list names `user` (None: every account)."""
	if user is None:
		return ""
	return (
		f" and {column} in (select x.parent from `tab{ACCESS}` x where x.parenttype = '{ACCOUNT}'"
		f" and x.`user` = {frappe.db.escape(user)})"
	)


def floor_ledger(filters: dict, user: str | None) -> dict:
	"""The opening balance (opening balance + the rows before the range), every movement of a
	submitted entry in the range with what the report shows of it and the balance after it (a window
	sum over the range's rows), and the closing balance."""
	values = {"account": filters["cash_account"], "from": filters["from_date"], "to": filters["to_date"]}
	opening = frappe.db.sql(
		f"""select a.opening_balance + coalesce((select sum(l.amount) from `tab{LEDGER}` l
			where l.cash_account = a.name and l.posting_date < %(from)s), 0)
		from `tab{ACCOUNT}` a where a.name = %(account)s{listed(user, "a.name")}""",
		values,
	)
	if not opening:
		return {"opening": None, "rows": [], "closing": None}
	rows = frappe.db.sql(
		f"""select l.voucher_no, greatest(l.amount, 0) as income, greatest(-l.amount, 0) as expense,
			%(opening)s + sum(l.amount) over (order by l.posting_date, l.name) as balance,
			l.posting_date, l.entry_type, l.is_cancelled, l.against_account, l.counterparty, e.category,
			e.reference_doctype, e.reference_name, e.remarks
		from `tab{LEDGER}` l join `tab{ENTRY}` e on e.name = l.voucher_no
		where l.cash_account = %(account)s and l.posting_date between %(from)s and %(to)s
			and e.docstatus = 1
		order by l.posting_date, l.name""",
		{**values, "opening": opening[0][0]},
	)
	return {
		"opening": flt(opening[0][0], 2),
		"rows": rows,
		"closing": flt(rows[-1][3], 2) if rows else flt(opening[0][0], 2),
	}


def floor_position(filters: dict, user: str | None) -> dict:
	"""Every account open on the day with its balance then (the balance now less the rows dated after
	it, summed per account in one pass over those rows), the latest rate on or before the day and the
	base balance; income and expense per month over the year up to the day."""
	day = getdate(filters["date"])
	accounts = frappe.db.sql(
		f"""select a.name, a.currency, a.current_balance - coalesce(later.moved, 0) as balance,
			(select r.exchange_rate from `tabCurrency Exchange` r where r.from_currency = a.currency
				and r.to_currency = 'CNY' and r.for_selling = 1 and r.date <= %(day)s
				order by r.date desc limit 1) as rate
		from `tab{ACCOUNT}` a
		left join (select l.cash_account, sum(l.amount) as moved from `tab{LEDGER}` l
			where l.posting_date > %(day)s{listed(user, "l.cash_account")} group by l.cash_account) later
			on later.cash_account = a.name
		where a.opening_date <= %(day)s{listed(user, "a.name")}""",
		{"day": day},
	)
	chart = frappe.db.sql(
		f"""select extract(year_month from l.posting_date) as period,
			sum(if(l.entry_type = 'Income', l.base_amount, 0)), sum(if(l.entry_type = 'Expense', -l.base_amount, 0))
		from `tab{LEDGER}` l
		where l.posting_date between %(start)s and %(day)s and l.entry_type in ('Income', 'Expense')
			{listed(user, "l.cash_account")}
		group by period""",
		{"day": day, "start": add_days(add_months(day, -12), 1)},
	)
	return {"accounts": accounts, "chart": chart}


def floor_expense_analysis(filters: dict, subtree: list[str] | None) -> list[tuple]:
	"""Per customer with submitted expenses in the range: the spend by expense type, the count, the
	flagged count and each flag's count (summed in a derived table), with the customer's name and
	salesperson and its submitted sales orders in the range (another), largest spend first. A
	manager's subtree written in as `salesperson in (...)`."""
	names = ", ".join(frappe.db.escape(n) for n in subtree or ())
	mine = f" and e.salesperson in ({names})" if subtree is not None else ""
	theirs = f" and o.salesperson in ({names})" if subtree is not None else ""
	return frappe.db.sql(
		f"""select x.customer, c.customer_name, c.salesperson, x.management, x.promotion, x.spend,
			x.expenses, x.flagged, x.over_budget, x.spend_ratio, x.dormant, x.outlier, coalesce(s.sales, 0)
		from (select e.customer,
				sum(if(e.expense_type = 'Management', e.base_amount, 0)) as management,
				sum(if(e.expense_type = 'Promotion', e.base_amount, 0)) as promotion,
				sum(e.base_amount) as spend, count(*) as expenses, sum(e.is_flagged) as flagged,
				sum(e.flag_over_budget) as over_budget, sum(e.flag_spend_ratio) as spend_ratio,
				sum(e.flag_dormant_customer) as dormant, sum(e.flag_outlier) as outlier
			from `tabSM Expense` e
			where e.docstatus = 1 and e.expense_date between %(from)s and %(to)s{mine}
			group by e.customer) x
		join `tabSM Customer` c on c.name = x.customer
		left join (select o.customer, sum(o.base_total) as sales from `tabSM Sales Order` o
			where o.docstatus = 1 and o.order_date between %(from)s and %(to)s{theirs}
			group by o.customer) s on s.customer = x.customer
		order by x.spend desc, c.customer_name""",
		{"from": filters["from_date"], "to": filters["to_date"]},
	)


def floor(report: str, filters: dict, scope: frappe._dict):
	if report == "Cash Account Ledger":
		return floor_ledger(filters, scope.cash)
	if report == "Cash Position":
		return floor_position(filters, scope.cash)
	return floor_expense_analysis(filters, scope.subtree)


def same_numbers(cases: dict, users: dict[str, frappe._dict]) -> dict:
	"""Each report and its floor return the same rows and numbers, for every user: {case/user: True}
	or the differences found."""
	checks = {}
	for user, scope in users.items():
		for label, (report, filters) in cases.items():
			frappe.set_user(user)
			_columns, data, _message, chart, _summary = execute_report("money", report, filters)
			frappe.set_user(ADMIN)
			theirs = floor(report, filters, scope)
			if report == "Cash Account Ledger":
				mine = {
					"opening": flt(data[0]["balance"], 2),
					"rows": [(r["voucher_no"], flt(r["income"], 2), flt(r["expense"], 2), flt(r["balance"], 2), r["counterparty"], r["category"], r["remarks"]) for r in data[1:-1]],
					"closing": flt(data[-1]["balance"], 2),
				}  # fmt: skip
				theirs["rows"] = [
					(r[0], flt(r[1], 2), flt(r[2], 2), flt(r[3], 2), r[8], r[9], r[12])
					for r in theirs["rows"]
				]
			elif report == "Customer Expense Analysis":
				amounts = ("management_spend", "promotion_spend", "total_spend")
				counts = (
					"expense_count",
					"flagged_count",
					"flag_over_budget",
					"flag_spend_ratio",
					"flag_dormant_customer",
					"flag_outlier",
				)
				mine = {
					"rows": [
						(
							r["customer"],
							r["customer_name"],
							r["salesperson"],
							*(flt(r[f], 2) for f in amounts),
							*(int(r[f] or 0) for f in counts),
							flt(r["sales"], 2),
						)
						for r in data
					]
				}
				theirs = {
					"rows": [
						(*r[:3], *(flt(v, 2) for v in r[3:6]), *(int(v or 0) for v in r[6:12]), flt(r[12], 2))
						for r in theirs
					]
				}
			else:
				mine = {
					"accounts": sorted((r["cash_account"], r["currency"], flt(r["balance"], 2), flt(r["exchange_rate"], 6), r["base_balance"]) for r in data),
					"chart": [tuple(d["values"]) for d in chart["data"]["datasets"]],
				}  # fmt: skip
				accounts = [(n, c, flt(b, 2), flt(rate or 1, 6)) for n, c, b, rate in theirs["accounts"]]
				by_month = {int(p): (flt(i, 2), flt(e, 2)) for p, i, e in theirs["chart"]}
				months = [int(label.replace("-", "")) for label in chart["data"]["labels"]]
				theirs = {
					"accounts": sorted((n, c, b, rate, flt(b * rate, 2)) for n, c, b, rate in accounts),
					"chart": [
						tuple(by_month.get(m, (0, 0))[0] for m in months),
						tuple(by_month.get(m, (0, 0))[1] for m in months),
					],
				}
			different = {k: (str(mine[k])[:300], str(theirs[k])[:300]) for k in mine if mine[k] != theirs[k]}
			checks[f"{label} / {user}"] = True if not different else different
	frappe.set_user(ADMIN)
	return checks


def report_operations(cases: dict, users: dict[str, frappe._dict]) -> list[Operation]:
	ops = []
	for label, (report, filters) in cases.items():
		for user, scope in users.items():
			name = f"{label}: SQL floor"
			ops.append(Operation(name, user, lambda r=report, f=filters, s=scope: floor(r, f, s)))
			for kind, run in (("report", money_report), ("desk run", desk_run)):
				ops.append(
					Operation(
						f"{label}: {kind}",
						user,
						lambda run=run, r=report, f=filters: run(r, f),
						floor=f"{name}/{user}",
						target=REPORT_TARGET,
					)
				)
	return ops


# --- a cash entry ------------------------------------------------------------------------------------


def draft_entry(account: str, doctype: str = ENTRY):
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			"cash_account": account,
			"entry_type": "Expense",
			"posting_date": nowdate(),
			"amount": 1,
			"counterparty": "基准测试",
			"category": "银行手续费",
			"remarks": "benchmark",
		}
	).insert()
	frappe.db.commit()
	return doc


def write_entry_rows(account: str, currency: str) -> None:
	"""Floor: the entry inserted as submitted, the account's row locked, the ledger row inserted and the
	balance updated, plain SQL."""
	stamp = now()
	name = f"CE-BENCH-{frappe.generate_hash(length=10)}"
	frappe.db.sql(
		f"""insert into `tab{ENTRY}` (name, creation, modified, owner, modified_by, docstatus, cash_account,
		account_currency, entry_type, posting_date, amount, base_amount, counterparty, category, remarks)
		values (%s, %s, %s, 'Administrator', 'Administrator', 1, %s, %s, 'Expense', %s, 1, 1, '基准测试',
		'银行手续费', 'benchmark floor')""",
		(name, stamp, stamp, account, currency, nowdate()),
	)
	frappe.db.sql(f"select current_balance from `tab{ACCOUNT}` where name = %s for update", account)
	frappe.db.sql(
		f"""insert into `tab{LEDGER}` (name, cash_account, posting_date, entry_type, is_cancelled, amount,
		currency, base_amount, voucher_type, voucher_no, counterparty, creation, modified, owner, modified_by)
		values (nextval(`{frappe.scrub(LEDGER + "_id_seq")}`), %s, %s, 'Expense', 0, -1, %s, -1, %s, %s,
		'基准测试', %s, %s, 'Administrator', 'Administrator')""",
		(account, nowdate(), currency, ENTRY, name, stamp, stamp),
	)
	frappe.db.sql(f"update `tab{ACCOUNT}` set current_balance = current_balance - 1 where name = %s", account)
	frappe.db.commit()


def stopwatch(action) -> float:
	frappe.db.value_cache = {}
	frappe.local.cache = {}
	start = time.perf_counter()
	action()
	return (time.perf_counter() - start) * 1000


def time_entries(account: str, repeat: int, warmup: int) -> list[Operation]:
	"""The entry's submission next to its floor and, to tell Frappe's share from sales_mgmt's, next to
	Frappe's own submit of the same document (a bare copy of SM Cash Entry with the same fields, links
	and naming and none of sales_mgmt's code: a custom DocType on the benchmark site)."""
	bare_copy(ENTRY, BARE, {}, "Money", "CEB-.YYYY.-.#####")
	currency = frappe.db.get_value(ACCOUNT, account, "currency")
	floor_op = Operation("floor: entry, lock, ledger row, balance")
	entry = Operation("submit a cash entry", floor=f"{floor_op.name}/{ADMIN}", target=ENTRY_TARGET)
	bare = Operation("Frappe's submit, no sales_mgmt code", floor=f"{floor_op.name}/{ADMIN}")
	for i in range(warmup + repeat):
		doc, bare_doc = draft_entry(account), draft_entry(account, BARE)
		timings = (
			stopwatch(lambda doc=doc: submit(doc)),
			stopwatch(lambda: write_entry_rows(account, currency)),
			stopwatch(lambda doc=bare_doc: submit(doc)),
		)
		if i >= warmup:
			for op, elapsed in zip((entry, floor_op, bare), timings, strict=True):
				op.timings.append(elapsed)
	extra = Operation("sales_mgmt's extra cost on submit", floor=f"{floor_op.name}/{ADMIN}")
	extra.timings = [e - b for e, b in zip(entry.timings, bare.timings, strict=True)]
	return [entry, floor_op, bare, extra]


# --- concurrency -----------------------------------------------------------------------------------------


def race_setup(processes: int) -> dict:
	"""Two accounts (opened today in yuan, with 1,000,000 each) and one small income entry per process
	on the first, cancelled during the race."""
	for name in RACE_ACCOUNTS:
		if not frappe.db.exists(ACCOUNT, name):
			frappe.get_doc(
				{
					"doctype": ACCOUNT,
					"account_name": name,
					"account_type": "Bank",
					"currency": "CNY",
					"opening_date": nowdate(),
					"opening_balance": 1_000_000,
				}
			).insert()
	earlier = []
	for _ in range(processes):
		doc = frappe.get_doc(
			{
				"doctype": ENTRY,
				"cash_account": RACE_ACCOUNTS[0],
				"entry_type": "Income",
				"posting_date": nowdate(),
				"amount": 100,
				"remarks": "benchmark race",
			}
		).insert()
		doc.submit()
		earlier.append(doc.name)
	frappe.db.commit()
	return {"accounts": RACE_ACCOUNTS, "earlier": earlier}


def attempt(outcome: dict, posting) -> None:
	try:
		posting()
		frappe.db.commit()
		outcome["ok"] += 1
	except Exception as e:
		frappe.db.rollback()
		outcome["error"] += 1
		if isinstance(e, frappe.QueryDeadlockError):
			outcome["deadlocks"] += 1
		elif isinstance(e, frappe.QueryTimeoutError):
			outcome["lock_timeouts"] += 1
		outcome["errors"].append(repr(e)[:200])


def race_worker(site: str, sites_path: str, setup: dict, index: int, actions: int, start, results) -> None:
	"""Save drafts of income, expenses and transfers (both ways between the two accounts), then on the
	start signal submit them and cancel this process's earlier entry, in random order, one transaction
	each."""
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	outcome = {"ok": 0, "error": 0, "deadlocks": 0, "lock_timeouts": 0, "errors": []}
	rng = random.Random(f"cash race:{index}")
	a, b = setup["accounts"]
	try:
		frappe.set_user(ADMIN)
		work = [("cancel", setup["earlier"][index])]
		for n in range(actions):
			kind = ("Income", "Expense", "Transfer")[n % 3]
			doc = {
				"doctype": ENTRY,
				"cash_account": a if kind != "Transfer" or rng.random() < 0.5 else b,
				"entry_type": kind,
				"posting_date": nowdate(),
				"amount": rng.randrange(1, 500),
				"remarks": "benchmark race",
			}
			if kind == "Transfer":
				doc["to_account"] = b if doc["cash_account"] == a else a
			work.append(("submit", frappe.get_doc(doc).insert()))
		frappe.db.commit()
		rng.shuffle(work)
		start.wait()
		for action, target in work:
			if action == "cancel":
				attempt(outcome, frappe.get_doc(ENTRY, target).cancel)
			else:
				attempt(outcome, target.submit)
	finally:
		results.put(outcome)
		frappe.destroy()


def moved(account: str) -> float:
	"""What the submitted entries (those cancelled left out) moved on `account`: income +, expense −,
	a transfer out − its amount, in + what it brought."""
	return flt(
		frappe.db.sql(
			f"""select coalesce(sum(case
				when cash_account = %(a)s and entry_type = 'Income' then amount
				when cash_account = %(a)s then -amount
				else to_amount end), 0)
			from `tab{ENTRY}` where docstatus = 1 and (cash_account = %(a)s or to_account = %(a)s)""",
			{"a": account},
		)[0][0],
		2,
	)


def race(site: str, processes: int, actions: int) -> dict:
	from sales_mgmt.money.cash_ledger import recompute_balance

	setup = race_setup(processes)
	accounts = setup["accounts"]
	before = {a: (flt(frappe.db.get_value(ACCOUNT, a, "current_balance")), moved(a)) for a in accounts}
	outcomes, elapsed = in_processes(
		race_worker,
		[(site, frappe.local.sites_path, setup, i, actions) for i in range(processes)],
		settle=3,
		timeout=900,
	)
	frappe.db.rollback()
	balances = {}
	for account in accounts:
		balance = flt(frappe.db.get_value(ACCOUNT, account, "current_balance"))
		was, moved_before = before[account]
		balances[account] = {
			"balance": balance,
			"opening_plus_ledger": recompute_balance(account),
			"before_plus_submitted": flt(was + moved(account) - moved_before, 2),
		}
	return {
		"processes": processes,
		"actions_per_process": actions,
		"succeeded": sum(o["ok"] for o in outcomes),
		"errors": sum(o["error"] for o in outcomes),
		"deadlocks": sum(o["deadlocks"] for o in outcomes),
		"lock_timeouts": sum(o["lock_timeouts"] for o in outcomes),
		"error_samples": [e for o in outcomes for e in o["errors"]][:5],
		"seconds": round(elapsed, 2),
		"balances": balances,
		"consistent": all(
			abs(v["balance"] - v["opening_plus_ledger"]) < 0.005
			and abs(v["balance"] - v["before_plus_submitted"]) < 0.005
			for v in balances.values()
		),
	}


# --- report ------------------------------------------------------------------------------------------------


def describe(account: str, users: dict[str, frappe._dict]) -> dict:
	count = frappe.db.count
	visible = {
		user: frappe.db.sql(
			f"select count(*) from `tab{ACCOUNT}` a where 1 = 1{listed(scope.cash, 'a.name')}"
		)[0][0]
		for user, scope in users.items()
	}
	return {
		"cash_accounts": count(ACCOUNT),
		"cash_entries": count(ENTRY),
		"ledger_rows": count(LEDGER),
		"ledger_account": account,
		"ledger_account_rows": count(LEDGER, {"cash_account": account}),
		"expenses": count("SM Expense"),
		"expenses_submitted": count("SM Expense", {"docstatus": 1}),
		"expenses_flagged": count("SM Expense", {"docstatus": 1, "is_flagged": 1}),
		"visible_accounts": visible,
		"today": str(getdate()),
		**server_info(),
	}


def explain(cases: dict, users: dict[str, frappe._dict]) -> dict:
	plans = {}
	_report, filters = cases["Ledger, a year"]
	plans["ledger rows of the account in the range"] = frappe.db.sql(
		f"""explain select l.name from `tab{LEDGER}` l where l.cash_account = %(a)s
		and l.posting_date between %(f)s and %(t)s order by l.posting_date, l.name""",
		{"a": filters["cash_account"], "f": filters["from_date"], "t": filters["to_date"]},
		as_dict=True,
	)
	_report, filters = cases["Position, today"]
	for user, scope in users.items():
		plans[f"income and expense per month / {user}"] = frappe.db.sql(
			f"""explain select month(l.posting_date), sum(l.base_amount) from `tab{LEDGER}` l
			where l.posting_date between %(s)s and %(d)s and l.entry_type in ('Income', 'Expense')
			{listed(scope.cash, "l.cash_account")} group by 1""",
			{"s": add_days(add_months(getdate(filters["date"]), -12), 1), "d": filters["date"]},
			as_dict=True,
		)
	return plans


def main() -> None:
	def add_options(parser):
		parser.add_argument("--owner", default="owner@demo.sales", help="a Business Owner (every account)")
		parser.add_argument(
			"--manager", default="manager@demo.sales", help="a user whose access lists name some accounts"
		)
		parser.add_argument(
			"--account", default="华东收款户（浦发银行）", help="the account of Cash Account Ledger"
		)
		parser.add_argument("--processes", type=int, default=8, help="parallel connections in the race")
		parser.add_argument("--actions", type=int, default=15, help="entries each connection submits")

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=20, warmup=3, add_arguments=add_options), run)


def run(args) -> None:
	frappe.set_user(ADMIN)
	from sales_mgmt.people.hierarchy import get_salesperson, get_subtree

	# what each user sees: the cash accounts listing them (None: all), the salespeople below them
	users = {
		args.owner: frappe._dict(cash=None, subtree=None),
		args.manager: frappe._dict(cash=args.manager, subtree=get_subtree(get_salesperson(args.manager))),
	}
	cases = report_cases(args.account, getdate())
	data = describe(args.account, users)
	print(
		f"{data['cash_accounts']} cash accounts, {data['cash_entries']:,} cash entries, {data['ledger_rows']:,} "
		f"ledger rows ({data['ledger_account_rows']:,} of {args.account}), {data['expenses']:,} expenses "
		f"({data['expenses_submitted']:,} submitted, {data['expenses_flagged']:,} of them flagged); accounts visible: "
		f"{data['visible_accounts']}; " + server_line(data, args)
	)
	checks = same_numbers(cases, users)
	print(f"floors return the reports' numbers: {checks}\n")

	ops = report_operations(cases, users)
	measure(ops, args.warmup, args.repeat)
	entries = time_entries(args.account, args.repeat, args.warmup)
	rows = result_rows(ops) + result_rows(entries)
	print_user_rows(rows, (46, 20, 10, 9, 9, 6))
	missed = [f"{r['operation']} / {r['user']}" for r in rows if r.get("met") is False]
	print(
		"\ntargets (reports ≤ 1.5×, the entry ≤ 3× its floor): "
		+ (f"NOT met by {', '.join(missed)}" if missed else "met by every row")
	)

	contest = race(args.site, args.processes, args.actions)
	print(
		f"\nrace: {contest['processes']} connections × {contest['actions_per_process']} income, expense and "
		f"transfer entries (and one cancellation each) on 2 accounts: {contest['succeeded']} succeeded, "
		f"{contest['errors']} errors ({contest['deadlocks']} deadlocks, {contest['lock_timeouts']} lock wait "
		f"timeouts) in {contest['seconds']} s; balances {contest['balances']}; balance = opening + ledger = "
		f"before + submitted entries: {'yes' if contest['consistent'] else 'NO'}"
	)
	for sample in contest["error_samples"]:
		print(f"  error: {sample}")
	path = write_results(
		"cash-",
		args,
		data=data,
		same_numbers=checks,
		results=rows,
		race=contest,
		explain=explain(cases, users),
	)
	print(f"results written to {path}")


if __name__ == "__main__":
	main()
