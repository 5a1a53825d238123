"""Deliveries: partial, within what remains, from stock through the Goods ledger, reversed on cancel."""

import frappe

from sales_mgmt.exceptions import InvalidAmountError, NegativeStockError, OrderNotOpenError, OverDeliveryError
from sales_mgmt.money.doctype.sm_delivery.sm_delivery import SMDelivery
from sales_mgmt.tests.goods_data import bin_qty, fresh_ledger_rows, make_product
from sales_mgmt.tests.money_data import MoneyTestCase, fresh_warehouse, make_delivery, make_order, receivable


class TestDelivery(MoneyTestCase):
	def test_partial_deliveries_issue_stock_and_cancel_returns_it(self):
		order = make_order(self.customer, [(self.a, 10, 100), (self.b, 4, 50)])
		first = make_delivery(order, [(self.a, 4), (self.b, 4)], self.warehouse, posting_date="2026-01-10")
		self.assertEqual(
			(first.total_qty, first.total_amount, first.customer, first.salesperson),
			(8, 600, self.customer, self.team.salespeople["east1"]),
		)
		self.assertEqual(
			[(row.rate, row.warehouse) for row in first.items], [(100, self.warehouse), (50, self.warehouse)]
		)
		second = make_delivery(order, [(self.a, 6)], self.warehouse, posting_date="2026-01-11")
		self.assertEqual((bin_qty(self.a, self.warehouse), bin_qty(self.b, self.warehouse)), (90, 96))
		self.assertEqual(
			frappe.db.get_value("SM Sales Order", order.name, "delivery_status"), "Fully Delivered"
		)
		rows = fresh_ledger_rows(second.name)
		self.assertEqual(
			[(r.qty_change, r.purpose, r.customer) for r in rows], [(-6, "Sales Delivery", self.customer)]
		)
		second.cancel()
		self.assertEqual(bin_qty(self.a, self.warehouse), 96)
		self.assertEqual(
			frappe.db.get_value("SM Sales Order", order.name, "delivery_status"), "Partly Delivered"
		)
		self.assertEqual(receivable(order).delivered_amount, 600)

	def test_over_delivery_names_what_remains(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		make_delivery(order, [(self.a, 7)], self.warehouse)
		with self.assertRaises(OverDeliveryError) as refused:
			make_delivery(order, [(self.a, 2), (self.a, 2)], self.warehouse)
		self.assertIn("only 3 remain", str(refused.exception))
		self.assertRaises(
			OverDeliveryError, make_delivery, order, [(self.b, 1)], self.warehouse
		)  # not ordered
		self.assertRaises(InvalidAmountError, make_delivery, order, [(self.a, 0)], self.warehouse)
		self.assertRaises(InvalidAmountError, make_delivery, order, [(self.a, -1)], self.warehouse)

	def test_no_stock_in_the_warehouse(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		empty = fresh_warehouse()
		delivery = make_delivery(order, [(self.a, 1)], empty, submit=False)
		frappe.db.savepoint("refused")
		self.assertRaises(NegativeStockError, delivery.submit)
		frappe.db.rollback(save_point="refused")
		self.assertEqual(frappe.db.get_value("SM Delivery", delivery.name, "docstatus"), 0)
		self.assertEqual(receivable(order).delivered_amount, 0)
		self.assertEqual(
			frappe.db.get_value("SM Sales Order Item", {"parent": order.name}, "delivered_qty"), 0
		)

	def test_a_service_is_delivered_without_stock(self):
		service = make_product(is_stock_item=0, product_type="Sales Item", standard_price=500, cost_price=0)
		order = make_order(self.customer, [(service, 2, 500)])
		make_delivery(order, [(service, 2)], fresh_warehouse())
		self.assertEqual(receivable(order).delivered_amount, 1000)

	def test_only_submitted_orders_are_delivered(self):
		draft = make_order(self.customer, [(self.a, 1, 100)], submit=False)
		self.assertRaises(OrderNotOpenError, make_delivery, draft, [(self.a, 1)], self.warehouse)

	def test_submitted_delivery_does_not_change(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		delivery = make_delivery(order, [(self.a, 1)], self.warehouse)
		delivery.items[0].qty = 5
		self.assertRaises(frappe.UpdateAfterSubmitError, delivery.save)

	def test_warehouse_user_delivers_any_order(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		frappe.set_user(self.team.users["warehouse"])
		delivery = make_delivery(order, [(self.a, 1)], self.warehouse)
		self.assertIsInstance(delivery, SMDelivery)
		self.assertEqual(delivery.docstatus, 1)
