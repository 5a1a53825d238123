"""Floors for the People benchmarks on the `large` data set (200 salespeople, 1,000,000 activities over
a year, 100,000 sales orders with payments, 200,000 expenses): hand-written SQL for the Salesperson
KPI report and for the figures of one day's daily reports, written apart from the product's code (no
import of sales_mgmt.people), each returning plain numbers per salesperson.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/people.py --site sm-bench.localhost

- floors (always): `floor_kpi` for a month and a year, and `floor_daily_figures` for one day, as
  Administrator (every salesperson) and for a regional manager's subtree, timed next to each other;
- the product: `product_operations` takes the product's callables as parameters — `kpi(from_date,
  to_date)` returning {salesperson: {metric: number}} as the user it runs as (`report_kpi`: the
  Salesperson KPI report as the desk runs it, `frappe.desk.query_report.run`, its rows read through
  KPI_COLUMNS), `daily(day)` generating every enabled salesperson's Daily report of `day`
  (`generate_daily`: daily_report.generate_all, committed), whose stored figures
  (`stored_daily_figures`) are compared with the floor, and `daily_compute(day)` (`compute_daily`:
  daily_report.compute alone) — each timed next to its floor (reports held to 1.5× the floor) and
  compared with it by `compare` (the same salespeople, every metric the two share equal to the cent).
  Before timing, the day's Daily reports are deleted and generated once (`first_generation`: the
  scheduled job's case, timed once); the timed runs regenerate (update) them. `--floors-only` skips
  the product.

Prints a table and writes JSON to benchmarks/results/people-<timestamp>.json. Not a test.
"""

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

import frappe
from frappe.utils import flt, getdate
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

REPORT_TARGET = 1.5
ADMIN = "Administrator"
# how a customer is attributed to a salesperson for new and lost customers: the customer's
# salesperson now ("customer"), or the salesperson of the order that made it new / of its last order
# in the previous period ("order")
CUSTOMER, ORDER = "customer", "order"
KPI_METRICS = (
	"contract_amount",
	"collected_amount",
	"gross_profit",
	"signed_customers",
	"orders",
	"done_visits",
	"successful_visits",
	"visits_per_working_day",
	"visit_success_rate",
	"revenue_per_visit",
	"orders_per_100_visits",
	"new_customers",
	"lost_customers",
)
LONG_PERIOD_DAYS = 92
ACTIVITY_TYPES = ("Visit", "Call", "Meeting", "Email", "Demo", "Other")
OUTCOMES = ("Successful", "Unsuccessful", "Follow-up Needed")


# --- scope ---------------------------------------------------------------------------------------------


def all_salespeople() -> list[str]:
	return frappe.db.sql_list("select name from `tabSM Salesperson` order by name")


def subtree_of(user: str) -> list[str]:
	"""The salesperson of `user` and everyone below it, from the nested set (lft/rgt)."""
	return frappe.db.sql_list(
		"""select sp.name from `tabSM Salesperson` sp
		join `tabSM Salesperson` top on sp.lft >= top.lft and sp.rgt <= top.rgt
		where top.user = %s order by sp.name""",
		user,
	)


def working_days(from_date: date, to_date: date) -> int:
	"""Monday to Friday from `from_date` to `to_date`, both included (no holiday calendar)."""
	days, day = 0, from_date
	while day <= to_date:
		days += day.weekday() < 5
		day += timedelta(days=1)
	return days


def _in(column: str, names: list[str] | None) -> str:
	"""The scope condition: none for everyone (None), as a Business Owner's report has none."""
	if names is None:
		return "1 = 1"
	return f"{column} in ({', '.join(frappe.db.escape(n) for n in names)})" if names else "1 = 0"


# --- Salesperson KPI -------------------------------------------------------------------------------------


