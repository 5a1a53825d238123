"""Cash accounts in a real browser: Finance transfers money from a CNY to a USD account (the rate
comes from Currency Exchange) and reads it in the Cash Account Ledger; a manager who may only View the
accounts sees their balances but cannot post; a rep who is on no access list sees no account at all.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_cash

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
"""

import frappe
from frappe.utils import today

from sales_mgmt.tests.browser.desk import (
	BrowserTestCase,
	list_names,
	open_form,
	open_list,
	screenshot,
	set_route,
	translate,
	wait_for_desk,
	wait_for_form,
)
from sales_mgmt.tests.browser.test_goods import fill, open_report, save
from sales_mgmt.tests.browser.test_money import retype, submit
from sales_mgmt.tests.goods_data import unique
from sales_mgmt.tests.money_data import make_cash_account, set_cross_rate, set_rate


class TestCashDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# committed: the web server reads them from its own connection
		set_cross_rate("CNY", "USD", "2020-01-01", 0.14)
		if not frappe.db.exists("Currency Exchange", {"from_currency": "USD", "to_currency": "CNY"}):
			set_rate("USD", "2020-01-01", 7.1)
		users = cls.team.users
		access = [(users["finance"], "Manage"), (users["east"], "View")]
		cls.cny = make_cash_account("CNY", 10000, "2020-01-01", access, account_name=unique("浏览器基本户"))
		cls.usd = make_cash_account("USD", 0, "2020-01-01", access, account_name=unique("浏览器美元户"))
		cls.secret = make_cash_account("CNY", 5000, "2020-01-01", account_name=unique("浏览器老板户"))
		frappe.db.commit()
		cls.addClassCleanup(cls.remove_accounts)

	@classmethod
	def remove_accounts(cls):
		"""Test data only: the product never deletes ledger rows."""
		frappe.db.rollback()
		accounts = [cls.cny, cls.usd, cls.secret]
		entries = frappe.get_all("SM Cash Entry", filters={"cash_account": ("in", accounts)}, pluck="name")
		frappe.db.delete("SM Cash Ledger Entry", {"cash_account": ("in", accounts)})
		frappe.db.delete("SM Cash Entry", {"name": ("in", entries or [""])})
		for name in accounts:
			frappe.delete_doc("SM Cash Account", name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_transfer_view_only_and_no_access(self):
		with self.login_as("finance") as page:
			set_route(page, "Form", "SM Cash Entry", "new")
			wait_for_form(page, "SM Cash Entry")
			fill(page, "cash_account", self.cny)
			page.locator('.frappe-control[data-fieldname="entry_type"] select').select_option("Transfer")
			page.wait_for_function("() => cur_frm.doc.entry_type === 'Transfer'")
			fill(page, "to_account", self.usd)
			retype(page, "amount", "7100")
			save(page)
			self.assertEqual(page.evaluate("[cur_frm.doc.exchange_rate, cur_frm.doc.to_amount]"), [0.14, 994])
			submit(page)
			rows = open_report(page, "Cash Account Ledger", cash_account=self.usd)
			self.assertIn("994", rows)
			screenshot(page, "cash-account-ledger")
		self.fresh()
		balances = [
			frappe.db.get_value("SM Cash Account", a, "current_balance") for a in (self.cny, self.usd)
		]
		self.assertEqual(balances, [2900, 994])

		with self.login_as("east") as page:
			names = open_list(page, "SM Cash Account")
			self.assertIn(self.cny, names)
			self.assertIn(self.usd, names)
			self.assertNotIn(self.secret, names)
			open_form(page, "SM Cash Account", self.cny)
			self.assertIn("2,900", page.locator(".form-message:visible").inner_text())
			# the account number is for the owner only
			self.assertFalse(page.locator('.frappe-control[data-fieldname="account_no"]:visible').count())
			rows = open_report(page, "Cash Position")
			self.assertIn("2,900", rows)
			self.assertIn("994", rows)
			# View only: posting is refused and the desk says why
			set_route(page, "Form", "SM Cash Entry", "new")
			wait_for_form(page, "SM Cash Entry")
			fill(page, "cash_account", self.cny)
			retype(page, "amount", "10")
			refused = r"CashAccountAccessError|PermissionError|^undefined$"
			with page.problems.expect(403, "frappe.desk.form.save.savedocs", console=refused):
				page.keyboard.press("Control+s")
				dialog = page.locator(".modal.show", has_text=translate(page, "Not permitted"))
				dialog.wait_for()
				self.assertIn("Manage", dialog.inner_text())
		self.fresh()
		self.assertEqual(
			frappe.db.count(
				"SM Cash Entry", {"cash_account": self.cny, "docstatus": 0, "owner": self.team.users["east"]}
			),
			0,
		)

		with self.login_as("east1") as page:
			self.assertEqual(
				[n for n in open_list(page, "SM Cash Account") if n in (self.cny, self.usd, self.secret)], []
			)
			with page.problems.expect(403, "frappe.desk.form.load.getdoc", console="PermissionError"):
				set_route(page, "Form", "SM Cash Account", self.secret)
				dialog = page.locator(".modal.show .modal-title", has_text=translate(page, "Not permitted"))
				dialog.wait_for()
			with page.expect_response(lambda r: "frappe.desk.query_report.run" in r.url):
				set_route(page, "query-report", "Cash Position")
			wait_for_desk(
				page,
				"() => window.frappe.query_report && frappe.query_report.report_name === 'Cash Position'"
				" && Array.isArray(frappe.query_report.data)",
			)
			self.assertEqual(page.evaluate("frappe.query_report.data.length"), 0)
