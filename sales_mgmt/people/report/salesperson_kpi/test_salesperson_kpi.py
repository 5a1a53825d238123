"""Salesperson KPI on the People scenario and the targets of kpi_scenario.py (every figure computed by
hand there and below), through the desk's report runner, as each role."""

import frappe
from frappe.desk.query_report import run

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.kpi_scenario import KPIScenarioTestCase

REPORT = "Salesperson KPI"
TWO_WEEKS = {"from_date": "2026-09-07", "to_date": "2026-09-20"}
SEPTEMBER = {"from_date": "2026-09-01", "to_date": "2026-09-30"}

ZERO = dict(
	contract_amount=0, gross_profit=0, orders=0, signed_customers=0, collected_amount=0, visits=0,
	successful_visits=0, visits_per_day=0, visit_success_rate=0, revenue_per_visit=0,
	orders_per_100_visits=0, new_customers=0, lost_customers=0,
)  # fmt: skip

# the two weeks: 10 working days; rates ×100 and per visit rounded to 2 decimals
EAST1 = dict(
	ZERO, contract_amount=3200, gross_profit=1280, orders=2, signed_customers=2, collected_amount=1000,
	visits=3, successful_visits=2,
	visits_per_day=0.3,  # 3 ÷ 10
	visit_success_rate=66.67,  # 2 ÷ 3
	revenue_per_visit=1066.67,  # 3,200 ÷ 3
	orders_per_100_visits=66.67,  # 2 ÷ 3 × 100
	new_customers=1, lost_customers=1,  # A2; A3
)  # fmt: skip
EAST2 = dict(
	ZERO, contract_amount=3000, gross_profit=1200, orders=1, signed_customers=1, collected_amount=3000,
	visits=3, successful_visits=2, visits_per_day=0.3, visit_success_rate=66.67,
	revenue_per_visit=1000,  # 3,000 ÷ 3
	orders_per_100_visits=33.33,  # 1 ÷ 3 × 100
	new_customers=1,  # B1
)  # fmt: skip
WEST1 = dict(
	ZERO, contract_amount=1500, gross_profit=600, orders=1, signed_customers=1, collected_amount=500,
	visits=1, successful_visits=1, visits_per_day=0.1, visit_success_rate=100, revenue_per_visit=1500,
	orders_per_100_visits=100, new_customers=1,  # W1
)  # fmt: skip
# teams: sums of their members; signed customers distinct over the team (no customer bought from two)
EAST_TEAM = dict(
	ZERO, contract_amount=6200, gross_profit=2480, orders=3, signed_customers=3, collected_amount=4000,
	visits=6, successful_visits=4,
	visits_per_day=0.6,  # 6 ÷ 10
	visit_success_rate=66.67,  # 4 ÷ 6
	revenue_per_visit=1033.33,  # 6,200 ÷ 6
	orders_per_100_visits=50,  # 3 ÷ 6 × 100
	new_customers=2, lost_customers=1,
)  # fmt: skip
WEST_TEAM = dict(WEST1)
DIRECTOR_TEAM = dict(
	ZERO, contract_amount=7700, gross_profit=3080, orders=4, signed_customers=4, collected_amount=4500,
	visits=7, successful_visits=5,
	visits_per_day=0.7,  # 7 ÷ 10
	visit_success_rate=71.43,  # 5 ÷ 7
	revenue_per_visit=1100,  # 7,700 ÷ 7
	orders_per_100_visits=57.14,  # 4 ÷ 7 × 100
	new_customers=3, lost_customers=1,
)  # fmt: skip


def figures(row: dict) -> dict:
	return {key: row.get(key) for key in ZERO if key in row}