def floor_kpi(
	from_date, to_date, salespeople: list[str] | None = None, attribution: str = CUSTOMER
) -> dict[str, dict]:
	"""Per salesperson of `salespeople` (None: every salesperson), for the period `from_date`..`to_date` (both included):

	- contract_amount, gross_profit, orders, signed_customers: submitted SM Sales Orders (docstatus 1)
	  with order_date in the period, by the order's salesperson: sum of base_total, sum of gross_profit
	  (base currency), count, distinct customers;
	- collected_amount: submitted SM Payments with payment_date in the period, sum of base_amount, by
	  the payment's salesperson;
	- done_visits, successful_visits: SM Activity of type Visit, status Done, activity_date in the
	  period (with outcome Successful);
	- visits_per_working_day = done_visits ÷ Monday–Friday days from the first day to the last day or
	  today, whichever is earlier; visit_success_rate = successful ÷ done visits × 100;
	  revenue_per_visit = contract_amount ÷ done visits; orders_per_100_visits = orders ÷ done visits ×
	  100 (0 without done visits);
	- new_customers: customers whose first submitted order ever is in the period; lost_customers:
	  customers with a submitted order in the previous comparable period (`previous_period`: as many
	  whole months just before, otherwise as many days) and none in this one; both by `attribution`
	  (CUSTOMER: the customer's salesperson, as the report documents it; ORDER: the salesperson of its
	  first order — of its last order of the previous period for a lost one).

	These follow README "### Sales targets and KPIs" (the product's documented definitions)."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	length = (to_date - from_date).days + 1
	before_from, before_to = previous_period(from_date, to_date)
	params = {"from": from_date, "to": to_date, "before_from": before_from, "before_to": before_to}
	figures = {
		name: dict.fromkeys(KPI_METRICS, 0)
		for name in (all_salespeople() if salespeople is None else salespeople)
	}
	so_scope, pay_scope, act_scope = (
		_in("so.salesperson", salespeople),
		_in("p.salesperson", salespeople),
		_in("a.salesperson", salespeople),
	)
	for name, amount, profit, orders, customers in frappe.db.sql(
		f"""select so.salesperson, sum(so.base_total), sum(so.gross_profit), count(*),
			count(distinct so.customer)
		from `tabSM Sales Order` so
		where so.docstatus = 1 and so.order_date between %(from)s and %(to)s and {so_scope}
		group by so.salesperson""",
		params,
	):
		_row(figures, name).update(
			contract_amount=flt(amount, 2),
			gross_profit=flt(profit, 2),
			orders=orders,
			signed_customers=customers,
		)
	for name, amount in frappe.db.sql(
		f"""select p.salesperson, sum(p.base_amount) from `tabSM Payment` p
		where p.docstatus = 1 and p.payment_date between %(from)s and %(to)s and {pay_scope}
		group by p.salesperson""",
		params,
	):
		_row(figures, name)["collected_amount"] = flt(amount, 2)
	# over more than a quarter the period holds a large share of the activities: one pass over the
	# table beats reading them through an index (no index covers type, status and date together)
	scan = "use index ()" if length > LONG_PERIOD_DAYS else ""
	for name, done, successful in frappe.db.sql(
		f"""select a.salesperson, count(*), sum(a.outcome = 'Successful')
		from `tabSM Activity` a {scan}
		where a.activity_type = 'Visit' and a.status = 'Done'
			and a.activity_date between %(from)s and %(to)s and {act_scope}
		group by a.salesperson""",
		params,
	):
		_row(figures, name).update(done_visits=done, successful_visits=int(successful or 0))
	if attribution == CUSTOMER:
		for name, new, lost in _new_and_lost_customers(params, salespeople):
			_row(figures, name).update(new_customers=int(new or 0), lost_customers=int(lost or 0))
	else:
		for name, count in _new_customers(params, salespeople):
			_row(figures, name)["new_customers"] = count
		for name, count in _lost_customers(params, salespeople):
			_row(figures, name)["lost_customers"] = count
	days = working_days(from_date, min(to_date, getdate(frappe.utils.today())))
	for row in figures.values():
		visits = row["done_visits"]
		row["visits_per_working_day"] = flt(visits / days, 2) if days else 0
		row["visit_success_rate"] = flt(100 * row["successful_visits"] / visits, 2) if visits else 0
		row["revenue_per_visit"] = flt(row["contract_amount"] / visits, 2) if visits else 0
		row["orders_per_100_visits"] = flt(100 * row["orders"] / visits, 2) if visits else 0
	return figures


def previous_period(from_date: date, to_date: date) -> tuple[date, date]:
	"""README "Lost Customers": whole calendar months -> as many months just before; otherwise as many
	days just before."""
	if from_date.day == 1 and (to_date + timedelta(days=1)).day == 1:
		months = (to_date.year - from_date.year) * 12 + to_date.month - from_date.month + 1
		index = from_date.year * 12 + from_date.month - 1 - months
		return date(index // 12, index % 12 + 1, 1), from_date - timedelta(days=1)
	length = (to_date - from_date).days + 1
	return from_date - timedelta(days=length), from_date - timedelta(days=1)


def _new_and_lost_customers(params: dict, salespeople: list[str] | None) -> list[tuple]:
	"""By the customer's salesperson, in one pass over the submitted orders grouped by customer: new
	(first order ever in the period) and lost (an order in the previous period, none in this one)."""
	return frappe.db.sql(
		f"""select c.salesperson, sum(f.first_day between %(from)s and %(to)s),
			sum(f.before_count > 0 and f.now_count = 0)
		from (select customer, min(order_date) as first_day,
				sum(order_date between %(before_from)s and %(before_to)s) as before_count,
				sum(order_date between %(from)s and %(to)s) as now_count
			from `tabSM Sales Order` where docstatus = 1 group by customer) f
		join `tabSM Customer` c on c.name = f.customer
		where {_in("c.salesperson", salespeople)}
		group by c.salesperson""",
		params,
	)


def _new_customers(params: dict, salespeople: list[str] | None) -> list[tuple]:
	"""By the salesperson of the customer's first order (the earliest by date, then by name)."""
	return frappe.db.sql(
		f"""select x.salesperson, count(*) from (
				select so.customer, so.salesperson, so.order_date,
					row_number() over (partition by so.customer order by so.order_date, so.name) as n
				from `tabSM Sales Order` so where so.docstatus = 1) x
		where x.n = 1 and x.order_date between %(from)s and %(to)s and {_in("x.salesperson", salespeople)}
		group by x.salesperson""",
		params,
	)


