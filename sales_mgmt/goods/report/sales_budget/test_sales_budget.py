# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe.desk.query_report import run

from sales_mgmt.exceptions import InvalidPeriodError
from sales_mgmt.goods.report.sales_budget.sales_budget import execute
from sales_mgmt.tests.goods_data import issue, make_category, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestSalesBudgetReport(SalesTeamTestCase):
	"""Budget month 2025-12, one category, warehouse W.

	S1: 120 received 2024-08; sold 10, 10, 10 in 2024-09..11, 40 in 2024-12, 15, 15, 15 in 2025-09..11;
	    2 given away as a gift and 3 sold then cancelled in 2025-11 (neither counts as a sale)
	    -> trend 45 / 30 = 1.5, suggested 40 x 1.5 = 60; on hand 120 - 115 - 2 = 3: order 57 now
	S2: 100 received 2025-08; sold 3, 4, 5 in 2025-09..11 -> no last year: (3 + 4 + 5) / 3 = 4;
	    the manager's budget of 10 replaces it; on hand 88 > 10 x 3 months: 58 too many
	S3: nothing -> not listed.  G1 (a Gift product with sales) -> not a Sales Item, not listed.
	"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.category = make_category(unique("Budget"))
		cls.w = make_warehouse(unique("BUD"))
		cls.s1 = make_product(category=cls.category, product_name="智能手机")
		cls.s2 = make_product(category=cls.category, product_name="平板电脑")
		cls.s3 = make_product(category=cls.category)
		cls.g1 = make_product(category=cls.category, product_type="Gift")

		receive(cls.s1, cls.w, 120, posting_date="2024-08-01")
		receive(cls.g1, cls.w, 10, posting_date="2024-08-01")
		for date, qty in (
			("2024-09-10", 10),
			("2024-10-10", 10),
			("2024-11-10", 10),
			("2024-12-10", 40),
			("2025-09-10", 15),
			("2025-10-10", 15),
			("2025-11-10", 15),
		):
			issue(cls.s1, cls.w, qty, posting_date=date)
		issue(cls.g1, cls.w, 5, posting_date="2025-10-10")
		receive(cls.s2, cls.w, 100, posting_date="2025-08-01")
		for date, qty in (("2025-09-10", 3), ("2025-10-10", 4), ("2025-11-10", 5)):
			issue(cls.s2, cls.w, qty, posting_date=date)
		issue(cls.s1, cls.w, 2, purpose="Gift", posting_date="2025-11-15")
		issue(cls.s1, cls.w, 3, posting_date="2025-11-20").cancel()
		frappe.get_doc(
			{"doctype": "SM Sales Budget", "product": cls.s2, "period": "2025-12", "budget_qty": 10}
		).insert()

	def run_report(self, **filters):
		columns, data, message, _chart, summary = execute(
			{"period": "2025-12", "category": self.category, **filters}
		)
		return columns, data, message, {s["label"]: s["value"] for s in summary}

	def test_budget_per_product(self):
		columns, data, message, summary = self.run_report()
		rows = {r["product"]: r for r in data}
		self.assertEqual(set(rows), {self.s1, self.s2})
		month = {c["label"]: c["fieldname"] for c in columns if c["fieldname"].startswith("m_")}
		self.assertEqual(next(iter(month)), "2024-12")
		self.assertEqual(list(month)[-1], "2025-11")

		s1 = rows[self.s1]
		self.assertEqual(
			[s1[month[m]] for m in ("2024-12", "2025-08", "2025-09", "2025-10", "2025-11")],
			[40, 0, 15, 15, 15],
		)
		self.assertEqual(
			(s1["same_month_last_year"], s1["last_months"], s1["same_months_last_year"], s1["trend"]),
			(40, 45, 30, 1.5),
		)
		self.assertEqual(
			(s1["method"], s1["suggested_qty"], s1["override_qty"], s1["budget_qty"]),
			("Last year × trend", 60, None, 60),
		)
		self.assertEqual((s1["on_hand"], s1["flag"], s1["flag_qty"]), (3, "Order now", 57))

		s2 = rows[self.s2]
		self.assertEqual((s2["method"], s2["trend"], s2["suggested_qty"]), ("3-month average", None, 4))
		self.assertEqual((s2["override_qty"], s2["budget_qty"]), (10, 10))
		self.assertEqual((s2["on_hand"], s2["flag"], s2["flag_qty"]), (88, "Overstock risk", 58))

		self.assertEqual(
			(
				summary["Budget Month"],
				summary["Total Budget"],
				summary["Order Now"],
				summary["Overstock Risk"],
			),
			("2025-12", 70, 1, 1),
		)
		self.assertIn("0.5", message)

	def test_budget_per_category(self):
		_columns, data, _message, _summary = self.run_report(group_by="Category")
		self.assertEqual(len(data), 1)
		row = data[0]
		# sums of S1 and S2: budget 60 + 10, suggested 60 + 4, on hand 3 + 88 = 91 <= 70 x 3: no flag
		self.assertEqual(
			(row["category"], row["budget_qty"], row["suggested_qty"], row["on_hand"], row["flag"]),
			(self.category, 70, 64, 91, ""),
		)
		self.assertEqual((row["last_months"], row["same_months_last_year"]), (57, 30))

	def test_overstock_threshold_is_a_setting(self):
		frappe.db.set_single_value("SM Settings", "overstock_months", 10)
		try:
			_columns, data, _message, _summary = self.run_report(product=self.s2)
			# 88 <= 10 x 10
			self.assertEqual(data[0]["flag"], "")
		finally:
			frappe.db.set_single_value("SM Settings", "overstock_months", 3)

	def test_gift_products_have_their_own_budget(self):
		_columns, data, _message, _summary = self.run_report(product_type="Gift")
		# G1 sold 5 in 2025-10, nothing last year: 5 / 3 = 1.67 -> 2; 5 on hand <= 2 x 3: no flag
		self.assertEqual([(r["product"], r["budget_qty"], r["flag"]) for r in data], [(self.g1, 2, "")])

	def test_default_period_is_next_month(self):
		with self.freeze_time("2025-11-15 10:00:00"):
			_columns, _data, _message, summary = self.run_report(period=None)
		self.assertEqual(summary["Budget Month"], "2025-12")
		self.assertRaises(InvalidPeriodError, self.run_report, period="next month")

	def test_who_may_run_it(self):
		for key, may in (("director", True), ("warehouse", True), ("finance", True), ("east1", False)):
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				if may:
					result = run("Sales Budget", filters={"period": "2025-12", "category": self.category})
					self.assertEqual(len(result["result"]), 2)
				else:
					self.assertRaises(
						frappe.PermissionError, run, "Sales Budget", filters={"period": "2025-12"}
					)
