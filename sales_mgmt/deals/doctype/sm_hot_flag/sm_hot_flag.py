# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

from sales_mgmt.deals.hot_flags import (
	active_key,
	clean_note,
	default_expiry,
	validate_note,
)
from sales_mgmt.deals.ownership import customer_salesperson, own_salesperson, validate_enabled_salesperson
from sales_mgmt.exceptions import DuplicateHotFlagError, InvalidHotFlagError
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.user_text import bold


class SMHotFlag(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active: DF.Check
		active_key: DF.Data | None
		customer: DF.Link
		customer_name: DF.Data | None
		expected_date: DF.Date | None
		expires_on: DF.Date | None
		note: DF.SmallText | None
		opportunity: DF.Link | None
		salesperson: DF.Link | None

	# end: auto-generated types
	def before_validate(self):
		self.note = clean_note(self.note)
		if self.is_new():
			self.salesperson = self.salesperson or own_salesperson() or customer_salesperson(self.customer)
			self.expires_on = self.expires_on or default_expiry()

	def validate(self):
		validate_note(self.note)
		self.validate_opportunity()
		self.validate_expiry()
		validate_enabled_salesperson(self)
		validate_assignment(self)
		self.active_key = active_key(self.customer, self.salesperson) if self.active else None
		self.validate_one_active_flag()

	def validate_opportunity(self):
		if not self.opportunity:
			return
		if frappe.db.get_value("SM Opportunity", self.opportunity, "customer") != self.customer:
			frappe.throw(
				_("Opportunity {0} belongs to another customer.").format(bold(self.opportunity)),
				InvalidHotFlagError,
				title=_("Wrong opportunity"),
			)

	def validate_expiry(self):
		if self.active and self.expires_on and getdate(self.expires_on) < getdate(nowdate()):
			if self.is_new() or self.has_value_changed("expires_on") or self.has_value_changed("active"):
				frappe.throw(
					_("An active hot flag cannot expire in the past; choose today or a later day."),
					InvalidHotFlagError,
					title=_("Invalid expiry"),
				)

	def validate_one_active_flag(self):
		if not self.active_key:
			return
		# serialise concurrent flags on the same customer; the unique active_key is the last word
		frappe.db.get_value("SM Customer", self.customer, "name", for_update=True)
		other = frappe.db.get_value(
			"SM Hot Flag", {"active_key": self.active_key, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			frappe.throw(
				_("{0} is already flagged hot for this salesperson ({1}); edit that flag instead.").format(
					bold(self.customer_name or self.customer), bold(other)
				),
				DuplicateHotFlagError,
				title=_("Already hot"),
			)
