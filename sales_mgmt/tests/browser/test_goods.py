"""Goods in a real browser: creating a product and changing its price (the sales user sees the notice),
receiving and issuing stock through the stock entry form, the Goods workspace and every report.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_goods

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
With SM_SCREENSHOTS=1 the Chinese pages are saved as screenshots (docs/README.md).
"""

import os
import subprocess
import sys

import frappe

from sales_mgmt.tests.browser.desk import (
	CJK,
	BrowserTestCase,
	open_form,
	screenshot,
	set_route,
	translate,
	user_language,
	wait_for_desk,
	wait_for_form,
)
from sales_mgmt.tests.goods_data import bin_qty, issue, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import PASSWORD


class TestGoodsDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# committed: the web server reads them from its own connection
		cls.warehouse = make_warehouse(unique("浏览器仓"), location="上海市浦东新区")
		cls.phone = make_product(
			unique("BRW"), product_name="浏览器测试手机", reorder_level=50, cost_price=800
		)
		cls.cup = make_product(
			unique("BRG"), product_name="浏览器测试保温杯", product_type="Gift", cost_price=30
		)
		today = frappe.utils.today()
		receive(cls.phone, cls.warehouse, 12, posting_date=today, posting_time="00:00:01")
		receive(cls.cup, cls.warehouse, 40, posting_date=today, posting_time="00:00:01")
		issue(
			cls.cup,
			cls.warehouse,
			4,
			purpose="Gift",
			posting_date=today,
			posting_time="00:00:02",
			customer=cls.team.customers["east1"],
			salesperson=cls.team.salespeople["east1"],
		)
		frappe.db.commit()

	# --- product and price notice --------------------------------------------------------------

	def test_create_product_and_notify_sales_of_a_new_price(self):
		code = unique("NEW")
		with self.login_as("director") as page:
			set_route(page, "Form", "SM Product", "new")
			wait_for_form(page, "SM Product")
			fill(page, "product_code", code)
			fill(page, "product_name", "浏览器新建耳机")
			fill(page, "standard_price", "299")
			save(page)
			wait_for_form(page, "SM Product", code)

			fill(page, "standard_price", "259")
			fill(page, "price_change_reason", "双十一促销")
			save(page)
			# the collapsed Price History section holds the new row
			row = page.locator(
				'.frappe-control[data-fieldname="price_history"] .grid-body .grid-row[data-idx="1"]'
			)
			row.wait_for(state="attached")

		# more than a few sales users: the notices come from a background job
		run_background_jobs()
		self.fresh()
		history = frappe.get_doc("SM Product", code).price_history
		self.assertEqual([(h.old, h.new, h.reason) for h in history], [(299, 259, "双十一促销")])

		with self.login_as("east1") as page:
			page.click(".dropdown-notifications .notifications-icon")
			notice = page.locator(".notifications-list .notification-item", has_text="浏览器新建耳机")
			notice.first.wait_for()
			text = notice.first.inner_text()
			self.assertIn("299", text)
			self.assertIn("259", text)

	# --- stock entries -------------------------------------------------------------------------

	def test_receive_and_issue_stock_in_the_form(self):
		with self.login_as("warehouse") as page:
			receipt = self.new_entry(page, "Receipt", {"to_warehouse": self.warehouse}, qty=5)
			issue_name = self.new_entry(
				page,
				"Issue",
				{
					"purpose": "Gift",
					"customer": self.team.customers["east2"],
					"salesperson": self.team.salespeople["east2"],
					"from_warehouse": self.warehouse,
				},
				qty=3,
			)
			# too much: the server refuses, the desk shows why
			self.new_entry(
				page, "Issue", {"purpose": "Scrap", "from_warehouse": self.warehouse}, qty=500, submit=False
			)
			# the desk logs the refused request, and its form logs `undefined` for the failed submit
			refused = r"NegativeStockError|^undefined$"
			with page.problems.expect(417, "frappe.desk.form.save.savedocs", console=refused):
				page.click(".primary-action:visible")  # Submit
				page.locator(".modal.show .btn-primary", has_text=translate(page, "Yes")).click()
				dialog = page.locator(".modal.show", has_text=translate(page, "Not enough stock"))
				dialog.wait_for()
				self.assertIn("500", dialog.inner_text())

		self.fresh()
		# 12 received in setUp + 5 - 3 = 14
		self.assertEqual(bin_qty(self.phone, self.warehouse), 14)
		self.assertEqual(frappe.db.get_value("SM Stock Entry", receipt, "docstatus"), 1)
		issued = frappe.get_doc("SM Stock Entry", issue_name)
		self.assertEqual(
			(issued.docstatus, issued.purpose, issued.customer), (1, "Gift", self.team.customers["east2"])
		)

	def new_entry(self, page, entry_type: str, header: dict, qty: float, submit: bool = True) -> str:
		set_route(page, "Form", "SM Stock Entry", "new")
		wait_for_form(page, "SM Stock Entry")
		page.locator('.frappe-control[data-fieldname="entry_type"] select').select_option(entry_type)
		for fieldname, value in header.items():
			if fieldname == "purpose":
				page.locator('.frappe-control[data-fieldname="purpose"] select').select_option(value)
			else:
				fill(page, fieldname, value)
		add_row(page, "items", {"product": self.phone, "qty": str(qty)})
		save(page)
		name = page.evaluate("cur_frm.doc.name")
		wait_for_form(page, "SM Stock Entry", name)
		if submit:
			page.click(".primary-action:visible")
			page.locator(".modal.show .btn-primary", has_text=translate(page, "Yes")).click()
			wait_for_desk(page, "() => cur_frm.doc.docstatus === 1")
		return name

	# --- workspace and reports ------------------------------------------------------------------

	def test_workspace_and_reports(self):
		with self.login_as("owner", "/app/goods") as page:
			cards = read_number_cards(page)
			self.assertEqual(len(cards), 3)
			page.locator(
				".widget.dashboard-widget-box .chart-container, .widget .frappe-chart"
			).first.wait_for()

			rows = open_report(page, "Stock Balance", product=self.cup)
			self.assertIn("浏览器测试保温杯", rows)
			self.assertIn("1,080", rows)  # (40 - 4) x 30 at cost
			rows = open_report(page, "Stock Ledger", product=self.cup, warehouse=self.warehouse)
			self.assertIn("36", rows)  # running balance 40 - 4
			rows = open_report(page, "Promo & Gift Consumption", product=self.cup)
			self.assertIn("浏览器测试保温杯", rows)
			rows = open_report(page, "Promo & Gift Consumption", product=self.cup, group_by="Customer")
			self.assertIn(
				frappe.db.get_value("SM Customer", self.team.customers["east1"], "customer_name"), rows
			)
			open_report(page, "Sales Budget", product_type="Gift")

		with self.login_as("east1", "/app/goods") as page:
			cards = read_number_cards(page)
			self.assertEqual(len(cards), 2)  # no stock value for a sales user
			rows = open_report(page, "Stock Balance", product=self.cup)
			self.assertIn("浏览器测试保温杯", rows)
			self.assertNotIn("1,080", rows)


