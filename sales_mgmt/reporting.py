"""What every script report of sales_mgmt shares, in one place: how it runs, its checked filters, the
viewer's permission scope and the columns the viewer may see. Dashboard chart sources and number
cards that aggregate use the same scope.

- `@script_report("Report Name")` on `execute`: runs it read-only (on a read replica when one is
  configured), drops the columns and summary entries whose `source` field the viewer may not read
  (sales_mgmt.field_security), escapes column and chart labels (user text), and, when a filter is
  refused, stops the timer Frappe v15 started to turn the report into a prepared report
  (sales_mgmt.frappe_patches).
- Filters are validated before a query runs: `date_range`, `parse_date`, `choice`, `existing`;
  a bad value is refused with `invalid()` (a translated InvalidReportFilterError).
- Scope: `scope_criteria(table, doctype, filters)` = the salesperson/team filters plus the viewer's
  list conditions (sales_mgmt.permissions), the same rule as the list view.
"""

import datetime
import functools

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, get_last_day, getdate, today
from pypika.terms import LiteralValue

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.field_security import strip_report
from sales_mgmt.frappe_patches import cancel_report_timer
from sales_mgmt.people.hierarchy import get_subtree
from sales_mgmt.permissions import record_query_conditions
from sales_mgmt.user_text import bold, escape


def script_report(report_name: str):
	"""Decorate a script report's `execute` (see the module docstring)."""

	def decorate(execute):
		@functools.wraps(execute)
		def wrapper(filters=None):
			try:
				result = frappe.read_only()(execute)(filters)
			except Exception:
				cancel_report_timer(report_name)
				raise
			return escape_labels(strip_report(result))

		return wrapper

	return decorate


def escape_labels(result):
	"""Frappe's report table and charts draw column labels, chart labels and dataset names as HTML:
	escape them (some are user text: names of stages, warehouses, products, customers, salespeople)."""
	if not isinstance(result, list | tuple) or not result:
		return result
	for column in result[0] or []:
		if isinstance(column, dict) and column.get("label"):
			column["label"] = escape(column["label"])
	if len(result) < 4 or not result[3]:
		return result
	data = result[3].get("data") or {}
	data["labels"] = [escape(label) for label in data.get("labels") or []]
	for dataset in data.get("datasets") or []:
		dataset["name"] = escape(dataset.get("name"))
	return result


# --- filters ------------------------------------------------------------------------------------------


def invalid(message: str) -> None:
	frappe.throw(message, InvalidReportFilterError, title=_("Invalid filter"))


def parse_date(filters: dict, fieldname: str, label: str, default=None) -> datetime.date:
	value = filters.get(fieldname) or default
	try:
		return getdate(value)
	except Exception:
		invalid(_("{0} is not a valid date: {1}").format(label, bold(value)))


def date_range(filters: dict, default_from=None, default_to=None) -> tuple[datetime.date, datetime.date]:
	"""(From Date, To Date), by default the current month up to today."""
	from_date = parse_date(filters, "from_date", _("From Date"), default_from or get_first_day(today()))
	to_date = parse_date(filters, "to_date", _("To Date"), default_to or today())
	if from_date > to_date:
		invalid(
			_("From Date ({0}) must not be after To Date ({1}).").format(
				frappe.format(from_date, "Date"), frappe.format(to_date, "Date")
			)
		)
	return from_date, to_date


def choice(filters: dict, key: str, label: str, allowed: tuple, default=None):
	"""A Select filter's value, refused when it is not one of `allowed`; `label` is translated."""
	value = filters.get(key) or default
	if value and value not in allowed:
		invalid(_("{0} is not a valid value for {1}.").format(bold(value), label))
	return value


def existing(filters: dict, key: str, doctype: str) -> str | None:
	"""A Link filter's value, refused when no such record exists."""
	value = filters.get(key)
	if value and not frappe.db.exists(doctype, value):
		invalid(_("{0} {1} does not exist.").format(_(doctype), bold(value)))
	return value or None


# --- periods ------------------------------------------------------------------------------------------

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


def period_starts(period_type: str, from_date, to_date) -> list[datetime.date]:
	"""Start of every month or quarter the date range touches."""
	start, _end = period_bounds(period_type, from_date)
	starts = []
	while start <= getdate(to_date):
		starts.append(start)
		start = next_period_start(period_type, start)
	return starts


def period_start(period_type: str, year: int, number: int) -> datetime.date:
	"""First day of month `number` (or quarter `number`) of `year`."""
	month = number if period_type == MONTH else 3 * (number - 1) + 1
	return datetime.date(int(year), int(month), 1)


def period_label(period_type: str, start: datetime.date) -> str:
	if period_type == MONTH:
		return start.strftime("%Y-%m")
	return _("{0} Q{1}").format(start.year, (start.month - 1) // 3 + 1)


YEAR = "Year"
FISCAL_PERIOD_TYPES = (MONTH, QUARTER, YEAR)


def fiscal_period_bounds(period_type: str, day, start_month: int = 1) -> tuple[datetime.date, datetime.date]:
	"""First and last day of the month, fiscal quarter or fiscal year containing `day`; a fiscal year
	starts on the first day of month `start_month` (SM Settings' Fiscal Year Start Month), its quarters
	are its three-month blocks (start month 4: Q1 = April to June)."""
	day = getdate(day)
	if period_type == MONTH:
		return get_first_day(day), get_last_day(day)
	start_month = int(start_month or 1)
	year_start = datetime.date(day.year if day.month >= start_month else day.year - 1, start_month, 1)
	months = {QUARTER: 3, YEAR: 12}[period_type]
	offset = (day.month - start_month) % 12
	start = getdate(add_months(year_start, offset - offset % months))
	return start, getdate(add_months(start, months)) - datetime.timedelta(days=1)


# --- scope: whose records a report covers ---------------------------------------------------------------


def salespeople_in_scope(filters: dict) -> list[str] | None:
	"""Salespeople the filters select (None: no filter). A salesperson stands for their whole team
	(everyone reporting to them); a team name selects the salespeople of that team."""
	selected = None
	if salesperson := existing(filters, "salesperson", "SM Salesperson"):
		selected = get_subtree(salesperson)
	if team := (filters.get("team") or "").strip():
		members = frappe.get_all("SM Salesperson", filters={"team": team}, pluck="name")
		selected = [s for s in selected if s in members] if selected is not None else members
	return selected


def scope_criteria(table, doctype: str, filters: dict | None = None, user: str | None = None) -> list:
	"""Conditions on `table` (a frappe.qb DocType of `doctype`, not aliased) for the salesperson and
	team filters and for the records the viewer may see."""
	criteria = []
	selected = salespeople_in_scope(filters or {})
	if selected is not None:
		criteria.append(table.salesperson.isin(selected or [""]))
	if condition := record_query_conditions(doctype, user or frappe.session.user):
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


def salesperson_columns() -> list[dict]:
	"""The salesperson and their name, as every report that names a salesperson shows them."""
	return [
		{
			"fieldname": "salesperson",
			"label": _("Salesperson"),
			"fieldtype": "Link",
			"options": "SM Salesperson",
			"width": 110,
		},
		{"fieldname": "salesperson_name", "label": _("Salesperson Name"), "fieldtype": "Data", "width": 130},
	]
