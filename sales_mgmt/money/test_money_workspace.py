# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""The Money workspace: its number cards and the Receivable Aging chart, on the data set of
sales_mgmt/tests/money_scenario.py, as the desk computes them, for several roles."""

import json

import frappe
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.desk.query_report import run as run_report
from frappe.utils import today

from sales_mgmt.api.money import receivable_aging as aging_chart
from sales_mgmt.demo.clock import frozen
from sales_mgmt.tests.money_data import make_payment
from sales_mgmt.tests.money_scenario import REPORT_DATE, ScenarioTestCase

CARDS = ("Sales View Outstanding", "Finance View Outstanding", "Overdue Over 90 Days", "Collected This Month")
EXPENSE_AND_CASH_CARDS = (
	"Cash Position",
	"Expenses This Month",
	"Expense Budget Used",
	"Flagged Expenses This Month",
)


class TestMoneyWorkspace(ScenarioTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# days overdue as the daily job leaves them on 2026-04-30 (see the aging test)
		for order, days in ((cls.s.so1, 100), (cls.s.so2, 69), (cls.s.so3, 60), (cls.s.so7, 0)):
			frappe.db.set_value("SM Receivable", order.name, "days_overdue", days)
		# collected this month: C1 (East Rep 1) 123, C3 (West Rep 1) 77
		make_payment(cls.s.c1, 123, [], payment_date=today())
		make_payment(cls.s.c3, 77, [], payment_date=today())

	def card(self, name):
		doc = frappe.get_doc("Number Card", name)
		return get_result(doc, doc.filters_json)

	def set_ranges_setting(self, value):
		def set_value(value):
			frappe.db.set_single_value("SM Settings", "aging_ranges", value)
			frappe.clear_document_cache("SM Settings", "SM Settings")

		self.addCleanup(set_value, frappe.db.get_single_value("SM Settings", "aging_ranges"))
		set_value(value)

	def test_number_cards(self):
		# sales view: SO1 300 + SO2 800 (C1) + SO3 700 (C2) + SO7 300 (C3); finance 500 + 200 + 350 + 0;
		# over 90 days: SO1 only
		expected = {
			"Administrator": (2100, 1050, 300, 200),
			"finance": (2100, 1050, 300, 200),
			"owner": (2100, 1050, 300, 200),
			"east": (1800, 1050, 300, 123),
			"east1": (1100, 700, 300, 123),
			"west1": (300, 0, 0, 77),
		}
		for user, values in expected.items():
			with self.subTest(user=user):
				frappe.set_user(self.team.users.get(user, user))
				self.assertEqual(tuple(self.card(card) for card in CARDS), values)
				frappe.set_user("Administrator")
		for user in ("service", "warehouse"):
			frappe.set_user(self.team.users[user])
			for card in CARDS:
				with self.subTest(user=user, card=card):
					self.assertRaises(frappe.PermissionError, self.card, card)

	def test_aging_chart_is_the_report_in_both_views(self):
		self.set_ranges_setting("30, 60, 90")
		for user in ("Administrator", "east1", "east"):
			with self.subTest(user=user):
				frappe.set_user(self.team.users.get(user, user))
				with frozen(REPORT_DATE + " 10:00:00"):
					chart = aging_chart()
					reports = [
						run_report(
							"Receivable Aging",
							filters={"report_date": REPORT_DATE, "based_on": view},
							ignore_prepared_report=True,
						)
						for view in ("Sales View", "Finance View")
					]
				self.assertEqual(chart["labels"], ["0-30 Days", "31-60 Days", "61-90 Days", "Over 90 Days"])
				for dataset, report in zip(chart["datasets"], reports, strict=True):
					self.assertEqual(dataset["values"], [s["value"] for s in report["report_summary"][:-1]])
				frappe.set_user("Administrator")
		with frozen(REPORT_DATE + " 10:00:00"):
			chart = aging_chart()
			self.assertEqual(
				[(d["name"], d["values"]) for d in chart["datasets"]],
				[
					("Sales View Outstanding", [300, 700, 800, 300]),
					("Finance View Outstanding", [0, 350, 200, 500]),
				],
			)
			# a salesperson filter stands for their team
			chart = aging_chart(filters=json.dumps({"salesperson": self.team.salespeople["west"]}))
			self.assertEqual(chart["datasets"][0]["values"], [300, 0, 0, 0])
		frappe.set_user(self.team.users["service"])
		self.assertRaises(frappe.PermissionError, aging_chart)

	def test_workspace(self):
		workspace = frappe.get_doc("Workspace", "Money")
		self.assertEqual(
			{row.link_to for row in workspace.shortcuts},
			{
				"SM Sales Order",
				"SM Delivery",
				"SM Invoice",
				"SM Payment",
				"SM Receivable",
				"SM Bad Debt Write Off",
				"Receivables Reconciliation",
				"Receivable Aging",
				"Sales Order Profit",
				"Collections",
				"SM Expense",
				"SM Expense Budget",
				"SM Cash Account",
				"SM Cash Entry",
				"Cash Account Ledger",
				"Cash Position",
				"Expense Budget Variance",
				"Customer Expense Analysis",
			},
		)
		self.assertEqual(
			[row.number_card_name for row in workspace.number_cards], [*CARDS, *EXPENSE_AND_CASH_CARDS]
		)
		self.assertEqual(
			[row.chart_name for row in workspace.charts],
			["Receivable Aging", "Cash Income and Expense", "Expenses by Category"],
		)
		# every block of the page names a card, chart or shortcut of the workspace (by label)
		labels = {
			"number_card": {row.label for row in workspace.number_cards},
			"chart": {row.label for row in workspace.charts},
			"shortcut": {row.label for row in workspace.shortcuts},
			"card": {row.label for row in workspace.links if row.type == "Card Break"},
		}
		for block in json.loads(workspace.content):
			name = next((v for k, v in block["data"].items() if k.endswith("_name")), None)
			if name:
				self.assertIn(name, labels[block["type"]])
