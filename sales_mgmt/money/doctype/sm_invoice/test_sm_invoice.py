"""Invoices: within what remains to invoice, one use per tax invoice number, at the invoice day's rate."""

import frappe

from sales_mgmt.exceptions import (
	DuplicateInvoiceNumberError,
	InvalidAmountError,
	MissingExchangeRateError,
	OverBillingError,
)
from sales_mgmt.tests.money_data import (
	MoneyTestCase,
	make_invoice,
	make_order,
	make_payment,
	only_rates,
	receivable,
)


class TestInvoice(MoneyTestCase):
	def test_partial_invoices_and_over_invoicing(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		first = make_invoice(order, 400, invoice_no="FP-0001", invoice_date="2026-01-12")
		self.assertEqual(
			(
				first.due_date.isoformat() if hasattr(first.due_date, "isoformat") else first.due_date,
				first.outstanding_amount,
			),
			("2026-01-12", 400),
		)
		make_invoice(order, 500)
		self.assertEqual(frappe.db.get_value("SM Sales Order", order.name, "billing_status"), "Partly Billed")
		with self.assertRaises(OverBillingError) as refused:
			make_invoice(order, 100.01)
		self.assertIn("100.00", str(refused.exception))
		make_invoice(order, 100)
		self.assertEqual(frappe.db.get_value("SM Sales Order", order.name, "billing_status"), "Fully Billed")
		self.assertEqual(receivable(order).invoiced_amount, 1000)

	def test_bad_input(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		make_invoice(order, 100, invoice_no="FP-DUP-1")
		self.assertRaises(DuplicateInvoiceNumberError, make_invoice, order, 100, invoice_no="FP-DUP-1")
		self.assertRaises(DuplicateInvoiceNumberError, make_invoice, order, 100, invoice_no=" FP-DUP-1 ")
		self.assertRaises(InvalidAmountError, make_invoice, order, 0)
		self.assertRaises(InvalidAmountError, make_invoice, order, -10)
		self.assertRaises(
			frappe.ValidationError, make_invoice, order, 10, due_date="2026-01-01"
		)  # before the invoice
		self.assertEqual(receivable(order).invoiced_amount, 100)

	def test_foreign_invoice_needs_the_days_rate(self):
		only_rates("USD", ("2026-01-01", 7.0))
		order = make_order(self.customer, [(self.a, 1, 20)], currency="USD")
		self.assertRaises(MissingExchangeRateError, make_invoice, order, 20, invoice_date="2025-12-31")

	def test_cancel_waits_for_payments_of_the_invoice(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		invoice = make_invoice(order, 500)
		payment = make_payment(self.customer, 200, [(order, 200, invoice)])
		self.assertRaises(frappe.ValidationError, invoice.cancel)
		payment.cancel()
		invoice.reload()
		invoice.cancel()
		self.assertEqual(receivable(order).invoiced_amount, 0)
		invoice.reload()
		invoice.amount = 1
		self.assertRaises(frappe.ValidationError, invoice.save)  # cancelled: amend instead
