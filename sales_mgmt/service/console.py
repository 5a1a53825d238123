"""The Service Console's numbers, over the complaints the viewer may see (the list view's rule):

- *My Open Complaints*: unresolved (Open or In Progress) complaints assigned to the viewer.
- *Overdue Complaints*: unresolved complaints past a due time they have not met: no first response
  and `response_due` has passed, or `resolution_due` has passed (at the moment of asking, not the
  stored SLA status, which is refreshed hourly).
- *Average Satisfaction This Month*: the mean rating (1–5 stars) of the complaints resolved this
  calendar month whose customer answered the survey, to 2 decimals; 0 without answers.
- *Key Customer Complaints* (block): the KEY_COMPLAINTS latest complaints (by opening) of the key
  customers: the KEY_CUSTOMERS customers with the highest base total of submitted sales orders dated
  in the last 12 months (ranked over all customers, whoever asks; only the complaints follow the
  viewer's permissions, and no amount is shown).
- *Resolution Time Trend* (chart): per month of resolution, the mean hours from opening to resolution of
  the complaints resolved that month (the last 12 months).
"""

import frappe
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import add_days, add_months, flt, get_first_day, get_last_day, now_datetime, today
from pypika.terms import LiteralValue

from sales_mgmt import reporting
from sales_mgmt.service.sla import UNRESOLVED
from sales_mgmt.service.survey import STARS

COMPLAINT = "SM Complaint"
TREND_MONTHS = 12
KEY_CUSTOMERS = 20
KEY_COMPLAINTS = 10


def _count(condition) -> int:
	"""Complaints the viewer may see that meet `condition(table)`."""
	return _run(lambda t: [Count(t.name)], condition)[0][0]


def _run(fields, condition, group_by=None):
	"""SELECT `fields(table)` over the complaints the viewer may see meeting `condition(table)` (the
	permission criteria come last: frappe.qb cannot add a condition after a literal one)."""
	frappe.has_permission(COMPLAINT, "read", throw=True)
	table = frappe.qb.DocType(COMPLAINT)
	query = frappe.qb.from_(table).select(*fields(table)).where(condition(table))
	query = reporting.apply(query, reporting.scope_criteria(table, COMPLAINT))
	if group_by is not None:
		query = query.groupby(group_by)
	return query.run()


def my_open_complaints(user: str | None = None) -> int:
	user = user or frappe.session.user
	return _count(lambda t: t.status.isin(UNRESOLVED) & (t.assigned_to == user))


def overdue_complaints(now=None) -> int:
	now = now or now_datetime()
	return _count(
		lambda t: (
			t.status.isin(UNRESOLVED)
			& ((t.first_response_on.isnull() & (t.response_due < now)) | (t.resolution_due < now))
		)
	)


def average_satisfaction(day=None) -> float:
	day = day or today()
	start, until = get_first_day(day), add_days(get_last_day(day), 1)
	value = _run(
		lambda t: [Avg(t.satisfaction)],
		lambda t: (t.satisfaction > 0) & (t.resolved_on >= start) & (t.resolved_on < until),
	)[0][0]
	return flt(flt(value) * STARS, 2)


def resolution_trend(day=None, months: int = TREND_MONTHS) -> tuple[list[str], list[float]]:
	"""(month labels, mean resolution hours) of the `months` months up to the month of `day`."""
	day = day or today()
	first = get_first_day(add_months(day, -(months - 1)))
	until = add_days(get_last_day(day), 1)
	month = LiteralValue(
		"year(`tabSM Complaint`.`resolved_on`) * 100 + month(`tabSM Complaint`.`resolved_on`)"
	)
	hours = LiteralValue(
		"timestampdiff(second, `tabSM Complaint`.`opened_on`, `tabSM Complaint`.`resolved_on`) / 3600"
	)
	rows = dict(
		_run(
			lambda t: [month, Avg(hours)],
			lambda t: t.resolved_on.isnotnull() & (t.resolved_on >= first) & (t.resolved_on < until),
			group_by=month,
		)
	)
	starts = [add_months(first, i) for i in range(months)]
	return [s.strftime("%Y-%m") for s in starts], [flt(rows.get(s.year * 100 + s.month), 1) for s in starts]


def key_customers(day=None, count: int = KEY_CUSTOMERS) -> list[str]:
	"""The `count` customers with the highest sales (submitted orders' base totals) in the 12 months up
	to `day`, highest first."""
	day = day or today()
	order = frappe.qb.DocType("SM Sales Order")
	total = Sum(order.base_total)
	return (
		frappe.qb.from_(order)
		.select(order.customer)
		.where((order.docstatus == 1) & (order.order_date > add_months(day, -12)) & (order.order_date <= day))
		.groupby(order.customer)
		.orderby(total, order=frappe.qb.desc)
		.orderby(order.customer)
		.limit(count)
		.run(pluck=True)
	)


def key_customer_complaints(day=None, limit: int = KEY_COMPLAINTS) -> list[dict]:
	frappe.has_permission(COMPLAINT, "read", throw=True)
	customers = key_customers(day)
	if not customers:
		return []
	rows = frappe.get_list(
		COMPLAINT,
		filters={"customer": ("in", customers)},
		fields=["name", "subject", "customer", "severity", "status", "sla_status", "opened_on"],
		order_by="opened_on desc",
		limit_page_length=limit,
	)
	names = dict(
		frappe.get_all(
			"SM Customer",
			{"name": ("in", list({r.customer for r in rows}))},
			["name", "customer_name"],
			as_list=True,
		)
	)
	for row in rows:
		row.customer_name = names.get(row.customer) or row.customer
	return rows