class TestGoodsInChinese(BrowserTestCase):
	"""The Goods workspace, forms and reports as a sales director in Chinese, on whatever goods data the
	site holds (the demo data for docs/screenshots, else what TestGoodsDesk created).

	SM_SCREENSHOT_USER / SM_SCREENSHOT_PASSWORD pick another manager, e.g. the demo data's director."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		if not frappe.db.exists("SM Stock Ledger Entry", {"purpose": "Gift", "is_cancelled": 0}):
			warehouse = make_warehouse(unique("浏览器仓"))
			gift = make_product(unique("BRG"), product_name="浏览器测试保温杯", product_type="Gift")
			today = frappe.utils.today()
			receive(gift, warehouse, 10, posting_date=today, posting_time="00:00:01")
			issue(
				gift,
				warehouse,
				2,
				purpose="Gift",
				posting_date=today,
				posting_time="00:00:02",
				salesperson=cls.team.salespeople["east1"],
			)
			frappe.db.commit()

	def test_goods_pages_in_chinese(self):
		user = os.environ.get("SM_SCREENSHOT_USER") or self.team.users["director"]
		password = os.environ.get("SM_SCREENSHOT_PASSWORD") or PASSWORD
		gift_entry = self.latest_gift_entry(user)
		product, latest = self.busiest_visible_product(user)
		month_start = frappe.utils.get_first_day(latest)
		with user_language(user, "zh"), self.desk(user, password, "/app/goods") as page:
			read_number_cards(page)
			# the stock chart draws its bars with an animation
			wait_for_desk(
				page,
				"""() => { const bars = $('.widget .chart-container rect.bar:visible').toArray();
					return bars.some((bar) => +bar.getAttribute('height') > 0); }""",
			)
			self.assertRegex(page.locator(".page-head:visible .title-text").inner_text(), CJK)
			screenshot(page, "goods-workspace")
			open_form(page, "SM Product", product)
			self.assertRegex(page.locator(".form-layout:visible").inner_text(), CJK)
			screenshot(page, "product-form")
			open_form(page, "SM Stock Entry", gift_entry)
			self.assertRegex(page.locator(".form-layout:visible").inner_text(), CJK)
			screenshot(page, "stock-entry-form")
			for report, filters, shot in (
				("Stock Balance", {}, "stock-balance"),
				(
					"Stock Ledger",
					{
						"product": product,
						"from_date": str(frappe.utils.add_days(latest, -60)),
						"to_date": str(latest),
					},
					"stock-ledger",
				),
				(
					"Promo & Gift Consumption",
					{"from_date": str(month_start), "to_date": str(latest)},
					"promo-gift-consumption",
				),
				(
					"Sales Budget",
					{"period": str(frappe.utils.add_months(month_start, 1))[:7]},
					"sales-budget",
				),
			):
				open_report(page, report, **filters)
				self.assertRegex(page.locator(".page-head:visible .title-text").inner_text(), CJK)
				screenshot(page, shot)

	def busiest_visible_product(self, user: str) -> tuple[str, object]:
		"""The product with the most movements `user` may see in the stock ledger, and its latest day."""
		frappe.set_user(user)
		try:
			rows = frappe.get_list(
				"SM Stock Ledger Entry",
				filters={"is_cancelled": 0},
				fields=["product", "count(name) as movements", "max(posting_date) as latest"],
				group_by="product",
				order_by="product",
			)
			row = max(rows, key=lambda r: r.movements)
			return row.product, row.latest
		finally:
			frappe.set_user("Administrator")

	def latest_gift_entry(self, user: str) -> str:
		"""The newest gift hand-out `user` may see (a manager sees their team's)."""
		frappe.set_user(user)
		try:
			return frappe.get_list(
				"SM Stock Entry",
				filters={"purpose": "Gift", "docstatus": 1},
				order_by="posting_date desc, posting_time desc",
				limit=1,
				pluck="name",
			)[0]
		finally:
			frappe.set_user("Administrator")


# --- helpers -----------------------------------------------------------------------------------------


def fill(page, fieldname: str, value: str) -> None:
	"""Type into a form field like a person and wait until the form holds the value."""
	control = page.locator(f'.frappe-control[data-fieldname="{fieldname}"]:visible')
	field = control.locator("input, textarea").first
	field.fill(str(value))
	field.press("Tab")
	close_dropdowns(page)
	page.wait_for_function(
		"""([fieldname, value]) => cur_frm && String(cur_frm.doc[fieldname] ?? '') !== ''
			&& (String(cur_frm.doc[fieldname]) === value || flt(cur_frm.doc[fieldname]) === flt(value))""",
		arg=[fieldname, str(value)],
	)


def run_background_jobs() -> None:
	"""Work off the queued jobs, like the bench's worker would (the tests start none)."""
	subprocess.run(
		[
			sys.executable,
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"worker",
			"--queue",
			"short",
			"--burst",
		],
		cwd=frappe.local.sites_path,
		check=True,
		capture_output=True,
		timeout=300,
	)


def close_dropdowns(page) -> None:
	"""A Link field's suggestions stay open after Tab; close them as a person would."""
	if page.locator(".awesomplete > ul:visible").count():
		page.keyboard.press("Escape")


def add_row(page, table: str, values: dict) -> None:
	"""Fill the table's empty first row, or add one with Add Row, typing the values into its cells."""
	grid = page.locator(f'.frappe-control[data-fieldname="{table}"]:visible')
	if page.evaluate(f"() => (cur_frm.doc.{table} || []).filter((row) => !row.product).length") == 0:
		grid.locator(".grid-add-row").click()
	row = grid.locator(".grid-body .grid-row").last
	for fieldname, value in values.items():
		static = row.locator(f'.grid-static-col[data-fieldname="{fieldname}"]')
		if static.is_visible():  # a row being edited already shows its inputs
			static.click()
		cell = row.locator(f'.frappe-control[data-fieldname="{fieldname}"] input')
		cell.fill(value)
		cell.press("Tab")
		close_dropdowns(page)
		page.wait_for_function(
			"""([table, fieldname, value]) => {
				const rows = cur_frm.doc[table] || [];
				const last = rows[rows.length - 1];
				return last && (String(last[fieldname]) === value || flt(last[fieldname]) === flt(value));
			}""",
			arg=[table, fieldname, value],
		)


def save(page) -> None:
	with page.expect_response(lambda r: "frappe.desk.form.save.savedocs" in r.url):
		page.keyboard.press("Control+s")
	wait_for_desk(page, "() => cur_frm && !cur_frm.is_dirty()")


def open_report(page, report: str, **filters) -> str:
	"""Route to a script report with filters (or set them, on the report already), wait for its rows
	and return their text."""
	on_report = page.evaluate(
		"(report) => frappe.get_route()[0] === 'query-report' && frappe.get_route()[1] === report", report
	)
	with page.expect_response(lambda r: "frappe.desk.query_report.run" in r.url):
		if on_report:
			page.evaluate("(filters) => frappe.query_report.set_filter_value(filters)", filters)
		else:
			set_route(page, "query-report", report, **filters)
	wait_for_desk(
		page,
		"""(report) => window.frappe.query_report && frappe.query_report.report_name === report
			&& !frappe.query_report.$report.find('.dt-scrollable').is(':empty')
			&& frappe.query_report.datatable""",
		report,
	)
	return page.locator(".report-wrapper:visible").inner_text()


def read_number_cards(page) -> dict[str, str]:
	wait_for_desk(
		page,
		"""() => { const cards = $('.number-widget-box:visible');
			return cards.length && cards.toArray().every((c) => /\\d/.test($(c).find('.number').text())); }""",
	)
	return dict(
		page.evaluate(
			"""() => $('.number-widget-box:visible').toArray().map((c) =>
				[$(c).find('.widget-title').text().trim(), $(c).find('.number').text().trim()])"""
		)
	)
