"""Filter checks shared by the Goods reports: every filter is validated before a query runs."""

import frappe
from frappe import _
from frappe.utils import escape_html, get_first_day, getdate, today

from sales_mgmt.exceptions import InvalidReportFilterError


def date_range(filters: dict) -> tuple:
	"""(from_date, to_date), defaulting to the current month up to today."""
	try:
		from_date = getdate(filters.get("from_date") or get_first_day(today()))
		to_date = getdate(filters.get("to_date") or today())
	except Exception:
		frappe.throw(
			_("Enter dates as shown in the filter."), InvalidReportFilterError, title=_("Invalid date")
		)
	if from_date > to_date:
		frappe.throw(
			_("From Date ({0}) must not be after To Date ({1}).").format(from_date, to_date),
			InvalidReportFilterError,
			title=_("Invalid date range"),
		)
	return from_date, to_date


def choice(filters: dict, key: str, label: str, allowed: tuple, default=None):
	"""A Select filter's value, refused when it is not one of `allowed`; `label` is translated."""
	value = filters.get(key) or default
	if value and value not in allowed:
		frappe.throw(
			_("{0} is not a valid value for {1}.").format(frappe.bold(escape_html(str(value))), label),
			InvalidReportFilterError,
			title=_("Invalid filter"),
		)
	return value


def existing(filters: dict, key: str, doctype: str) -> str | None:
	"""A Link filter's value, refused when no such record exists."""
	value = filters.get(key)
	if value and not frappe.db.exists(doctype, value):
		frappe.throw(
			_("{0} {1} does not exist.").format(_(doctype), frappe.bold(escape_html(str(value)))),
			InvalidReportFilterError,
			title=_("Invalid filter"),
		)
	return value or None
