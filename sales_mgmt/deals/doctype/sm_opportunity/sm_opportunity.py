# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, nowdate

from sales_mgmt.deals.exchange_rates import require_exchange_rate
from sales_mgmt.deals.opportunity import (
	changed_locked_fields,
	is_valid_probability,
	item_amount,
	resolve_probability,
	weighted_amount,
)
from sales_mgmt.deals.ownership import customer_readable, default_salesperson, validate_enabled_salesperson
from sales_mgmt.deals.stage_log import count_days_in_stage, record_stage_change
from sales_mgmt.deals.stages import CLOSED_TYPES, LOST, OPEN, default_stage, get_stage, stage_label
from sales_mgmt.exceptions import (
	ClosedOpportunityError,
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
		opportunity_date: DF.Date | None
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
		self.validate_reopening(stage)
		self.validate_closed_unchanged(stage)
		self.status = stage.stage_type
		stage_changed = record_stage_change(self)
		self.set_closed_on(stage_changed)
		self.set_probability(stage, stage_changed)
		self.set_amounts()
		self.validate_close_date()
		self.validate_lost_reason()
		validate_enabled_salesperson(self)
		validate_assignment(self)

	def on_update(self):
		if reopened_from := self.flags.pop("reopened_from", None):
			# the stage log has the row; the timeline says it in words
			self.add_comment(
				"Info",
				_("{0} reopened this opportunity, which was closed as {1}.").format(
					bold(frappe.utils.get_fullname(frappe.session.user)),
					bold(_(reopened_from, context="SM Opportunity")),
				),
			)

	def set_missing_values(self):
		readable = customer_readable(self)
		if not self.salesperson:
			self.salesperson = default_salesperson(self, readable)
		if not self.title and readable:
			self.title = frappe.db.get_value("SM Customer", self.customer, "customer_name")
		if not self.currency:
			self.currency = get_settings().base_currency
		if not self.opportunity_date:
			self.opportunity_date = getdate(self.creation or nowdate())
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

	def validate_reopening(self, stage: frappe._dict):
		before = self.get_doc_before_save()
		if not before or before.status not in CLOSED_TYPES or before.stage == self.stage:
			return
		if frappe.session.user == "Administrator" or not REOPEN_ROLES.isdisjoint(frappe.get_roles()):
			if stage.stage_type == OPEN:
				self.flags.reopened_from = before.status
			return
		frappe.throw(
			_("This opportunity is closed as {0}; only a Sales Manager can move it to another stage.").format(
				bold(_(before.status, context="SM Opportunity"))
			),
			StageChangeNotAllowedError,
			title=_("Not allowed"),
		)

	def validate_closed_unchanged(self, stage: frappe._dict):
		"""A Won or Lost deal keeps its money, customer and closing day until it is reopened (moved to an
		open stage, which only a Sales Manager may do: `validate_reopening`)."""
		before = self.get_doc_before_save()
		if not before or before.status not in CLOSED_TYPES or stage.stage_type == OPEN:
			return
		if changed := changed_locked_fields(before, self):
			meta = self.meta
			frappe.throw(
				_(
					"This opportunity is closed as {0}; {1} cannot change. A Sales Manager can reopen it first."
				).format(
					bold(_(before.status, context="SM Opportunity")),
					", ".join(_(meta.get_label(field)) for field in changed),
				),
				ClosedOpportunityError,
				title=_("Closed opportunity"),
			)

	def set_closed_on(self, stage_changed: bool):
		if self.status == OPEN:
			self.closed_on = None
		elif self.is_new() and self.closed_on:
			# a historical deal imported as won or lost keeps the day it closed
			if getdate(self.closed_on) > getdate(nowdate()):
				frappe.throw(
					_("Closed On ({0}) cannot be in the future.").format(
						frappe.format(self.closed_on, "Date")
					),
					InvalidCloseDateError,
					title=_("Invalid close date"),
				)
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
		self.set_exchange_rate()
		self.base_amount = flt(flt(self.amount) * flt(self.exchange_rate), precision)
		self.weighted_amount = weighted_amount(self.base_amount, self.probability, precision)

	def set_exchange_rate(self):
		"""Looked up for a new deal and whenever its currency or date changes; otherwise the stored rate
		stays (a rate sent by a client is not taken), so that a rate entered later does not move an
		existing deal's base amount."""
		base_currency = get_settings().base_currency
		if self.currency == base_currency:
			self.exchange_rate = 1
			return
		before = self.get_doc_before_save()
		if (
			before
			and before.currency == self.currency
			and getdate(before.opportunity_date) == getdate(self.opportunity_date)
			and flt(before.exchange_rate) > 0
		):
			self.exchange_rate = before.exchange_rate
			return
		self.exchange_rate = require_exchange_rate(self.currency, base_currency, self.opportunity_date)

	def validate_close_date(self):
		# a deal created already won or lost is history being imported: its dates are in the past
		if not (self.is_new() and self.expected_close_date) or self.status != OPEN:
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
