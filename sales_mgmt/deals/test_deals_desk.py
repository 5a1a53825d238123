"""What the desk shows of Deals: the customer's timeline and dashboard, the workbench as landing
page, the shipped workspaces, number cards and chart."""

import frappe
from frappe.desk.doctype.number_card.number_card import get_result

from sales_mgmt.boot import WORKBENCH, boot_session
from sales_mgmt.deals.customer_timeline import stage_history
from sales_mgmt.deals.doctype.sm_customer.sm_customer_dashboard import get_data
from sales_mgmt.tests.pipeline import QU, pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestDealsDesk(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		pin_stages()

	def test_customer_timeline_shows_stage_history_escaped(self):
		customer = self.team.customers["east2"]
		with self.freeze_time("2026-04-01 10:00:00"):
			doc = frappe.get_doc(
				{
					"doctype": "SM Opportunity",
					"customer": customer,
					"title": "<img src=x onerror=alert(1)>扩容",
				}
			).insert()
		with self.freeze_time("2026-04-08 10:00:00"):
			doc.reload()
			doc.stage = QU
			doc.save()
		items = [i for i in stage_history("SM Customer", customer) if doc.name in i["content"]]
		self.assertEqual([str(i["creation"])[:10] for i in items], ["2026-04-01", "2026-04-08"])
		self.assertIn("Early Tracking", items[0]["content"])
		self.assertIn("Quotation", items[1]["content"])
		self.assertIn("7", items[1]["content"])
		for item in items:
			self.assertNotIn("<img", item["content"])
			self.assertIn("&lt;img", item["content"])
		# someone who may not read the opportunity does not see its history
		frappe.set_user(self.team.users["east1"])
		self.assertFalse([i for i in stage_history("SM Customer", customer) if doc.name in i["content"]])

	def test_customer_dashboard_links_deals(self):
		data = get_data()
		self.assertEqual(data["fieldname"], "customer")
		self.assertEqual(data["transactions"][0]["items"], ["SM Opportunity", "SM Hot Flag", "SM Lead"])

	def boot_for(self, user_key, **user_values):
		user = frappe._dict(
			name=self.team.users[user_key],
			roles=frappe.get_roles(self.team.users[user_key]),
			defaults={},
			**user_values,
		)
		bootinfo = frappe._dict(user=user)
		boot_session(bootinfo)
		return bootinfo

	def test_sales_users_land_on_the_workbench(self):
		for user_key in ("east1", "east", "director"):
			with self.subTest(user=user_key):
				boot = self.boot_for(user_key)
				self.assertEqual(boot.user.default_workspace["name"], WORKBENCH)
				self.assertEqual(boot.user.defaults["salesperson"], self.team.salespeople[user_key])
		# a workspace the user chose stays; other roles keep Frappe's default
		chosen = {"name": "Deals", "public": 1, "title": "Deals"}
		self.assertEqual(self.boot_for("east1", default_workspace=chosen).user.default_workspace, chosen)
		self.assertFalse(self.boot_for("finance").user.get("default_workspace"))

	def test_boot_carries_stage_settings(self):
		boot = self.boot_for("east1")
		self.assertEqual(boot.sm_sales_stages[QU]["stall_days"], 14)
		self.assertEqual(boot.sm_sales_stages[QU]["stage_type"], "Open")

	def test_shipped_desk_records(self):
		for doctype, names in (
			("Workspace", ["Deals", "Sales Workbench"]),
			("Report", ["Sales Forecast", "Stage Conversion", "Stalled Opportunities"]),
			("Dashboard Chart", ["Pipeline Funnel"]),
			(
				"Number Card",
				["Open Pipeline", "Weighted Pipeline", "Stalled Opportunities", "Won This Month"],
			),
			("Custom HTML Block", ["Hot Customers"]),
		):
			for name in names:
				self.assertTrue(frappe.db.exists(doctype, name), f"{doctype} {name}")
		workbench = frappe.get_doc("Workspace", WORKBENCH)
		self.assertEqual([b.custom_block_name for b in workbench.custom_blocks], ["Hot Customers"])
		self.assertIn('"custom_block_name":"Hot Customers"', workbench.content)

	def test_number_cards_follow_record_permissions(self):
		card = frappe.get_doc("Number Card", "Open Pipeline")
		with self.freeze_time("2026-04-01 10:00:00"):
			frappe.get_doc(
				{
					"doctype": "SM Opportunity",
					"customer": self.team.customers["west1"],
					"amount": 8000,
					"stage": QU,
				}
			).insert()
		frappe.set_user(self.team.users["west1"])
		own = sum(
			frappe.get_list(
				"SM Opportunity", filters={"status": "Open"}, pluck="base_amount", limit_page_length=0
			)
		)
		self.assertGreaterEqual(own, 8000)
		self.assertEqual(get_result(card.as_dict(), []), own)
		frappe.set_user(self.team.users["east1"])
		self.assertNotIn(
			8000,
			frappe.get_list(
				"SM Opportunity", filters={"status": "Open"}, pluck="base_amount", limit_page_length=0
			),
		)
