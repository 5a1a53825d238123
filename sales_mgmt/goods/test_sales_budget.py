"""The sales budget method, on hand-computed numbers (no database)."""

import frappe

from sales_mgmt.goods import sales_budget as method
from sales_mgmt.tests import UnitTestCase

# the month the clock is in: budgets for December 2025 made in December, every month before it ended
DECEMBER = "2025-12"


class TestSalesBudgetMethod(UnitTestCase):
	def test_months(self):
		self.assertEqual(method.add_months("2025-12", 1), "2026-01")
		self.assertEqual(method.add_months("2025-01", -1), "2024-12")
		self.assertEqual(method.add_months("2025-03", -15), "2023-12")
		# the months read for budget 2025-12 in December 2025: trend months 2025-09..11 and a year before,
		# the same month last year 2024-12, and the 12 months shown (2024-12..2025-11)
		self.assertEqual(method.months_read("2025-12", "2025-12")[0], "2024-09")
		self.assertEqual(method.months_read("2025-12", "2025-12")[-1], "2025-11")
		self.assertEqual(method.history_months("2025-12")[0], "2024-12")
		self.assertEqual(method.history_months("2025-12")[-1], "2025-11")
		self.assertEqual(len(method.history_months("2025-12")), 12)
		self.assertEqual(str(method.period_start("2024-02")), "2024-02-01")
		self.assertEqual(str(method.period_end("2024-02")), "2024-02-29")

	def test_normalize_period(self):
		import datetime

		self.assertEqual(method.normalize_period("2026-1"), "2026-01")
		self.assertEqual(method.normalize_period(" 2026-12-31 "), "2026-12")
		self.assertEqual(method.normalize_period(datetime.date(2026, 7, 4)), "2026-07")
		for bad in ("", None, "2026-00", "2026/12", "abc"):
			with self.subTest(period=bad):
				self.assertRaises(frappe.ValidationError, method.normalize_period, bad)

	def test_last_year_adjusted_by_trend(self):
		# budget 2025-12: same month last year (2024-12) sold 40; last 3 months (2025-09..11) sold
		# 15 + 15 + 15 = 45; the same 3 months a year earlier (2024-09..11) sold 10 + 10 + 10 = 30.
		# trend = 45 / 30 = 1.5 -> budget = 40 x 1.5 = 60
		sales = {
			"2024-09": 10,
			"2024-10": 10,
			"2024-11": 10,
			"2024-12": 40,
			"2025-09": 15,
			"2025-10": 15,
			"2025-11": 15,
			"2025-01": 999,  # outside the method's months: ignored
		}
		s = method.suggest(sales, "2025-12", DECEMBER)
		self.assertEqual(
			(s.same_month_last_year, s.last_months, s.same_months_last_year, s.trend, s.method, s.suggested),
			(40, 45, 30, 1.5, method.METHOD_TREND, 60),
		)

	def test_trend_is_kept_between_half_and_double(self):
		base = {"2024-09": 10, "2024-10": 10, "2024-11": 10, "2024-12": 40}
		# 90 / 30 = 3 -> 2 -> 80
		high = method.suggest({**base, "2025-09": 30, "2025-10": 30, "2025-11": 30}, "2025-12", DECEMBER)
		self.assertEqual((high.trend, high.suggested), (2.0, 80))
		# 6 / 30 = 0.2 -> 0.5 -> 20
		low = method.suggest({**base, "2025-11": 6}, "2025-12", DECEMBER)
		self.assertEqual((low.trend, low.suggested), (0.5, 20))
		# nothing sold lately: 0 -> 0.5 -> 20
		self.assertEqual(method.suggest(base, "2025-12", DECEMBER).suggested, 20)

	def test_same_month_last_year_without_a_trend_base(self):
		# sold 7 in 2024-12 only: trend 1 -> 7
		s = method.suggest({"2024-12": 7, "2025-10": 3}, "2025-12", DECEMBER)
		self.assertEqual((s.trend, s.method, s.suggested), (1.0, method.METHOD_TREND, 7))

	def test_recent_sales_but_none_in_the_same_month_last_year(self):
		# sold in 2024-10 (the trend's base) and lately, but not in 2024-12: the moving average, not 0 x trend
		s = method.suggest({"2024-10": 10, "2025-10": 20, "2025-11": 4}, "2025-12", DECEMBER)
		self.assertEqual((s.trend, s.method, s.suggested), (None, method.METHOD_AVERAGE, 8))

	def test_the_current_month_counts_once_it_has_ended(self):
		sales = {
			"2024-08": 10,
			"2024-09": 10,
			"2024-10": 10,
			"2024-11": 10,
			"2024-12": 40,
			"2025-08": 12,
			"2025-09": 15,
			"2025-10": 18,
			"2025-11": 6,  # by the 20th of November
		}
		# on 2025-11-20, budgeting December: the last complete months are 2025-08..10 (12 + 15 + 18 = 45),
		# a year earlier 2024-08..10 (30): trend 1.5, budget 40 x 1.5 = 60
		s = method.suggest(sales, "2025-12", "2025-11")
		self.assertEqual(s.months, ("2025-08", "2025-09", "2025-10"))
		self.assertEqual(
			(s.same_month_last_year, s.last_months, s.same_months_last_year, s.trend, s.suggested),
			(40, 45, 30, 1.5, 60),
		)
		# in December November has ended: 15 + 18 + 6 = 39 against 30, trend 1.3, budget 52
		s = method.suggest(sales, "2025-12", DECEMBER)
		self.assertEqual(
			(s.months, s.last_months, s.trend, s.suggested), (("2025-09", "2025-10", "2025-11"), 39, 1.3, 52)
		)
		# budgeting two months ahead reads the same complete months as budgeting next month
		self.assertEqual(
			method.suggest(sales, "2026-01", "2025-11").months, ("2025-08", "2025-09", "2025-10")
		)
		# without last year, the moving average of the complete months: (12 + 15 + 18) / 3 = 15
		recent = {m: q for m, q in sales.items() if m >= "2025"}
		self.assertEqual(method.suggest(recent, "2025-12", "2025-11").suggested, 15)

	def test_the_same_month_last_year_counts_once_it_has_ended(self):
		# budgeting 2026-11 in 2025-11: November 2025 has not ended, so there is no same month last year
		s = method.suggest({"2025-08": 3, "2025-09": 3, "2025-10": 3, "2025-11": 50}, "2026-11", "2025-11")
		self.assertEqual((s.same_month_last_year, s.method, s.suggested), (0, method.METHOD_AVERAGE, 3))

	def test_moving_average_without_last_year(self):
		# (10 + 11 + 12) / 3 = 11
		s = method.suggest({"2025-09": 10, "2025-10": 11, "2025-11": 12}, "2025-12", DECEMBER)
		self.assertEqual((s.trend, s.method, s.suggested), (None, method.METHOD_AVERAGE, 11))
		# (10 + 10 + 11) / 3 = 10.33 -> 10; (10 + 11 + 11) / 3 = 10.67 -> 11; 4.5 / 3 = 1.5 -> 2
		self.assertEqual(
			method.suggest({"2025-09": 10, "2025-10": 10, "2025-11": 11}, "2025-12", DECEMBER).suggested, 10
		)
		self.assertEqual(
			method.suggest({"2025-09": 10, "2025-10": 11, "2025-11": 11}, "2025-12", DECEMBER).suggested, 11
		)
		self.assertEqual(method.suggest({"2025-11": 4.5}, "2025-12", DECEMBER).suggested, 2)
		self.assertEqual(method.suggest({}, "2025-12", DECEMBER).suggested, 0)

	def test_stock_flags(self):
		# budget 60, 20 on hand: order 40 now
		self.assertEqual(method.stock_flag(60, 20, 3), (method.ORDER_NOW, 40))
		# budget 60 x 3 months = 180: 200 on hand is 20 too many
		self.assertEqual(method.stock_flag(60, 200, 3), (method.OVERSTOCK, 20))
		self.assertEqual(method.stock_flag(60, 180, 3), ("", 0))
		self.assertEqual(method.stock_flag(60, 60, 3), ("", 0))
		self.assertEqual(method.stock_flag(0, 0, 3), ("", 0))
		self.assertEqual(method.stock_flag(0, 5, 3), (method.OVERSTOCK, 5))
