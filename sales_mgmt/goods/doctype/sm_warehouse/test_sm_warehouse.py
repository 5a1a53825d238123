# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.exceptions import WarehouseHasStockError
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.goods_data import issue, make_product, make_warehouse, receive, unique
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
		self.assertIn(product, str(refused.exception))
		self.assertIn("3", str(refused.exception))
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
