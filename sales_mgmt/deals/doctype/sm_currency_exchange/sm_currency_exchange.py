# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_mgmt.exceptions import InvalidExchangeRateError


class SMCurrencyExchange(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		date: DF.Date
		exchange_rate: DF.Float
		from_currency: DF.Link
		to_currency: DF.Link

	# end: auto-generated types
	def validate(self):
		if self.from_currency == self.to_currency:
			frappe.throw(
				_("From Currency and To Currency must differ."),
				InvalidExchangeRateError,
				title=_("Invalid exchange rate"),
			)
		if flt(self.exchange_rate) <= 0:
			frappe.throw(
				_("The exchange rate must be greater than 0."),
				InvalidExchangeRateError,
				title=_("Invalid exchange rate"),
			)


def on_doctype_update():
	# the lookup: the latest rate of a pair on or before a day
	frappe.db.add_index("SM Currency Exchange", ["from_currency", "to_currency", "date"])
