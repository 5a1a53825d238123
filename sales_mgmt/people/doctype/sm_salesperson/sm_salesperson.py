# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from sales_mgmt.people.hierarchy import clear_scope_cache
from sales_mgmt.user_text import bold


class SMSalesperson(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		enabled: DF.Check
		is_group: DF.Check
		lft: DF.Int
		mobile_no: DF.Data | None
		old_parent: DF.Link | None
		parent_sm_salesperson: DF.Link | None
		rgt: DF.Int
		salesperson_name: DF.Data
		team: DF.Data | None
		user: DF.Link | None
	# end: auto-generated types
	nsm_parent_field = "parent_sm_salesperson"

	def validate(self):
		self.validate_user()
		self.validate_parent()

	def on_update(self):
		super().on_update()
		self.mark_parent_as_group()
		clear_scope_cache()

	def on_trash(self):
		super().on_trash(allow_root_deletion=True)
		clear_scope_cache()

	def after_rename(self, olddn, newdn, merge=False):
		super().after_rename(olddn, newdn, merge)
		clear_scope_cache()

	def validate_user(self):
		if not self.user:
			return
		other = frappe.db.get_value("SM Salesperson", {"user": self.user, "name": ("!=", self.name)})
		if other:
			frappe.throw(
				_("User {0} is already linked to salesperson {1}.").format(bold(self.user), bold(other)),
				frappe.UniqueValidationError,
				title=_("Duplicate user"),
			)

	def validate_parent(self):
		if self.parent_sm_salesperson and self.parent_sm_salesperson == self.name:
			frappe.throw(_("A salesperson cannot report to themself."), title=_("Invalid hierarchy"))
		if self.enabled or self.is_new():
			return
		if self.has_value_changed("enabled") and self.has_enabled_children():
			frappe.msgprint(
				_("{0} still has enabled salespeople reporting to them.").format(bold(self.salesperson_name)),
				indicator="orange",
				alert=True,
			)

	def has_enabled_children(self) -> bool:
		return bool(frappe.db.exists("SM Salesperson", {"parent_sm_salesperson": self.name, "enabled": 1}))

	def mark_parent_as_group(self):
		"""A salesperson with people reporting to them is a group node of the tree."""
		parent = self.parent_sm_salesperson
		if parent and not frappe.db.get_value("SM Salesperson", parent, "is_group"):
			frappe.db.set_value("SM Salesperson", parent, "is_group", 1)


def on_doctype_update():
	frappe.db.add_index("SM Salesperson", ["lft", "rgt"])
