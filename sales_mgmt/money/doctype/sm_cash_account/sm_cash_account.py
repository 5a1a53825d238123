# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_mgmt.exceptions import BeforeOpeningDateError
from sales_mgmt.permissions import clear_access_cache
from sales_mgmt.user_text import bold

LEDGER = "SM Cash Ledger Entry"


class SMCashAccount(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from sales_mgmt.money.doctype.sm_cash_account_access.sm_cash_account_access import SMCashAccountAccess

		access: DF.Table[SMCashAccountAccess]
		account_name: DF.Data
		account_no: DF.Data | None
		account_type: DF.Literal["Cash", "Bank", "Other"]
		bank_name: DF.Data | None
		currency: DF.Link
		current_balance: DF.Currency
		description: DF.SmallText | None
		enabled: DF.Check
		opening_balance: DF.Currency
		opening_date: DF.Date

	# end: auto-generated types
	def validate(self):
		self.validate_access()
		self.set_current_balance()

	def on_update(self):
		clear_access_cache()

	def after_rename(self, old, new, merge=False):
		clear_access_cache()

	def on_trash(self):
		clear_access_cache()

	def validate_access(self):
		seen = set()
		for row in self.access:
			if row.user in seen:
				frappe.throw(
					_("Access row {0}: {1} is listed twice.").format(row.idx, bold(row.user)),
					title=_("Duplicate user"),
				)
			seen.add(row.user)

	def set_current_balance(self):
		"""Opening balance plus the ledger, whatever a request sent: new accounts start at their opening
		balance; a changed opening balance moves the balance by the difference, under the row's lock."""
		self.opening_balance = flt(self.opening_balance, self.precision("opening_balance"))
		if self.is_new():
			self.current_balance = self.opening_balance
			return
		stored = frappe.db.sql(
			"""select currency, opening_date, opening_balance, current_balance from `tabSM Cash Account`
			where name = %s for update""",
			self.name,
			as_dict=True,
		)[0]
		self.current_balance = flt(
			flt(stored.current_balance) + self.opening_balance - flt(stored.opening_balance),
			self.precision("current_balance"),
		)
		first = frappe.db.sql(
			f"select min(posting_date) from `tab{LEDGER}` where cash_account = %s", self.name
		)[0][0]
		if first and self.currency != stored.currency:
			frappe.throw(
				_("Cash account {0} has entries in {1}; its currency cannot change.").format(
					bold(self.name), bold(stored.currency)
				),
				title=_("Currency in use"),
			)
		if first and getdate(self.opening_date) > getdate(first):
			frappe.throw(
				_("The opening date cannot be after {0}, the date of the account's first entry.").format(
					frappe.format(first, "Date")
				),
				BeforeOpeningDateError,
				title=_("Before the opening date"),
			)
