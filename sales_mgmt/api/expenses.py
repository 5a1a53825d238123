"""Whitelisted endpoints of expenses and budgets: the budget form's periods and fiscal year."""

import frappe
from frappe import _
from frappe.utils import cint

from sales_mgmt.exceptions import InvalidBudgetError
from sales_mgmt.money import expense_budget
from sales_mgmt.user_text import bold


@frappe.whitelist()
def budget_periods(fiscal_year: int, period_type: str) -> list[dict]:
	"""The periods a new budget of `fiscal_year` gets (the server sets them again when it is saved)."""
	frappe.has_permission("SM Expense Budget", "read", throw=True)
	if period_type not in expense_budget.PERIOD_TYPES:
		frappe.throw(
			_("{0} is not a valid budget period.").format(bold(period_type)),
			InvalidBudgetError,
			title=_("Invalid budget"),
		)
	year = cint(fiscal_year)
	if not expense_budget.MIN_YEAR <= year <= expense_budget.MAX_YEAR:
		return []
	return [
		{"period": p.number, "from_date": p.from_date, "to_date": p.to_date, "amount": 0}
		for p in expense_budget.budget_periods(year, period_type, expense_budget.start_month())
	]


@frappe.whitelist()
def current_fiscal_year() -> int:
	frappe.has_permission("SM Expense Budget", "read", throw=True)
	return expense_budget.current_fiscal_year()


@frappe.whitelist()
def current_fiscal_year_start() -> str:
	frappe.has_permission("SM Expense", "read", throw=True)
	start, _end = expense_budget.fiscal_year_bounds(
		expense_budget.current_fiscal_year(), expense_budget.start_month()
	)
	return str(start)
