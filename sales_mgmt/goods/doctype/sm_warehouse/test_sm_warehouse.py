# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import threading
import time

import frappe

from sales_mgmt.exceptions import DisabledWarehouseError, WarehouseHasStockError
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.goods_data import (
	bin_qty,
	in_parallel,
	issue,
	ledger,
	make_entry,
	make_product,
	make_warehouse,
	receive,
	unique,
)
from sales_mgmt.tests.sales_team import ensure_sales_team


class TestSMWarehouse(IntegrationTestCase):
	def test_warehouse_with_stock_cannot_be_disabled_or_deleted(self):
		warehouse = make_warehouse(unique("FULL"), location="上海市浦东新区")
		product = make_product(product_name="充电器")
		receive(product, warehouse, 3)

		doc = frappe.get_doc("SM Warehouse", warehouse)
		doc.enabled = 0
		with self.assertRaises(WarehouseHasStockError) as refused:
			doc.save()
		self.assertEqual(
			str(refused.exception),
			f"Warehouse <strong>{warehouse}</strong> still holds stock ({product}: 3) and cannot be disabled; "
			"move or issue the stock first.",
		)
		self.assertEqual(frappe.db.get_value("SM Warehouse", warehouse, "enabled"), 1)
		self.assertRaises(WarehouseHasStockError, frappe.delete_doc, "SM Warehouse", warehouse)
		self.assertTrue(frappe.db.exists("SM Warehouse", warehouse))

		# once empty it can be disabled; its history still keeps it from being deleted
		issue(product, warehouse, 3, posting_date="2025-01-02")
		doc = frappe.get_doc("SM Warehouse", warehouse)
		doc.enabled = 0
		doc.save()
		self.assertRaises(frappe.LinkExistsError, frappe.delete_doc, "SM Warehouse", warehouse)

	def test_unused_warehouse_can_be_deleted(self):
		warehouse = make_warehouse(unique("EMPTY"))
		frappe.delete_doc("SM Warehouse", warehouse)
		self.assertFalse(frappe.db.exists("SM Warehouse", warehouse))

	def test_only_warehouse_staff_manage_warehouses(self):
		team = ensure_sales_team()
		try:
			for key, may in (("warehouse", True), ("owner", True), ("east", False), ("finance", False)):
				with self.subTest(user=key):
					frappe.set_user(team.users[key])
					self.assertTrue(frappe.has_permission("SM Warehouse", "read"))
					self.assertEqual(bool(frappe.has_permission("SM Warehouse", "create")), may)
		finally:
			frappe.set_user("Administrator")


class TestDisablingWhilePosting(IntegrationTestCase):
	"""Two connections at once: one submits a receipt into a warehouse, the other disables it. Whichever
	comes first holds the warehouse until it commits; the other then sees what it did."""

	def setUp(self):
		self.warehouse = make_warehouse(unique("RACEWH"))
		self.product = make_product()
		self.receipt = make_entry(
			"Receipt", [{"product": self.product, "qty": 5, "to_warehouse": self.warehouse}], submit=False
		).name
		frappe.db.commit()
		self.first_done, self.go_on = threading.Event(), threading.Event()

	def submit_receipt(self):
		frappe.get_doc("SM Stock Entry", self.receipt).submit()

	def disable_warehouse(self):
		doc = frappe.get_doc("SM Warehouse", self.warehouse)
		doc.enabled = 0
		doc.save()

	def first(self, action):
		"""`action`, then hold its transaction open until the other connection had time to act."""

		def work():
			action()
			self.first_done.set()
			self.go_on.wait(timeout=60)

		return work

	def then(self, action):
		def work():
			self.first_done.wait(timeout=60)
			# the first connection still holds its locks: give this one time to reach them
			threading.Timer(1, self.go_on.set).start()
			action()

		return work

	def test_a_warehouse_receiving_stock_is_not_disabled(self):
		posted, disabled = in_parallel(self.first(self.submit_receipt), self.then(self.disable_warehouse))
		self.assertIsNone(posted)
		self.assertIsInstance(disabled, WarehouseHasStockError)
		frappe.db.rollback()  # a fresh snapshot: what the connections committed
		self.assertEqual(frappe.db.get_value("SM Warehouse", self.warehouse, "enabled"), 1)
		self.assertEqual(bin_qty(self.product, self.warehouse), 5)

	def test_nothing_is_received_into_a_warehouse_being_disabled(self):
		disabled, posted = in_parallel(self.first(self.disable_warehouse), self.then(self.submit_receipt))
		self.assertIsNone(disabled)
		self.assertIsInstance(posted, DisabledWarehouseError)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("SM Warehouse", self.warehouse, "enabled"), 0)
		self.assertEqual(frappe.db.get_value("SM Stock Entry", self.receipt, "docstatus"), 0)
		self.assertEqual(ledger(self.product), [])
