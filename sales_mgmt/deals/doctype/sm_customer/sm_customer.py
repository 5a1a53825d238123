# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.contacts.address_and_contact import delete_contact_and_address, load_address_and_contact
from frappe.model.document import Document

from sales_mgmt.deals.customer import clean_customer_name, customer_name_key, validate_contact_data
from sales_mgmt.deals.ownership import validate_enabled_salesperson
from sales_mgmt.exceptions import DuplicateCustomerError
from sales_mgmt.people.hierarchy import get_salesperson
from sales_mgmt.permissions import can_pick, validate_assignment
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
		industry: DF.Data | None
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
			refuse_duplicate_name(self.customer_name, existing)

	def db_insert(self, *args, **kwargs):
		with duplicate_key_refused(self):
			return super().db_insert(*args, **kwargs)

	def db_update(self):
		with duplicate_key_refused(self):
			return super().db_update()


def refuse_duplicate_name(customer_name: str, existing: tuple[str, str] | None) -> None:
	"""Say that the name exists; name the existing customer only to a user who may read it."""
	if existing and can_pick("SM Customer", existing[0]):
		message = _("Customer {0} already exists as {1}.").format(
			bold(customer_name), bold(f"{existing[1]} ({existing[0]})")
		)
	else:
		message = _(
			"A customer named {0} already exists in another team; ask your manager to assign it to you."
		).format(bold(customer_name))
	frappe.throw(message, DuplicateCustomerError, title=_("Duplicate customer"))


@contextmanager
def duplicate_key_refused(doc):
	"""Two saves of the same name at the same moment both pass `validate_unique_name`; the unique
	index refuses the second. Answer it with the same message instead of the database's text."""
	try:
		yield
	except frappe.UniqueValidationError as e:
		if "customer_name_key" not in str(e.args[-1] if e.args else e):
			raise
		# Frappe queued "Customer Name Key must be unique" before raising; the message below replaces it
		log = frappe.local.message_log
		if log and "Customer Name Key" in str(log[-1]):
			log.pop()
		existing = frappe.db.get_value(
			"SM Customer", {"customer_name_key": doc.customer_name_key}, ["name", "customer_name"]
		)
		refuse_duplicate_name(doc.customer_name, existing)


def on_doctype_update():
	# a rep's list (own customers, newest first) reads 20 index entries instead of sorting all of them;
	# the index also serves every `salesperson in (...)` filter, as the single-column one does
	frappe.db.add_index("SM Customer", ["salesperson", "modified"])
