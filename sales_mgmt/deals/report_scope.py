"""What a Deals report covers: its period, the salespeople it is filtered to, and the records the
viewer may see (the same rule as the list view, from sales_mgmt.permissions)."""

import datetime
import functools
import threading

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, get_last_day, getdate
from pypika.terms import LiteralValue

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.people.hierarchy import get_subtree
from sales_mgmt.permissions import get_permission_query_conditions

MONTH, QUARTER = "Month", "Quarter"
PERIOD_TYPES = (MONTH, QUARTER)


def period_bounds(period_type: str, day) -> tuple[datetime.date, datetime.date]:
	"""First and last day of the calendar month or quarter containing `day`."""
	day = getdate(day)
	if period_type == MONTH:
		return get_first_day(day), get_last_day(day)
	first_month = 3 * ((day.month - 1) // 3) + 1
	start = datetime.date(day.year, first_month, 1)
	return start, get_last_day(add_months(start, 2))


def next_period_start(period_type: str, day) -> datetime.date:
	start, _end = period_bounds(period_type, day)
	return add_months(start, 1 if period_type == MONTH else 3)


def invalid(message: str) -> None:
	frappe.throw(message, InvalidReportFilterError, title=_("Invalid filter"))


def parse_date(filters: dict, fieldname: str, label: str, default=None) -> datetime.date:
	value = filters.get(fieldname) or default
	try:
		return getdate(value)
	except Exception:
		invalid(_("{0} is not a valid date: {1}").format(label, frappe.bold(str(value))))


def date_range(filters: dict, default_from, default_to) -> tuple[datetime.date, datetime.date]:
	from_date = parse_date(filters, "from_date", _("From Date"), default_from)
	to_date = parse_date(filters, "to_date", _("To Date"), default_to)
	if from_date > to_date:
		invalid(_("From Date must not be after To Date."))
	return from_date, to_date


def salespeople_in_scope(filters: dict) -> list[str] | None:
	"""Salespeople the filters select (None: no filter). A salesperson stands for their whole team
	(everyone reporting to them); a team name selects the salespeople of that team."""
	selected = None
	if salesperson := filters.get("salesperson"):
		if not frappe.db.exists("SM Salesperson", salesperson):
			invalid(_("Salesperson {0} does not exist.").format(frappe.bold(salesperson)))
		selected = get_subtree(salesperson)
	if team := (filters.get("team") or "").strip():
		members = frappe.get_all("SM Salesperson", filters={"team": team}, pluck="name")
		selected = [s for s in selected if s in members] if selected is not None else members
	return selected


def scope_criteria(opp, filters: dict, user: str | None = None) -> list:
	"""Conditions on SM Opportunity (the table must not be aliased) for the filters and the viewer."""
	criteria = []
	selected = salespeople_in_scope(filters)
	if selected is not None:
		criteria.append(opp.salesperson.isin(selected or [""]))
	if condition := get_permission_query_conditions(user or frappe.session.user, "SM Opportunity"):
		criteria.append(LiteralValue(f"({condition})"))
	return criteria


def apply(query, criteria: list):
	for criterion in criteria:
		query = query.where(criterion)
	return query


def salesperson_names(names) -> dict[str, str]:
	names = [n for n in set(names) if n]
	if not names:
		return {}
	return dict(
		frappe.get_all(
			"SM Salesperson",
			filters={"name": ("in", names)},
			fields=["name", "salesperson_name"],
			as_list=True,
		)
	)


def script_report(report_name: str):
	"""Decorate a script report's `execute`: run it read-only (a read replica when configured) and,
	when it raises (a refused filter), stop the timer Frappe v15 started to turn the report into a
	prepared report after 15 seconds. Frappe forgets to stop that timer on an exception, so one refused
	filter would otherwise switch the report to background mode for every user (frappe/frappe#31362).
	"""

	def decorate(execute):
		@functools.wraps(execute)
		def wrapper(filters=None):
			try:
				return frappe.read_only()(execute)(filters)
			except Exception:
				_cancel_auto_prepare(report_name)
				raise

		return wrapper

	return decorate


def _cancel_auto_prepare(report_name: str) -> None:
	for thread in threading.enumerate():
		if (
			isinstance(thread, threading.Timer)
			and getattr(thread.function, "__name__", "") == "enable_prepared_report"
			and thread.kwargs.get("report") == report_name
			and thread.kwargs.get("site") == frappe.local.site
		):
			thread.cancel()
