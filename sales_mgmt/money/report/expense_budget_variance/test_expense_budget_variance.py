# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Expense Budget Variance on a data set of its own (fiscal years from January; categories of the
test class: Mgmt with Travel and Office below it, Promo with Gifts).

Budgets of fiscal 2025:
	A  company, Mgmt, by month: January 1,000, February 500, the rest 0
	B  team of East Manager, Travel, by quarter: Q1 300, the rest 0
	C  East Rep 1, Travel, the year: 200
	D  company, Travel, fiscal 2026 (not shown)

Submitted expenses (base currency):
	E1 Travel  100 East Rep 1  2025-01-31      E4 Travel 150 East Rep 1  2025-03-31
	E2 Office  250 East Rep 2  2025-01-15      E5 Office 700 nobody      2025-02-10
	E3 Travel  400 West Rep 1  2025-02-01      E6 Gifts   50 East Rep 1  2025-01-10 (not Mgmt)
and a draft Travel 999 of East Rep 1 on 2025-01-20 (not counted).

	A: January 100 + 250 = 350 of 1,000 (35 %); February 400 + 700 = 1,100 of 500 (220 %, over by
	   600); March 150 of 0 (over); the year 1,600 of 1,500.
	B: Q1 100 + 150 = 250 of 300 (83.33 %) — West Rep 1 is not in the team.
	C: 100 + 150 = 250 of 200 (125 %, over by 50).
