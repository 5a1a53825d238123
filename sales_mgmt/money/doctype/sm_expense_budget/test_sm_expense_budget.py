"""Expense budgets: their periods from the fiscal year, one budget per year, scope and category, and
what is refused."""

import frappe

from sales_mgmt.exceptions import DuplicateExpenseBudgetError, InvalidAmountError, InvalidBudgetError
from sales_mgmt.tests.expense_data import ExpenseTestCase, make_budget


def periods(budget) -> list[tuple]:
	return [(row.period, str(row.from_date), str(row.to_date), row.amount) for row in budget.periods]


class TestExpenseBudget(ExpenseTestCase):
	def test_periods_follow_the_fiscal_year(self):
		budget = make_budget(self.travel, [100, 200])
		self.assertEqual(len(budget.periods), 12)
		self.assertEqual(
			periods(budget)[:2], [(1, "2026-01-01", "2026-01-31", 100), (2, "2026-02-01", "2026-02-28", 200)]
		)
		self.assertEqual(periods(budget)[-1], (12, "2026-12-01", "2026-12-31", 0))
		self.assertEqual(
			(str(budget.from_date), str(budget.to_date), budget.total_amount),
			("2026-01-01", "2026-12-31", 300),
		)
		self.use_settings(fiscal_year_start_month="4")
		budget = make_budget(self.office, [1, 2, 3, 4], fiscal_year=2027, period_type="Quarter")
		self.assertEqual(
			periods(budget),
			[
				(1, "2027-04-01", "2027-06-30", 1),
				(2, "2027-07-01", "2027-09-30", 2),
				(3, "2027-10-01", "2027-12-31", 3),
				(4, "2028-01-01", "2028-03-31", 4),
			],
		)
		budget = make_budget(
			self.office,
			[5000],
			fiscal_year=2027,
			period_type="Year",
			scope="Salesperson",
			salesperson=self.team.salespeople["east1"],
		)
		self.assertEqual(periods(budget), [(1, "2027-04-01", "2028-03-31", 5000)])
		self.assertEqual(budget.total_amount, 5000)

	def test_a_saved_budget_keeps_its_fiscal_year_start(self):
		budget = make_budget(self.travel, [100, 200, 300, 400], period_type="Quarter")
		self.use_settings(fiscal_year_start_month="7")
		budget.notes = "不动"
		budget.save()
		self.assertEqual(periods(budget)[0], (1, "2026-01-01", "2026-03-31", 100))
		# another fiscal year starts in July; amounts stay with their quarter
		budget.fiscal_year = 2027
		budget.save()
		self.assertEqual(periods(budget)[0], (1, "2027-07-01", "2027-09-30", 100))
		self.assertEqual(budget.total_amount, 1000)
		# another budget period: new rows
		budget.period_type = "Month"
		budget.save()
		self.assertEqual((len(budget.periods), budget.total_amount), (12, 0))
		self.assertEqual(periods(budget)[-1], (12, "2028-06-01", "2028-06-30", 0))
		# rows added or removed by hand are put back
		budget.periods = budget.periods[:3]
		budget.append("periods", {"period": 40, "amount": 9})
		budget.save()
		self.assertEqual([row.period for row in budget.periods], list(range(1, 13)))

	def test_one_budget_per_year_scope_and_category(self):
		sp = self.team.salespeople
		make_budget(self.travel, [1])
		self.assertRaises(DuplicateExpenseBudgetError, make_budget, self.travel, [2])
		make_budget(self.travel, [1], fiscal_year=2027)
		make_budget(self.mgmt, [1])
		make_budget(self.travel, [1], scope="Team", team=sp["east"])
		make_budget(self.travel, [1], scope="Team", team=sp["west"])
		self.assertRaises(
			DuplicateExpenseBudgetError, make_budget, self.travel, [1], scope="Team", team=sp["east"]
		)
		make_budget(self.travel, [1], scope="Salesperson", salesperson=sp["east"])
		# the field of another scope is dropped
		budget = make_budget(self.office, [1], scope="Salesperson", salesperson=sp["east1"], team=sp["east"])
		self.assertIsNone(budget.team)

	def test_bad_input_is_refused(self):
		sp = self.team.salespeople
		for values, error in (
			({"scope": "Team"}, InvalidBudgetError),
			({"scope": "Salesperson", "team": sp["east"]}, InvalidBudgetError),
			({"scope": "Region"}, InvalidBudgetError),
			({"fiscal_year": 26}, InvalidBudgetError),
			({"period_type": "Week"}, InvalidBudgetError),
		):
			with self.subTest(values=values):
				self.assertRaises(error, make_budget, self.travel, [1], **values)
		self.assertFalse(frappe.db.exists("SM Expense Budget", {"category": self.travel}))
		budget = make_budget(self.travel, [100])
		budget.periods[1].amount = -1
		self.assertRaises(InvalidAmountError, budget.save)
		self.assertEqual(
			frappe.db.get_value("SM Expense Budget Period", {"parent": budget.name, "period": 2}, "amount"), 0
		)
