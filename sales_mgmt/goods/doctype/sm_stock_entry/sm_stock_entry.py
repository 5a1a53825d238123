# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt
# the generated types block imports child tables after frappe without the blank line isort wants
# ruff: noqa: I001

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.utils.link_count import notify_link_count
from frappe.utils import cint, flt, get_datetime, nowdate, nowtime

from sales_mgmt.exceptions import DisabledProductError, DisabledWarehouseError, NonStockItemError
from sales_mgmt.goods.stock_entry import ISSUE, default_row_warehouses, moves_for_entry, validate_row
from sales_mgmt.goods.stock_ledger import (
	cancel_stock,
	get_masters,
	keep_posting_moment,
	post_stock,
	qty_precision,
	validate_posting_datetime,
)
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.user_text import bold, escape


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
		set_posting_time: DF.Check
		to_warehouse: DF.Link | None
		total_amount: DF.Currency
		total_qty: DF.Float

	# end: auto-generated types
	def _validate_links(self):
		"""Frappe checks every row's links with a query per link; the rows' products and warehouses are
		read in one query each (`load_masters`) and checked here, the entry's own links by Frappe."""
		self.flags.masters = None  # read afresh by every save
		if self.flags.ignore_links or self._action == "cancel":
			return
		self.load_masters()
		invalid_links, cancelled_links = self.get_invalid_links()
		if rows_checked_in_bulk():
			invalid_links += self.get_invalid_row_links()
		else:
			# a custom field links or fetches something else: Frappe checks each row as usual
			for row in self.items:
				row_invalid, row_cancelled = row.get_invalid_links(is_submittable=True)
				invalid_links += row_invalid
				cancelled_links += row_cancelled
		if invalid_links:
			frappe.throw(
				_("Could not find {0}").format(", ".join(each[2] for each in invalid_links)),
				frappe.LinkValidationError,
			)
		if cancelled_links:
			frappe.throw(
				_("Cannot link cancelled document: {0}").format(
					", ".join(each[2] for each in cancelled_links)
				),
				frappe.CancelledLinkError,
			)

	def get_invalid_row_links(self) -> list[tuple[str, str, str]]:
		"""The rows' product and warehouse links that match no record, as Frappe reports them; a match
		takes the record's own spelling (MariaDB compares names case-insensitively), and a product fills
		the row's name and unit."""
		products = {name.casefold(): row for name, row in self.flags.masters.products.items()}
		warehouses = {name.casefold(): name for name in self.flags.masters.warehouses}
		meta = frappe.get_meta("SM Stock Entry Item")
		invalid = []

		def missing(row, fieldname, value):
			label = _(meta.get_label(fieldname), context="SM Stock Entry Item")
			invalid.append((fieldname, value, "{} #{}: {}: {}".format(_("Row"), row.idx, label, value)))

		for row in self.items:
			if row.product:
				product = products.get(row.product.casefold())
				if product:
					row.product = product.name
					if self.is_new() or not self.docstatus.is_submitted():
						row.product_name, row.uom = product.product_name, product.uom
					notify_link_count("SM Product", product.name)
				else:
					missing(row, "product", row.product)
			for fieldname in ("from_warehouse", "to_warehouse"):
				if value := row.get(fieldname):
					if warehouse := warehouses.get(value.casefold()):
						row.set(fieldname, warehouse)
						notify_link_count("SM Warehouse", warehouse)
					else:
						missing(row, fieldname, value)
		return invalid

	def validate(self):
		if self.flags.masters is None:  # links not checked: nothing read yet
			self.load_masters()
		self.set_posting_datetime()
		self.set_missing_values()
		validate_posting_datetime(get_datetime(f"{self.posting_date} {self.posting_time}"))
		self.validate_purpose()
		self.validate_rows()
		self.validate_products_and_warehouses()
		self.set_totals()
		validate_assignment(self)

	def on_submit(self):
		rows = post_stock(
			self.doctype,
			self.name,
			self.posting_date,
			self.posting_time,
			moves_for_entry(self),
			masters=self.flags.masters,
			at_lock_time=not self.set_posting_time,
		)
		if not self.set_posting_time:
			keep_posting_moment(self, rows)

	def on_cancel(self):
		cancel_stock(self.doctype, self.name)

	def update_children(self):
		"""Submitting or cancelling changes the rows' status, rarely their values: item rows whose values
		are as they were get the new status and timestamp in one statement, instead of Frappe rewriting
		every column of every row; any other change, and any other table, is saved by Frappe as usual."""
		for df in self.meta.get_table_fields():
			if df.fieldname == "items" and self.update_item_status():
				continue
			self.update_child_table(df.fieldname, df)

	def update_item_status(self) -> bool:
		"""Save the item rows of a submit or cancel that kept the same rows; False when it does not apply."""
		before = self.get_doc_before_save()
		if not before or self._action not in ("submit", "cancel"):
			return False
		before_rows = {row.name: row for row in before.items}
		if [row.name for row in self.items] != list(before_rows) or any(row.is_new() for row in self.items):
			return False
		unchanged = []
		for row in self.items:
			if _row_values(row) == _row_values(before_rows[row.name]):
				unchanged.append(row.name)
			else:
				row.db_update()
		if unchanged:
			item = frappe.qb.DocType("SM Stock Entry Item")
			(
				frappe.qb.update(item)
				.set(item.docstatus, self.docstatus)
				.set(item.modified, self.modified)
				.set(item.modified_by, self.modified_by)
				.where(item.name.isin(unchanged))
				.where(item.parent == self.name)
			).run()
		return True

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

	def set_posting_datetime(self):
		"""Unless set by hand, the posting date and time are the moment of each save, so an entry posts
		when it is submitted: a draft of yesterday submitted today posts today."""
		if not self.set_posting_time:
			self.posting_date, self.posting_time = nowdate(), nowtime()

	def set_missing_values(self):
		if self.entry_type != ISSUE:
			self.purpose = self.customer = self.salesperson = None
		products = self.flags.masters.products
		precision = qty_precision()
		for row in self.items:
			row.qty = flt(row.qty, precision)
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
			if not product:
				frappe.throw(
					_("Row {0}: product {1} does not exist.").format(row.idx, bold(row.product)),
					frappe.LinkValidationError,
					title=_("Unknown product"),
				)
			label = f"{product.product_name} ({row.product})"
			if not product.enabled:
				frappe.throw(
					_("Row {0}: product {1} is disabled.").format(row.idx, bold(label)),
					DisabledProductError,
					title=_("Disabled product"),
				)
			if not product.is_stock_item:
				frappe.throw(
					_("Row {0}: product {1} does not maintain stock.").format(row.idx, bold(label)),
					NonStockItemError,
					title=_("Not a stock item"),
				)
			for warehouse in (row.from_warehouse, row.to_warehouse):
				if warehouse and warehouse not in warehouses:
					frappe.throw(
						_("Row {0}: warehouse {1} does not exist.").format(row.idx, bold(warehouse)),
						frappe.LinkValidationError,
						title=_("Unknown warehouse"),
					)
				if warehouse and not warehouses[warehouse]:
					frappe.throw(
						_("Row {0}: warehouse {1} is disabled.").format(row.idx, bold(warehouse)),
						DisabledWarehouseError,
						title=_("Disabled warehouse"),
					)

	def set_totals(self):
		self.total_qty = flt(sum(row.qty for row in self.items), qty_precision())
		self.total_amount = flt(sum(flt(row.amount) for row in self.items), self.precision("total_amount"))


# the links of an SM Stock Entry Item and what it fetches through them, checked and filled in bulk
ROW_LINKS = {"product": "SM Product", "from_warehouse": "SM Warehouse", "to_warehouse": "SM Warehouse"}
ROW_FETCHES = {"product_name": ("product.product_name", 0), "uom": ("product.uom", 0)}


def rows_checked_in_bulk() -> bool:
	"""Whether the rows link and fetch nothing but what the bulk check knows (Customize Form can add
	more)."""
	meta = frappe.get_meta("SM Stock Entry Item")
	links = {df.fieldname: df.options for df in meta.fields if df.fieldtype in ("Link", "Dynamic Link")}
	fetches = {df.fieldname: (df.fetch_from, cint(df.fetch_if_empty)) for df in meta.fields if df.fetch_from}
	return links == ROW_LINKS and fetches == ROW_FETCHES


def _row_values(row) -> dict:
	"""What a row stores, but for the status and timestamp that submitting and cancelling change."""
	values = row.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True)
	for fieldname in ("docstatus", "modified", "modified_by"):
		values.pop(fieldname, None)
	return values
