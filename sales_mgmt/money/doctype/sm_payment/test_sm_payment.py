"""Payments (回款): allocated to orders and invoices, never beyond the payment, the order's unpaid
amount or the invoice's; the rest is the customer's advance."""

import frappe

from sales_mgmt.exceptions import (
	CashAccountAccessError,
	InvalidAmountError,
	MissingExchangeRateError,
	OverAllocationError,
)
from sales_mgmt.tests.money_data import (
	MoneyTestCase,
	make_cash_account,
	make_customer,
	make_invoice,
	make_order,
	make_payment,
	only_rates,
	receivable,
	set_cross_rate,
)


class TestPayment(MoneyTestCase):
	def test_one_payment_across_two_orders_with_an_advance(self):
		o1 = make_order(self.customer, [(self.a, 10, 100)])
		o2 = make_order(self.customer, [(self.b, 4, 50)])
		payment = make_payment(self.customer, 1500, [(o1, 1000), (o2, 150)])
		self.assertEqual(
			(payment.total_allocated, payment.unallocated_amount, payment.base_amount), (1150, 350, 1500)
		)
		self.assertEqual(payment.salesperson, self.team.salespeople["east1"])
		self.assertEqual([row.order_outstanding for row in payment.allocations], [1000, 200])
		self.assertEqual((receivable(o1).status, receivable(o2).received_amount), ("Settled", 150))
		# nothing delivered yet: the customer paid ahead (a negative sales outstanding)
		self.assertEqual(receivable(o1).sales_outstanding, -1000)

	def test_allocations_are_refused_beyond_the_payment_order_or_invoice(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		invoice = make_invoice(order, 300)
		with self.assertRaises(OverAllocationError) as refused:
			make_payment(self.customer, 500, [(order, 400), (order, 200)])
		self.assertIn("100.00", str(refused.exception))  # over the payment by 100
		make_payment(self.customer, 700, [(order, 200, invoice), (order, 500)])
		with self.assertRaises(OverAllocationError) as refused:
			make_payment(self.customer, 500, [(order, 400)])
		self.assertIn("300.00", str(refused.exception))  # what the order still has unpaid
		with self.assertRaises(OverAllocationError) as refused:
			make_payment(self.customer, 300, [(order, 300, invoice)])
		self.assertIn("only CNY 100.00", str(refused.exception))  # the invoice's unpaid part
		other_customer = make_customer()
		self.assertRaises(OverAllocationError, make_payment, other_customer, 10, [(order, 10)])
		self.assertEqual(receivable(order).received_amount, 700)

	def test_bad_amounts(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		self.assertRaises(InvalidAmountError, make_payment, self.customer, 0, [])
		self.assertRaises(InvalidAmountError, make_payment, self.customer, -5, [])
		self.assertRaises(InvalidAmountError, make_payment, self.customer, 100, [(order, 0)])
		self.assertRaises(InvalidAmountError, make_payment, self.customer, 100, [(order, -10)])
		frappe.db.set_value("Currency", "EUR", "enabled", 1)
		# no EUR rate in this test's transaction, whatever other tests (the demo's) committed
		frappe.db.delete("Currency Exchange", {"from_currency": "EUR"})
		self.assertRaises(MissingExchangeRateError, make_payment, self.customer, 100, [], currency="EUR")
		self.assertEqual(receivable(order).received_amount, 0)

	def test_an_advance_alone(self):
		payment = make_payment(self.customer, 800, [])
		self.assertEqual((payment.total_allocated, payment.unallocated_amount), (0, 800))

	def test_submitted_payment_does_not_change(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		payment = make_payment(self.customer, 100, [(order, 100)])
		payment.amount = 1000
		self.assertRaises(frappe.UpdateAfterSubmitError, payment.save)


class TestPaymentIntoCashAccount(MoneyTestCase):
	def test_payment_posts_to_its_cash_account_and_cancel_reverses(self):
		only_rates("USD", ("2026-01-01", 7.0))
		cny = make_cash_account("CNY", 500)
		usd = make_cash_account("USD", 0)
		order = make_order(self.customer, [(self.a, 10, 100)])
		payment = make_payment(self.customer, 700, [(order, 700)], cash_account=cny)
		entry = frappe.get_doc("SM Cash Entry", payment.cash_entry)
		self.assertEqual(
			(entry.entry_type, entry.amount, entry.reference_doctype, entry.reference_name, entry.docstatus),
			("Income", 700, "SM Payment", payment.name, 1),
		)
		self.assertEqual(frappe.db.get_value("SM Cash Account", cny, "current_balance"), 1200)
		# CNY received into a USD account: only a CNY → USD rate converts it (none in this test's
		# transaction, whatever other tests committed)
		frappe.db.delete("Currency Exchange", {"from_currency": "CNY", "to_currency": "USD"})
		with self.assertRaises(MissingExchangeRateError):
			make_payment(self.customer, 350, [], cash_account=usd)
		set_cross_rate("CNY", "USD", "2026-01-01", 0.14)
		make_payment(self.customer, 350, [], cash_account=usd)
		self.assertEqual(frappe.db.get_value("SM Cash Account", usd, "current_balance"), 49)
		payment.cancel()
		self.assertEqual(frappe.db.get_value("SM Cash Entry", entry.name, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("SM Cash Account", cny, "current_balance"), 500)

	def test_payment_into_an_account_the_user_only_views(self):
		users = self.team.users
		account = make_cash_account("CNY", 0, access=[(users["finance"], "View")])
		frappe.set_user(users["finance"])
		with self.assertRaises(CashAccountAccessError):
			make_payment(self.customer, 100, [], cash_account=account)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("SM Payment", {"cash_account": account}), 0)
