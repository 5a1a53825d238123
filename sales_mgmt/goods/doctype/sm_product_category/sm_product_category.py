# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet, get_descendants_of

from sales_mgmt.exceptions import InvalidCategoryError


class SMProductCategory(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category_name: DF.Data
		description: DF.SmallText | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_sm_product_category: DF.Link | None
		rgt: DF.Int
	# end: auto-generated types
	nsm_parent_field = "parent_sm_product_category"

	def validate(self):
		self.category_name = (self.category_name or "").strip()
		if self.parent_sm_product_category and self.parent_sm_product_category == self.name:
			frappe.throw(
				_("A category cannot be its own parent."), InvalidCategoryError, title=_("Invalid category")
			)

	def on_update(self):
		super().on_update()
		parent = self.parent_sm_product_category
		if parent and not frappe.db.get_value("SM Product Category", parent, "is_group"):
			frappe.db.set_value("SM Product Category", parent, "is_group", 1)

	def on_trash(self):
		super().on_trash(allow_root_deletion=True)


def get_category_with_descendants(category: str) -> list[str]:
	return [category, *get_descendants_of("SM Product Category", category, ignore_permissions=True)]


def on_doctype_update():
	frappe.db.add_index("SM Product Category", ["lft", "rgt"])
