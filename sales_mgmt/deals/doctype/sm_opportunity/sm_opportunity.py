# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, nowdate

from sales_mgmt.deals.opportunity import (
	is_valid_probability,
	item_amount,
	resolve_probability,
	weighted_amount,
)
from sales_mgmt.deals.ownership import customer_salesperson, own_salesperson, validate_enabled_salesperson
from sales_mgmt.deals.stage_log import count_days_in_stage, record_stage_change
from sales_mgmt.deals.stages import CLOSED_TYPES, LOST, OPEN, default_stage, get_stage, stage_label
from sales_mgmt.exceptions import (
	InvalidAmountError,
	InvalidCloseDateError,
	InvalidProbabilityError,
	InvalidStageError,
	LostReasonRequiredError,
	StageChangeNotAllowedError,
)
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

# may move a closed (Won / Lost) opportunity to another stage, e.g. reopen it
REOPEN_ROLES = frozenset({"Sales Manager", "Business Owner", "System Manager"})


class SMOpportunity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from sales_mgmt.deals.doctype.sm_opportunity_item.sm_opportunity_item import SMOpportunityItem
		from sales_mgmt.deals.doctype.sm_opportunity_stage_log.sm_opportunity_stage_log import (
			SMOpportunityStageLog,
		)

		amount: DF.Currency
		base_amount: DF.Currency
		closed_on: DF.Date | None
		competitor: DF.Data | None
		currency: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		days_in_stage: DF.Int
		exchange_rate: DF.Float
		expected_close_date: DF.Date | None
		items: DF.Table[SMOpportunityItem]
		lead: DF.Link | None
		lost_reason: DF.Link | None
		next_step: DF.SmallText | None
		probability: DF.Percent
		salesperson: DF.Link | None
		stage: DF.Link
		stage_changed_on: DF.Datetime | None
		stage_log: DF.Table[SMOpportunityStageLog]
		stall_notified_for: DF.Datetime | None
		status: DF.Literal["Open", "Won", "Lost"]
		title: DF.Data | None
		weighted_amount: DF.Currency

	# end: auto-generated types
	@property
	def days_in_stage(self) -> int:
		return count_days_in_stage(self.stage_changed_on) if self.stage_changed_on else 0

	def before_validate(self):
		self.set_missing_values()

	def validate(self):
		self.validate_probability_input()
		stage = self.validate_stage()
		self.validate_reopening()
		self.status = stage.stage_type
		stage_changed = record_stage_change(self)
		self.set_closed_on(stage_changed)
		self.set_probability(stage, stage_changed)
		self.set_amounts()
		self.validate_close_date()
		self.validate_lost_reason()
		validate_enabled_salesperson(self)
		validate_assignment(self)

	def set_missing_values(self):
		if not self.salesperson:
			self.salesperson = customer_salesperson(self.customer) or own_salesperson()
		if not self.title and self.customer:
			self.title = frappe.db.get_value("SM Customer", self.customer, "customer_name")
		if not self.currency:
			self.currency = get_settings().base_currency
		if not self.stage and self.is_new():
			self.stage = default_stage()

	def validate_probability_input(self):
		if not is_valid_probability(self.probability):
			frappe.throw(
				_("Probability must be between 0 and 100, not {0}.").format(self.probability),
				InvalidProbabilityError,
				title=_("Invalid probability"),
			)

	def validate_stage(self) -> frappe._dict:
		stage = get_stage(self.stage)
		if not stage:
			frappe.throw(
				_("{0} is not one of the sales stages; choose a stage from the list.").format(
					bold(self.stage or _("(empty)"))
				),
				InvalidStageError,
				title=_("Invalid stage"),
			)
		if not stage.enabled and (self.is_new() or self.has_value_changed("stage")):
			frappe.throw(
				_("Stage {0} is disabled; choose another stage.").format(bold(stage_label(stage.name))),
				InvalidStageError,
				title=_("Invalid stage"),
			)
		return stage

	def validate_reopening(self):
		before = self.get_doc_before_save()
		if not before or before.status not in CLOSED_TYPES or before.stage == self.stage:
			return
		if frappe.session.user == "Administrator" or not REOPEN_ROLES.isdisjoint(frappe.get_roles()):
			return
		frappe.throw(
			_("This opportunity is closed as {0}; only a Sales Manager can move it to another stage.").format(
				bold(_(before.status, context="SM Opportunity"))
			),
			StageChangeNotAllowedError,
			title=_("Not allowed"),
		)

	def set_closed_on(self, stage_changed: bool):
		if self.status == OPEN:
			self.closed_on = None
		elif stage_changed or not self.closed_on:
			self.closed_on = getdate(self.stage_changed_on)

	def set_probability(self, stage: frappe._dict, stage_changed: bool):
		before = self.get_doc_before_save()
		self.probability = resolve_probability(
			is_new=self.is_new(),
			stage_changed=stage_changed,
			stage_type=stage.stage_type,
			stage_probability=stage.probability,
			probability_before=before.probability if before else None,
			probability=self.probability,
		)

	def set_amounts(self):
		precision = self.precision("amount") or 2
		for item in self.items:
			if flt(item.qty) < 0 or flt(item.rate) < 0:
				frappe.throw(
					_("Row {0}: quantity and rate cannot be negative.").format(item.idx),
					InvalidAmountError,
					title=_("Invalid amount"),
				)
			item.amount = item_amount(item.qty, item.rate, precision)
		if self.items:
			self.amount = flt(sum(item.amount for item in self.items), precision)
		if flt(self.amount) < 0:
			frappe.throw(
				_("Amount cannot be negative."),
				InvalidAmountError,
				title=_("Invalid amount"),
			)
		if self.currency == get_settings().base_currency:
			self.exchange_rate = 1
		elif flt(self.exchange_rate) <= 0:
			frappe.throw(
				_("Enter the exchange rate from {0} to {1}.").format(
					self.currency, get_settings().base_currency
				),
				InvalidAmountError,
				title=_("Invalid amount"),
			)
		self.base_amount = flt(flt(self.amount) * flt(self.exchange_rate), precision)
		self.weighted_amount = weighted_amount(self.base_amount, self.probability, precision)

	def validate_close_date(self):
		if not (self.is_new() and self.expected_close_date):
			return
		created = getdate(self.creation or nowdate())
		if getdate(self.expected_close_date) < created:
			frappe.throw(
				_("The expected close date {0} is before the opportunity is created ({1}).").format(
					frappe.format(self.expected_close_date, "Date"), frappe.format(created, "Date")
				),
				InvalidCloseDateError,
				title=_("Invalid close date"),
			)

	def validate_lost_reason(self):
		if self.status != LOST:
			self.lost_reason = None
			return
		if not self.lost_reason:
			frappe.throw(
				_("Choose a lost reason before moving the opportunity to {0}.").format(
					bold(stage_label(self.stage))
				),
				LostReasonRequiredError,
				title=_("Lost reason required"),
			)


def on_doctype_update():
	# reports filter open deals by close date, closed deals by close day, stalls by stage entry
	frappe.db.add_index("SM Opportunity", ["status", "expected_close_date"])
	frappe.db.add_index("SM Opportunity", ["status", "closed_on"])
	frappe.db.add_index("SM Opportunity", ["status", "stage", "stage_changed_on"])
