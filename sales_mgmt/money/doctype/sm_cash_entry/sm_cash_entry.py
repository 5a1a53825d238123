# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_mgmt.deals.exchange_rates import require_exchange_rate
from sales_mgmt.exceptions import InvalidAmountError, SameCashAccountError
from sales_mgmt.money import cash_ledger
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings


class SMCashEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_currency: DF.Link | None
		amended_from: DF.Link | None
		amount: DF.Currency
		base_amount: DF.Currency
		cash_account: DF.Link
		category: DF.Data | None
		counterparty: DF.Data | None
		entry_type: DF.Literal["Income", "Expense", "Transfer"]
		exchange_rate: DF.Float
		posting_date: DF.Date
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		remarks: DF.Text | None
		to_account: DF.Link | None
		to_amount: DF.Currency
		to_currency: DF.Link | None

	# end: auto-generated types
	def validate(self):
		if self.is_new() and not self.flags.from_source:
			# only the document that posts an entry names itself there (it is cancelled with it)
			self.reference_doctype = self.reference_name = None
		self.validate_amount()
		self.validate_accounts()
		self.set_amounts()

	def on_submit(self):
		cash_ledger.post(self)

	def before_cancel(self):
		cash_ledger.validate_linked_cancel(self)

	def on_cancel(self):
		cash_ledger.reverse(self)

	def validate_amount(self):
		self.amount = flt(self.amount, self.precision("amount"))
		if self.amount <= 0:
			frappe.throw(
				_("The amount must be greater than 0."), InvalidAmountError, title=_("Invalid amount")
			)

	def validate_accounts(self):
		if self.entry_type != "Transfer":
			self.to_account = self.to_currency = None
			self.exchange_rate = self.to_amount = 0
		elif not self.to_account:
			frappe.throw(
				_("A transfer needs the account it goes to."),
				SameCashAccountError,
				title=_("Missing account"),
			)
		elif self.to_account == self.cash_account:
			frappe.throw(
				_("A transfer must go to another account than the one it comes from."),
				SameCashAccountError,
				title=_("Same account"),
			)
		accounts = frappe.db.get_values(
			cash_ledger.ACCOUNT,
			{"name": ("in", [self.cash_account, self.to_account or self.cash_account])},
			["name", "currency", "enabled", "opening_date"],
			as_dict=True,
		)
		manage = not self.flags.posted_for_source
		for account in accounts:
			cash_ledger.check_account(account, self.posting_date, manage)
		by_name = {account.name: account for account in accounts}
		self.account_currency = by_name[self.cash_account].currency
		if self.to_account:
			self.to_currency = by_name[self.to_account].currency

	def set_amounts(self):
		self.base_amount = flt(
			self.amount
			* require_exchange_rate(self.account_currency, get_settings().base_currency, self.posting_date),
			self.precision("base_amount"),
		)
		if self.entry_type != "Transfer":
			return
		if self.account_currency == self.to_currency:
			self.exchange_rate = 1
		elif flt(self.exchange_rate) < 0:
			frappe.throw(
				_("The exchange rate must be greater than 0."), InvalidAmountError, title=_("Invalid rate")
			)
		elif not flt(self.exchange_rate):
			self.exchange_rate = require_exchange_rate(
				self.account_currency, self.to_currency, self.posting_date
			)
		self.to_amount = flt(self.amount * flt(self.exchange_rate), self.precision("amount"))
