# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe.desk.query_report import run

from sales_mgmt.exceptions import InvalidPeriodError
from sales_mgmt.goods.report.sales_budget.sales_budget import execute
from sales_mgmt.tests.goods_data import issue, make_category, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase

SALE = "Sales Delivery"
S1_SALES = (
	("2024-08", 10),
	("2024-09", 10),
	("2024-10", 10),
	("2024-11", 10),
	("2024-12", 40),
	("2025-08", 12),
	("2025-09", 15),
	("2025-10", 18),
)
S2_SALES = (("2025-08", 3), ("2025-09", 4), ("2025-10", 5), ("2025-11", 1))
S4_SALES = (("2024-09", 10), ("2025-08", 6), ("2025-09", 6), ("2025-10", 9))

# the report runs on 2025-11-20: November has not ended, so the last complete months are 2025-08..10
TODAY = "2025-11-20 10:00:00"


class TestSalesBudgetReport(SalesTeamTestCase):
	"""Budget month 2025-12, made on 2025-11-20; one category, warehouse W.

	S1: 150 received 2024-07; sold 10, 10, 10, 10 in 2024-08..11, 40 in 2024-12, 12, 15, 18 in 2025-08..10
	    and 6 so far in 2025-11; 2 given away as a gift and 3 sold then cancelled in 2025-10 (neither is a
	    sale) -> trend (12 + 15 + 18) / (10 + 10 + 10) = 45 / 30 = 1.5, suggested 40 x 1.5 = 60 (counting
	    November's 6 as a whole month would give 39 / 30 = 1.3 and 52); on hand 150 - 131 - 2 = 17:
	    order 43 now
	S2: 100 received 2025-07; sold 3, 4, 5 in 2025-08..10 and 1 so far in 2025-11 -> no last year:
	    (3 + 4 + 5) / 3 = 4; the manager's budget of 10 replaces it; on hand 87 > 10 x 3 months: 57 too many
	S4: 50 received 2024-07; sold 10 in 2024-09, then 6, 6, 9 in 2025-08..10, nothing in 2024-12 ->
	    moving average (6 + 6 + 9) / 3 = 7 (not 0 x trend); on hand 19, within 7..21: no flag
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
		cls.s4 = make_product(category=cls.category, product_name="蓝牙耳机")
		cls.g1 = make_product(category=cls.category, product_type="Gift")

		receive(cls.s1, cls.w, 150, posting_date="2024-07-01")
		receive(cls.s4, cls.w, 50, posting_date="2024-07-01")
		receive(cls.g1, cls.w, 10, posting_date="2024-08-01")
		receive(cls.s2, cls.w, 100, posting_date="2025-07-01")
		# (product, date, quantity, purpose, cancelled), each product's in date order
		issues = [
			*((cls.s1, f"{month}-10", qty, SALE, False) for month, qty in S1_SALES),
			(cls.s1, "2025-10-15", 2, "Gift", False),
			(cls.s1, "2025-10-20", 3, SALE, True),
			(cls.s1, "2025-11-10", 6, SALE, False),
			*((cls.s2, f"{month}-10", qty, SALE, False) for month, qty in S2_SALES),
			*((cls.s4, f"{month}-10", qty, SALE, False) for month, qty in S4_SALES),
			(cls.g1, "2025-10-10", 5, SALE, False),
		]
		for product, date, qty, purpose, cancelled in issues:
			entry = issue(product, cls.w, qty, purpose=purpose, posting_date=date)
			if cancelled:
				entry.cancel()
		frappe.get_doc(
			{"doctype": "SM Sales Budget", "product": cls.s2, "period": "2025-12", "budget_qty": 10}
		).insert()

	def run_report(self, today=TODAY, **filters):
		with self.freeze_time(today):
			columns, data, message, _chart, summary = execute(
				{"period": "2025-12", "category": self.category, **filters}
			)
		return columns, data, message, {s["label"]: s["value"] for s in summary}

	def test_budget_per_product(self):
		columns, data, message, summary = self.run_report()
		rows = {r["product"]: r for r in data}
		self.assertEqual(set(rows), {self.s1, self.s2, self.s4})
		month = {c["label"]: c["fieldname"] for c in columns if c["fieldname"].startswith("m_")}
		self.assertEqual(next(iter(month)), "2024-12")
		self.assertEqual(list(month)[-1], "2025-11")

		s1 = rows[self.s1]
		self.assertEqual(
			[s1[month[m]] for m in ("2024-12", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11")],
			[40, 0, 12, 15, 18, 6],
		)
		self.assertEqual(
			(s1["same_month_last_year"], s1["last_months"], s1["same_months_last_year"], s1["trend"]),
			(40, 45, 30, 1.5),
		)
		self.assertEqual(
			(s1["method"], s1["suggested_qty"], s1["override_qty"], s1["budget_qty"]),
			("Last year × trend", 60, None, 60),
		)
		self.assertEqual((s1["on_hand"], s1["flag"], s1["flag_qty"]), (17, "Order now", 43))

		s2 = rows[self.s2]
		self.assertEqual(
			(s2["method"], s2["trend"], s2["last_months"], s2["suggested_qty"]),
			("3-month average", None, 12, 4),
		)
		self.assertEqual((s2["override_qty"], s2["budget_qty"]), (10, 10))
		self.assertEqual((s2["on_hand"], s2["flag"], s2["flag_qty"]), (87, "Overstock risk", 57))

		s4 = rows[self.s4]
		self.assertEqual(
			(s4["same_month_last_year"], s4["same_months_last_year"], s4["method"], s4["suggested_qty"]),
			(0, 10, "3-month average", 7),
		)
		self.assertEqual((s4["on_hand"], s4["flag"]), (19, ""))

		self.assertEqual(
			(
				summary["Budget Month"],
				summary["Total Budget"],
				summary["Order Now"],
				summary["Overstock Risk"],
			),
			("2025-12", 77, 1, 1),
		)
		self.assertIn("2025-08 to 2025-10", message)
		self.assertIn("(2025-11)", message)

	def test_a_month_counts_once_it_has_ended(self):
		# on 2025-12-05 November is over: S1 reads 2025-09..11, 15 + 18 + 6 = 39 against 30 -> 1.3 -> 52;
		# S2 (4 + 5 + 1) / 3 = 3.33 -> 3; S4 (6 + 9 + 0) / 3 = 5
		_columns, data, message, _summary = self.run_report(today="2025-12-05 10:00:00")
		got = {r["product"]: (r["last_months"], r["trend"], r["suggested_qty"]) for r in data}
		self.assertEqual(got, {self.s1: (39, 1.3, 52), self.s2: (10, None, 3), self.s4: (15, None, 5)})
		self.assertIn("2025-09 to 2025-11", message)

	def test_budget_per_category(self):
		_columns, data, _message, _summary = self.run_report(group_by="Category")
		self.assertEqual(len(data), 1)
		row = data[0]
		# sums of S1, S2 and S4: budget 60 + 10 + 7 = 77, suggested 60 + 4 + 7 = 71, on hand
		# 17 + 87 + 19 = 123, between 77 and 77 x 3: no flag
		self.assertEqual(
			(row["category"], row["budget_qty"], row["suggested_qty"], row["on_hand"], row["flag"]),
			(self.category, 77, 71, 123, ""),
		)
		# last 3 complete months 45 + 12 + 21 = 78; a year earlier 30 + 0 + 10 = 40
		self.assertEqual((row["last_months"], row["same_months_last_year"]), (78, 40))

	def test_overstock_threshold_is_a_setting(self):
		frappe.db.set_single_value("SM Settings", "overstock_months", 10)
		try:
			_columns, data, _message, _summary = self.run_report(product=self.s2)
			# 87 <= 10 x 10
			self.assertEqual(data[0]["flag"], "")
		finally:
			frappe.db.set_single_value("SM Settings", "overstock_months", 3)

	def test_gift_products_have_their_own_budget(self):
		_columns, data, _message, _summary = self.run_report(product_type="Gift")
		# G1 sold 5 in 2025-10, nothing last year: 5 / 3 = 1.67 -> 2; 5 on hand <= 2 x 3: no flag
		self.assertEqual([(r["product"], r["budget_qty"], r["flag"]) for r in data], [(self.g1, 2, "")])

	def test_default_period_is_next_month(self):
		_columns, _data, _message, summary = self.run_report(today="2025-11-15 10:00:00", period=None)
		self.assertEqual(summary["Budget Month"], "2025-12")
		self.assertRaises(InvalidPeriodError, self.run_report, period="next month")

	def test_who_may_run_it(self):
		for key, may in (("director", True), ("warehouse", True), ("finance", True), ("east1", False)):
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				if may:
					result = run("Sales Budget", filters={"period": "2025-12", "category": self.category})
					self.assertEqual(len(result["result"]), 3)
				else:
					self.assertRaises(
						frappe.PermissionError, run, "Sales Budget", filters={"period": "2025-12"}
					)
