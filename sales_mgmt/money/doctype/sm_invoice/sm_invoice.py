# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_mgmt.deals.exchange_rates import require_exchange_rate
from sales_mgmt.exceptions import DuplicateInvoiceNumberError, InvalidAmountError, OverBillingError
from sales_mgmt.money.orders import submitted_order
from sales_mgmt.money.receivables import add_amounts, lock_orders
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold


class SMInvoice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		amount: DF.Currency
		base_amount: DF.Currency
		currency: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		due_date: DF.Date | None
		exchange_rate: DF.Float
		invoice_date: DF.Date
		invoice_no: DF.Data
		outstanding_amount: DF.Currency
		paid_amount: DF.Currency
		remarks: DF.Text | None
		sales_order: DF.Link
		salesperson: DF.Link | None
	# end: auto-generated types

	def validate(self):
		order = submitted_order(self.sales_order)
		self.customer, self.customer_name = order.customer, order.customer_name
		self.salesperson, self.currency = order.salesperson, order.currency
		self.validate_amount(order)
		self.validate_invoice_no()
		self.validate_due_date()
		self.exchange_rate = require_exchange_rate(
			self.currency, get_settings().base_currency, self.invoice_date
		)
		self.base_amount = flt(flt(self.amount) * self.exchange_rate, self.precision("base_amount"))
		self.paid_amount = 0 if self.docstatus == 0 else self.paid_amount
		self.outstanding_amount = flt(flt(self.amount) - flt(self.paid_amount), self.precision("amount"))

	def on_submit(self):
		order = lock_orders([self.sales_order])[self.sales_order]
		self.validate_amount(order)
		add_amounts(order, invoiced_amount=self.amount)

	def before_cancel(self):
		# under the order's lock: no payment can be allocated to the invoice meanwhile
		lock_orders([self.sales_order])
		if flt(frappe.db.get_value(self.doctype, self.name, "paid_amount", for_update=True)) > 0.005:
			frappe.throw(
				_("Payments are allocated to invoice {0}; cancel those payments first.").format(
					bold(self.invoice_no)
				),
				frappe.ValidationError,
				title=_("Invoice has payments"),
			)

	def on_cancel(self):
		order = lock_orders([self.sales_order])[self.sales_order]
		add_amounts(order, invoiced_amount=-flt(self.amount))

	def validate_amount(self, order: frappe._dict):
		"""Within the order total less what is already invoiced (read under the lock on submit)."""
		self.amount = flt(self.amount, self.precision("amount"))
		if self.amount <= 0:
			frappe.throw(
				_("The invoice amount must be greater than 0."), InvalidAmountError, title=_("Invalid amount")
			)
		remaining = flt(flt(order.total) - flt(order.invoiced_amount), self.precision("amount"))
		if self.amount > remaining + 0.005:
			frappe.throw(
				_("Cannot invoice {0}: only {1} of sales order {2} remains to be invoiced.").format(
					self.money(self.amount), self.money(max(remaining, 0)), bold(self.sales_order)
				),
				OverBillingError,
				title=_("Over-invoicing"),
			)

	def validate_invoice_no(self):
		self.invoice_no = (self.invoice_no or "").strip()
		if frappe.db.exists(self.doctype, {"invoice_no": self.invoice_no, "name": ("!=", self.name)}):
			frappe.throw(
				_("Invoice number {0} is already used; each tax invoice number is recorded once.").format(
					bold(self.invoice_no)
				),
				DuplicateInvoiceNumberError,
				title=_("Duplicate invoice number"),
			)

	def validate_due_date(self):
		if not self.due_date:
			self.due_date = self.invoice_date
		if getdate(self.due_date) < getdate(self.invoice_date):
			frappe.throw(
				_("The due date cannot be before the invoice date."),
				frappe.ValidationError,
				title=_("Invalid due date"),
			)

	def money(self, amount: float) -> str:
		return frappe.format(amount, {"fieldtype": "Currency", "options": self.currency})
