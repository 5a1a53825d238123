"""An expense through its approval workflow in a real browser, by two users: a rep records a gift for
a customer, paid from the petty cash account, and sends it for approval; their manager approves it,
which submits it and pays it out of the account.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_expense

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
"""

import frappe
from frappe.utils import today

from sales_mgmt.tests.browser.desk import (
	BrowserTestCase,
	open_form,
	screenshot,
	set_route,
	wait_for_desk,
	wait_for_form,
)
from sales_mgmt.tests.browser.test_goods import fill, save
from sales_mgmt.tests.browser.test_money import retype, workflow_action
from sales_mgmt.tests.expense_data import make_expense_category
from sales_mgmt.tests.goods_data import unique
from sales_mgmt.tests.money_data import make_cash_account


class TestExpenseDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# committed: the web server reads them from its own connection
		promotion = make_expense_category(unique("浏览器推广"), is_group=1, expense_type="Promotion")
		cls.gifts = make_expense_category(unique("浏览器礼品"), promotion)
		cls.petty_cash = make_cash_account(
			"CNY",
			1000,
			"2020-01-01",
			[(cls.team.users["east1"], "View")],
			account_type="Cash",
			account_name=unique("浏览器备用金"),
		)
		frappe.db.commit()
		cls.addClassCleanup(cls.remove_account)

	@classmethod
	def remove_account(cls):
		"""Test data only (the product never deletes ledger rows): the petty cash account and what was
		paid from it, so that no later test sees an account listing the team's rep."""
		frappe.db.rollback()
		for name in frappe.get_all(
			"SM Expense", filters={"paid_from": cls.petty_cash, "docstatus": 1}, pluck="name"
		):
			expense = frappe.get_doc("SM Expense", name)
			expense.flags.ignore_permissions = True
			expense.cancel()
		entries = frappe.get_all("SM Cash Entry", filters={"cash_account": cls.petty_cash}, pluck="name")
		frappe.db.delete("SM Cash Ledger Entry", {"cash_account": cls.petty_cash})
		frappe.db.delete("SM Cash Entry", {"name": ("in", entries or [""])})
		frappe.db.delete("SM Expense", {"paid_from": cls.petty_cash})
		frappe.delete_doc("SM Cash Account", cls.petty_cash, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_rep_records_manager_approves(self):
		customer = self.team.customers["east1"]
		with self.login_as("east1") as page:
			set_route(page, "Form", "SM Expense", "new")
			wait_for_form(page, "SM Expense")
			fill(page, "category", self.gifts)
			page.wait_for_function("() => cur_frm.doc.expense_type === 'Promotion'")
			fill(page, "customer", customer)
			retype(page, "amount", "500")
			fill(page, "paid_from", self.petty_cash)
			fill(page, "description", "中秋礼盒")
			save(page)
			expense = page.evaluate("cur_frm.doc.name")
			self.assertEqual(page.evaluate("cur_frm.doc.salesperson"), self.team.salespeople["east1"])
			workflow_action(page, "Submit for Approval")
			wait_for_desk(page, "() => cur_frm.doc.workflow_state === 'Pending Approval'")
		self.fresh()
		self.assertEqual(frappe.db.get_value("SM Expense", expense, "docstatus"), 0)

		with self.login_as("east") as page:
			open_form(page, "SM Expense", expense)
			workflow_action(page, "Approve")
			wait_for_desk(page, "() => cur_frm.doc.docstatus === 1")
			screenshot(page, "expense-approved")
		self.fresh()
		approved = frappe.get_doc("SM Expense", expense)
		self.assertEqual(
			(approved.workflow_state, approved.approved_by, approved.expense_date.isoformat()),
			("Approved", self.team.users["east"], today()),
		)
		entry = frappe.get_doc("SM Cash Entry", approved.cash_entry)
		self.assertEqual((entry.entry_type, entry.amount, entry.docstatus), ("Expense", 500, 1))
		self.assertEqual(frappe.db.get_value("SM Cash Account", self.petty_cash, "current_balance"), 500)
