"""What the desk shows of Deals: the customer's timeline and dashboard, the workbench as landing
page, the shipped workspaces, number cards and chart."""

import frappe
from frappe.desk.doctype.number_card.number_card import get_result

from sales_mgmt.api.deals import pipeline_funnel, stalled_opportunity_count
from sales_mgmt.boot import WORKBENCH, boot_session
from sales_mgmt.deals.customer_timeline import stage_history
from sales_mgmt.deals.doctype.sm_customer.sm_customer_dashboard import get_data
from sales_mgmt.people.hierarchy import clear_scope_cache
from sales_mgmt.tests.pipeline import BI, ET, PR, QU, build_pipeline, day, frozen, pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase, ensure_user


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
		# the title is user text: escaped
		link = f'<a href="/app/sm-opportunity/{doc.name}">&lt;img src=&quot;x&quot;&gt;扩容</a>'
		self.assertEqual(
			[i["content"] for i in items],
			[
				f"Administrator opened {link} in stage <strong>Early Tracking</strong>",
				f"Administrator moved {link} from <strong>Early Tracking</strong> to <strong>Quotation</strong> "
				"after 7 days",
			],
		)
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
		# the probability is the server's to set, from the stage as it is on save
		self.assertNotIn("probability", boot.sm_sales_stages[QU])

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


class TestDealsCardsAndFunnel(SalesTeamTestCase):
	"""The Deals workspace's number cards and the Pipeline Funnel on the scripted pipeline
	(sales_mgmt/tests/pipeline.py), seen on 2026-03-10 by the pipeline team's manager, who sees exactly
	the pipeline team's deals.

	Open deals on 03-10 (stage, amount, probability): O3 QU 80000 50% | O4 ET 40000 10% |
	O5 PR 200000 30% | O8 BI 90000 80% (override) | O9 QU 120000 50% | O11 ET 25000 10%
	=> Open Pipeline 555000; Weighted Pipeline 40000 + 4000 + 60000 + 72000 + 60000 + 2500 = 238500;
	Stalled 4 (O3, O5, O8, O9: see test_stalled_opportunities); Won This Month: O6 60000 (03-02) +
	O12 45000 (03-05) = 105000 (O1, won 02-20, is February's).
	Funnel per open stage: ET 65000 / 6500, PR 200000 / 60000, QU 200000 / 100000, BI 90000 / 72000."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pipeline = build_pipeline()
		cls.manager = ensure_user("pipeline.manager", "Pipeline Manager", ["Sales Manager"])
		frappe.db.set_value("SM Salesperson", cls.pipeline.manager, "user", cls.manager)
		clear_scope_cache()

	@classmethod
	def tearDownClass(cls):
		frappe.db.set_value("SM Salesperson", cls.pipeline.manager, "user", None)
		clear_scope_cache()
		super().tearDownClass()

	def card(self, name):
		"""The card's number as the desk asks for it (with the card's own filters)."""
		card = frappe.get_doc("Number Card", name)
		return get_result(card.as_dict(), card.filters_json)

	def test_number_cards(self):
		frappe.set_user(self.manager)
		with frozen(day("03-10")):
			values = {
				"Open Pipeline": self.card("Open Pipeline"),
				"Weighted Pipeline": self.card("Weighted Pipeline"),
				"Won This Month": self.card("Won This Month"),
				"Stalled Opportunities": stalled_opportunity_count()["value"],
			}
		self.assertEqual(
			values,
			{
				"Open Pipeline": 555000,
				"Weighted Pipeline": 238500,
				"Won This Month": 105000,
				"Stalled Opportunities": 4,
			},
		)

	def test_cards_count_base_amounts(self):
		# a USD deal of 1000 at 7.2 counts 7200 in the cards
		frappe.db.savepoint("sm_cards_usd")
		try:
			frappe.db.set_value("Currency", "USD", "enabled", 1)
			frappe.get_doc(
				{
					"doctype": "Currency Exchange",
					"date": "2026-01-01",
					"from_currency": "USD",
					"to_currency": "CNY",
					"exchange_rate": 7.2,
				}
			).insert()
			with frozen(day("03-09")):
				frappe.get_doc(
					{
						"doctype": "SM Opportunity",
						"customer": self.pipeline.customers["A"],
						"stage": QU,
						"currency": "USD",
						"amount": 1000,
						"expected_close_date": "2026-03-31",
					}
				).insert(ignore_permissions=True)
			frappe.set_user(self.manager)
			with frozen(day("03-10")):
				self.assertEqual(
					(self.card("Open Pipeline"), self.card("Weighted Pipeline")), (562200, 242100)
				)
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback(save_point="sm_cards_usd")

	def test_pipeline_funnel_both_series(self):
		frappe.set_user(self.manager)
		with frozen(day("03-10")):
			chart = pipeline_funnel(filters={})
		self.assertEqual(chart["labels"], [ET, PR, QU, BI])
		self.assertEqual(
			[(d["name"], d["values"]) for d in chart["datasets"]],
			[
				("Open Pipeline", [65000, 200000, 200000, 90000]),
				("Weighted Pipeline", [6500, 60000, 100000, 72000]),
			],
		)

	def test_cards_follow_record_permissions(self):
		# Alice's login sees her own open deals only: O3 80000 + O4 40000
		alice = ensure_user("pipeline.alice", "Pipeline Alice", ["Sales User"])
		frappe.db.set_value("SM Salesperson", self.pipeline.salespeople["A"], "user", alice)
		clear_scope_cache()
		try:
			frappe.set_user(alice)
			with frozen(day("03-10")):
				self.assertEqual(
					(self.card("Open Pipeline"), self.card("Weighted Pipeline")), (120000, 44000)
				)
		finally:
			frappe.set_user("Administrator")
			frappe.db.set_value("SM Salesperson", self.pipeline.salespeople["A"], "user", None)
			clear_scope_cache()
