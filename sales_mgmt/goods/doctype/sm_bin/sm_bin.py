# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from sales_mgmt.exceptions import ImmutableLedgerError


class SMBin(Document):
	"""Kept by `sales_mgmt.goods.stock_ledger` in the same transaction as the ledger, never by hand."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		actual_qty: DF.Float
		last_posting_datetime: DF.Datetime | None
		product: DF.Link | None
		warehouse: DF.Link | None

	# end: auto-generated types
	def validate(self):
		frappe.throw(
			_("Stock balances change only through stock postings."),
			ImmutableLedgerError,
			title=_("Stock balance is read-only"),
		)

	def on_trash(self):
		frappe.throw(
			_("Stock balances cannot be deleted."),
			ImmutableLedgerError,
			title=_("Stock balance is read-only"),
		)


def on_doctype_update():
	frappe.db.add_unique("SM Bin", ["product", "warehouse"], constraint_name="unique_product_warehouse")
