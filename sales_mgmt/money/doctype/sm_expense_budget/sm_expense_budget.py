# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate

from sales_mgmt.exceptions import DuplicateExpenseBudgetError, InvalidAmountError, InvalidBudgetError
from sales_mgmt.money import expense_budget
from sales_mgmt.user_text import bold


class SMExpenseBudget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from sales_mgmt.money.doctype.sm_expense_budget_period.sm_expense_budget_period import (
			SMExpenseBudgetPeriod,
		)

		budget_key: DF.Data | None
		category: DF.Link
		fiscal_year: DF.Int
		from_date: DF.Date | None
		notes: DF.SmallText | None
		period_type: DF.Literal["Month", "Quarter", "Year"]
		periods: DF.Table[SMExpenseBudgetPeriod]
		salesperson: DF.Link | None
		scope: DF.Literal["Company", "Team", "Salesperson"]
		team: DF.Link | None
		to_date: DF.Date | None
		total_amount: DF.Currency

	# end: auto-generated types
	def validate(self):
		self.set_scope_holder()
		self.validate_fiscal_year()
		self.set_periods()
		self.validate_amounts()
		self.validate_unique()

	def set_scope_holder(self):
		"""Only the field of the chosen scope is kept: the team's head or the salesperson."""
		if self.scope not in expense_budget.SCOPES:
			frappe.throw(
				_("{0} is not a valid scope.").format(bold(self.scope)),
				InvalidBudgetError,
				title=_("Invalid budget"),
			)
		if self.scope != expense_budget.TEAM:
			self.team = None
		if self.scope != expense_budget.SALESPERSON:
			self.salesperson = None
		if self.scope == expense_budget.TEAM and not self.team:
			frappe.throw(
				_("Choose the team's head: the budget covers them and everyone reporting to them."),
				InvalidBudgetError,
				title=_("Team required"),
			)
		if self.scope == expense_budget.SALESPERSON and not self.salesperson:
			frappe.throw(
				_("Choose the salesperson of this budget."),
				InvalidBudgetError,
				title=_("Salesperson required"),
			)

	def validate_fiscal_year(self):
		if not expense_budget.MIN_YEAR <= cint(self.fiscal_year) <= expense_budget.MAX_YEAR:
			frappe.throw(
				_("The fiscal year must be a year between {0} and {1}, such as 2026.").format(
					expense_budget.MIN_YEAR, expense_budget.MAX_YEAR
				),
				InvalidBudgetError,
				title=_("Invalid fiscal year"),
			)
		if self.period_type not in expense_budget.PERIOD_TYPES:
			frappe.throw(
				_("{0} is not a valid budget period.").format(bold(self.period_type)),
				InvalidBudgetError,
				title=_("Invalid budget"),
			)

	def set_periods(self):
		"""One row per period of the fiscal year. A saved budget keeps the fiscal year start it was
		made with (a later change of SM Settings does not move it); amounts stay with their period
		number while the budget period is unchanged."""
		before = self.get_doc_before_save()
		same_year = before and cint(before.fiscal_year) == cint(self.fiscal_year) and self.from_date
		start_month = getdate(self.from_date).month if same_year else expense_budget.start_month()
		same_type = not before or before.period_type == self.period_type
		amounts = {cint(row.period): flt(row.amount) for row in self.periods if same_type and row.period}
		periods = expense_budget.budget_periods(cint(self.fiscal_year), self.period_type, start_month)
		self.from_date, self.to_date = periods[0].from_date, periods[-1].to_date
		self.set("periods", [])
		for period in periods:
			self.append(
				"periods",
				{
					"period": period.number,
					"from_date": period.from_date,
					"to_date": period.to_date,
					"amount": amounts.get(period.number, 0),
				},
			)

	def validate_amounts(self):
		for row in self.periods:
			if flt(row.amount) < 0:
				frappe.throw(
					_("Period {0}: the budget amount cannot be negative.").format(row.period),
					InvalidAmountError,
					title=_("Invalid amount"),
				)
			row.amount = flt(row.amount, row.precision("amount"))
		self.total_amount = flt(sum(flt(row.amount) for row in self.periods), self.precision("total_amount"))

	def validate_unique(self):
		"""One budget per fiscal year, scope (and its team or salesperson) and category; the unique
		key also stops two budgets saved at the same moment."""
		holder = self.team or self.salesperson or ""
		self.budget_key = f"{cint(self.fiscal_year)}|{self.scope}|{holder}|{self.category}"
		other = frappe.db.get_value(
			self.doctype, {"budget_key": self.budget_key, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			frappe.throw(
				_("Budget {0} already covers this fiscal year, scope and category; change that one.").format(
					bold(other)
				),
				DuplicateExpenseBudgetError,
				title=_("Duplicate budget"),
			)
