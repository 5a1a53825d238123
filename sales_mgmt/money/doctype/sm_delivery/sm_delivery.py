# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from collections import defaultdict

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, get_datetime, nowdate, nowtime

from sales_mgmt.exceptions import InvalidAmountError, OverDeliveryError
from sales_mgmt.goods.stock_ledger import (
	StockMove,
	cancel_stock,
	format_qty,
	keep_posting_moment,
	post_stock,
	qty_precision,
	validate_posting_datetime,
)
from sales_mgmt.money.orders import submitted_order
from sales_mgmt.money.receivables import add_amounts, lock_orders
from sales_mgmt.user_text import bold


class SMDelivery(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from sales_mgmt.money.doctype.sm_delivery_item.sm_delivery_item import SMDeliveryItem

		amended_from: DF.Link | None
		base_total_amount: DF.Currency
		currency: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		items: DF.Table[SMDeliveryItem]
		posting_date: DF.Date
		posting_time: DF.Time
		remarks: DF.Text | None
		sales_order: DF.Link
		salesperson: DF.Link | None
		set_posting_time: DF.Check
		total_amount: DF.Currency
		total_qty: DF.Float
		warehouse: DF.Link
	# end: auto-generated types

	def validate(self):
		self.set_posting_datetime()
		validate_posting_datetime(get_datetime(f"{self.posting_date} {self.posting_time}"))
		order = submitted_order(self.sales_order)
		self.customer, self.customer_name = order.customer, order.customer_name
		self.salesperson, self.currency = order.salesperson, order.currency
		self.set_rows(order_rows(self.sales_order))
		self.set_totals(order.exchange_rate)

	def on_submit(self):
		order = lock_orders([self.sales_order])[self.sales_order]
		self.deliver(order_rows(self.sales_order, for_update=True), sign=1)
		if moves := self.stock_moves():  # services are delivered without stock
			rows = post_stock(
				self.doctype,
				self.name,
				self.posting_date,
				self.posting_time,
				moves,
				at_lock_time=not self.set_posting_time,
			)
			if not self.set_posting_time:
				keep_posting_moment(self, rows)
		add_amounts(order, delivered_amount=self.total_amount)

	def on_cancel(self):
		order = lock_orders([self.sales_order])[self.sales_order]
		cancel_stock(self.doctype, self.name)
		self.deliver(order_rows(self.sales_order, for_update=True), sign=-1)
		add_amounts(order, delivered_amount=-flt(self.total_amount))

	def set_posting_datetime(self):
		"""Unless set by hand, a delivery posts at the moment it is submitted (as stock entries do)."""
		if not self.set_posting_time:
			self.posting_date, self.posting_time = nowdate(), nowtime()

	def set_rows(self, rows: dict[str, frappe._dict]):
		"""Each row delivers one order row (matched by product when not given), at the order's rate,
		from its own warehouse or the delivery's; what it delivers stays within what remains."""
		if not self.items:
			frappe.throw(_("Add at least one item to deliver."), frappe.MandatoryError, title=_("No items"))
		precision = qty_precision()
		planned = defaultdict(float)
		for row in self.items:
			row.qty = flt(row.qty, precision)
			if row.qty <= 0:
				frappe.throw(
					_("Row {0}: the quantity must be greater than 0.").format(row.idx),
					InvalidAmountError,
					title=_("Invalid quantity"),
				)
			source = rows.get(row.sales_order_item)
			if not source or source.product != row.product:
				source = next(
					(
						r
						for r in rows.values()
						if r.product == row.product and r.qty - r.delivered_qty - planned[r.name] > 0
					),
					None,
				) or next((r for r in rows.values() if r.product == row.product), None)
			if not source:
				frappe.throw(
					_("Row {0}: product {1} is not on sales order {2}.").format(
						row.idx, bold(row.product), bold(self.sales_order)
					),
					OverDeliveryError,
					title=_("Not on the order"),
				)
			row.sales_order_item = source.name
			row.rate = source.rate
			row.amount = flt(row.qty * flt(row.rate), row.precision("amount"))
			row.warehouse = row.warehouse or self.warehouse
			planned[source.name] += row.qty
		for name, qty in planned.items():
			check_remaining(rows[name], qty)

	def set_totals(self, exchange_rate: float):
		self.total_qty = flt(sum(row.qty for row in self.items), qty_precision())
		self.total_amount = flt(sum(flt(row.amount) for row in self.items), self.precision("total_amount"))
		self.base_total_amount = flt(
			self.total_amount * flt(exchange_rate), self.precision("base_total_amount")
		)

	def deliver(self, rows: dict[str, frappe._dict], sign: int):
		"""Add (or, cancelling, take back) this delivery's quantities on the locked order rows."""
		per_row = defaultdict(float)
		for row in self.items:
			per_row[row.sales_order_item] += flt(row.qty)
		for name, qty in per_row.items():
			if sign > 0:
				check_remaining(rows[name], qty)
			frappe.db.set_value(
				"SM Sales Order Item",
				name,
				"delivered_qty",
				flt(rows[name].delivered_qty + sign * qty, qty_precision()),
				update_modified=False,
			)

	def stock_moves(self) -> list[StockMove]:
		stock_items = set(
			frappe.get_all(
				"SM Product",
				filters={"name": ("in", [row.product for row in self.items]), "is_stock_item": 1},
				pluck="name",
			)
		)
		return [
			StockMove(
				product=row.product,
				warehouse=row.warehouse,
				qty_change=-flt(row.qty),
				voucher_detail_no=row.name,
				purpose="Sales Delivery",
				customer=self.customer,
				salesperson=self.salesperson,
			)
			for row in self.items
			if row.product in stock_items
		]


def order_rows(order: str, for_update: bool = False) -> dict[str, frappe._dict]:
	"""The order's rows (name, product, qty, delivered_qty, rate); locked when `for_update`."""
	rows = frappe.db.sql(
		f"""select name, product, qty, delivered_qty, rate from `tabSM Sales Order Item`
		where parent = %s and parenttype = 'SM Sales Order' order by idx
		{"for update" if for_update else ""}""",
		order,
		as_dict=True,
	)
	for row in rows:
		row.qty, row.delivered_qty = flt(row.qty), flt(row.delivered_qty)
	return {row.name: row for row in rows}


def check_remaining(row: frappe._dict, qty: float) -> None:
	remaining = flt(row.qty - row.delivered_qty, qty_precision())
	if flt(qty, qty_precision()) > remaining:
		frappe.throw(
			_("Cannot deliver {0} of {1}: only {2} remain to be delivered on the order.").format(
				format_qty(qty), bold(row.product), format_qty(max(remaining, 0))
			),
			OverDeliveryError,
			title=_("Over-delivery"),
		)
