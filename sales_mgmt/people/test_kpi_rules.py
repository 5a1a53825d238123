"""The KPI rules that need no site: periods, working days, ratios and which targets count."""

import datetime

from sales_mgmt.people import kpi
from sales_mgmt.reporting import fiscal_period_bounds
from sales_mgmt.tests import UnitTestCase

D = datetime.date


class TestKPIRules(UnitTestCase):
	def test_previous_period_of_whole_months(self):
		self.assertEqual(kpi.previous_period(D(2026, 9, 1), D(2026, 9, 30)), (D(2026, 8, 1), D(2026, 8, 31)))
		# March's previous month is February, whatever their lengths
		self.assertEqual(kpi.previous_period(D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 2, 1), D(2026, 2, 28)))
		# a quarter, and a year across the new year
		self.assertEqual(kpi.previous_period(D(2026, 7, 1), D(2026, 9, 30)), (D(2026, 4, 1), D(2026, 6, 30)))
		self.assertEqual(
			kpi.previous_period(D(2026, 1, 1), D(2026, 12, 31)), (D(2025, 1, 1), D(2025, 12, 31))
		)

	def test_previous_period_of_days(self):
		# the scenario's two weeks: the two weeks before
		self.assertEqual(kpi.previous_period(D(2026, 9, 7), D(2026, 9, 20)), (D(2026, 8, 24), D(2026, 9, 6)))
		# a month so far (not ending on its last day): as many days before
		self.assertEqual(kpi.previous_period(D(2026, 9, 1), D(2026, 9, 10)), (D(2026, 8, 22), D(2026, 8, 31)))
		self.assertEqual(kpi.previous_period(D(2026, 9, 5), D(2026, 9, 5)), (D(2026, 9, 4), D(2026, 9, 4)))

	def test_working_days(self):
		# 2026-09-07 is a Monday: two weeks hold ten working days
		self.assertEqual(kpi.working_days(D(2026, 9, 7), D(2026, 9, 20)), 10)
		# Sat 09-12 .. Sun 09-13: none; Fri 09-11 .. Mon 09-14: two
		self.assertEqual(kpi.working_days(D(2026, 9, 12), D(2026, 9, 13)), 0)
		self.assertEqual(kpi.working_days(D(2026, 9, 11), D(2026, 9, 14)), 2)
		# September 2026 (Tue 1st .. Wed 30th): 22 working days
		self.assertEqual(kpi.working_days(D(2026, 9, 1), D(2026, 9, 30)), 22)
		self.assertEqual(kpi.working_days(D(2026, 9, 8), D(2026, 9, 7)), 0)
		# a month under way counts up to today
		self.assertEqual(kpi.visit_days(D(2026, 9, 1), D(2026, 9, 30), on_day=D(2026, 9, 8)), 6)
		self.assertEqual(kpi.visit_days(D(2026, 9, 1), D(2026, 9, 30), on_day=D(2026, 12, 2)), 22)

	def test_ratios(self):
		self.assertEqual(kpi.ratio(2, 3, 100), 66.67)
		self.assertEqual(kpi.ratio(3200, 3), 1066.67)
		self.assertEqual(kpi.ratio(5, 0), 0.0)
		self.assertEqual(kpi.achieved(3200, 4000), 80.0)
		self.assertIsNone(kpi.achieved(3200, 0))

	def test_finest_targets_count(self):
		rows = [
			{"holder": "a", "period_type": "Year", "contract_amount": 120, "visits": 12},
			{"holder": "a", "period_type": "Month", "contract_amount": 10, "visits": 1},
			{"holder": "a", "period_type": "Quarter", "contract_amount": 30, "visits": 3},
			{"holder": "b", "period_type": "Year", "contract_amount": 100, "visits": None},
			{"holder": "c", "period_type": "Quarter", "contract_amount": 50, "visits": 5},
		]
		picked = kpi.pick_targets(rows)
		self.assertEqual(picked["a"]["contract_amount"], 10)
		self.assertEqual(picked["a"]["visits"], 1)
		self.assertEqual(picked["b"]["contract_amount"], 100)
		self.assertEqual(picked["b"]["visits"], 0)
		self.assertEqual(picked["c"]["contract_amount"], 50)

	def test_fiscal_periods(self):
		day = D(2026, 5, 17)
		self.assertEqual(fiscal_period_bounds("Month", day, 4), (D(2026, 5, 1), D(2026, 5, 31)))
		# fiscal year from April: Q1 = April .. June
		self.assertEqual(fiscal_period_bounds("Quarter", day, 4), (D(2026, 4, 1), D(2026, 6, 30)))
		self.assertEqual(fiscal_period_bounds("Year", day, 4), (D(2026, 4, 1), D(2027, 3, 31)))
		# before the start month: the fiscal year began the calendar year before
		self.assertEqual(fiscal_period_bounds("Year", D(2027, 2, 10), 4), (D(2026, 4, 1), D(2027, 3, 31)))
		self.assertEqual(fiscal_period_bounds("Quarter", D(2027, 2, 10), 4), (D(2027, 1, 1), D(2027, 3, 31)))
		# calendar years and quarters with start month 1
		self.assertEqual(fiscal_period_bounds("Quarter", day, 1), (D(2026, 4, 1), D(2026, 6, 30)))
		self.assertEqual(fiscal_period_bounds("Year", day, 1), (D(2026, 1, 1), D(2026, 12, 31)))
		# start month 11: a quarter across the new year
		self.assertEqual(fiscal_period_bounds("Quarter", D(2027, 1, 5), 11), (D(2026, 11, 1), D(2027, 1, 31)))