def _lost_customers(params: dict, salespeople: list[str] | None) -> list[tuple]:
	"""By the salesperson of the customer's last order of the previous period."""
	lost = """select so.customer from `tabSM Sales Order` so
		where so.docstatus = 1 and so.order_date between %(before_from)s and %(before_to)s
			and not exists (select 1 from `tabSM Sales Order` now
				where now.customer = so.customer and now.docstatus = 1
				and now.order_date between %(from)s and %(to)s)"""
	return frappe.db.sql(
		f"""select x.salesperson, count(*) from (
				select so.customer, so.salesperson,
					row_number() over (partition by so.customer order by so.order_date desc, so.name desc) as n
				from `tabSM Sales Order` so
				where so.docstatus = 1 and so.order_date between %(before_from)s and %(before_to)s
					and so.customer in (select customer from ({lost}) l)) x
		where x.n = 1 and {_in("x.salesperson", salespeople)}
		group by x.salesperson""",
		params,
	)


# --- the figures of a day's daily reports ---------------------------------------------------------------


def floor_daily_figures(day, salespeople: list[str] | None = None, now=None) -> dict[str, dict]:
	"""Per salesperson of `salespeople` (None: every salesperson), for `day`:

	- done_<type> and outcome_<outcome> (spaces and hyphens as underscores, lower case), done_activities:
	  SM Activity with status Done and activity_date `day`, by activity_type and by outcome;
	- overdue_planned: status Planned, activity_date `day`, whose end (its start without an end) is
	  before `now` (the moment of generation; default now);
	- customers_touched: distinct customers of the done activities of `day`;
	- new_leads: SM Lead created on `day`; new_opportunities: SM Opportunity with opportunity_date
	  `day`, by their salesperson;
	- stage_moves: SM Opportunity Stage Log rows changed on `day` that move from a stage (the first row
	  of an opportunity, which has no from_stage, is its creation), by the opportunity's salesperson;
	- deals_won, deals_lost: SM Opportunity with status Won / Lost and closed_on `day`; won_amount,
	  lost_amount: their base_amount;
	- contract_amount, orders: submitted SM Sales Orders with order_date `day` (base_total, count);
	- collected_amount, payments: submitted SM Payments with payment_date `day` (base_amount, count);
	- expenses, expense_amount: submitted (approved, docstatus 1) SM Expenses with expense_date `day`;
	- tasks_completed: ToDo allocated to the salesperson's user, status Closed, modified on `day`;
	  tasks_overdue: ToDo allocated to the user, status Open, date on or before `day`."""
	day = getdate(day)
	params = {"day": day, "next": day + timedelta(days=1), "now": now or frappe.utils.now_datetime()}
	zero = {
		**{f"done_{t.lower()}": 0 for t in ACTIVITY_TYPES},
		**{f"outcome_{_key(o)}": 0 for o in OUTCOMES},
		"done_activities": 0,
		"overdue_planned": 0,
		"customers_touched": 0,
		"new_leads": 0,
		"new_opportunities": 0,
		"stage_moves": 0,
		"deals_won": 0,
		"deals_lost": 0,
		"won_amount": 0,
		"lost_amount": 0,
		"contract_amount": 0,
		"orders": 0,
		"collected_amount": 0,
		"payments": 0,
		"expenses": 0,
		"expense_amount": 0,
		"tasks_completed": 0,
		"tasks_overdue": 0,
	}
	figures = {name: dict(zero) for name in (all_salespeople() if salespeople is None else salespeople)}
	act_scope = _in("a.salesperson", salespeople)
	for name, kind, outcome, count in frappe.db.sql(
		f"""select a.salesperson, a.activity_type, a.outcome, count(*) from `tabSM Activity` a
		where a.status = 'Done' and a.activity_date = %(day)s and {act_scope}
		group by a.salesperson, a.activity_type, a.outcome""",
		params,
	):
		row = _row(figures, name)
		row[f"done_{kind.lower()}"] += count
		row[f"outcome_{_key(outcome)}"] += count
		row["done_activities"] += count
	for name, count in frappe.db.sql(
		f"""select a.salesperson, count(distinct a.customer) from `tabSM Activity` a
		where a.status = 'Done' and a.activity_date = %(day)s and a.customer <> '' and {act_scope}
		group by a.salesperson""",
		params,
	):
		_row(figures, name)["customers_touched"] = count
	for name, count in frappe.db.sql(
		f"""select a.salesperson, count(*) from `tabSM Activity` a
		where a.status = 'Planned' and a.activity_date = %(day)s
			and coalesce(a.ends_on, a.starts_on) < %(now)s and {act_scope}
		group by a.salesperson""",
		params,
	):
		_row(figures, name)["overdue_planned"] = count
	for condition, field in (
		("t.creation >= %(day)s and t.creation < %(next)s", "SM Lead"),
		("t.opportunity_date = %(day)s", "SM Opportunity"),
	):
		key = "new_leads" if field == "SM Lead" else "new_opportunities"
		for name, count in frappe.db.sql(
			f"""select t.salesperson, count(*) from `tab{field}` t
			where {condition} and {_in("t.salesperson", salespeople)}
			group by t.salesperson""",
			params,
		):
			_row(figures, name)[key] = count
	for name, moves in frappe.db.sql(
		f"""select o.salesperson, count(*)
		from `tabSM Opportunity Stage Log` l
		join `tabSM Opportunity` o on o.name = l.parent
		where l.parenttype = 'SM Opportunity' and l.parentfield = 'stage_log' and l.from_stage <> ''
			and l.changed_on >= %(day)s and l.changed_on < %(next)s and {_in("o.salesperson", salespeople)}
		group by o.salesperson""",
		params,
	):
		_row(figures, name)["stage_moves"] = moves
	for name, won, won_amount, lost, lost_amount in frappe.db.sql(
		f"""select o.salesperson, sum(o.status = 'Won'), sum(if(o.status = 'Won', o.base_amount, 0)),
			sum(o.status = 'Lost'), sum(if(o.status = 'Lost', o.base_amount, 0))
		from `tabSM Opportunity` o
		where o.status in ('Won', 'Lost') and o.closed_on = %(day)s and {_in("o.salesperson", salespeople)}
		group by o.salesperson""",
		params,
	):
		_row(figures, name).update(
			deals_won=int(won or 0),
			deals_lost=int(lost or 0),
			won_amount=flt(won_amount, 2),
			lost_amount=flt(lost_amount, 2),
		)
	for doctype, date_field, amount, count_field, amount_field in (
		("SM Sales Order", "order_date", "base_total", "orders", "contract_amount"),
		("SM Payment", "payment_date", "base_amount", "payments", "collected_amount"),
		("SM Expense", "expense_date", "base_amount", "expenses", "expense_amount"),
	):
		for name, count, total in frappe.db.sql(
			f"""select t.salesperson, count(*), sum(t.{amount}) from `tab{doctype}` t
			where t.docstatus = 1 and t.{date_field} = %(day)s and {_in("t.salesperson", salespeople)}
			group by t.salesperson""",
			params,
		):
			_row(figures, name).update({count_field: count, amount_field: flt(total, 2)})
	for name, completed, overdue in frappe.db.sql(
		f"""select sp.name,
			sum(td.status = 'Closed' and td.modified >= %(day)s and td.modified < %(next)s),
			sum(td.status = 'Open' and td.date < %(next)s)
		from `tabToDo` td join `tabSM Salesperson` sp on sp.user = td.allocated_to
		where {_in("sp.name", salespeople)}
		group by sp.name""",
		params,
	):
		_row(figures, name).update(tasks_completed=int(completed or 0), tasks_overdue=int(overdue or 0))
	return figures


