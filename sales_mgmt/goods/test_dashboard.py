"""The Goods workspace: number cards, the stock chart, and who sees what."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page

from sales_mgmt.api import goods as dashboard
from sales_mgmt.tests.goods_data import issue, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase


def goods_page() -> dict:
	return get_desktop_page(json.dumps({"name": "Goods", "title": "Goods", "public": 1}))


class TestGoodsDashboard(SalesTeamTestCase):
	def setUp(self):
		self.warehouse = make_warehouse(unique("DASH"))

	def test_products_below_reorder_level(self):
		before = dashboard.products_below_reorder_level()["value"]
		low = make_product(reorder_level=5)
		receive(low, self.warehouse, 2)
		enough = make_product(reorder_level=5)
		receive(enough, self.warehouse, 5)
		make_product(reorder_level=3)  # no stock at all: below
		make_product(reorder_level=0)  # no reorder level: never flagged
		make_product(reorder_level=3, enabled=0)  # disabled: not flagged
		card = dashboard.products_below_reorder_level()
		self.assertEqual(card["value"], before + 2)
		self.assertEqual(card["route"], ["query-report", "Stock Balance"])

	def test_stock_value_at_cost(self):
		before = dashboard.stock_value()["value"]
		product = make_product(cost_price=12.5)
		receive(product, self.warehouse, 4)
		issue(product, self.warehouse, 1, posting_date="2025-01-02")
		# 3 left x 12.5
		self.assertEqual(dashboard.stock_value()["value"], before + 37.5)

	def test_gifts_issued_this_month(self):
		gift = make_product(product_type="Gift")
		brochure = make_product(product_type="Promotional Material")
		with self.freeze_time("2025-07-20 12:00:00", tick=True):
			before = {key: self.gifts_as(key) for key in ("east1", "east", "owner")}
			for product in (gift, brochure):
				receive(product, self.warehouse, 20, posting_date="2025-06-01")
			issue(gift, self.warehouse, 2, purpose="Gift", posting_date="2025-06-30")  # last month
			issue(
				gift,
				self.warehouse,
				3,
				purpose="Gift",
				posting_date="2025-07-03",
				salesperson=self.team.salespeople["east1"],
			)
			issue(
				gift,
				self.warehouse,
				4,
				purpose="Promotion",
				posting_date="2025-07-04",
				salesperson=self.team.salespeople["east2"],
			)
			issue(brochure, self.warehouse, 5, purpose="Promotion", posting_date="2025-07-05")
			cancelled = issue(gift, self.warehouse, 6, purpose="Gift", posting_date="2025-07-06")
			cancelled.cancel()
			after = {key: self.gifts_as(key) for key in ("east1", "east", "owner")}
		# gift products issued in July, not cancelled: east1's 3 and east2's 4; east1 sees only theirs
		self.assertEqual(after["owner"] - before["owner"], 7)
		self.assertEqual(after["east"] - before["east"], 7)
		self.assertEqual(after["east1"] - before["east1"], 3)

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
