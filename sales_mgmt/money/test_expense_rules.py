"""The fiscal periods of budgets and the flag rules, without a site."""

import datetime

from sales_mgmt.money.expense_budget import budget_periods, fiscal_year_bounds, fiscal_year_of
from sales_mgmt.money.expense_flags import is_dormant, is_outlier, over_share_of_sales
from sales_mgmt.tests import UnitTestCase

D = datetime.date


class TestFiscalPeriods(UnitTestCase):
	def test_fiscal_year(self):
		self.assertEqual(fiscal_year_bounds(2026, 1), (D(2026, 1, 1), D(2026, 12, 31)))
		self.assertEqual(fiscal_year_bounds(2026, 4), (D(2026, 4, 1), D(2027, 3, 31)))
		self.assertEqual(fiscal_year_bounds(2027, 3), (D(2027, 3, 1), D(2028, 2, 29)))  # leap year
		for day, start_month, year in (
			(D(2026, 3, 31), 4, 2025),
			(D(2026, 4, 1), 4, 2026),
			(D(2026, 12, 31), 1, 2026),
			(D(2026, 1, 1), 1, 2026),
			(D(2026, 11, 30), 12, 2025),
			(D(2026, 12, 1), 12, 2026),
		):
			with self.subTest(day=day, start_month=start_month):
				self.assertEqual(fiscal_year_of(day, start_month), year)

	def test_periods(self):
		months = budget_periods(2027, "Month", 12)
		self.assertEqual(len(months), 12)
		self.assertEqual((months[0].from_date, months[0].to_date), (D(2027, 12, 1), D(2027, 12, 31)))
		self.assertEqual(
			(months[2].number, months[2].from_date, months[2].to_date), (3, D(2028, 2, 1), D(2028, 2, 29))
		)
		self.assertEqual(months[-1].to_date, D(2028, 11, 30))
		quarters = budget_periods(2026, "Quarter", 11)
		self.assertEqual(
			[(q.from_date, q.to_date) for q in quarters],
			[
				(D(2026, 11, 1), D(2027, 1, 31)),
				(D(2027, 2, 1), D(2027, 4, 30)),
				(D(2027, 5, 1), D(2027, 7, 31)),
				(D(2027, 8, 1), D(2027, 10, 31)),
			],
		)
		self.assertEqual(
			[(p.number, p.from_date, p.to_date) for p in budget_periods(2026, "Year", 1)],
			[(1, D(2026, 1, 1), D(2026, 12, 31))],
		)


class TestFlagRules(UnitTestCase):
	def test_share_of_sales(self):
		self.assertFalse(over_share_of_sales(100, 1000, 10))
		self.assertTrue(over_share_of_sales(100.01, 1000, 10))
		self.assertTrue(over_share_of_sales(0.01, 0, 10))
		self.assertFalse(over_share_of_sales(0, 0, 10))
		self.assertFalse(over_share_of_sales(5000, 0, 0))  # off

	def test_dormant(self):
		self.assertFalse(is_dormant(D(2026, 1, 31), D(2026, 7, 31), 6))
		self.assertTrue(is_dormant(D(2026, 1, 30), D(2026, 7, 31), 6))
		# from the same day 6 months earlier: 2026-08-31 - 6 months = 2026-02-28
		self.assertFalse(is_dormant(D(2026, 2, 28), D(2026, 8, 31), 6))
		self.assertTrue(is_dormant(D(2026, 2, 27), D(2026, 8, 31), 6))
		self.assertTrue(is_dormant(None, D(2026, 8, 31), 6))
		self.assertFalse(is_dormant(None, D(2026, 8, 31), 0))  # off

	def test_outlier(self):
		self.assertFalse(is_outlier(300, 5, 100, 3, 5))
		self.assertTrue(is_outlier(300.01, 5, 100, 3, 5))
		self.assertFalse(is_outlier(10000, 4, 100, 3, 5))
		self.assertFalse(is_outlier(10000, 5, 100, 0, 5))  # off
		self.assertTrue(is_outlier(301, 1, 100, 3, 0))  # at least one expense to average
		self.assertFalse(is_outlier(301, 0, 0, 3, 0))
