# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from sales_mgmt.deals.customer import clean_customer_name, validate_contact_data
from sales_mgmt.deals.lead_conversion import CONVERTED, DISQUALIFIED, convert_lead
from sales_mgmt.deals.ownership import own_salesperson, validate_enabled_salesperson
from sales_mgmt.exceptions import LeadStatusError
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.user_text import bold


class SMLead(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company_name: DF.Data | None
		converted_on: DF.Datetime | None
		customer: DF.Link | None
		disqualify_reason: DF.SmallText | None
		email: DF.Data | None
		lead_name: DF.Data
		notes: DF.Text | None
		opportunity: DF.Link | None
		phone: DF.Data | None
		salesperson: DF.Link | None
		source: DF.Data | None
		status: DF.Literal["New", "Contacted", "Qualified", "Converted", "Disqualified"]

	# end: auto-generated types
	@frappe.whitelist()
	def convert(
		self,
		title: str | None = None,
		amount: float | None = None,
		expected_close_date: str | None = None,
		stage: str | None = None,
	) -> dict:
		"""The Convert button (also `frm.call("convert")`): see sales_mgmt.deals.lead_conversion."""
		self.check_permission("write")
		result = convert_lead(
			self.name, title=title, amount=amount, expected_close_date=expected_close_date, stage=stage
		)
		self.reload()
		return result

	def before_validate(self):
		self.lead_name = clean_customer_name(self.lead_name)
		self.company_name = clean_customer_name(self.company_name)
		if self.is_new() and not self.salesperson:
			self.salesperson = own_salesperson()

	def validate(self):
		validate_contact_data(self)
		self.validate_status()
		validate_enabled_salesperson(self)
		validate_assignment(self)

	def validate_status(self):
		before = self.get_doc_before_save()
		was_converted = bool(before and before.status == CONVERTED)
		if self.status == CONVERTED and not was_converted and not self.flags.converting:
			frappe.throw(
				_("Use the Convert button to convert a lead: it creates the customer and the opportunity."),
				LeadStatusError,
				title=_("Convert the lead"),
			)
		if was_converted and self.status != CONVERTED:
			frappe.throw(
				_("Lead {0} is converted; its status cannot change any more.").format(bold(self.lead_name)),
				LeadStatusError,
				title=_("Already converted"),
			)
		if self.status == DISQUALIFIED and not (self.disqualify_reason or "").strip():
			frappe.throw(
				_("Say why the lead is disqualified."),
				LeadStatusError,
				title=_("Disqualify reason required"),
			)
