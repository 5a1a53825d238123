# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Customer Expense Analysis on a data set of its own, for 2025-01-01 … 2025-03-31; SM Settings: flag
spend above 10 % of sales, promotion after 6 months without sales.

Customers C1 (East Rep 1), C2 (East Rep 2), C3 (West Rep 1). Submitted sales orders: C1 500 on
2024-12-20 (before the range) and 1,000 on 2025-01-05; C3 2,000 on 2025-02-01; C2 none.

Submitted expenses (their salesperson is the customer's):
	C1  Gifts 80 (2025-01-10), Travel 40 (2025-01-20): not flagged (120 of 1,500 sales by then)
	C2  Gifts 30 (2025-01-15): flagged — above the share (no sales) and no sales in 6 months
	C3  Gifts 100 (2025-02-10); Office 60 (2025-04-05, after the range)
Not counted: a draft Gifts 999 for C1, Travel 500 without a customer.

	C1: management 40, promotion 80, total 120, sales 1,000, 12 % (above 10 %), 2 expenses
	C3: promotion 100, sales 2,000, 5 %, 1 expense
	C2: promotion 30, no sales, above, 1 expense, 1 flagged
"""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.money.expense_budget import current_fiscal_year, fiscal_year_bounds
from sales_mgmt.money.report.customer_expense_analysis.customer_expense_analysis import (
	CustomerExpenseAnalysis,
)
from sales_mgmt.tests.expense_data import ExpenseTestCase, make_expense
from sales_mgmt.tests.money_data import make_customer, make_order

REPORT = "Customer Expense Analysis"
Q1 = {"from_date": "2025-01-01", "to_date": "2025-03-31"}


class TestCustomerExpenseAnalysis(ExpenseTestCase):
	def setUp(self):
		super().setUp()
		self.use_settings(expense_spend_ratio_percent=10, expense_dormant_months=6)
		sp = self.team.salespeople
		self.c1, self.c2, self.c3 = (make_customer(sp[key]) for key in ("east1", "east2", "west1"))
		make_order(self.c1, [(self.a, 5, 100)], order_date="2024-12-20")
		make_order(self.c1, [(self.a, 10, 100)], order_date="2025-01-05")
		make_order(self.c3, [(self.a, 20, 100)], order_date="2025-02-01")
		for category, amount, customer, day in (
			(self.gifts, 80, self.c1, "2025-01-10"),
			(self.travel, 40, self.c1, "2025-01-20"),
			(self.gifts, 30, self.c2, "2025-01-15"),
			(self.gifts, 100, self.c3, "2025-02-10"),
			(self.office, 60, self.c3, "2025-04-05"),
		):
			make_expense(category, amount, customer=customer, expense_date=day, submit=True)
		make_expense(self.gifts, 999, customer=self.c1, expense_date="2025-01-11")
		make_expense(self.travel, 500, expense_date="2025-01-11", submit=True)

	def run_report(self, **filters):
		result = run_report(REPORT, filters={**Q1, **filters}, ignore_prepared_report=True)
		mine = {self.c1, self.c2, self.c3}
		return result, [row for row in result["result"] if isinstance(row, dict) and row["customer"] in mine]

	def figures(self, rows) -> list[tuple]:
		return [
			(
				row["customer"],
				row["management_spend"],
				row["promotion_spend"],
				row["total_spend"],
				row["sales"],
				row["spend_ratio"],
				row["above_share"],
				row["expense_count"],
				row["flagged_count"],
			)
			for row in rows
		]

	def test_spend_against_sales(self):
		sp = self.team.salespeople
		result, rows = self.run_report()
		self.assertEqual(
			self.figures(rows),
			[
				(self.c1, 40, 80, 120, 1000, 12, 1, 2, 0),
				(self.c3, 0, 100, 100, 2000, 5, 0, 1, 0),
				(self.c2, 0, 30, 30, 0, None, 1, 1, 1),
			],
		)
		self.assertEqual([row["salesperson"] for row in rows], [sp["east1"], sp["west1"], sp["east2"]])
		self.assertEqual(
			rows[2]["flags"], "Spend Above Share of Sales × 1, Customer Without Recent Sales × 1"
		)
		self.assertEqual(rows[0]["flags"], "")
		self.assertEqual(
			{entry["label"]: entry["value"] for entry in result["report_summary"]},
			{
				"Management": 40,
				"Promotion": 210,
				"Total Spend": 250,
				"Sales": 3000,
				"Spend / Sales %": 8.33,
				"Flagged Expenses": 1,
			},
		)
		chart = result["chart"]["data"]
		self.assertEqual([d["name"] for d in chart["datasets"]], ["Management", "Promotion"])
		self.assertEqual(len(chart["labels"]), 3)

	def test_filters(self):
		sp = self.team.salespeople
		_result, rows = self.run_report(salesperson=sp["east"])
		self.assertEqual([row["customer"] for row in rows], [self.c1, self.c2])
		_result, rows = self.run_report(customer=self.c3, to_date="2025-04-30")
		self.assertEqual(self.figures(rows), [(self.c3, 60, 100, 160, 2000, 8, 0, 2, 0)])
		_result, rows = self.run_report(only_flagged=1)
		self.assertEqual([row["customer"] for row in rows], [self.c2])
		# the share of SM Settings
		self.use_settings(expense_spend_ratio_percent=0)
		_result, rows = self.run_report()
		self.assertEqual([row["above_share"] for row in rows], [0, 0, 0])

	def test_default_is_the_current_fiscal_year(self):
		self.use_settings(fiscal_year_start_month="4")
		report = CustomerExpenseAnalysis({})
		self.assertEqual(report.from_date, fiscal_year_bounds(current_fiscal_year(), 4)[0])

	def test_viewers_see_their_customers_spend(self):
		for user, customers in (
			("east1", [self.c1]),
			("east", [self.c1, self.c2]),
			("west", [self.c3]),
			("finance", [self.c1, self.c3, self.c2]),
		):
			with self.subTest(user=user):
				self.as_user(user)
				_result, rows = self.run_report()
				self.assertEqual([row["customer"] for row in rows], customers)
				frappe.set_user("Administrator")
		self.as_user("east1")
		_result, rows = self.run_report()
		self.assertEqual(self.figures(rows), [(self.c1, 40, 80, 120, 1000, 12, 1, 2, 0)])
		for user in ("service", "warehouse"):
			self.as_user(user)
			self.assertRaises(frappe.PermissionError, self.run_report)

	def test_bad_filters(self):
		for filters in (
			{"from_date": "2025-04-01", "to_date": "2025-03-01"},
			{"to_date": "tomorrow"},
			{"customer": "CUST-NOBODY"},
			{"salesperson": "SP-NOBODY"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, **filters)
