# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from collections import defaultdict

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_mgmt.deals.exchange_rates import require_exchange_rate
from sales_mgmt.deals.ownership import customer_salesperson
from sales_mgmt.exceptions import InvalidAmountError, OverAllocationError
from sales_mgmt.money import cash_ledger
from sales_mgmt.money.orders import submitted_order
from sales_mgmt.money.receivables import add_amounts, lock_orders
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

EPSILON = 0.005


class SMPayment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from sales_mgmt.money.doctype.sm_payment_allocation.sm_payment_allocation import SMPaymentAllocation

		allocations: DF.Table[SMPaymentAllocation]
		amended_from: DF.Link | None
		amount: DF.Currency
		base_amount: DF.Currency
		cash_account: DF.Link | None
		cash_entry: DF.Link | None
		currency: DF.Link
		customer: DF.Link
		customer_name: DF.Data | None
		exchange_rate: DF.Float
		mode: DF.Literal["Bank Transfer", "Cash", "Cheque", "Alipay", "WeChat Pay", "Other"]
		payment_date: DF.Date
		reference_no: DF.Data | None
		remarks: DF.Text | None
		salesperson: DF.Link | None
		total_allocated: DF.Currency
		unallocated_amount: DF.Currency
	# end: auto-generated types

	def validate(self):
		if not self.currency:
			self.currency = get_settings().base_currency
		if self.is_new() or self.has_value_changed("customer"):
			self.salesperson = customer_salesperson(self.customer)
		self.amount = flt(self.amount, self.precision("amount"))
		if self.amount <= 0:
			frappe.throw(
				_("The payment amount must be greater than 0."), InvalidAmountError, title=_("Invalid amount")
			)
		self.exchange_rate = require_exchange_rate(
			self.currency, get_settings().base_currency, self.payment_date
		)
		self.base_amount = flt(self.amount * self.exchange_rate, self.precision("base_amount"))
		orders = {row.sales_order: submitted_order(row.sales_order) for row in self.allocations}
		self.validate_allocations(orders)
		self.validate_within_orders(orders)
		self.validate_within_invoices(self.locked_invoices(lock=False))
		self.validate_cash_account()

	def on_submit(self):
		orders = lock_orders(self.allocated_orders())
		self.validate_within_orders(orders)
		invoices = self.locked_invoices(lock=True)
		self.validate_within_invoices(invoices)
		self.apply(orders, invoices, sign=1)
		self.post_to_cash_account()

	def on_cancel(self):
		cash_ledger.cancel_linked_entries(self)
		orders = lock_orders(self.allocated_orders())
		self.apply(orders, self.locked_invoices(lock=True), sign=-1)

	def validate_cash_account(self):
		if self.cash_account:
			account = frappe.db.get_value(
				cash_ledger.ACCOUNT, self.cash_account, ["name", "enabled", "opening_date"], as_dict=True
			)
			cash_ledger.check_account(account, self.payment_date)

	def post_to_cash_account(self):
		if self.cash_account:
			self.db_set(
				"cash_entry",
				cash_ledger.post_linked_entry(
					self,
					cash_account=self.cash_account,
					entry_type="Income",
					amount=self.amount,
					currency=self.currency,
					posting_date=self.payment_date,
					counterparty=self.customer_name,
					category=_("Customer Payment"),
				),
			)

	def allocated_orders(self) -> list[str]:
		return [row.sales_order for row in self.allocations]

	def validate_allocations(self, orders: dict[str, frappe._dict]):
		for row in self.allocations:
			row.allocated_amount = flt(row.allocated_amount, self.precision("amount"))
			order = orders[row.sales_order]
			if row.allocated_amount <= 0:
				frappe.throw(
					_("Allocation row {0}: the allocated amount must be greater than 0.").format(row.idx),
					InvalidAmountError,
					title=_("Invalid amount"),
				)
			if order.customer != self.customer:
				frappe.throw(
					_("Allocation row {0}: sales order {1} is not an order of this customer.").format(
						row.idx, bold(row.sales_order)
					),
					OverAllocationError,
					title=_("Wrong customer"),
				)
			if order.currency != self.currency:
				frappe.throw(
					_("Allocation row {0}: sales order {1} is in {2}, the payment in {3}.").format(
						row.idx, bold(row.sales_order), bold(order.currency), bold(self.currency)
					),
					OverAllocationError,
					title=_("Different currency"),
				)
			if row.invoice:
				invoice = frappe.db.get_value(
					"SM Invoice", row.invoice, ["sales_order", "docstatus"], as_dict=True
				)
				if not invoice or invoice.sales_order != row.sales_order or invoice.docstatus != 1:
					frappe.throw(
						_(
							"Allocation row {0}: invoice {1} is not a submitted invoice of sales order {2}."
						).format(row.idx, bold(row.invoice), bold(row.sales_order)),
						OverAllocationError,
						title=_("Wrong invoice"),
					)
			row.order_outstanding = flt(
				flt(order.total) - flt(order.received_amount), self.precision("amount")
			)
		self.total_allocated = flt(
			sum(row.allocated_amount for row in self.allocations), self.precision("amount")
		)
		if self.total_allocated > self.amount + EPSILON:
			frappe.throw(
				_("The allocations add up to {0}, more than the payment of {1} by {2}.").format(
					self.money(self.total_allocated),
					self.money(self.amount),
					self.money(self.total_allocated - self.amount),
				),
				OverAllocationError,
				title=_("Over-allocation"),
			)
		self.unallocated_amount = flt(self.amount - self.total_allocated, self.precision("amount"))

	def per_key(self, key: str) -> dict[str, float]:
		totals = defaultdict(float)
		for row in self.allocations:
			if row.get(key):
				totals[row.get(key)] += flt(row.allocated_amount)
		return totals

	def validate_within_orders(self, orders: dict[str, frappe._dict]):
		"""What a payment allocates to an order is at most what the order has not yet received."""
		for name, allocated in self.per_key("sales_order").items():
			order = orders[name]
			remaining = flt(flt(order.total) - flt(order.received_amount), self.precision("amount"))
			if allocated > remaining + EPSILON:
				frappe.throw(
					_("Cannot allocate {0} to sales order {1}: only {2} of it remains unpaid.").format(
						self.money(allocated), bold(name), self.money(max(remaining, 0))
					),
					OverAllocationError,
					title=_("Over-allocation"),
				)

	def locked_invoices(self, lock: bool) -> dict[str, frappe._dict]:
		names = sorted(self.per_key("invoice"))
		if not names:
			return {}
		rows = frappe.db.sql(
			f"""select name, invoice_no, amount, paid_amount from `tabSM Invoice` where name in %(names)s
			order by name {"for update" if lock else ""}""",
			{"names": names},
			as_dict=True,
		)
		return {row.name: row for row in rows}

	def validate_within_invoices(self, invoices: dict[str, frappe._dict]):
		for name, allocated in self.per_key("invoice").items():
			invoice = invoices[name]
			remaining = flt(flt(invoice.amount) - flt(invoice.paid_amount), self.precision("amount"))
			if allocated > remaining + EPSILON:
				frappe.throw(
					_("Cannot allocate {0} to invoice {1}: only {2} of it remains unpaid.").format(
						self.money(allocated), bold(invoice.invoice_no), self.money(max(remaining, 0))
					),
					OverAllocationError,
					title=_("Over-allocation"),
				)

	def apply(self, orders: dict[str, frappe._dict], invoices: dict[str, frappe._dict], sign: int):
		for name, allocated in self.per_key("invoice").items():
			invoice = invoices[name]
			paid = flt(flt(invoice.paid_amount) + sign * allocated, 2)
			frappe.db.set_value(
				"SM Invoice",
				name,
				{"paid_amount": paid, "outstanding_amount": flt(flt(invoice.amount) - paid, 2)},
				update_modified=False,
			)
		for name, allocated in self.per_key("sales_order").items():
			add_amounts(orders[name], received_amount=sign * allocated)

	def money(self, amount: float) -> str:
		return frappe.format(amount, {"fieldtype": "Currency", "options": self.currency})
