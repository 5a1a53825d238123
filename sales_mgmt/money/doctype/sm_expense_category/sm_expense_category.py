# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from sales_mgmt.exceptions import InvalidExpenseCategoryError
from sales_mgmt.user_text import bold


class SMExpenseCategory(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category_name: DF.Data
		description: DF.SmallText | None
		expense_type: DF.Literal["", "Management", "Promotion"]
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_sm_expense_category: DF.Link | None
		rgt: DF.Int
	# end: auto-generated types
	nsm_parent_field = "parent_sm_expense_category"

	def validate(self):
		self.category_name = (self.category_name or "").strip()
		self.validate_parent()
		self.set_expense_type()
		self.validate_group_change()

	def on_trash(self):
		super().on_trash(allow_root_deletion=True)

	def validate_parent(self):
		parent = self.parent_sm_expense_category
		if not parent:
			return
		if parent == self.name:
			frappe.throw(
				_("A category cannot be its own parent."),
				InvalidExpenseCategoryError,
				title=_("Invalid category"),
			)
		if not frappe.db.get_value(self.doctype, parent, "is_group"):
			frappe.throw(
				_("{0} is not a group; only a group category can have categories below it.").format(
					bold(_(parent))
				),
				InvalidExpenseCategoryError,
				title=_("Invalid category"),
			)

	def set_expense_type(self):
		"""A category without a type takes its parent's; a category expenses are booked on needs one."""
		if not self.expense_type and self.parent_sm_expense_category:
			self.expense_type = frappe.db.get_value(
				self.doctype, self.parent_sm_expense_category, "expense_type"
			)
		if not self.is_group and not self.expense_type:
			frappe.throw(
				_("Choose the expense type (Management or Promotion) of category {0}.").format(
					bold(self.category_name)
				),
				InvalidExpenseCategoryError,
				title=_("Expense type required"),
			)

	def validate_group_change(self):
		"""Expenses are booked on categories without any below them: one with expenses stays a leaf."""
		if self.is_new() or not self.is_group or not self.has_value_changed("is_group"):
			return
		if frappe.db.exists("SM Expense", {"category": self.name}):
			frappe.throw(
				_("Category {0} has expenses, so it cannot become a group.").format(bold(_(self.name))),
				InvalidExpenseCategoryError,
				title=_("Invalid category"),
			)


def on_doctype_update():
	frappe.db.add_index("SM Expense Category", ["lft", "rgt"])
