"""Sales targets and the KPIs measured against them (Salesperson KPI, Lost Customers, the People
workspace's cards), in one place.

Figures of a salesperson for a date range (both days included), each from one grouped query over the
records the viewer may see (sales_mgmt.reporting.scope_criteria, the list views' rule):

- contract amount (合同额): base total of the submitted sales orders dated in the range, by the
  order's salesperson; orders: how many; gross profit (利润额): their base gross profit;
  signed customers (签单客户数): distinct customers of those orders.
- collected amount (回款额): base amount of the submitted payments dated in the range.
- visits: Done activities of type Visit dated in the range; successful visits: those with outcome
  Successful. Visits per working day = visits ÷ the Monday-to-Friday days from the range's first day
  to its last day or today, whichever is earlier (0 when there are none); visit success rate =
  successful visits ÷ visits × 100; revenue per visit = contract amount ÷ visits; orders per 100
  visits = orders ÷ visits × 100 (each 0 without visits).
- new customers: customers of the salesperson (SM Customer's salesperson) whose first submitted
  sales order ever (any salesperson's) is dated in the range.
- lost customers: customers of the salesperson with a submitted order in the previous comparable
  period and none in the range (previous_period()).

A team's figures are those of the head and everyone reporting to them added up; signed customers are
counted once per team even when two of its members sold to the same customer.

Targets (SM Sales Target): one per salesperson, scope (Salesperson: their own figures; Team: their
team's) and period (a month, a fiscal quarter or a fiscal year). The target of a range is the sum of
the targets whose whole period lies in the range, of one period type: months if there are any, else
quarters, else years (a year's target is never added to its months').
"""

import datetime
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import add_months, cint, flt, get_last_day, getdate, today
from pypika.terms import Case

from sales_mgmt import reporting
from sales_mgmt.exceptions import DuplicateSalesTargetError, InvalidSalesTargetError
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

TARGET = "SM Sales Target"
ORDER = "SM Sales Order"
PAYMENT = "SM Payment"
ACTIVITY = "SM Activity"
CUSTOMER = "SM Customer"
SALESPERSON = "SM Salesperson"

SALESPERSON_SCOPE, TEAM_SCOPE = "Salesperson", "Team"
TARGET_SCOPES = (SALESPERSON_SCOPE, TEAM_SCOPE)
MONTH, QUARTER, YEAR = reporting.MONTH, reporting.QUARTER, reporting.YEAR
TARGET_PERIOD_TYPES = (MONTH, QUARTER, YEAR)

VISIT, DONE, SUCCESSFUL = "Visit", "Done", "Successful"

# target field -> the figure it is measured against
TARGET_FIELDS = {
	"contract_amount": "contract_amount",
	"collection_amount": "collected_amount",
	"gross_profit": "gross_profit",
	"new_customers": "new_customers",
	"visits": "visits",
}
AMOUNT_TARGETS = ("contract_amount", "collection_amount", "gross_profit")
COUNT_TARGETS = ("new_customers", "visits")
AMOUNTS = ("contract_amount", "gross_profit", "collected_amount")


# --- periods and ratios (no database) -------------------------------------------------------------------


def previous_period(from_date, to_date) -> tuple[datetime.date, datetime.date]:
	"""The previous comparable period: for whole calendar months (first day of a month to last day of
	a month) the same number of months just before; otherwise as many days just before."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	if from_date.day == 1 and to_date == getdate(get_last_day(to_date)):
		months = (to_date.year - from_date.year) * 12 + to_date.month - from_date.month + 1
		return getdate(add_months(from_date, -months)), from_date - datetime.timedelta(days=1)
	days = (to_date - from_date).days + 1
	return from_date - datetime.timedelta(days=days), from_date - datetime.timedelta(days=1)


def working_days(from_date, to_date) -> int:
	"""Monday-to-Friday days from `from_date` to `to_date`, both included (0 if the range is empty)."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	if to_date < from_date:
		return 0
	days = (to_date - from_date).days + 1
	weeks, rest = divmod(days, 7)
	count = weeks * 5
	for offset in range(rest):
		if (from_date.weekday() + offset) % 7 < 5:
			count += 1
	return count