def _row(figures: dict[str, dict], name: str | None) -> dict:
	"""The salesperson's figures; records of no salesperson (or, for everyone, of a salesperson deleted
	since) go into a row that is thrown away."""
	return figures[name] if name in figures else defaultdict(int)


def _key(outcome: str) -> str:
	return outcome.lower().replace(" ", "_").replace("-", "_")


# --- comparing the product's numbers with a floor's -----------------------------------------------------


def compare(product: dict[str, dict], floor: dict[str, dict], places: int = 2) -> bool | dict:
	"""True when both hold the same salespeople and every metric the two share is equal (rounded to
	`places`; None and 0 equal); else the salespeople only one side has and the first differences."""
	only = sorted(product.keys() ^ floor.keys())
	differences = []
	for name in sorted(product.keys() & floor.keys()):
		mine, theirs = product[name], floor[name]
		for metric in sorted(mine.keys() & theirs.keys()):
			a, b = round(flt(mine[metric]), places), round(flt(theirs[metric]), places)
			if a != b:
				differences.append([name, metric, mine[metric], theirs[metric]])
	shared = set().union(*(set(r) for r in product.values())) & set().union(*(set(r) for r in floor.values()))
	if not only and not differences and (shared or not product):
		return True
	return {
		"only_in_product": [n for n in only if n in product][:5],
		"only_in_floor": [n for n in only if n in floor][:5],
		"metrics_compared": sorted(shared),
		"differences": differences[:10],
		"difference_count": len(differences),
	}


