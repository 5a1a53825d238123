"""The demo's sales targets (a pure plan from the months' actual figures, inserted through the
controller once) and its daily, weekly and monthly reports (which periods, generated once)."""

from datetime import date

import frappe

from sales_mgmt.demo.daily_reports import generate_reports, report_periods
from sales_mgmt.demo.targets import (
	FACTOR,
	TargetPlan,
	ensure_targets,
	history_months,
	plan_targets,
	target_months,
)
from sales_mgmt.people import kpi
from sales_mgmt.tests import UnitTestCase
from sales_mgmt.tests.sales_team import SalesTeamTestCase

SEP, OCT, NOV, DEC = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)


def figures(contract=0, collected=0, profit=0, new=0, visits=0) -> dict:
	return {
		"contract_amount": contract,
		"collected_amount": collected,
		"gross_profit": profit,
		"new_customers": new,
		"visits": visits,
	}


# rep A sold in all three months before December, rep B only in November, rep C never
ACTUALS = {
	SEP: {"A": figures(30_000, 20_000, 9_000, 1, 10)},
	OCT: {"A": figures(60_000, 50_000, 18_000, 2, 12)},
	NOV: {"A": figures(0, 20_000, 0, 0, 8), "B": figures(90_000, 0, 30_000, 3, 20)},
}


class TestDemoTargetPlan(UnitTestCase):
	def test_months(self):
		# base date 2026-12-01: December and the three months before; history from June
		self.assertEqual(target_months(date(2026, 12, 1)), [SEP, OCT, NOV, DEC])
		self.assertEqual(history_months(date(2026, 12, 15))[0], date(2026, 6, 1))
		self.assertEqual(history_months(date(2026, 12, 15))[-1], NOV)

	def test_targets_from_the_three_months_before(self):
		plans = {(p.salesperson, p.scope): p for p in plan_targets(42, [DEC], ACTUALS, {"A": ["A", "B"]})}
		# C has no figure: no target; A (Salesperson) and A's team (A + B)
		self.assertEqual(set(plans), {("A", "Salesperson"), ("B", "Salesperson"), ("A", "Team")})
		low, high = FACTOR
		# A: contract (30,000 + 60,000 + 0) / 3 = 30,000; visits (10 + 12 + 8) / 3 = 10;
		# new customers (1 + 2 + 0) / 3 = 1
		a = plans["A", "Salesperson"]
		self.assertTrue(30_000 * low - 500 <= a.contract_amount <= 30_000 * high + 500, a)
		self.assertEqual(a.contract_amount % 1000, 0)
		self.assertTrue(10 * low <= a.visits <= 10 * high + 1, a)
		self.assertIsInstance(a.visits, int)
		self.assertIn(a.new_customers, (1, 2))
		# the factor is one per holder and month: every figure of A's target is raised alike
		factor = a.visits / 10
		self.assertAlmostEqual(a.collection_amount / 30_000, factor, delta=0.1)
		# team A: contract (30,000 + 60,000 + 0 + 90,000) / 3 = 60,000; visits (30 + 20) / 3 = 16.67
		team = plans["A", "Team"]
		self.assertTrue(60_000 * low - 500 <= team.contract_amount <= 60_000 * high + 500, team)
		self.assertTrue(16.67 * low <= team.visits <= 16.67 * high + 1, team)
		# B: only November's 90,000 in three months: 30,000 a month
		self.assertTrue(
			30_000 * low - 500 <= plans["B", "Salesperson"].contract_amount <= 30_000 * high + 500
		)

	def test_no_history_no_target_and_same_seed_same_plan(self):
		# September's target reads June to August: nothing there
		self.assertEqual(plan_targets(42, [SEP], ACTUALS, {}), [])
		self.assertEqual(plan_targets(42, [DEC], ACTUALS, {}), plan_targets(42, [DEC], ACTUALS, {}))
		self.assertNotEqual(plan_targets(42, [DEC], ACTUALS, {}), plan_targets(7, [DEC], ACTUALS, {}))


class TestDemoReportPeriods(UnitTestCase):
	def test_periods(self):
		# Mon 2026-11-23 .. Tue 2026-12-01: the working days' Daily reports, the week on Sunday the
		# 29th, November on the 30th
		self.assertEqual(
			report_periods(date(2026, 11, 23), date(2026, 12, 1)),
			[
				("Daily", date(2026, 11, 23)),
				("Daily", date(2026, 11, 24)),
				("Daily", date(2026, 11, 25)),
				("Daily", date(2026, 11, 26)),
				("Daily", date(2026, 11, 27)),
				("Weekly", date(2026, 11, 29)),
				("Daily", date(2026, 11, 30)),
				("Monthly", date(2026, 11, 30)),
				("Daily", date(2026, 12, 1)),
			],
		)


class TestDemoPeopleRecords(SalesTeamTestCase):
	def test_targets_inserted_once(self):
		east, east1 = self.team.salespeople["east"], self.team.salespeople["east1"]
		month = date(2020, 1, 1)
		plans = [
			TargetPlan(east1, kpi.SALESPERSON_SCOPE, month, 30_000, 20_000, 9_000, 1, 10),
			TargetPlan(east, kpi.TEAM_SCOPE, month, 90_000, 60_000, 27_000, 3, 30),
		]
		self.assertEqual(ensure_targets(plans), 2)
		self.assertEqual(ensure_targets(plans), 0)
		target = frappe.get_doc("SM Sales Target", {"target_key": plans[1].key})
		self.assertEqual(
			(target.scope, target.period_type, str(target.period_start), str(target.period_end)),
			("Team", "Month", "2020-01-01", "2020-01-31"),
		)
		self.assertEqual((target.contract_amount, target.visits), (90_000, 30))

	def test_reports_generated_once(self):
		enabled = frappe.db.count("SM Salesperson", {"enabled": 1})
		# Fri 2020-01-03 .. Sun 2020-01-05: Friday's Daily report and the week's Weekly report
		periods, added = generate_reports(date(2020, 1, 3), date(2020, 1, 5), commit=False)
		self.assertEqual((periods, added), (2, 2 * enabled))
		self.assertEqual(generate_reports(date(2020, 1, 3), date(2020, 1, 5), commit=False), (2, 0))
		report = frappe.get_doc(
			"SM Daily Report",
			{
				"salesperson": self.team.salespeople["east1"],
				"period_type": "Weekly",
				"report_date": "2019-12-30",
			},
		)
		self.assertEqual((str(report.from_date), str(report.to_date)), ("2019-12-30", "2020-01-05"))
