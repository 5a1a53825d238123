# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from sales_mgmt.exceptions import WarehouseHasStockError
from sales_mgmt.goods.stock_ledger import format_qty
from sales_mgmt.user_text import bold, escape


class SMWarehouse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		enabled: DF.Check
		keeper: DF.Link | None
		location: DF.Data | None
		warehouse_name: DF.Data

	# end: auto-generated types
	def validate(self):
		self.warehouse_name = (self.warehouse_name or "").strip()
		if not self.is_new() and not self.enabled and self.has_value_changed("enabled"):
			self.refuse_if_stocked(_("disabled"))

	def on_trash(self):
		self.refuse_if_stocked(_("deleted"))

	def refuse_if_stocked(self, action: str):
		"""Refuse while any bin of the warehouse holds stock. The warehouse row is locked first (saving
		has locked it already), then the bins are read with a locking read, which sees what postings
		committed: a posting holds a shared lock on its warehouses' rows until it commits
		(sales_mgmt.goods.stock_ledger)."""
		frappe.db.sql("select name from `tabSM Warehouse` where name = %s for update", self.name)
		stocked = frappe.db.sql(
			"""select product, actual_qty from `tabSM Bin` force index (warehouse)
			where warehouse = %s and actual_qty != 0 lock in share mode""",
			self.name,
			as_dict=True,
		)
		if not stocked:
			return
		sample = ", ".join(
			f"{escape(b.product)}: {format_qty(b.actual_qty)}"
			for b in sorted(stocked, key=lambda b: b.product)[:3]
		)
		frappe.throw(
			_(
				"Warehouse {0} still holds stock ({1}) and cannot be {2}; move or issue the stock first."
			).format(bold(self.name), sample, action),
			WarehouseHasStockError,
			title=_("Warehouse has stock"),
		)
