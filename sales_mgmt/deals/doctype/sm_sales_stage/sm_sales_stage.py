# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

from sales_mgmt.deals.stages import clear_stage_cache
from sales_mgmt.exceptions import InvalidProbabilityError, InvalidStageError
from sales_mgmt.user_text import bold


class SMSalesStage(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		enabled: DF.Check
		probability: DF.Percent
		sequence: DF.Int
		stage_name: DF.Data
		stage_type: DF.Literal["Open", "Won", "Lost"]
		stall_days: DF.Int

	# end: auto-generated types
	def autoname(self):
		# the name is a stable key: relabelling a stage later (stage_name) keeps its links and history
		self.stage_name = (self.stage_name or "").strip()
		self.name = self.stage_name

	def validate(self):
		self.stage_name = (self.stage_name or "").strip()
		if not 0 <= flt(self.probability) <= 100:
			frappe.throw(
				_("Probability must be between 0 and 100, not {0}.").format(self.probability),
				InvalidProbabilityError,
				title=_("Invalid probability"),
			)
		if cint(self.stall_days) < 0:
			frappe.throw(_("Stall days cannot be negative."), InvalidStageError, title=_("Invalid stage"))

		self.validate_type_change()

	def validate_type_change(self):
		if self.is_new() or not self.has_value_changed("stage_type"):
			return
		if frappe.db.exists("SM Opportunity", {"stage": self.name}):
			frappe.throw(
				_("Opportunities are in stage {0}; move them first, then change its type.").format(
					bold(self.stage_name)
				),
				InvalidStageError,
				title=_("Stage in use"),
			)

	def on_update(self):
		clear_stage_cache()

	def after_rename(self, old, new, merge=False):
		clear_stage_cache()

	def on_trash(self):
		clear_stage_cache()
