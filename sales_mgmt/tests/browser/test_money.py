"""Money in a real browser: an opportunity becomes a sales order (submitted through the approval
workflow by the rep), which is partly delivered, invoiced and paid through the order's Create buttons;
the Receivables Reconciliation report then shows both views, and the contract prints in Chinese.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_money

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
"""

from urllib.parse import urlencode

import frappe

from sales_mgmt.tests.browser.desk import (
	CJK,
	BrowserTestCase,
	open_form,
	screenshot,
	translate,
	user_language,
	wait_for_desk,
	wait_for_form,
)
from sales_mgmt.tests.browser.test_goods import fill, open_report, read_number_cards, save
from sales_mgmt.tests.goods_data import make_product, make_warehouse, receive, unique


class TestMoneyDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# committed: the web server reads them from its own connection
		cls.warehouse = make_warehouse(unique("浏览器成品仓"))
		cls.product = make_product(
			unique("BRM"), product_name="浏览器测试空调", standard_price=100, cost_price=70
		)
		receive(cls.product, cls.warehouse, 50, posting_date=frappe.utils.today(), posting_time="00:00:01")
		cls.customer = (
			frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": unique("浏览器合同客户"),
					"salesperson": cls.team.salespeople["east1"],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		cls.opportunity = (
			frappe.get_doc(
				{
					"doctype": "SM Opportunity",
					"customer": cls.customer,
					"title": "空调采购",
					"stage": "Proposal",  # submitting the order moves it to Won
					"items": [
						{"product": cls.product, "product_name": "浏览器测试空调", "qty": 10, "rate": 100}
					],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		frappe.db.commit()

	def test_opportunity_to_payment_and_reconciliation(self):
		with self.login_as("east1") as page:
			open_form(page, "SM Opportunity", self.opportunity)
			create(page, "Sales Order")
			wait_for_form(page, "SM Sales Order")
			self.assertEqual(page.evaluate("cur_frm.doc.customer"), self.customer)
			save(page)
			order = page.evaluate("cur_frm.doc.name")
			workflow_action(page, "Submit")
			wait_for_desk(page, "() => cur_frm.doc.docstatus === 1")
		self.fresh()
		self.assertEqual(
			frappe.db.get_value("SM Sales Order", order, ["total", "workflow_state"]), (1000, "Approved")
		)
		self.assertEqual(frappe.db.get_value("SM Opportunity", self.opportunity, "status"), "Won")

		with self.login_as("owner") as page:
			open_form(page, "SM Sales Order", order)
			create(page, "Delivery")
			wait_for_form(page, "SM Delivery")
			fill(page, "warehouse", self.warehouse)
			set_cell(page, "items", 1, "qty", "4")
			save(page)
			submit(page)
			open_form(page, "SM Sales Order", order)
			create(page, "Invoice")
			wait_for_form(page, "SM Invoice")
			fill(page, "invoice_no", unique("FP"))
			retype(page, "amount", "300")
			save(page)
			submit(page)
			open_form(page, "SM Sales Order", order)
			create(page, "Payment")
			wait_for_form(page, "SM Payment")
			retype(page, "amount", "250")
			set_cell(page, "allocations", 1, "allocated_amount", "250")
			save(page)
			submit(page)

			rows = open_report(page, "Receivables Reconciliation", customer=self.customer)
			for figure in ("1,000", "400", "300", "250", "150", "50", "100"):
				self.assertIn(figure, rows)
		self.fresh()
		receivable = frappe.get_doc("SM Receivable", order)
		self.assertEqual(
			(receivable.delivered_amount, receivable.invoiced_amount, receivable.received_amount),
			(400, 300, 250),
		)
		self.assertEqual(
			(receivable.sales_outstanding, receivable.finance_outstanding, receivable.difference),
			(150, 50, 100),
		)

		with user_language(self.team.users["director"], "zh"), self.login_as("director") as page:
			# a page outside the desk: Chromium asks for the site's favicon (Frappe serves none) at some point
			with page.problems.expect(404, "/favicon.ico"):
				# the print page the desk's Print menu opens for a PDF or a printer
				origin = "/".join(page.url.split("/")[:3])
				query = urlencode({"doctype": "SM Sales Order", "name": order, "format": "SM Sales Contract"})
				page.goto(f"{origin}/printview?{query}")
				text = page.locator(".print-format").first.inner_text()
				self.assertIn("销售合同", text)
				self.assertIn("壹仟元整", text)
				screenshot(page, "sales-contract")
				page.goto(f"{origin}/app/money")
				read_number_cards(page)
				self.assertRegex(page.locator(".page-head:visible .title-text").inner_text(), CJK)
				screenshot(page, "money-workspace")
				open_form(page, "SM Receivable", order)
				self.assertRegex(page.locator(".form-layout:visible").inner_text(), CJK)


def retype(page, fieldname: str, value: str) -> None:
	"""Replace a filled number field's value as a person does: select it all and type."""
	field = page.locator(f'.frappe-control[data-fieldname="{fieldname}"]:visible input').first
	field.click()
	page.keyboard.press("Control+a")
	page.keyboard.type(value)
	# the last editable field of a form keeps the focus on Tab: leave it by clicking the form's title
	page.locator(".page-head:visible .title-text").click()
	page.wait_for_function(
		"([fieldname, value]) => flt(cur_frm.doc[fieldname]) === flt(value)", arg=[fieldname, value]
	)


def create(page, label: str) -> None:
	"""Click an item of the form's Create menu."""
	page.locator(".inner-group-button:visible button", has_text=translate(page, "Create")).click()
	page.locator(".inner-group-button:visible .dropdown-menu a", has_text=translate(page, label)).click()


def workflow_action(page, action: str) -> None:
	page.locator(".actions-btn-group:visible button").click()
	page.locator(
		".actions-btn-group:visible .dropdown-menu a", has_text=translate(page, action)
	).first.click()


def submit(page) -> None:
	page.click(".primary-action:visible")  # Submit
	page.locator(".modal.show .btn-primary", has_text=translate(page, "Yes")).click()
	wait_for_desk(page, "() => cur_frm.doc.docstatus === 1")


def set_cell(page, table: str, idx: int, fieldname: str, value: str) -> None:
	"""Type a value into a cell of row `idx` of a form's table."""
	row = page.locator(
		f'.frappe-control[data-fieldname="{table}"]:visible .grid-body .grid-row[data-idx="{idx}"]'
	)
	static = row.locator(f'.grid-static-col[data-fieldname="{fieldname}"]')
	if static.is_visible():
		static.click()
	cell = row.locator(f'.frappe-control[data-fieldname="{fieldname}"] input')
	cell.fill(value)
	# Tab in a row's last column would open a new row: leave the cell as a click elsewhere does
	cell.evaluate("(input) => input.blur()")
	page.wait_for_function(
		"""([table, idx, fieldname, value]) => {
			const row = (cur_frm.doc[table] || []).find((r) => r.idx === idx);
			return row && flt(row[fieldname]) === flt(value);
		}""",
		arg=[table, idx, fieldname, value],
	)
