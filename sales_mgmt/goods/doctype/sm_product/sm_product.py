# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt
# the generated types block imports child tables after frappe without the blank line isort wants
# ruff: noqa: I001

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, fmt_money, now

from sales_mgmt.exceptions import PriceBelowCostError, StockItemChangeError
from sales_mgmt.goods.price_change import notify_product_change, price_history_row, product_changes
from sales_mgmt.goods.stock_ledger import get_stock_by_warehouse
from sales_mgmt.user_text import bold

# who may set a standard price below cost (a clearance sale); others are refused
BELOW_COST_ROLES = frozenset({"Sales Manager", "Business Owner", "System Manager"})


class SMProduct(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from sales_mgmt.goods.doctype.sm_product_price_history.sm_product_price_history import (
			SMProductPriceHistory,
		)

		category: DF.Link | None
		cost_price: DF.Currency
		enabled: DF.Check
		image: DF.AttachImage | None
		is_stock_item: DF.Check
		price_change_reason: DF.SmallText | None
		price_history: DF.Table[SMProductPriceHistory]
		product_code: DF.Data
		product_name: DF.Data
		product_type: DF.Literal["Sales Item", "Promotional Material", "Gift"]
		reorder_level: DF.Float
		specification: DF.TextEditor | None
		standard_price: DF.Currency
		uom: DF.Data | None

	# end: auto-generated types
	def onload(self):
		if self.is_stock_item and not self.is_new():
			self.set_onload("stock", get_stock_by_warehouse(self.name))

	def before_insert(self):
		self.product_code = (self.product_code or "").strip()

	def validate(self):
		self.product_name = (self.product_name or "").strip()
		self.validate_price_against_cost()
		self.validate_stock_item_change()
		self.keep_price_history()

	def on_update(self):
		notify_product_change(self, product_changes(self))

	def validate_price_against_cost(self):
		price, cost = flt(self.standard_price), flt(self.cost_price)
		if not price or not cost or price >= cost:
			return
		message = _("The standard price of {0} ({1}) is below its cost price ({2}).").format(
			bold(self.product_name), fmt_money(price), fmt_money(cost)
		)
		price_changed = self.is_new() or self.has_value_changed("standard_price")
		if price_changed and BELOW_COST_ROLES.isdisjoint(frappe.get_roles()):
			frappe.throw(
				message + " " + _("Only a Sales Manager or the Business Owner can sell below cost."),
				PriceBelowCostError,
				title=_("Price below cost"),
			)
		frappe.msgprint(message, title=_("Price below cost"), indicator="orange", alert=True)

	def validate_stock_item_change(self):
		if self.is_new() or self.is_stock_item or not self.has_value_changed("is_stock_item"):
			return
		if frappe.db.exists("SM Stock Ledger Entry", {"product": self.name}):
			frappe.throw(
				_("{0} already has stock movements, so it must keep maintaining stock.").format(
					bold(self.product_name)
				),
				StockItemChangeError,
				title=_("Cannot stop maintaining stock"),
			)

	def keep_price_history(self):
		"""Append a row for a changed standard price; rows already recorded cannot be edited."""
		before = self.get_doc_before_save()
		if not before:
			return
		self.set("price_history", [row.as_dict() for row in before.price_history])
		if not self.has_value_changed("standard_price"):
			return
		self.flags.price_change_reason = (self.price_change_reason or "").strip() or None
		self.append(
			"price_history",
			price_history_row(
				before.standard_price,
				self.standard_price,
				frappe.session.user,
				now(),
				self.flags.price_change_reason,
			),
		)
		# "" rather than None: the form then shows the field empty without marking itself changed
		self.price_change_reason = ""