"""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.money.report.expense_budget_variance.expense_budget_variance import ExpenseBudgetVariance
from sales_mgmt.tests.expense_data import ExpenseTestCase, make_budget, make_expense
from sales_mgmt.tests.money_data import make_customer

REPORT = "Expense Budget Variance"


class TestExpenseBudgetVariance(ExpenseTestCase):
	def setUp(self):
		super().setUp()
		sp = self.team.salespeople
		self.a = make_budget(self.mgmt, [1000, 500], fiscal_year=2025).name
		self.b = make_budget(
			self.travel, [300], fiscal_year=2025, period_type="Quarter", scope="Team", team=sp["east"]
		).name
		self.c = make_budget(
			self.travel,
			[200],
			fiscal_year=2025,
			period_type="Year",
			scope="Salesperson",
			salesperson=sp["east1"],
		).name
		make_budget(self.travel, [5000], fiscal_year=2026, period_type="Year")
		for category, amount, salesperson, day in (
			(self.travel, 100, "east1", "2025-01-31"),
			(self.office, 250, "east2", "2025-01-15"),
			(self.travel, 400, "west1", "2025-02-01"),
			(self.travel, 150, "east1", "2025-03-31"),
			(self.office, 700, None, "2025-02-10"),
		):
			make_expense(category, amount, salesperson=sp.get(salesperson), expense_date=day, submit=True)
		customer = make_customer(sp["east1"])
		make_expense(
			self.gifts, 50, salesperson=sp["east1"], customer=customer, expense_date="2025-01-10", submit=True
		)
		make_expense(self.travel, 999, salesperson=sp["east1"], expense_date="2025-01-20")

	def run_report(self, **filters):
		filters = {"fiscal_year": 2025, "category": self.mgmt, **filters}
		result = run_report(REPORT, filters=filters, ignore_prepared_report=True)
		return result, [row for row in result["result"] if isinstance(row, dict)]

	def figures(self, rows) -> list[tuple]:
		return [
			(
				row["budget"],
				row["period_label"],
				row["budget_amount"],
				row["actual"],
				row["variance"],
				row["used_percent"],
				row["expense_count"],
				row["over"],
			)
			for row in rows
		]

	def test_per_period(self):
		sp = self.team.salespeople
		result, rows = self.run_report()
		a, b, c = self.a, self.b, self.c
		nothing = [(a, f"2025-{m:02d}", 0, 0, 0, None, 0, 0) for m in range(4, 13)]
		self.assertEqual(
			self.figures(rows),
			[
				(a, "2025-01", 1000, 350, 650, 35, 2, 0),
				(a, "2025-02", 500, 1100, -600, 220, 2, 1),
				(a, "2025-03", 0, 150, -150, None, 1, 1),
				*nothing,
				(b, "FY2025 Q1", 300, 250, 50, 83.33, 2, 0),
				(b, "FY2025 Q2", 0, 0, 0, None, 0, 0),
				(b, "FY2025 Q3", 0, 0, 0, None, 0, 0),
				(b, "FY2025 Q4", 0, 0, 0, None, 0, 0),
				(c, "FY2025", 200, 250, -50, 125, 2, 1),
			],
		)
		self.assertEqual(
			[
				(r["scope_label"], r["salesperson"], r["category"])
				for r in rows
				if r["period_label"] in ("2025-01", "FY2025 Q1", "FY2025")
			],
			[
				("Company", None, self.mgmt),
				("Team", sp["east"], self.travel),
				("Salesperson", sp["east1"], self.travel),
			],
		)
		self.assertEqual((str(rows[1]["from_date"]), str(rows[1]["to_date"])), ("2025-02-01", "2025-02-28"))
		self.assertEqual(
			{entry["label"]: entry["value"] for entry in result["report_summary"]},
			{"Budget Amount": 2000, "Actual": 2100, "Variance": -100, "Over Budget": 3},
		)
		self.assertIsNone(result["chart"])  # several budgets

	def test_per_budget(self):
		_result, rows = self.run_report(group_by="Budget")
		self.assertEqual(
			self.figures(rows),
			[
				(self.a, "FY2025", 1500, 1600, -100, 106.67, 5, 1),
				(self.b, "FY2025", 300, 250, 50, 83.33, 2, 0),
				(self.c, "FY2025", 200, 250, -50, 125, 2, 1),
			],
		)
		self.assertEqual((str(rows[0]["from_date"]), str(rows[0]["to_date"])), ("2025-01-01", "2025-12-31"))

	def test_filters(self):
		sp = self.team.salespeople
		_result, rows = self.run_report(only_over=1)
		self.assertEqual(
			[(r["budget"], r["period_label"]) for r in rows],
			[(self.a, "2025-02"), (self.a, "2025-03"), (self.c, "FY2025")],
		)
		_result, rows = self.run_report(category=self.travel, group_by="Budget")
		self.assertEqual([r["budget"] for r in rows], [self.b, self.c])
		_result, rows = self.run_report(salesperson=sp["east"], group_by="Budget")
		self.assertEqual([r["budget"] for r in rows], [self.b, self.c])
		_result, rows = self.run_report(salesperson=sp["east1"], group_by="Budget")
		self.assertEqual([r["budget"] for r in rows], [self.c])
		_result, rows = self.run_report(scope="Team", group_by="Budget")
		self.assertEqual([r["budget"] for r in rows], [self.b])
		result, rows = self.run_report(budget=self.a)
		self.assertEqual(len(rows), 12)
		chart = result["chart"]["data"]
		self.assertEqual(chart["labels"][:3], ["2025-01", "2025-02", "2025-03"])
		self.assertEqual(
			[(d["name"], d["values"][:3]) for d in chart["datasets"]],
			[("Budget Amount", [1000, 500, 0]), ("Actual", [350, 1100, 150])],
		)
		self.assertEqual(self.run_report(fiscal_year=2027)[1], [])

	def test_default_is_the_current_fiscal_year(self):
		from sales_mgmt.money.expense_budget import current_fiscal_year

		self.use_settings(fiscal_year_start_month="4")
		self.assertEqual(ExpenseBudgetVariance({}).fiscal_year, current_fiscal_year())

	def test_viewers_see_the_budgets_of_their_team(self):
		for user, budgets in (
			("east", [self.b, self.c]),
			("west", []),
			("director", [self.b, self.c]),
			("finance", [self.a, self.b, self.c]),
			("owner", [self.a, self.b, self.c]),
		):
			with self.subTest(user=user):
				self.as_user(user)
				_result, rows = self.run_report(group_by="Budget")
				self.assertEqual([r["budget"] for r in rows], budgets)
				frappe.set_user("Administrator")
		self.as_user("east")
		_result, rows = self.run_report(group_by="Budget")
		self.assertEqual([r["actual"] for r in rows], [250, 250])
		for user in ("east1", "service", "warehouse"):
			self.as_user(user)
			self.assertRaises(frappe.PermissionError, self.run_report)

	def test_bad_filters(self):
		for filters in (
			{"fiscal_year": "abc"},
			{"fiscal_year": 1999},
			{"group_by": "Week"},
			{"scope": "Region"},
			{"category": "No Such Category"},
			{"budget": "EB-NOBODY"},
			{"salesperson": "SP-NOBODY"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, **filters)
