"""The expense cards of the Money workspace, as the desk computes them, on a small hand-made month:
East Rep 1 spends 300 and 250 on travel (a 400 budget this month: the second goes over) and 150 on
office supplies today, and 100 on travel last month."""

import frappe
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import add_months, getdate, today

from sales_mgmt.api.money import expense_budget_used
from sales_mgmt.money.expense_budget import current_fiscal_year
from sales_mgmt.tests.expense_data import ExpenseTestCase, make_budget, make_expense


class TestExpenseCards(ExpenseTestCase):
	def setUp(self):
		super().setUp()
		rep = self.team.salespeople["east1"]
		month = getdate(today()).month  # fiscal years start in January here
		amounts = [0] * 12
		amounts[month - 1] = 400
		make_budget(
			self.travel, amounts, fiscal_year=current_fiscal_year(), scope="Salesperson", salesperson=rep
		)
		self.first = make_expense(self.travel, 300, submit=True, salesperson=rep, expense_date=today())
		self.over = make_expense(self.travel, 250, submit=True, salesperson=rep, expense_date=today())
		make_expense(self.office, 150, submit=True, salesperson=rep, expense_date=today())
		make_expense(self.travel, 80, salesperson=rep, expense_date=today())  # a draft: not spent
		if month > 1:  # last month, same fiscal year (its budget is 0)
			make_expense(self.travel, 100, submit=True, salesperson=rep, expense_date=add_months(today(), -1))

	def card(self, name):
		doc = frappe.get_doc("Number Card", name)
		return get_result(doc, doc.filters_json)

	def test_expense_cards(self):
		self.assertEqual((self.first.budget_status, self.over.budget_status), ("Within", "Over"))
		self.as_user("east1")
		self.assertEqual(self.card("Expenses This Month"), 700)
		# the second travel expense, and the draft after it (flags are computed on every save)
		self.assertEqual(self.card("Flagged Expenses This Month"), 2)
		self.assertRaises(frappe.PermissionError, expense_budget_used)
		self.as_user("east")
		# 550 of the 400 travel budget running this month
		self.assertEqual(expense_budget_used()["value"], 137.5)
		self.as_user("west")
		self.assertEqual((self.card("Expenses This Month"), expense_budget_used()["value"]), (0, 0))
