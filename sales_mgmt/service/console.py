"""The Service Console's numbers, over the complaints the viewer may see (the list view's rule):

- *My Open Complaints*: unresolved (Open or In Progress) complaints assigned to the viewer.
- *Overdue Complaints*: unresolved complaints past a due time they have not met: no first response
  and `response_due` has passed, or `resolution_due` has passed (at the moment of asking, not the
  stored SLA status, which is refreshed hourly).
- *Average Satisfaction This Month*: the mean rating (1–5 stars) of the complaints resolved this
  calendar month whose customer answered the survey, to 2 decimals; 0 without answers.
- *Resolution Time Trend* (chart): per month of resolution, the mean hours from opening to resolution of
  the complaints resolved that month (the last 12 months).
"""

import frappe
from frappe.query_builder.functions import Avg, Count
from frappe.utils import add_months, flt, get_first_day, get_last_day, now_datetime, today
from pypika.terms import LiteralValue

from sales_mgmt import reporting
from sales_mgmt.service.sla import UNRESOLVED
from sales_mgmt.service.survey import STARS

COMPLAINT = "SM Complaint"
TREND_MONTHS = 12


def _query(*fields):
	frappe.has_permission(COMPLAINT, "read", throw=True)
	table = frappe.qb.DocType(COMPLAINT)
	query = frappe.qb.from_(table).select(*fields(table))
	return reporting.apply(query, reporting.scope_criteria(table, COMPLAINT)), table


def my_open_complaints(user: str | None = None) -> int:
	query, t = _query(lambda t: [Count(t.name)])
	return query.where(t.status.isin(UNRESOLVED) & (t.assigned_to == (user or frappe.session.user))).run()[0][
		0
	]


def overdue_complaints(now=None) -> int:
	now = now or now_datetime()
	query, t = _query(lambda t: [Count(t.name)])
	late = (t.first_response_on.isnull() & (t.response_due < now)) | (t.resolution_due < now)
	return query.where(t.status.isin(UNRESOLVED) & late).run()[0][0]


def average_satisfaction(day=None) -> float:
	day = day or today()
	start, end = get_first_day(day), get_last_day(day)
	query, t = _query(lambda t: [Avg(t.satisfaction)])
	value = query.where(
		(t.satisfaction > 0) & (t.resolved_on >= start) & (t.resolved_on < frappe.utils.add_days(end, 1))
	).run()[0][0]
	return flt(flt(value) * STARS, 2)


def resolution_trend(day=None, months: int = TREND_MONTHS) -> tuple[list[str], list[float]]:
	"""(month labels, mean resolution hours) of the `months` months up to the month of `day`."""
	day = day or today()
	first = get_first_day(add_months(day, -(months - 1)))
	end = frappe.utils.add_days(get_last_day(day), 1)
	month = LiteralValue(
		"year(`tabSM Complaint`.`resolved_on`) * 100 + month(`tabSM Complaint`.`resolved_on`)"
	)
	hours = LiteralValue(
		"timestampdiff(second, `tabSM Complaint`.`opened_on`, `tabSM Complaint`.`resolved_on`) / 3600"
	)
	query, t = _query(lambda t: [month.as_("month"), Avg(hours).as_("hours")])
	rows = dict(
		query.where(t.resolved_on.isnotnull() & (t.resolved_on >= first) & (t.resolved_on < end))
		.groupby(month)
		.run()
	)
	starts = [add_months(first, i) for i in range(months)]
	return [s.strftime("%Y-%m") for s in starts], [flt(rows.get(s.year * 100 + s.month), 1) for s in starts]
