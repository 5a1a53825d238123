# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SMDailyReportActivity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity: DF.Link | None
		activity_type: DF.Literal["Visit", "Call", "Meeting", "Email", "Demo", "Other"]
		customer: DF.Link | None
		customer_name: DF.Data | None
		outcome: DF.Literal["", "Successful", "Unsuccessful", "Follow-up Needed"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		starts_on: DF.Datetime | None
		status: DF.Literal["Planned", "Done", "Cancelled"]
		summary: DF.SmallText | None
	# end: auto-generated types
	pass
