"""The receivable of an order, figure by figure, through partial deliveries and invoices, a payment
across two orders, a cancelled delivery, a write-off and a foreign currency; and concurrent postings
that never lose an update."""

import frappe
from frappe.utils import flt

from sales_mgmt.exceptions import OrderNotOpenError, OverAllocationError, OverDeliveryError
from sales_mgmt.money.receivables import recompute, refresh_days_overdue
from sales_mgmt.tests.goods_data import bin_qty, in_parallel
from sales_mgmt.tests.money_data import (
	MoneyTestCase,
	figures,
	make_customer,
	make_delivery,
	make_invoice,
	make_order,
	make_payment,
	only_rates,
	receivable,
)

FIGURES = (
	"order_amount",
	"delivered_amount",
	"invoiced_amount",
	"received_amount",
	"sales_outstanding",
	"finance_outstanding",
	"difference",
	"delivered_not_invoiced",
	"invoiced_not_delivered",
)


class TestReceivable(MoneyTestCase):
	def scenario(self):
		"""O1: A 10 × 100 + B 4 × 50 = 1,200, half due 1 Feb, half 1 Mar; O2: A 5 × 90 = 450, due
		31 Jan. Delivered: O1 A 4 + B 4 = 600 (and A 2 = 200, cancelled), O2 A 5 = 450. Invoiced: O1
		500, O2 450. One payment of 1,000: O1 300 (on its invoice), O2 450, 250 left as an advance."""
		o1 = make_order(
			self.customer,
			[(self.a, 10, 100), (self.b, 4, 50)],
			payment_terms=[
				{"due_date": "2026-02-01", "portion": 50},
				{"due_date": "2026-03-01", "portion": 50},
			],
		)
		o2 = make_order(self.customer, [(self.a, 5, 90)], order_date="2026-01-06", delivery_date="2026-01-31")
		make_delivery(o1, [(self.a, 4), (self.b, 4)], self.warehouse, posting_date="2026-01-10")
		make_delivery(o2, [(self.a, 5)], self.warehouse, posting_date="2026-01-11")
		cancelled = make_delivery(o1, [(self.a, 2)], self.warehouse, posting_date="2026-01-12")
		cancelled.cancel()
		i1 = make_invoice(o1, 500, invoice_date="2026-01-12")
		i2 = make_invoice(o2, 450, invoice_date="2026-01-13")
		payment = make_payment(self.customer, 1000, [(o1, 300, i1), (o2, 450, i2)], payment_date="2026-01-20")
		return o1, o2, i1, i2, payment

	def test_figures_of_the_scenario(self):
		o1, o2, i1, i2, payment = self.scenario()
		self.assertEqual(figures(o1, *FIGURES), (1200, 600, 500, 300, 300, 200, 100, 100, 0))
		self.assertEqual(receivable(o1).difference_cause, "Delivered Not Invoiced")
		self.assertEqual(str(receivable(o1).due_date), "2026-02-01")  # the first half is unpaid
		self.assertEqual(receivable(o1).status, "Open")
		self.assertEqual(figures(o2, *FIGURES), (450, 450, 450, 450, 0, 0, 0, 0, 0))
		self.assertEqual((receivable(o2).status, receivable(o2).due_date), ("Settled", None))
		o1.reload()
		self.assertEqual(
			(o1.delivery_status, o1.billing_status, o1.payment_status),
			("Partly Delivered", "Partly Billed", "Partly Paid"),
		)
		self.assertEqual([row.delivered_qty for row in o1.items], [4, 4])
		o2.reload()
		self.assertEqual(
			(o2.delivery_status, o2.billing_status, o2.payment_status),
			("Fully Delivered", "Fully Billed", "Paid"),
		)
		self.assertEqual((payment.total_allocated, payment.unallocated_amount), (750, 250))
		self.assertEqual(
			frappe.db.get_value("SM Invoice", i1.name, ["paid_amount", "outstanding_amount"]), (300, 200)
		)
		self.assertEqual(
			frappe.db.get_value("SM Invoice", i2.name, ["paid_amount", "outstanding_amount"]), (450, 0)
		)
		# stock: 100 received, 4 + 5 delivered (the cancelled 2 came back); B: 4 delivered
		self.assertEqual((bin_qty(self.a, self.warehouse), bin_qty(self.b, self.warehouse)), (91, 96))
		for order in (o1, o2):
			stored = frappe.db.get_value(
				"SM Sales Order", order.name, list(recompute(order.name)), as_dict=True
			)
			self.assertEqual({k: flt(v) for k, v in stored.items()}, recompute(order.name))

	def test_cancelling_the_payment_reopens_both_orders(self):
		o1, o2, i1, _i2, payment = self.scenario()
		payment.cancel()
		self.assertEqual(
			figures(o1, "received_amount", "sales_outstanding", "finance_outstanding"), (0, 600, 500)
		)
		self.assertEqual(figures(o2, "received_amount", "sales_outstanding", "status"), (0, 450, "Open"))
		self.assertEqual(frappe.db.get_value("SM Invoice", i1.name, "outstanding_amount"), 500)
		self.assertEqual(frappe.db.get_value("SM Sales Order", o2.name, "payment_status"), "Unpaid")

	def test_days_overdue_on_a_fixed_day(self):
		o1, *_rest = self.scenario()
		with self.freeze_time("2026-04-01 09:00:00"):
			refresh_days_overdue()
		self.assertEqual(receivable(o1).days_overdue, 59)  # 1 Feb to 1 Apr
		make_payment(self.customer, 300, [(o1, 300)], payment_date="2026-01-25")
		# 600 received covers the first term: due on 1 March
		self.assertEqual(str(receivable(o1).due_date), "2026-03-01")
		with self.freeze_time("2026-04-01 09:00:00"):
			refresh_days_overdue()
		self.assertEqual(receivable(o1).days_overdue, 31)

	def test_invoiced_not_delivered(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		make_delivery(order, [(self.a, 2)], self.warehouse)
		make_invoice(order, 500)
		make_payment(self.customer, 100, [(order, 100)])
		self.assertEqual(
			figures(
				order, "sales_outstanding", "finance_outstanding", "difference", "invoiced_not_delivered"
			),
			(100, 400, -300, 300),
		)
		self.assertEqual(receivable(order).difference_cause, "Invoiced Not Delivered")

	def test_foreign_currency_at_the_contract_rate(self):
		"""A USD order at 7.0 paid in full at 7.2: settled at 0 in base currency; the payment and the
		invoice keep their own day's rate."""
		only_rates("USD", ("2026-01-01", 7.0), ("2026-01-15", 7.2))
		order = make_order(self.customer, [(self.a, 1, 20)], currency="USD")
		self.assertEqual((order.exchange_rate, order.base_total), (7.0, 140))
		make_delivery(order, [(self.a, 1)], self.warehouse)
		invoice = make_invoice(order, 20, invoice_date="2026-01-16")
		self.assertEqual((invoice.exchange_rate, invoice.base_amount), (7.2, 144))
		self.assertEqual(
			figures(order, "delivered_amount", "invoiced_amount", "sales_outstanding"), (140, 140, 140)
		)
		payment = make_payment(self.customer, 20, [(order, 20)], currency="USD", payment_date="2026-01-20")
		self.assertEqual((payment.exchange_rate, payment.base_amount), (7.2, 144))
		self.assertEqual(
			figures(order, "received_amount", "sales_outstanding", "finance_outstanding", "status"),
			(140, 0, 0, "Settled"),
		)
		# a payment in CNY cannot settle a USD order
		other = make_order(self.customer, [(self.a, 1, 20)], currency="USD")
		self.assertRaises(OverAllocationError, make_payment, self.customer, 20, [(other, 20)])

	def test_write_off_keeps_who_was_responsible(self):
		o1, *_rest = self.scenario()
		write_off = frappe.get_doc(
			{"doctype": "SM Bad Debt Write Off", "receivable": o1.name, "reason": "客户破产"}
		)
		write_off.insert()
		self.assertEqual(write_off.amount, 300)
		write_off.submit()
		row = receivable(o1)
		self.assertEqual(
			(
				row.status,
				row.bad_debt_amount,
				row.bad_debt_responsible,
				row.write_off_reason,
				row.sales_outstanding,
			),
			("Written Off", 300, self.team.salespeople["east1"], "客户破产", 0),
		)
		self.assertEqual(row.finance_outstanding, 0)
		# the customer moves to another salesperson: the responsibility stays where it was
		frappe.db.set_value("SM Customer", self.customer, "salesperson", self.team.salespeople["west1"])
		from sales_mgmt.money.receivables import refresh

		refresh(o1.name)
		self.assertEqual(receivable(o1).bad_debt_responsible, self.team.salespeople["east1"])
		# nothing more is posted against a written-off order
		self.assertRaises(OrderNotOpenError, make_invoice, o1, 100)
		write_off.cancel()
		row = receivable(o1)
		self.assertEqual(
			(row.status, row.sales_outstanding, row.bad_debt_amount, row.bad_debt_responsible),
			("Open", 300, 0, None),
		)


class TestConcurrentPostings(MoneyTestCase):
	"""Deliveries and payments against the same orders at once, each on its own connection: every
	receivable ends equal to the documents, and no one delivers or collects past the order."""

	def setUp(self):
		frappe.set_user("Administrator")
		# Frappe creates a naming series' row on its first use with a locking read and an insert: the
		# first documents of a series racing each other deadlock there, before any of this app's code
		for prefix in ("DN", "PAY"):
			frappe.db.sql(
				"insert ignore into `tabSeries` (`name`, `current`) values (%s, 0)",
				f"{prefix}-{frappe.utils.getdate().year}-",
			)
		self.customer = make_customer(self.team.salespeople["east1"])
		self.orders = [make_order(self.customer, [(self.a, 10, 100)]).name for _ in range(2)]
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for doctype in ("SM Payment", "SM Delivery"):
			for name in frappe.get_all(
				doctype, filters={"customer": self.customer, "docstatus": 1}, pluck="name"
			):
				frappe.get_doc(doctype, name).cancel()
		for name in self.orders:
			frappe.get_doc("SM Sales Order", name).cancel()
		frappe.db.commit()

	def test_parallel_deliveries_and_payments(self):
		def deliver(order, qty):
			return lambda: make_delivery(order, [(self.a, qty)], self.warehouse, set_posting_time=0).name

		def pay(amount):
			return lambda: (
				make_payment(
					self.customer, 2 * amount, [(self.orders[0], amount), (self.orders[1], amount)]
				).name
			)

		# per order: 3 deliveries of 4 (only two fit in 10) and 5 payments of 300 (only three fit in 1,000)
		works = [deliver(order, 4) for order in self.orders for _ in range(3)] + [pay(300) for _ in range(5)]
		outcomes = in_parallel(*works)
		errors = [o for o in outcomes if isinstance(o, Exception)]
		self.assertTrue(all(isinstance(e, OverDeliveryError | OverAllocationError) for e in errors), errors)
		frappe.db.rollback()  # a fresh snapshot
		for order in self.orders:
			stored = frappe.db.get_value("SM Sales Order", order, list(recompute(order)), as_dict=True)
			self.assertEqual({k: flt(v) for k, v in stored.items()}, recompute(order))
			self.assertEqual(figures(order, "delivered_amount", "received_amount"), (800, 900))
			self.assertEqual(
				frappe.db.get_value("SM Sales Order Item", {"parent": order}, "delivered_qty"), 8
			)
		self.assertEqual(sum(1 for o in outcomes if isinstance(o, OverDeliveryError)), 2)
		self.assertEqual(sum(1 for o in outcomes if isinstance(o, OverAllocationError)), 2)
