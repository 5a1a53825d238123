"""The People workspace's and the Sales Workbench's KPI cards and the Contract vs Target chart, on the
People scenario with the targets of kpi_scenario.py, on 2026-09-18 (this month: September), as each
role: a rep sees their own figures, a manager their team's."""

import frappe
from frappe.desk.doctype.number_card.number_card import get_result

from sales_mgmt.api import people
from sales_mgmt.tests.kpi_scenario import KPIScenarioTestCase

TODAY = "2026-09-18 12:00:00"

# September so far (the scenario's figures):
#   contract amount: east1 3,200; east2 3,000; west1 1,500 -> east's team 6,200, the director's 7,700
#   collected: east1 1,000; east2 3,000; west1 500 -> east 4,000, director 4,500
#   Done visits (successful): east1 3 (2), east2 3 (2), west1 1 (1) -> east 6 (4), director 7 (5)
EXPECTED = {
	# user: (contract, collected, visits, success rate %, own contract target achieved %)
	"east1": (3200, 1000, 3, 66.67, 80.0),  # 3,200 ÷ east1's September target 4,000
	"east2": (3000, 3000, 3, 66.67, 0.0),  # east2's target is for the quarter: none for the month
	"west1": (1500, 500, 1, 100.0, 0.0),
	"east": (6200, 4000, 6, 66.67, 62.0),  # 6,200 ÷ east's September Team target 10,000
	"west": (1500, 500, 1, 100.0, 0.0),
	"director": (7700, 4500, 7, 71.43, 0.0),  # 5 ÷ 7; no Team target for the director
}


class TestPeopleCards(KPIScenarioTestCase):
	def card(self, name: str):
		doc = frappe.get_doc("Number Card", name)
		return get_result(doc, doc.filters_json)

	def test_cards_per_role(self):
		with self.freeze_time(TODAY):
			for user, (contract, collected, visits, rate, achieved) in EXPECTED.items():
				with self.subTest(user=user):
					self.as_user(user)
					self.assertEqual(self.card("Contract Amount This Month"), contract)
					self.assertEqual(self.card("Collected This Month"), collected)
					self.assertEqual(self.card("Visits This Month"), visits)
					self.assertEqual(people.visit_success_rate()["value"], rate)
					self.assertEqual(people.contract_target_achieved()["value"], achieved)

	def test_roles_without_activities_or_targets(self):
		with self.freeze_time(TODAY):
			for user in ("finance", "service", "warehouse"):
				with self.subTest(user=user):
					self.as_user(user)
					self.assertRaises(frappe.PermissionError, people.visit_success_rate)
					self.assertRaises(frappe.PermissionError, people.contract_target_achieved)
					self.assertRaises(frappe.PermissionError, people.contract_vs_target)

	def test_contract_vs_target_chart(self):
		with self.freeze_time(TODAY):
			self.as_user("east")
			chart = people.contract_vs_target()
			self.assertEqual(chart["labels"], ["East Rep 1", "East Rep 2", "East Manager"])
			self.assertEqual(chart["datasets"][0]["values"], [3200, 3000, 0])
			self.assertEqual(chart["datasets"][1]["values"], [4000, 0, 0])
			self.as_user("west1")
			chart = people.contract_vs_target()
			self.assertEqual(chart["labels"], ["West Rep 1"])
			self.assertEqual(chart["datasets"][0]["values"], [1500])

	def test_visits_per_week_chart(self):
		from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

		# Done visits by week of the last quarter: east1 a1 (09-07), a4 (09-08) | a9 (09-15);
		# east adds east2's b1 (09-07), b3 (09-08), b4 (09-09)
		with self.freeze_time(TODAY):
			for user, weeks in (("east1", [2, 1]), ("east", [5, 1]), ("west1", [1])):
				with self.subTest(user=user):
					self.as_user(user)
					values = get(chart_name="Visits per Week", refresh=1)["datasets"][0]["values"]
					self.assertEqual([value for value in values if value], weeks)
