"""The Goods workspace: number cards, the stock chart, and who sees what."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page

from sales_mgmt.api import goods as dashboard
from sales_mgmt.tests.goods_data import (
	issue,
	make_product,
	make_warehouse,
	only_new_products,
	receive,
	unique,
)
from sales_mgmt.tests.sales_team import SalesTeamTestCase


def goods_page() -> dict:
	return get_desktop_page(json.dumps({"name": "Goods", "title": "Goods", "public": 1}))


class TestGoodsDashboard(SalesTeamTestCase):
	"""The number cards count the whole site; each test runs on a catalog of its own products only.

	A reorder 5, cost 12.5: 2 received                        -> below reorder; value 2 x 12.5 = 25
	B reorder 5, cost 10: 5 received                           -> not below (5 = 5); value 50
	C reorder 3: no stock                                      -> below reorder
	D no reorder level, cost 7: 4 received, 1 issued           -> never flagged; value 3 x 7 = 21
	E reorder 3, disabled                                      -> not flagged
	F reorder 8, cost 20: 6 received into W, 3 into V          -> 9 in all warehouses: not below; 180
	G reorder 5, no stock kept (a service)                     -> not flagged
	H gift, cost 5: 20 received 2025-06-01; issued 2 on 06-30 (Gift), 3 on 07-03 (Gift, by east1), 4 on
	  07-04 (Promotion, by east2), 6 on 07-06 then cancelled   -> 11 left, value 55
	I promotional material, cost 2: 20 received, 5 issued on 07-05  -> value 30
	Below reorder: A and C = 2. Stock value: 25 + 50 + 21 + 180 + 55 + 30 = 361. Gifts issued in July
	2025: 3 + 4 = 7 (the gift product's issues, whatever their purpose, not cancelled).
	"""

	def setUp(self):
		self.warehouse = make_warehouse(unique("DASH"))
		self.other = make_warehouse(unique("DASHV"))

	def make_catalog(self):
		w, v = self.warehouse, self.other
		a = make_product(reorder_level=5, cost_price=12.5)
		receive(a, w, 2)
		b = make_product(reorder_level=5, cost_price=10)
		receive(b, w, 5)
		make_product(reorder_level=3)
		d = make_product(reorder_level=0, cost_price=7)
		receive(d, w, 4)
		issue(d, w, 1, posting_date="2025-01-02")
		make_product(reorder_level=3, enabled=0)
		f = make_product(reorder_level=8, cost_price=20)
		receive(f, w, 6)
		receive(f, v, 3)
		make_product(reorder_level=5, is_stock_item=0)
		gift = make_product(product_type="Gift", cost_price=5)
		brochure = make_product(product_type="Promotional Material", cost_price=2)
		for product in (gift, brochure):
			receive(product, w, 20, posting_date="2025-06-01")
		issue(gift, w, 2, purpose="Gift", posting_date="2025-06-30")  # last month
		salespeople = self.team.salespeople
		issue(gift, w, 3, purpose="Gift", posting_date="2025-07-03", salesperson=salespeople["east1"])
		issue(gift, w, 4, purpose="Promotion", posting_date="2025-07-04", salesperson=salespeople["east2"])
		issue(brochure, w, 5, purpose="Promotion", posting_date="2025-07-05")
		issue(gift, w, 6, purpose="Gift", posting_date="2025-07-06").cancel()

	def test_products_below_reorder_level(self):
		with only_new_products():
			self.make_catalog()
			card = dashboard.products_below_reorder_level()
		self.assertEqual(card["value"], 2)
		self.assertEqual(card["route"], ["query-report", "Stock Balance"])
		self.assertEqual(card["route_options"], {"below_reorder_only": 1})

	def test_stock_value_at_cost(self):
		with only_new_products():
			self.make_catalog()
			card = dashboard.stock_value()
		self.assertEqual((card["value"], card["fieldtype"]), (361, "Currency"))

	def test_gifts_issued_this_month(self):
		with only_new_products(), self.freeze_time("2025-07-20 12:00:00", tick=True):
			self.make_catalog()
			# east1 sees the issues of east1's hand-outs only, their manager and the owner all of them
			issued = {key: self.gifts_as(key) for key in ("east1", "east", "owner")}
		self.assertEqual(issued, {"east1": 3, "east": 7, "owner": 7})

	def gifts_as(self, key):
		frappe.set_user(self.team.users[key])
		try:
			return dashboard.gifts_issued_this_month()["value"]
		finally:
			frappe.set_user("Administrator")

	def test_stock_value_card_only_for_those_who_see_costs(self):
		for key, sees in (
			("east1", False),
			("service", False),
			("east", True),
			("warehouse", True),
			("finance", True),
		):
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				self.assertEqual(bool(frappe.has_permission("Number Card", doc="Stock Value")), sees)
				cards = {c.number_card_name for c in goods_page()["number_cards"]["items"]}
				self.assertEqual("Stock Value" in cards, sees)
				self.assertIn("Products Below Reorder Level", cards)
				if not sees:
					self.assertRaises(frappe.PermissionError, dashboard.stock_value)

	def test_workspace_for_each_role(self):
		expected_shortcuts = {
			"warehouse": {
				"Product",
				"Stock Entry",
				"Stock Balance",
				"Stock Ledger",
				"Sales Budget",
				"Warehouse",
			},
			"east1": {"Product", "Stock Entry", "Stock Balance", "Stock Ledger", "Promo & Gift Consumption"},
		}
		for key, shortcuts in expected_shortcuts.items():
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				page = goods_page()
				labels = {s.get("label") for s in page["shortcuts"]["items"]}
				self.assertTrue(shortcuts <= labels, labels)
				self.assertEqual([c.chart_name for c in page["charts"]["items"]], ["Stock by Warehouse"])
		frappe.set_user(self.team.users["east1"])
		labels = {s.get("label") for s in goods_page()["shortcuts"]["items"]}
		self.assertNotIn("Sales Budget", labels)

	def test_stock_by_warehouse_chart(self):
		from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

		product = make_product()
		receive(product, self.warehouse, 9)
		frappe.set_user(self.team.users["east1"])
		chart = get(chart_name="Stock by Warehouse", refresh=1)
		values = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
		self.assertEqual(values[self.warehouse], 9)
