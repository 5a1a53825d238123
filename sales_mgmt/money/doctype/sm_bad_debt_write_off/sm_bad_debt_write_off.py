# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_mgmt.deals.ownership import customer_salesperson
from sales_mgmt.exceptions import WriteOffError
from sales_mgmt.money.receivables import OPEN, lock_orders, refresh
from sales_mgmt.user_text import bold


class SMBadDebtWriteOff(Document):
	"""Writes off what a customer still owes for goods delivered (the sales outstanding). Submitting
	is the approval: only a Business Owner or Finance User may submit."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		amount: DF.Currency
		customer: DF.Link | None
		customer_name: DF.Data | None
		posting_date: DF.Date
		reason: DF.SmallText
		receivable: DF.Link
		responsible_salesperson: DF.Link | None
		sales_order: DF.Link | None
		salesperson: DF.Link | None
	# end: auto-generated types

	def validate(self):
		receivable = frappe.db.get_value(
			"SM Receivable",
			self.receivable,
			["sales_order", "customer", "customer_name", "salesperson", "status", "sales_outstanding"],
			as_dict=True,
		)
		if not receivable:
			frappe.throw(_("Receivable {0} does not exist.").format(bold(self.receivable)), WriteOffError)
		self.sales_order, self.customer = receivable.sales_order, receivable.customer
		self.customer_name, self.salesperson = receivable.customer_name, receivable.salesperson
		self.reason = (self.reason or "").strip()
		if not self.reason:
			frappe.throw(
				_("Give the reason for writing this debt off."),
				frappe.MandatoryError,
				title=_("Reason missing"),
			)
		if self.docstatus == 0:
			self.validate_open(receivable)
			self.amount = receivable.sales_outstanding

	def on_submit(self):
		lock_orders([self.sales_order])
		receivable = frappe.db.get_value(
			"SM Receivable", self.receivable, ["status", "sales_outstanding"], as_dict=True
		)
		self.validate_open(receivable)
		# the debt as it stands now, and who looks after the customer now: kept, never recomputed
		self.db_set(
			{
				"amount": receivable.sales_outstanding,
				"responsible_salesperson": customer_salesperson(self.customer) or self.salesperson,
			}
		)
		frappe.db.set_value(
			"SM Receivable",
			self.receivable,
			{
				"bad_debt_write_off": self.name,
				"bad_debt_amount": self.amount,
				"bad_debt_responsible": self.responsible_salesperson,
				"write_off_reason": self.reason,
			},
		)
		refresh(self.sales_order)

	def on_cancel(self):
		lock_orders([self.sales_order], allow_written_off=True)
		frappe.db.set_value(
			"SM Receivable",
			self.receivable,
			{
				"bad_debt_write_off": None,
				"bad_debt_amount": 0,
				"bad_debt_responsible": None,
				"write_off_reason": None,
			},
		)
		refresh(self.sales_order)

	def validate_open(self, receivable: frappe._dict):
		if receivable.status != OPEN:
			frappe.throw(
				_("Receivable {0} is {1}: only an open receivable can be written off.").format(
					bold(self.receivable), _(receivable.status)
				),
				WriteOffError,
				title=_("Not open"),
			)
		if flt(receivable.sales_outstanding) <= 0.005:
			frappe.throw(
				_(
					"Nothing delivered to the customer is unpaid on {0}: there is no debt to write off."
				).format(bold(self.receivable)),
				WriteOffError,
				title=_("Nothing to write off"),
			)
