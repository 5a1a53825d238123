# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SMLostReason(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		reason: DF.Data

	# end: auto-generated types
	def validate(self):
		self.reason = (self.reason or "").strip()