def visit_days(from_date, to_date, on_day=None) -> int:
	"""The working days visits per working day divides by: up to `to_date` or `on_day` (today),
	whichever is earlier."""
	return working_days(from_date, min(getdate(to_date), getdate(on_day or today())))


def ratio(numerator, denominator, factor: float = 1, precision: int = 2) -> float:
	return flt(factor * flt(numerator) / flt(denominator), precision) if flt(denominator) else 0.0


def achieved(actual, target) -> float | None:
	"""% of the target achieved; None without a target."""
	return flt(100 * flt(actual) / flt(target), 2) if flt(target) > 0 else None


def pick_targets(rows) -> dict[str, dict]:
	"""{holder: targets} from rows (holder, period_type, sums...): months if a holder has any, else
	quarters, else years."""
	best: dict[str, tuple[int, dict]] = {}
	rank = {MONTH: 0, QUARTER: 1, YEAR: 2}
	for row in rows:
		current = best.get(row["holder"])
		if current is None or rank[row["period_type"]] < current[0]:
			best[row["holder"]] = (rank[row["period_type"]], row)
	return {
		holder: {fieldname: flt(row.get(fieldname)) for fieldname in TARGET_FIELDS}
		for holder, (_rank, row) in best.items()
	}


# --- targets ------------------------------------------------------------------------------------------


def target_period(period_type: str, day) -> tuple[datetime.date, datetime.date]:
	"""The month, fiscal quarter or fiscal year of a target that includes `day`."""
	return reporting.fiscal_period_bounds(period_type, day, cint(get_settings().fiscal_year_start_month) or 1)


def target_key(salesperson: str, scope: str, period_type: str, period_start) -> str:
	return f"{salesperson}|{scope}|{period_type}|{getdate(period_start)}"


def validate_target_choices(scope: str, period_type: str) -> None:
	if scope not in TARGET_SCOPES:
		frappe.throw(
			_("{0} is not a valid target scope.").format(bold(scope)),
			InvalidSalesTargetError,
			title=_("Invalid target"),
		)
	if period_type not in TARGET_PERIOD_TYPES:
		frappe.throw(
			_("{0} is not a valid target period.").format(bold(period_type)),
			InvalidSalesTargetError,
			title=_("Invalid target"),
		)


def validate_target_amounts(doc) -> None:
	for fieldname in (*AMOUNT_TARGETS, *COUNT_TARGETS):
		value = doc.get(fieldname)
		if flt(value) < 0:
			frappe.throw(
				_("The target {0} cannot be negative.").format(_(doc.meta.get_label(fieldname))),
				InvalidSalesTargetError,
				title=_("Invalid target"),
			)
		if fieldname in COUNT_TARGETS and flt(value) != cint(value):
			frappe.throw(
				_("The target {0} must be a whole number.").format(_(doc.meta.get_label(fieldname))),
				InvalidSalesTargetError,
				title=_("Invalid target"),
			)


def validate_unique_target(doc) -> None:
	other = frappe.db.get_value(TARGET, {"target_key": doc.target_key, "name": ("!=", doc.name or "")})
	if other:
		frappe.throw(
			_("{0} already has a {1} target for this {2} ({3}); change that target instead.").format(
				bold(doc.salesperson_name or doc.salesperson),
				_(doc.scope),
				_(doc.period_type),
				bold(other),
			),
			DuplicateSalesTargetError,
			title=_("Duplicate target"),
		)


def targets(holders: list[str], scope: str, from_date, to_date, user: str | None = None) -> dict[str, dict]:
	"""The targets of `holders` (scope Salesperson or Team) for the range, as the viewer may read them."""
	if not holders:
		return {}
	t = frappe.qb.DocType(TARGET)
	query = (
		frappe.qb.from_(t)
		.select(
			t.salesperson.as_("holder"),
			t.period_type,
			*(Sum(t[fieldname]).as_(fieldname) for fieldname in TARGET_FIELDS),
		)
		.where(t.scope == scope)
		.where(t.salesperson.isin(holders))
		.where(t.period_start >= from_date)
		.where(t.period_end <= to_date)
		.groupby(t.salesperson, t.period_type)
	)
	query = reporting.apply(query, reporting.scope_criteria(t, TARGET, {}, user))
	return pick_targets(query.run(as_dict=True))


# --- figures ------------------------------------------------------------------------------------------


