# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.contacts.address_and_contact import delete_contact_and_address, load_address_and_contact
from frappe.model.document import Document

from sales_mgmt.deals.customer import clean_customer_name, customer_name_key, validate_contact_data
from sales_mgmt.deals.ownership import validate_enabled_salesperson
from sales_mgmt.exceptions import DuplicateCustomerError
from sales_mgmt.people.hierarchy import get_salesperson
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.user_text import bold


class SMCustomer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		city: DF.Data | None
		credit_limit: DF.Currency
		customer_name: DF.Data
		customer_name_key: DF.Data | None
		customer_type: DF.Literal["Company", "Individual"]
		email: DF.Data | None
		hot_note: DF.SmallText | None
		industry: DF.Data | None
		is_hot: DF.Check
		notes: DF.Text | None
		phone: DF.Data | None
		salesperson: DF.Link | None
		source: DF.Data | None
		status: DF.Literal["Prospect", "Active", "Dormant", "Lost"]
		website: DF.Data | None

	# end: auto-generated types
	def onload(self):
		load_address_and_contact(self)

	def before_validate(self):
		self.customer_name = clean_customer_name(self.customer_name)
		self.customer_name_key = customer_name_key(self.customer_name)
		if self.is_new() and not self.salesperson:
			self.salesperson = get_salesperson()

	def validate(self):
		self.validate_unique_name()
		validate_contact_data(self)
		validate_enabled_salesperson(self)
		validate_assignment(self)

	def on_trash(self):
		delete_contact_and_address(self.doctype, self.name)

	def validate_unique_name(self):
		if not self.customer_name:
			frappe.throw(_("Customer Name is required."), frappe.MandatoryError, title=_("Missing value"))
		existing = frappe.db.get_value(
			"SM Customer",
			{"customer_name_key": self.customer_name_key, "name": ("!=", self.name or "")},
			["name", "customer_name"],
		)
		if existing:
			frappe.throw(
				_("Customer {0} already exists as {1}.").format(
					bold(self.customer_name), bold(f"{existing[1]} ({existing[0]})")
				),
				DuplicateCustomerError,
				title=_("Duplicate customer"),
			)


def on_doctype_update():
	# a rep's list (own customers, newest first) reads 20 index entries instead of sorting all of them;
	# the index also serves every `salesperson in (...)` filter, as the single-column one does
	frappe.db.add_index("SM Customer", ["salesperson", "modified"])
