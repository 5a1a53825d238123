# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt
# the generated types block imports child tables after frappe without the blank line isort wants
# ruff: noqa: I001

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, flt, get_datetime

from sales_mgmt.exceptions import DisabledProductError, DisabledWarehouseError, NonStockItemError
from sales_mgmt.goods.stock_entry import ISSUE, default_row_warehouses, moves_for_entry, validate_row
from sales_mgmt.goods.stock_ledger import cancel_stock, get_masters, post_stock, validate_posting_datetime
from sales_mgmt.permissions import validate_assignment


class SMStockEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from sales_mgmt.goods.doctype.sm_stock_entry_item.sm_stock_entry_item import SMStockEntryItem

		amended_from: DF.Link | None
		customer: DF.Link | None
		entry_type: DF.Literal["Receipt", "Issue", "Transfer", "Adjustment"]
		from_warehouse: DF.Link | None
		items: DF.Table[SMStockEntryItem]
		posting_date: DF.Date
		posting_time: DF.Time
		purpose: DF.Literal["", "Sales Delivery", "Promotion", "Gift", "Internal Use", "Scrap"]
		remarks: DF.SmallText | None
		salesperson: DF.Link | None
		to_warehouse: DF.Link | None
		total_amount: DF.Currency
		total_qty: DF.Float

	# end: auto-generated types
	def validate(self):
		self.load_masters()
		self.set_missing_values()
		validate_posting_datetime(get_datetime(f"{self.posting_date} {self.posting_time}"))
		self.validate_purpose()
		self.validate_rows()
		self.validate_products_and_warehouses()
		self.set_totals()
		validate_assignment(self)

	def on_submit(self):
		post_stock(
			self.doctype,
			self.name,
			self.posting_date,
			self.posting_time,
			moves_for_entry(self),
			masters=self.flags.masters,
		)

	def on_cancel(self):
		cancel_stock(self.doctype, self.name)

	def load_masters(self):
		"""The rows' products and warehouses, read once for validation and posting."""
		for row in self.items:
			row.from_warehouse, row.to_warehouse = default_row_warehouses(
				self.entry_type, row.from_warehouse, row.to_warehouse, self.from_warehouse, self.to_warehouse
			)
		self.flags.masters = get_masters(
			[row.product for row in self.items],
			[w for row in self.items for w in (row.from_warehouse, row.to_warehouse)],
		)

	def set_missing_values(self):
		if self.entry_type != ISSUE:
			self.purpose = self.customer = self.salesperson = None
		products = self.flags.masters.products
		for row in self.items:
			if not row.rate and row.product in products:
				row.rate = flt(products[row.product].cost_price)
			row.amount = flt(flt(row.qty) * flt(row.rate), row.precision("amount"))

	def validate_purpose(self):
		if self.entry_type == ISSUE and not self.purpose:
			frappe.throw(
				_("An issue needs a purpose: what are the goods for?"),
				frappe.MandatoryError,
				title=_("Missing purpose"),
			)

	def validate_rows(self):
		for row in self.items:
			if not row.product:
				continue  # Frappe reports the missing mandatory value
			validate_row(self.entry_type, row.idx, row.product, row.qty, row.from_warehouse, row.to_warehouse)

	def validate_products_and_warehouses(self):
		products, warehouses = self.flags.masters.products, self.flags.masters.warehouses
		for row in self.items:
			if not row.product:
				continue
			product = products.get(row.product)
			label = escape_html(f"{product.product_name} ({row.product})" if product else row.product)
			if not product or not product.enabled:
				frappe.throw(
					_("Row {0}: product {1} is disabled.").format(row.idx, frappe.bold(label)),
					DisabledProductError,
					title=_("Disabled product"),
				)
			if not product.is_stock_item:
				frappe.throw(
					_("Row {0}: product {1} does not maintain stock.").format(row.idx, frappe.bold(label)),
					NonStockItemError,
					title=_("Not a stock item"),
				)
			for warehouse in (row.from_warehouse, row.to_warehouse):
				if warehouse and not warehouses.get(warehouse):
					frappe.throw(
						_("Row {0}: warehouse {1} is disabled.").format(
							row.idx, frappe.bold(escape_html(warehouse))
						),
						DisabledWarehouseError,
						title=_("Disabled warehouse"),
					)

	def set_totals(self):
		self.total_qty = flt(sum(flt(row.qty) for row in self.items), self.precision("total_qty"))
		self.total_amount = flt(sum(flt(row.amount) for row in self.items), self.precision("total_amount"))
