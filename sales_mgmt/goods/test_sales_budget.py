"""The sales budget method, on hand-computed numbers (no database)."""

import frappe

from sales_mgmt.goods import sales_budget as method
from sales_mgmt.tests import UnitTestCase


class TestSalesBudgetMethod(UnitTestCase):
	def test_months(self):
		self.assertEqual(method.add_months("2025-12", 1), "2026-01")
		self.assertEqual(method.add_months("2025-01", -1), "2024-12")
		self.assertEqual(method.add_months("2025-03", -15), "2023-12")
		self.assertEqual(method.window_start("2025-12"), "2024-09")
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
		s = method.suggest(sales, "2025-12")
		self.assertEqual(
			(s.same_month_last_year, s.last_months, s.same_months_last_year, s.trend, s.method, s.suggested),
			(40, 45, 30, 1.5, method.METHOD_TREND, 60),
		)

	def test_trend_is_kept_between_half_and_double(self):
		base = {"2024-09": 10, "2024-10": 10, "2024-11": 10, "2024-12": 40}
		# 90 / 30 = 3 -> 2 -> 80
		high = method.suggest({**base, "2025-09": 30, "2025-10": 30, "2025-11": 30}, "2025-12")
		self.assertEqual((high.trend, high.suggested), (2.0, 80))
		# 6 / 30 = 0.2 -> 0.5 -> 20
		low = method.suggest({**base, "2025-11": 6}, "2025-12")
		self.assertEqual((low.trend, low.suggested), (0.5, 20))
		# nothing sold lately: 0 -> 0.5 -> 20
		self.assertEqual(method.suggest(base, "2025-12").suggested, 20)

	def test_same_month_last_year_without_a_trend_base(self):
		# sold 7 in 2024-12 only: trend 1 -> 7
		s = method.suggest({"2024-12": 7, "2025-10": 3}, "2025-12")
		self.assertEqual((s.trend, s.method, s.suggested), (1.0, method.METHOD_TREND, 7))

	def test_seasonal_month_without_sales_last_year(self):
		# sold in 2024-09..11 but not in 2024-12: 0 x trend = 0
		s = method.suggest({"2024-10": 10, "2025-10": 20}, "2025-12")
		self.assertEqual((s.trend, s.suggested), (2.0, 0))

	def test_moving_average_without_last_year(self):
		# (10 + 11 + 12) / 3 = 11
		s = method.suggest({"2025-09": 10, "2025-10": 11, "2025-11": 12}, "2025-12")
		self.assertEqual((s.trend, s.method, s.suggested), (None, method.METHOD_AVERAGE, 11))
		# (10 + 10 + 11) / 3 = 10.33 -> 10; (10 + 11 + 11) / 3 = 10.67 -> 11; 4.5 / 3 = 1.5 -> 2
		self.assertEqual(
			method.suggest({"2025-09": 10, "2025-10": 10, "2025-11": 11}, "2025-12").suggested, 10
		)
		self.assertEqual(
			method.suggest({"2025-09": 10, "2025-10": 11, "2025-11": 11}, "2025-12").suggested, 11
		)
		self.assertEqual(method.suggest({"2025-11": 4.5}, "2025-12").suggested, 2)
		self.assertEqual(method.suggest({}, "2025-12").suggested, 0)

	def test_stock_flags(self):
		# budget 60, 20 on hand: order 40 now
		self.assertEqual(method.stock_flag(60, 20, 3), (method.ORDER_NOW, 40))
		# budget 60 x 3 months = 180: 200 on hand is 20 too many
		self.assertEqual(method.stock_flag(60, 200, 3), (method.OVERSTOCK, 20))
		self.assertEqual(method.stock_flag(60, 180, 3), ("", 0))
		self.assertEqual(method.stock_flag(60, 60, 3), ("", 0))
		self.assertEqual(method.stock_flag(0, 0, 3), ("", 0))
		self.assertEqual(method.stock_flag(0, 5, 3), (method.OVERSTOCK, 5))
