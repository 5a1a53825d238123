# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from sales_mgmt.exceptions import ImmutableLedgerError


class SMCashLedgerEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		against_account: DF.Link | None
		amount: DF.Currency
		base_amount: DF.Currency
		cash_account: DF.Link | None
		counterparty: DF.Data | None
		currency: DF.Link | None
		entry_type: DF.Literal["Income", "Expense", "Transfer"]
		is_cancelled: DF.Check
		name: DF.Int | None
		posting_date: DF.Date | None
		voucher_no: DF.DynamicLink | None
		voucher_type: DF.Link | None
	# end: auto-generated types
	"""Written only by `sales_mgmt.money.cash_ledger`, never through this controller."""

	def validate(self):
		frappe.throw(
			_("Cash ledger entries are written only by submitting or cancelling a cash entry."),
			ImmutableLedgerError,
			title=_("Cash ledger is read-only"),
		)

	def on_trash(self):
		frappe.throw(
			_("Cash ledger entries cannot be deleted; cancel the cash entry to reverse it."),
			ImmutableLedgerError,
			title=_("Cash ledger is read-only"),
		)


def on_doctype_update():
	# an account's movements in date order (the ledger report, balances at a date)
	frappe.db.add_index("SM Cash Ledger Entry", ["cash_account", "posting_date"])
	frappe.db.add_index("SM Cash Ledger Entry", ["voucher_type", "voucher_no"])