@dataclass
class Figures:
	contract_amount: float = 0.0
	gross_profit: float = 0.0
	orders: int = 0
	signed_customers: int = 0
	collected_amount: float = 0.0
	visits: int = 0
	successful_visits: int = 0
	new_customers: int = 0
	lost_customers: int = 0
	targets: dict = field(default_factory=dict)

	def add(self, other: "Figures") -> None:
		for name in (
			"contract_amount",
			"gross_profit",
			"orders",
			"signed_customers",
			"collected_amount",
			"visits",
			"successful_visits",
			"new_customers",
			"lost_customers",
		):
			setattr(self, name, getattr(self, name) + getattr(other, name))

	def row(self, days: int) -> dict:
		"""The figures, the ratios and every target with its % achieved, rounded as shown."""
		row = {
			"contract_amount": flt(self.contract_amount, 2),
			"gross_profit": flt(self.gross_profit, 2),
			"orders": self.orders,
			"signed_customers": self.signed_customers,
			"collected_amount": flt(self.collected_amount, 2),
			"visits": self.visits,
			"successful_visits": self.successful_visits,
			"visits_per_day": ratio(self.visits, days),
			"visit_success_rate": ratio(self.successful_visits, self.visits, 100),
			"revenue_per_visit": ratio(self.contract_amount, self.visits),
			"orders_per_100_visits": ratio(self.orders, self.visits, 100),
			"new_customers": self.new_customers,
			"lost_customers": self.lost_customers,
		}
		for target_field, figure in TARGET_FIELDS.items():
			target = self.targets.get(target_field)
			row[f"{target_field}_target"] = flt(target, 2) if target else None
			row[f"{target_field}_achieved"] = achieved(row[figure], target)
		return row