def desk_kpi(filters_for: Callable[[date, date], dict], columns: dict[str, str], key: str = "salesperson"):
	"""A `kpi(from_date, to_date)` for `product_operations`: the report "Salesperson KPI" as the desk
	runs it (`frappe.desk.query_report.run`, not prepared), its rows read as {row[key]: {metric:
	row[column]}} through `columns` (metric -> the report's fieldname); rows without `key` (totals,
	team lines) are left out."""

	def kpi(from_date, to_date) -> dict[str, dict]:
		from frappe.desk.query_report import run

		result = run("Salesperson KPI", filters=filters_for(from_date, to_date), ignore_prepared_report=True)
		rows = {}
		for row in result["result"]:
			if isinstance(row, dict) and row.get(key):
				rows[row[key]] = {metric: row.get(field) for metric, field in columns.items()}
		return rows

	return kpi


# --- operations --------------------------------------------------------------------------------------------


def periods(day: date) -> dict[str, tuple[date, date]]:
	"""The calendar month before `day`'s month, and `day`'s calendar year."""
	last = day.replace(day=1) - timedelta(days=1)
	return {
		"month": (last.replace(day=1), last),
		"year": (date(day.year, 1, 1), date(day.year, 12, 31)),
	}


def floor_operations(day: date, manager: str) -> list[Operation]:
	everyone, subtree = None, subtree_of(manager)
	ops = []
	for label, (start, end) in periods(day).items():
		for user, names in ((ADMIN, everyone), (manager, subtree)):
			ops.append(
				Operation(f"KPI {label}: SQL floor", user, lambda s=start, e=end, n=names: floor_kpi(s, e, n))
			)
	ops.append(
		Operation("daily figures, one day: SQL floor", ADMIN, lambda: floor_daily_figures(day, everyone))
	)
	return ops


