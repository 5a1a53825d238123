# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from sales_mgmt.exceptions import DuplicateSalesBudgetError
from sales_mgmt.goods.sales_budget import normalize_period
from sales_mgmt.user_text import bold


class SMSalesBudget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		budget_qty: DF.Float
		notes: DF.SmallText | None
		period: DF.Data
		product: DF.Link
		product_name: DF.Data | None

	# end: auto-generated types
	def before_insert(self):
		self.period = normalize_period(self.period)
		self.refuse_duplicate()

	def autoname(self):
		self.name = f"{self.product}-{self.period}"

	def validate(self):
		self.period = normalize_period(self.period)
		self.notes = (self.notes or "").strip() or None

	def refuse_duplicate(self):
		existing = frappe.db.get_value("SM Sales Budget", {"product": self.product, "period": self.period})
		if existing:
			frappe.throw(
				_("{0} already has a sales budget for {1}: {2}. Change that one instead.").format(
					bold(self.product), self.period, bold(existing)
				),
				DuplicateSalesBudgetError,
				title=_("Duplicate sales budget"),
			)


def on_doctype_update():
	frappe.db.add_unique("SM Sales Budget", ["product", "period"], constraint_name="unique_product_period")
