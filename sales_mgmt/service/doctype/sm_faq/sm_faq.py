# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SMFAQ(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer: DF.TextEditor
		category: DF.Link | None
		helpful_count: DF.Int
		published: DF.Check
		question: DF.Data
	# end: auto-generated types