def product_operations(
	day: date,
	manager: str,
	owner: str,
	kpi: Callable[[date, date], dict] | None = None,
	daily: Callable[[date], object] | None = None,
	daily_figures: Callable[[date], dict] | None = None,
	daily_compute: Callable[[date], dict] | None = None,
) -> tuple[list[Operation], dict]:
	"""The product's operations next to their floors (operations of `floor_operations`): the
	Salesperson KPI report (`kpi`) for the month and the year as the Business Owner `owner` and as the
	regional manager `manager`, each checked against the floor of the same scope; generating every
	daily report of `day` (`daily`), its stored figures (`daily_figures(day)`) checked against the
	day's floor; computing the day's figures alone (`daily_compute`), checked the same way. Returns
	(operations, checks)."""
	everyone, subtree = None, subtree_of(manager)
	ops, checks = [], {}
	if kpi:
		for label, (start, end) in periods(day).items():
			for user, names, floor_user in ((owner, everyone, ADMIN), (manager, subtree, manager)):
				frappe.set_user(user)
				checks[f"KPI {label} / {user}"] = compare(kpi(start, end), floor_kpi(start, end, names))
				ops.append(
					Operation(
						f"KPI {label}: desk run",
						user,
						lambda s=start, e=end: kpi(s, e),
						floor=f"KPI {label}: SQL floor/{floor_user}",
						target=REPORT_TARGET,
					)
				)
		frappe.set_user(ADMIN)
	if daily:
		daily(day)
		checks["daily reports stored"] = compare(daily_figures(day), floor_daily_figures(day, everyone))
		ops.append(
			Operation(
				"generate all daily reports of a day",
				ADMIN,
				lambda: daily(day),
				floor=f"daily figures, one day: SQL floor/{ADMIN}",
			)
		)
	if daily_compute:
		checks["daily figures computed"] = compare(daily_compute(day), floor_daily_figures(day, everyone))
		ops.append(
			Operation(
				"daily figures, one day: product compute",
				ADMIN,
				lambda: daily_compute(day),
				floor=f"daily figures, one day: SQL floor/{ADMIN}",
				target=REPORT_TARGET,
			)
		)
	return ops, checks


# --- the product's callables (the only part that runs sales_mgmt's code) ------------------------------------

