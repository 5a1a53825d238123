# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, getdate, now_datetime

from sales_mgmt.deals.ownership import customer_readable, default_salesperson, validate_enabled_salesperson
from sales_mgmt.exceptions import InvalidActivityError
from sales_mgmt.people import activities
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.user_text import bold


class SMActivity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity_date: DF.Date | None
		activity_type: DF.Literal["Visit", "Call", "Meeting", "Email", "Demo", "Other"]
		completed_on: DF.Datetime | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		ends_on: DF.Datetime | None
		lead: DF.Link | None
		location: DF.Data | None
		next_activity: DF.Link | None
		next_activity_on: DF.Datetime | None
		next_step: DF.Data | None
		opportunity: DF.Link | None
		outcome: DF.Literal["", "Successful", "Unsuccessful", "Follow-up Needed"]
		previous_activity: DF.Link | None
		remind_before_minutes: DF.Int
		reminded_on: DF.Datetime | None
		salesperson: DF.Link | None
		starts_on: DF.Datetime
		status: DF.Literal["Planned", "Done", "Cancelled"]
		subject: DF.Data
		summary: DF.SmallText | None
	# end: auto-generated types

	def before_validate(self):
		if self.opportunity and not self.customer:
			self.customer = frappe.db.get_value("SM Opportunity", self.opportunity, "customer")
		if self.is_new():
			self.salesperson = self.salesperson or default_salesperson(self, customer_readable(self))
			if self.get("remind_before_minutes") in (None, ""):
				self.remind_before_minutes = frappe.db.get_single_value(
					"SM Settings", "activity_reminder_minutes"
				)
		if self.starts_on and not self.ends_on:
			self.ends_on = activities.default_end(get_datetime(self.starts_on))

	def validate(self):
		activities.validate_times(self.starts_on, self.ends_on)
		activities.validate_result(self.status, self.outcome, self.starts_on)
		activities.validate_next_activity_on(self.status, self.starts_on, self.next_activity_on)
		self.validate_opportunity()
		validate_enabled_salesperson(self)
		validate_assignment(self)
		self.activity_date = getdate(self.starts_on)
		if self.status != activities.DONE:
			self.outcome = None
			self.completed_on = None
		elif not self.completed_on or self.has_value_changed("status"):
			self.completed_on = now_datetime()
		if self.has_value_changed("starts_on") or self.has_value_changed("remind_before_minutes"):
			self.reminded_on = None

	def validate_opportunity(self):
		if not self.opportunity:
			return
		if frappe.db.get_value("SM Opportunity", self.opportunity, "customer") != self.customer:
			frappe.throw(
				_("Opportunity {0} belongs to another customer.").format(bold(self.opportunity)),
				InvalidActivityError,
				title=_("Wrong opportunity"),
			)

	def on_update(self):
		if self.status == activities.DONE and self.next_activity_on and not self.next_activity:
			self.db_set("next_activity", activities.plan_next(self), update_modified=False)


def on_doctype_update():
	# schedules, daily reports and KPIs read a salesperson's activities of a day range
	frappe.db.add_index("SM Activity", ["salesperson", "activity_date"])
	frappe.db.add_index("SM Activity", ["customer", "activity_date"])
	# Salesperson KPI's visits (type Visit, status Done, a date range, by salesperson, with the
	# outcome): read from this index alone, over any period, instead of every activity of the range
	frappe.db.add_index(
		"SM Activity",
		["activity_type", "status", "activity_date", "salesperson", "outcome"],
		"type_status_date_index",
	)
	# the reminder job looks for planned activities starting soon, every five minutes
	frappe.db.add_index("SM Activity", ["status", "starts_on"])