class TestSalespersonKPI(KPIScenarioTestCase):
	def run_report(self, user: str | None = None, **filters) -> dict:
		if user:
			self.as_user(user)
		return run(REPORT, filters=filters, ignore_prepared_report=True)

	def rows(self, result) -> dict:
		by_salesperson = {name: key for key, name in self.team.salespeople.items()}
		return {
			by_salesperson[row["salesperson"]]: row
			for row in result["result"]
			if row["salesperson"] in by_salesperson
		}

	def test_every_salesperson_as_the_director(self):
		result = self.run_report("director", **TWO_WEEKS)
		rows = self.rows(result)
		self.assertEqual(set(rows), {"director", "east", "east1", "east2", "west", "west1"})
		self.assertEqual(figures(rows["east1"]), EAST1)
		self.assertEqual(figures(rows["east2"]), EAST2)
		self.assertEqual(figures(rows["west1"]), WEST1)
		for key in ("director", "east", "west"):
			self.assertEqual(figures(rows[key]), ZERO)
		# tree order: the director first, a manager before their reps
		order = list(rows)  # rows() keeps the report's order
		self.assertLess(order.index("east"), order.index("east1"))
		# totals of the salesperson view: 3,200 + 3,000 + 1,500; 1,000 + 3,000 + 500; 7 visits, 5 successful
		summary = {item["label"]: item["value"] for item in result["report_summary"]}
		self.assertEqual(summary["Contract Amount"], 7700)
		self.assertEqual(summary["Collected Amount"], 4500)
		self.assertEqual(summary["Gross Profit"], 3080)
		self.assertEqual(summary["Visits"], 7)
		self.assertEqual(summary["Visit Success Rate"], 71.43)

	def test_team_view(self):
		rows = self.rows(self.run_report("director", view="Team", **TWO_WEEKS))
		# team heads only: the director, east and west
		self.assertEqual(set(rows), {"director", "east", "west"})
		self.assertEqual(figures(rows["east"]), EAST_TEAM)
		self.assertEqual(figures(rows["west"]), WEST_TEAM)
		self.assertEqual(figures(rows["director"]), DIRECTOR_TEAM)
		self.assertEqual(rows["east"]["team_size"], 3)
		self.assertEqual(rows["director"]["team_size"], 6)

	def test_a_rep_sees_only_their_own_row_and_no_profit(self):
		result = self.run_report("east1", **TWO_WEEKS)
		self.assertEqual([row["salesperson"] for row in result["result"]], [self.team.salespeople["east1"]])
		expected = {key: value for key, value in EAST1.items() if key != "gross_profit"}
		self.assertEqual(figures(result["result"][0]), expected)
		fieldnames = {column["fieldname"] for column in result["columns"]}
		self.assertFalse(fieldnames & {"gross_profit", "gross_profit_target", "gross_profit_achieved"})
		self.assertNotIn("Gross Profit", {item["label"] for item in result["report_summary"]})
		# another salesperson as a filter shows nothing of theirs
		result = self.run_report("east1", salesperson=self.team.salespeople["east2"], **TWO_WEEKS)
		self.assertEqual(result["result"], [])

	def test_a_manager_sees_their_team(self):
		rows = self.rows(self.run_report("east", **TWO_WEEKS))
		self.assertEqual(set(rows), {"east", "east1", "east2"})
		self.assertEqual(figures(rows["east2"]), EAST2)
		self.assertIn("gross_profit", rows["east1"])
		rows = self.rows(self.run_report("west", view="Team", **TWO_WEEKS))
		self.assertEqual(set(rows), {"west"})
		self.assertEqual(figures(rows["west"]), WEST_TEAM)

	def test_targets_of_a_month(self):
		# September: 22 working days; the figures are the two weeks' (nothing else happens in September)
		rows = self.rows(self.run_report("owner", salesperson=self.team.salespeople["east"], **SEPTEMBER))
		self.assertEqual(set(rows), {"east", "east1", "east2"})
		east1 = rows["east1"]
		self.assertEqual(east1["visits_per_day"], 0.14)  # 3 ÷ 22
		self.assertEqual(
			{key: east1[key] for key in east1 if key.endswith(("_target", "_achieved"))},
			{
				"contract_amount_target": 4000, "contract_amount_achieved": 80.0,  # 3,200 ÷ 4,000
				"collection_amount_target": 2000, "collection_amount_achieved": 50.0,  # 1,000 ÷ 2,000
				"gross_profit_target": 1000, "gross_profit_achieved": 128.0,  # 1,280 ÷ 1,000
				"new_customers_target": 2, "new_customers_achieved": 50.0,  # 1 ÷ 2
				"visits_target": 4, "visits_achieved": 75.0,  # 3 ÷ 4
			},
		)  # fmt: skip
		# east2's target is for the quarter, which is not inside September
		self.assertIsNone(rows["east2"]["contract_amount_target"])
		self.assertIsNone(rows["east2"]["contract_amount_achieved"])
		team = self.rows(
			self.run_report("owner", view="Team", salesperson=self.team.salespeople["east"], **SEPTEMBER)
		)
		self.assertEqual(set(team), {"east"})
		east = team["east"]
		self.assertEqual(
			{key: east[key] for key in east if key.endswith(("_target", "_achieved"))},
			{
				"contract_amount_target": 10000, "contract_amount_achieved": 62.0,  # 6,200 ÷ 10,000
				"collection_amount_target": 5000, "collection_amount_achieved": 80.0,  # 4,000 ÷ 5,000
				"gross_profit_target": 2000, "gross_profit_achieved": 124.0,  # 2,480 ÷ 2,000
				"new_customers_target": 3, "new_customers_achieved": 66.67,  # 2 ÷ 3
				"visits_target": 10, "visits_achieved": 60.0,  # 6 ÷ 10
			},
		)  # fmt: skip
		# a rep's own target, without the gross profit target
		east1 = self.run_report("east1", **SEPTEMBER)["result"][0]
		self.assertEqual(east1["contract_amount_target"], 4000)
		self.assertNotIn("gross_profit_target", east1)

	def test_targets_of_a_quarter_and_a_year(self):
		# Q3: east2's quarterly target; the previous comparable period is Q2 (no orders: nobody lost)
		rows = self.rows(self.run_report("owner", from_date="2026-07-01", to_date="2026-09-30"))
		self.assertEqual(rows["east2"]["contract_amount_target"], 6000)
		self.assertEqual(rows["east2"]["contract_amount_achieved"], 50.0)  # 3,000 ÷ 6,000
		self.assertEqual(rows["east2"]["visits_achieved"], 33.33)  # 3 ÷ 9
		self.assertEqual(rows["east1"]["lost_customers"], 0)
		# Q3 holds east1's September target (a month), which wins over nothing else here
		self.assertEqual(rows["east1"]["contract_amount_target"], 4000)
		# 2026: east1 has a monthly and a yearly target; the months count (4,000, not 40,000)
		rows = self.rows(self.run_report("owner", from_date="2026-01-01", to_date="2026-12-31"))
		self.assertEqual(rows["east1"]["contract_amount_target"], 4000)
		# orders of 2026: SOP1 1,000 + SOP2 500 + SO1 2,000 + SO2 1,200
		self.assertEqual(rows["east1"]["contract_amount"], 4700)
		# new in 2026: A1, A2, A3 (first orders 08-31, 09-10, 08-26); lost: none bought in 2025
		self.assertEqual(rows["east1"]["new_customers"], 3)
		self.assertEqual(rows["east1"]["lost_customers"], 0)
		self.assertEqual(rows["east2"]["contract_amount_target"], 6000)

	def test_chart_and_definitions(self):
		result = self.run_report("east", **SEPTEMBER)
		chart = result["chart"]
		# highest contract amount first: East Rep 1 3,200, East Rep 2 3,000, East Manager 0
		self.assertEqual(chart["data"]["labels"], ["East Rep 1", "East Rep 2", "East Manager"])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [3200, 3000, 0])
		self.assertEqual(chart["data"]["datasets"][1]["values"], [4000, 0, 0])
		for label in ("Contract Amount", "Visit Success Rate", "Orders per 100 Visits", "Lost Customers"):
			self.assertIn(label, result["message"])
		self.assertIn("22", result["message"])  # working days of September

	def test_bad_filters(self):
		for filters in (
			{"from_date": "2026-09-30", "to_date": "2026-09-01"},
			{"from_date": "2026-13-45"},
			{"view": "Company"},
			{"salesperson": "SP-NOPE"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, "director", **filters)

	def test_roles_without_the_report(self):
		for user in ("finance", "service", "warehouse"):
			with self.subTest(user=user):
				self.assertRaises(frappe.PermissionError, self.run_report, user, **TWO_WEEKS)
