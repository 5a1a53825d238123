# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_mgmt.deals.exchange_rates import require_exchange_rate
from sales_mgmt.deals.ownership import customer_salesperson, own_salesperson, validate_enabled_salesperson
from sales_mgmt.exceptions import (
	CustomerRequiredError,
	ExpenseOverBudgetError,
	InvalidAmountError,
	InvalidExpenseCategoryError,
)
from sales_mgmt.money import cash_ledger, expense_budget
from sales_mgmt.money.expense_approval import validate_expense_approver
from sales_mgmt.money.expense_flags import PROMOTION, compute_flags
from sales_mgmt.permissions import can_pick, validate_assignment
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold, escape

NO_BUDGET, WITHIN, OVER = "No Budget", "Within", "Over"
BLOCK = "Block"


class SMExpense(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		amount: DF.Currency
		approved_by: DF.Link | None
		attachment: DF.Attach | None
		base_amount: DF.Currency
		budget_amount: DF.Currency
		budget_period_end: DF.Date | None
		budget_period_start: DF.Date | None
		budget_spent: DF.Currency
		budget_status: DF.Literal["No Budget", "Within", "Over"]
		cash_entry: DF.Link | None
		category: DF.Link
		currency: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		description: DF.SmallText | None
		exchange_rate: DF.Float
		expense_budget: DF.Link | None
		expense_date: DF.Date
		expense_type: DF.Literal["Management", "Promotion"]
		flag_dormant_customer: DF.Check
		flag_outlier: DF.Check
		flag_over_budget: DF.Check
		flag_reasons: DF.SmallText | None
		flag_spend_ratio: DF.Check
		is_flagged: DF.Check
		opportunity: DF.Link | None
		over_budget_by: DF.Currency
		paid_from: DF.Link | None
		salesperson: DF.Link | None

	# end: auto-generated types
	def before_validate(self):
		self.set_missing_values()

	def validate(self):
		self.validate_amount()
		self.set_expense_type()
		self.validate_customer()
		self.set_base_amount()
		validate_enabled_salesperson(self)
		validate_assignment(self)
		self.validate_cash_account()
		if self.docstatus == 0:
			# a draft shows where it stands; the submit checks again under the budgets' locks
			self.set_budget_and_flags()

	def before_submit(self):
		self.set_budget_and_flags(locking=True)
		self.enforce_budget()
		validate_expense_approver(self)

	def on_submit(self):
		self.post_to_cash_account()

	def on_cancel(self):
		cash_ledger.cancel_linked_entries(self)

	def set_missing_values(self):
		if not self.currency:
			self.currency = get_settings().base_currency
		if not self.expense_date:
			self.expense_date = getdate()
		if self.opportunity and not self.customer and self.may_read("SM Opportunity", self.opportunity):
			self.customer = frappe.db.get_value("SM Opportunity", self.opportunity, "customer")
		if not self.salesperson:
			readable = bool(self.customer) and self.may_read("SM Customer", self.customer)
			self.salesperson = own_salesperson() or (
				customer_salesperson(self.customer) if readable else None
			)

	def may_read(self, doctype: str, name: str) -> bool:
		return bool(self.flags.ignore_permissions or can_pick(doctype, name))

	def validate_amount(self):
		if flt(self.amount) <= 0:
			frappe.throw(
				_("The amount must be greater than 0."), InvalidAmountError, title=_("Invalid amount")
			)

	def set_expense_type(self):
		"""Expenses are booked on a category without any below it, and take its type."""
		if not self.category:
			return
		is_group, expense_type = frappe.db.get_value(
			"SM Expense Category", self.category, ["is_group", "expense_type"]
		) or (0, None)
		if is_group:
			frappe.throw(
				_("{0} is a group of categories; choose a category below it.").format(bold(_(self.category))),
				InvalidExpenseCategoryError,
				title=_("Invalid category"),
			)
		if not expense_type:
			frappe.throw(
				_("Category {0} has no expense type; set it on the category first.").format(
					bold(_(self.category))
				),
				InvalidExpenseCategoryError,
				title=_("Invalid category"),
			)
		self.expense_type = expense_type

	def validate_customer(self):
		if self.expense_type == PROMOTION and not self.customer:
			frappe.throw(
				_("A Promotion expense is spent on a customer: choose the customer."),
				CustomerRequiredError,
				title=_("Customer required"),
			)
		if not self.opportunity:
			return
		customer = frappe.db.get_value("SM Opportunity", self.opportunity, "customer")
		if customer != self.customer:
			frappe.throw(
				_("Opportunity {0} is not a deal of this customer.").format(bold(self.opportunity)),
				frappe.ValidationError,
				title=_("Wrong opportunity"),
			)

	def set_base_amount(self):
		"""The rate of the expense date, looked up on every save of a draft (a submitted expense keeps it)."""
		self.exchange_rate = require_exchange_rate(
			self.currency, get_settings().base_currency, self.expense_date
		)
		self.base_amount = flt(flt(self.amount) * flt(self.exchange_rate), self.precision("base_amount"))

	def validate_cash_account(self):
		"""The account must take a posting on the expense date; who may post to it is not asked: the
		expense's approval stands for the payment."""
		account = self.paid_from and frappe.db.get_value(
			cash_ledger.ACCOUNT, self.paid_from, ["name", "enabled", "opening_date"], as_dict=True
		)
		if account:  # a name that does not exist is refused by the link check
			cash_ledger.check_account(account, self.expense_date, manage=False)

	def post_to_cash_account(self):
		if not self.paid_from:
			return
		counterparty = self.customer_name or (
			frappe.db.get_value("SM Salesperson", self.salesperson, "salesperson_name")
			if self.salesperson
			else None
		)
		self.db_set(
			"cash_entry",
			cash_ledger.post_linked_entry(
				self,
				cash_account=self.paid_from,
				entry_type="Expense",
				amount=self.amount,
				currency=self.currency,
				posting_date=self.expense_date,
				counterparty=counterparty,
				category=_(self.category),
				check_manage=False,
			),
		)

	def set_budget_and_flags(self, locking: bool = False):
		if locking:
			covering = expense_budget.covering_budget_periods(
				self.category, self.salesperson, self.expense_date
			)
			expense_budget.lock_budgets([row.budget for row in covering])
		checks = expense_budget.check_budgets(self, locking=locking)
		binding = expense_budget.binding_check(checks)
		self.budget_status = NO_BUDGET if not binding else OVER if binding.over else WITHIN
		self.expense_budget = binding.budget if binding else None
		self.budget_period_start = binding.from_date if binding else None
		self.budget_period_end = binding.to_date if binding else None
		self.budget_amount = binding.amount if binding else 0
		self.budget_spent = binding.spent if binding else 0
		self.over_budget_by = binding.excess if binding else 0

		flags = compute_flags(self, checks)
		self.flag_over_budget = int(flags.over_budget)
		self.flag_spend_ratio = int(flags.spend_ratio)
		self.flag_dormant_customer = int(flags.dormant_customer)
		self.flag_outlier = int(flags.outlier)
		self.is_flagged = int(flags.any)
		self.flag_reasons = "\n".join(flags.reasons) or None

	def enforce_budget(self):
		"""Over budget: refused when SM Settings block it, else submitted with a warning (and only by
		the Business Owner, see expense_approval)."""
		if self.budget_status != OVER:
			return
		reasons = "<br>".join(escape(line) for line in (self.flag_reasons or "").split("\n") if line)
		if get_settings().expense_budget_action == BLOCK:
			frappe.throw(
				_("This expense exceeds its budget, and expenses over budget are blocked (SM Settings).")
				+ "<br>"
				+ reasons,
				ExpenseOverBudgetError,
				title=_("Over budget"),
			)
		frappe.msgprint(
			_("This expense exceeds its budget.") + "<br>" + reasons,
			title=_("Over budget"),
			indicator="orange",
		)


def on_doctype_update():
	# the budget and flag checks sum a category's or a customer's submitted expenses over dates: these
	# cover those queries (no row read); the reports filter and group by salesperson and date
	frappe.db.add_index("SM Expense", ["category", "expense_date", "docstatus", "salesperson", "base_amount"])
	frappe.db.add_index("SM Expense", ["customer", "expense_date", "docstatus", "base_amount"])
	frappe.db.add_index("SM Expense", ["salesperson", "expense_date"])