# floor metric -> the Salesperson KPI report's fieldname
KPI_COLUMNS = {
	"contract_amount": "contract_amount",
	"collected_amount": "collected_amount",
	"gross_profit": "gross_profit",
	"signed_customers": "signed_customers",
	"orders": "orders",
	"done_visits": "visits",
	"successful_visits": "successful_visits",
	"visits_per_working_day": "visits_per_day",
	"visit_success_rate": "visit_success_rate",
	"revenue_per_visit": "revenue_per_visit",
	"orders_per_100_visits": "orders_per_100_visits",
	"new_customers": "new_customers",
	"lost_customers": "lost_customers",
}
# SM Daily Report's field -> the floor's metric
DAILY_FIELDS = {
	"activities_done": "done_activities",
	"visits": "done_visit",
	"calls": "done_call",
	"meetings": "done_meeting",
	"emails": "done_email",
	"demos": "done_demo",
	"other_activities": "done_other",
	"successful": "outcome_successful",
	"unsuccessful": "outcome_unsuccessful",
	"follow_up_needed": "outcome_follow_up_needed",
	"activities_not_done": "overdue_planned",
	"customers_touched": "customers_touched",
	"new_leads": "new_leads",
	"new_opportunities": "new_opportunities",
	"stage_moves": "stage_moves",
	"deals_won": "deals_won",
	"deals_lost": "deals_lost",
	"won_amount": "won_amount",
	"lost_amount": "lost_amount",
	"orders_signed": "orders",
	"contract_amount": "contract_amount",
	"payments_received": "payments",
	"collection_amount": "collected_amount",
	"expenses_submitted": "expenses",
	"expense_amount": "expense_amount",
	"tasks_completed": "tasks_completed",
	"tasks_overdue": "tasks_overdue",
}

# the report as the desk runs it: the salesperson view of the period, as the user it runs as
report_kpi = desk_kpi(
	lambda start, end: {"from_date": str(start), "to_date": str(end), "view": "Salesperson"}, KPI_COLUMNS
)


def generate_daily(day) -> None:
	"""Every enabled salesperson's Daily report of `day`, committed as the scheduled job commits."""
	from sales_mgmt.people.daily_report import DAILY, generate_all

	generate_all(day, DAILY)
	frappe.db.commit()


def stored_daily_figures(day) -> dict[str, dict]:
	"""The figures the Daily reports of `day` hold, under the floor's names."""
	rows = frappe.db.sql(
		f"""select salesperson, {", ".join(DAILY_FIELDS)} from `tabSM Daily Report`
		where period_type = 'Daily' and report_date = %s""",
		getdate(day),
		as_dict=True,
	)
	return {row.salesperson: {DAILY_FIELDS[f]: row[f] for f in DAILY_FIELDS} for row in rows}


def compute_daily(day) -> dict[str, dict]:
	"""The product's figures of `day` for every enabled salesperson (no documents written)."""
	from sales_mgmt.people.daily_report import compute, enabled_salespeople

	figures = compute(enabled_salespeople(), day, day)
	return {name: {DAILY_FIELDS[f]: row[f] for f in DAILY_FIELDS} for name, row in figures.items()}


def first_generation(day) -> dict:
	"""Generating the Daily reports of `day` when none exists yet (the scheduled job's case): the day's
	Daily reports are deleted first (benchmark site only), then generated once and timed."""
	names = frappe.db.sql_list(
		"select name from `tabSM Daily Report` where period_type = 'Daily' and report_date = %s", getdate(day)
	)
	if names:
		frappe.db.sql(
			"delete from `tabSM Daily Report Activity` where parenttype = 'SM Daily Report' and parent in %s",
			(tuple(names),),
		)
		frappe.db.sql("delete from `tabSM Daily Report` where name in %s", (tuple(names),))
		frappe.db.commit()
	frappe.set_user(ADMIN)
	started = time.perf_counter()
	generate_daily(day)
	seconds = time.perf_counter() - started
	return {
		"reports": frappe.db.count("SM Daily Report", {"period_type": "Daily", "report_date": getdate(day)}),
		"activity_log_rows": frappe.db.sql(
			"""select count(*) from `tabSM Daily Report Activity` l join `tabSM Daily Report` r on r.name = l.parent
			where r.period_type = 'Daily' and r.report_date = %s""",
			getdate(day),
		)[0][0],
		"seconds": round(seconds, 2),
	}


# --- report ------------------------------------------------------------------------------------------------


