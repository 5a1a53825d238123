# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class SMExpenseBudgetPeriod(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		from_date: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		period: DF.Int
		to_date: DF.Date | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# a budget's period containing an expense date
	frappe.db.add_index("SM Expense Budget Period", ["parent", "from_date", "to_date"])
