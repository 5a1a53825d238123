"""The Deals patches on data shaped as before them."""

import frappe

from sales_mgmt.deals.patches import (
	customer_name_key_as_stored,
	opportunity_date_from_creation,
	opportunity_item_product,
)
from sales_mgmt.tests.pipeline import pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestDealsPatches(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		pin_stages()

	def test_items_are_linked_to_products_where_unambiguous(self):
		def product(code, name):
			return frappe.get_doc(
				{"doctype": "SM Product", "product_code": code, "product_name": name}
			).insert()

		server = product("PATCH-SRV-1", "Patch Rack Server")
		product("PATCH-CAM-1", "Patch Camera")
		product("PATCH-CAM-2", "Patch Camera")  # two products share this name
		doc = frappe.get_doc(
			{
				"doctype": "SM Opportunity",
				"customer": self.team.customers["east1"],
				"items": [
					{"product_name": "patch rack server ", "qty": 1, "rate": 10},  # by name, any case
					{"product_name": "PATCH-CAM-2", "qty": 1, "rate": 10},  # by code
					{"product_name": "Patch Camera", "qty": 1, "rate": 10},  # ambiguous: left alone
					{"product_name": "Patch Nothing", "qty": 1, "rate": 10},  # no such product
				],
			}
		).insert()
		opportunity_item_product.execute()
		doc.reload()
		self.assertEqual([i.product for i in doc.items], [server.name, "PATCH-CAM-2", None, None])

	def test_opportunity_date_from_creation(self):
		with self.freeze_time("2026-02-03 10:00:00"):
			doc = frappe.get_doc(
				{"doctype": "SM Opportunity", "customer": self.team.customers["east1"]}
			).insert()
		frappe.db.set_value("SM Opportunity", doc.name, "opportunity_date", None, update_modified=False)
		opportunity_date_from_creation.execute()
		self.assertEqual(
			str(frappe.db.get_value("SM Opportunity", doc.name, "opportunity_date")), "2026-02-03"
		)

	def test_customer_keys_recomputed_from_the_stored_name(self):
		doc = frappe.get_doc(
			{"doctype": "SM Customer", "customer_name": "<img src=x onerror=alert(1)> Patch"}
		).insert()
		# as the key was stored before: sanitised itself
		frappe.db.set_value("SM Customer", doc.name, "customer_name_key", "&lt;imgsrc=x&gt;patch")
		customer_name_key_as_stored.execute()
		self.assertEqual(
			frappe.db.get_value("SM Customer", doc.name, "customer_name_key"), '<imgsrc="x">patch'
		)