def describe(day: date, manager: str) -> dict:
	count = frappe.db.count
	month, year = periods(day)["month"], periods(day)["year"]
	return {
		"activities": count("SM Activity"),
		"done_visits_in_year": count(
			"SM Activity",
			{
				"activity_type": "Visit",
				"status": "Done",
				"activity_date": ("between", [str(year[0]), str(year[1])]),
			},
		),
		"salespeople": count("SM Salesperson"),
		"sales_orders": count("SM Sales Order", {"docstatus": 1}),
		"payments": count("SM Payment", {"docstatus": 1}),
		"expenses": count("SM Expense"),
		"day": str(day),
		"month": [str(month[0]), str(month[1])],
		"year": [str(year[0]), str(year[1])],
		"working_days": {"month": working_days(*month), "year": working_days(*year)},
		"manager": manager,
		"manager_subtree_salespeople": len(subtree_of(manager)),
		**server_info(),
	}


def totals(figures: dict[str, dict]) -> dict:
	"""Sum of each additive figure over the salespeople (shown so that a run can be read at a glance)."""
	summed = defaultdict(float)
	for row in figures.values():
		for metric, value in row.items():
			if metric not in (
				"visits_per_working_day",
				"visit_success_rate",
				"revenue_per_visit",
				"orders_per_100_visits",
			):
				summed[metric] += flt(value)
	return {metric: round(value, 2) for metric, value in summed.items()}


def main() -> None:
	def add_options(parser):
		parser.add_argument(
			"--manager", default="manager@demo.sales", help="a Sales Manager (regional manager)"
		)
		parser.add_argument("--owner", default="owner@demo.sales", help="a Business Owner")
		parser.add_argument(
			"--day", default=None, help="the day of the daily reports (default: the demo's base date)"
		)
		parser.add_argument(
			"--floors-only", action="store_true", help="time the floors alone, not the product"
		)

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=5, warmup=1, add_arguments=add_options), run)


def base_date() -> date:
	"""The last day the demo data covers (the marker the demo loader keeps), else today."""
	import json

	loaded = frappe.db.get_global("sales_mgmt_demo")
	return getdate(json.loads(loaded)["base_date"]) if loaded else getdate()


def run(args) -> None:
	frappe.set_user(ADMIN)
	day = getdate(args.day) if args.day else base_date()
	data = describe(day, args.manager)
	print(
		f"{data['activities']:,} activities, {data['salespeople']} salespeople, {data['sales_orders']:,} submitted "
		f"orders, {data['payments']:,} submitted payments, {data['expenses']:,} expenses; day {day}, month "
		f"{data['month'][0]}..{data['month'][1]}, year {data['year'][0]}..{data['year'][1]}; "
		f"{args.manager}: {data['manager_subtree_salespeople']} salespeople; " + server_line(data, args)
	)
	ops = floor_operations(day, args.manager)
	first = None
	if args.floors_only:
		product, checks = [], {}
		print("--floors-only: timing the floors only\n")
	else:
		first = first_generation(day)
		print(
			f"first generation of the day's Daily reports (none existed): {first['reports']} reports, "
			f"{first['activity_log_rows']:,} activity log rows in {first['seconds']:.1f} s"
		)
		product, checks = product_operations(
			day, args.manager, args.owner, report_kpi, generate_daily, stored_daily_figures, compute_daily
		)
		print(f"product and floors return the same numbers: {checks}\n")
	ops += product
	measure(ops, args.warmup, args.repeat)
	rows = result_rows(ops)
	print_user_rows(rows, (40, 20, 10, 9, 9, 6))
	everyone = None
	samples = {label: totals(floor_kpi(start, end, everyone)) for label, (start, end) in periods(day).items()}
	samples["day"] = totals(floor_daily_figures(day, everyone))
	for label, summed in samples.items():
		print(f"\n{label} totals: {summed}")
	path = write_results(
		"people-", args, data=data, same_numbers=checks, first_generation=first, results=rows, totals=samples
	)
	print(f"results written to {path}")


if __name__ == "__main__":
	main()
