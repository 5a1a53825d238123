# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SMProductPriceHistory(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		changed_by: DF.Link | None
		changed_on: DF.Datetime | None
		new: DF.Currency
		old: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reason: DF.SmallText | None
	# end: auto-generated types
	pass
