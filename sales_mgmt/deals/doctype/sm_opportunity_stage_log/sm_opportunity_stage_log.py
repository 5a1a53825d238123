# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class SMOpportunityStageLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		changed_by: DF.Link | None
		changed_on: DF.Datetime | None
		days_in_from_stage: DF.Int
		from_stage: DF.Link | None
		from_stage_entered_on: DF.Datetime | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		to_stage: DF.Link | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# Stage Conversion reads entries by the day they happened and stays by the day they began;
	# covering indexes spare it a row lookup per log row
	frappe.db.add_index("SM Opportunity Stage Log", ["changed_on", "to_stage", "parent"])
	frappe.db.add_index(
		"SM Opportunity Stage Log",
		["from_stage_entered_on", "from_stage", "to_stage", "days_in_from_stage", "parent"],
		index_name="from_stage_entered_on_index",
	)
