# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import now_datetime

from sales_mgmt.deals.ownership import customer_salesperson
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.service import complaints, survey


class SMComplaint(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		assigned_to: DF.Link | None
		category: DF.Link | None
		channel: DF.Literal["Phone", "Email", "Visit", "Web", "Other"]
		contact: DF.Link | None
		customer: DF.Link
		description: DF.TextEditor | None
		feedback: DF.SmallText | None
		first_response_on: DF.Datetime | None
		opened_on: DF.Datetime
		product: DF.Link | None
		reopen_count: DF.Int
		resolution: DF.TextEditor | None
		resolution_due: DF.Datetime | None
		resolved_on: DF.Datetime | None
		response_due: DF.Datetime | None
		sales_order: DF.Link | None
		salesperson: DF.Link | None
		satisfaction: DF.Rating
		severity: DF.Literal["Low", "Medium", "High", "Critical"]
		sla_status: DF.Literal["", "On Track", "At Risk", "Breached", "Met"]
		status: DF.Literal["Open", "In Progress", "Resolved", "Closed"]
		subject: DF.Data
		survey_expires_on: DF.Datetime | None
		survey_nonce: DF.Data | None
		survey_token_hash: DF.Data | None
	# end: auto-generated types

	def before_validate(self):
		if self.is_new() or self.has_value_changed("customer"):
			# the account manager is the customer's (a customer of another team is refused by the link
			# check before anything of it is used)
			self.salesperson = customer_salesperson(self.customer)

	def validate(self):
		now = now_datetime()
		complaints.keep_computed(self)
		complaints.validate_opened_on(self, now)
		complaints.validate_contact(self)
		complaints.validate_sales_order(self)
		complaints.validate_assignee(self)
		complaints.validate_resolution(self)
		validate_assignment(self)
		self.flags.status_change = complaints.track_status(self, now)
		if self.flags.status_change == "resolved" and not self.satisfaction:
			survey.issue(self, now)
		elif self.flags.status_change == "reopened":
			survey.withdraw(self)
		complaints.set_due_dates(self, get_settings())
		self.sla_status = complaints.compute_sla_status(self, now)

	def after_insert(self):
		complaints.notify_new(self)

	def on_update(self):
		if self.has_value_changed("assigned_to"):
			complaints.notify_assigned(self)
		if self.flags.status_change == "resolved":
			complaints.notify_resolved(self)
			survey.send(self)
