# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from sales_mgmt.exceptions import ImmutableLedgerError


class SMStockLedgerEntry(Document):
	"""Written only by `sales_mgmt.goods.stock_ledger.post_stock`, never through this controller."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		customer: DF.Link | None
		is_cancelled: DF.Check
		name: DF.Int | None
		posting_date: DF.Date | None
		posting_datetime: DF.Datetime | None
		posting_time: DF.Time | None
		product: DF.Link | None
		purpose: DF.Literal["", "Sales Delivery", "Promotion", "Gift", "Internal Use", "Scrap"]
		qty_after: DF.Float
		qty_change: DF.Float
		salesperson: DF.Link | None
		voucher_detail_no: DF.Data | None
		voucher_no: DF.DynamicLink | None
		voucher_type: DF.Link | None
		warehouse: DF.Link | None

	# end: auto-generated types
	def validate(self):
		frappe.throw(
			_("Stock ledger entries are written only by submitting or cancelling a stock voucher."),
			ImmutableLedgerError,
			title=_("Stock ledger is read-only"),
		)

	def on_trash(self):
		frappe.throw(
			_("Stock ledger entries cannot be deleted; cancel the voucher to reverse its movements."),
			ImmutableLedgerError,
			title=_("Stock ledger is read-only"),
		)


def on_doctype_update():
	# a bin's movements in time order; issues by purpose and date (consumption, sales history)
	frappe.db.add_index("SM Stock Ledger Entry", ["product", "warehouse", "posting_datetime"])
	frappe.db.add_index("SM Stock Ledger Entry", ["purpose", "posting_date"])
	frappe.db.add_index("SM Stock Ledger Entry", ["voucher_type", "voucher_no"])