class KPI:
	"""The figures of every salesperson in `filters`' scope (salesperson, team) for a date range;
	with `salespeople`, of those only (a report names the salespeople of its rows: the queries then
	read each one's range of the (salesperson, date) indexes instead of the whole period's rows)."""

	def __init__(
		self,
		from_date,
		to_date,
		filters: dict | None = None,
		user: str | None = None,
		salespeople: list[str] | None = None,
	):
		self.from_date, self.to_date = getdate(from_date), getdate(to_date)
		self.filters = filters or {}
		self.user = user or frappe.session.user
		self.salespeople = salespeople

	def criteria(self, table, doctype: str) -> list:
		criteria = reporting.scope_criteria(table, doctype, self.filters, self.user)
		if self.salespeople is not None:
			# first: a where() cannot be added to after a literal condition (the list conditions)
			criteria.insert(0, table.salesperson.isin(self.salespeople or [""]))
		return criteria

	def by_salesperson(self) -> dict[str, Figures]:
		figures: dict[str, Figures] = {}

		def put(rows, **names):
			for row in rows:
				if not row.salesperson:
					continue
				item = figures.setdefault(row.salesperson, Figures())
				for attribute, key in names.items():
					setattr(item, attribute, flt(row[key]) if attribute in AMOUNTS else cint(row[key]))

		put(
			self.order_rows(),
			contract_amount="contract_amount",
			gross_profit="gross_profit",
			orders="orders",
			signed_customers="signed_customers",
		)
		put(self.payment_rows(), collected_amount="collected_amount")
		put(self.visit_rows(), visits="visits", successful_visits="successful_visits")
		put(self.new_customer_rows(), new_customers="customers")
		put(self.lost_customer_rows(), lost_customers="customers")
		return figures

	def order_rows(self):
		o = frappe.qb.DocType(ORDER)
		query = (
			frappe.qb.from_(o)
			.select(
				o.salesperson,
				Sum(o.base_total).as_("contract_amount"),
				Sum(o.gross_profit).as_("gross_profit"),
				Count(o.name).as_("orders"),
				Count(o.customer).distinct().as_("signed_customers"),
			)
			.where(o.docstatus == 1)
			.where(o.order_date[self.from_date : self.to_date])
			.groupby(o.salesperson)
		)
		return reporting.apply(query, self.criteria(o, ORDER)).run(as_dict=True)

	def payment_rows(self):
		p = frappe.qb.DocType(PAYMENT)
		query = (
			frappe.qb.from_(p)
			.select(p.salesperson, Sum(p.base_amount).as_("collected_amount"))
			.where(p.docstatus == 1)
			.where(p.payment_date[self.from_date : self.to_date])
			.groupby(p.salesperson)
		)
		return reporting.apply(query, self.criteria(p, PAYMENT)).run(as_dict=True)

	def visit_rows(self):
		a = frappe.qb.DocType(ACTIVITY)
		query = (
			frappe.qb.from_(a)
			.select(
				a.salesperson,
				Count(a.name).as_("visits"),
				Sum(Case().when(a.outcome == SUCCESSFUL, 1).else_(0)).as_("successful_visits"),
			)
			.where(a.activity_date[self.from_date : self.to_date])
			.where(a.activity_type == VISIT)
			.where(a.status == DONE)
			.groupby(a.salesperson)
		)
		return reporting.apply(query, self.criteria(a, ACTIVITY)).run(as_dict=True)

	def new_customer_rows(self):
		"""Customers whose first submitted order ever is dated in the range, by their salesperson: of the
		customers with a submitted order in the range, those whose earliest submitted order up to the
		range's last day is in the range (read from the index on (customer, docstatus, order_date))."""
		o = frappe.qb.DocType(ORDER)
		in_range = frappe.qb.DocType(ORDER).as_("in_range")
		ordered = (
			frappe.qb.from_(in_range)
			.select(in_range.customer)
			.where(in_range.docstatus == 1)
			.where(in_range.order_date[self.from_date : self.to_date])
		)
		first = (
			frappe.qb.from_(o)
			.select(o.customer)
			.where(o.docstatus == 1)
			.where(o.order_date <= self.to_date)
			.where(o.customer.isin(ordered))
			.groupby(o.customer)
			.having(Min(o.order_date) >= self.from_date)
			.as_("first")
		)
		return self.customer_counts(first)

	def lost_customer_rows(self):
		return self.customer_counts(*lost_customers_subquery(self.from_date, self.to_date))

	def customer_counts(self, subquery, condition=None):
		c = frappe.qb.DocType(CUSTOMER)
		query = (
			frappe.qb.from_(c)
			.join(subquery)
			.on(subquery.customer == c.name)
			.select(c.salesperson, Count(c.name).as_("customers"))
			.groupby(c.salesperson)
		)
		if condition is not None:
			query = query.where(condition)
		return reporting.apply(query, self.criteria(c, CUSTOMER)).run(as_dict=True)

	def signed_customers_by_team(self, heads: list[str]) -> dict[str, int]:
		"""Distinct customers with a submitted order in the range by anyone in each head's team."""
		if not heads:
			return {}
		o = frappe.qb.DocType(ORDER)
		member = frappe.qb.DocType(SALESPERSON).as_("member")
		head = frappe.qb.DocType(SALESPERSON).as_("head")
		query = (
			frappe.qb.from_(o)
			.join(member)
			.on(member.name == o.salesperson)
			.join(head)
			.on((member.lft >= head.lft) & (member.rgt <= head.rgt))
			.select(head.name.as_("head"), Count(o.customer).distinct().as_("customers"))
			.where(head.name.isin(heads))
			.where(o.docstatus == 1)
			.where(o.order_date[self.from_date : self.to_date])
			.groupby(head.name)
		)
		rows = reporting.apply(query, self.criteria(o, ORDER)).run(as_dict=True)
		return {row.head: cint(row.customers) for row in rows}


def lost_customers_subquery(from_date, to_date):
	"""(subquery of customers with a submitted order in the previous comparable period and none in
	the range, with `last_previous_order`, the condition to join on) — shared with Lost Customers."""
	previous_from, _previous_to = previous_period(from_date, to_date)
	o = frappe.qb.DocType(ORDER)
	in_range = Case().when(o.order_date >= getdate(from_date), 1).else_(0)
	subquery = (
		frappe.qb.from_(o)
		.select(
			o.customer,
			Count(o.name).as_("previous_orders"),
			Sum(o.base_total).as_("previous_amount"),
		)
		.where(o.docstatus == 1)
		.where(o.order_date[previous_from : getdate(to_date)])
		.groupby(o.customer)
		.having(Sum(in_range) == 0)
		.as_("lost")
	)
	return subquery, subquery.previous_orders > 0
