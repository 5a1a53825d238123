"""Script-bearing names in the desk: a customer, an opportunity and a stage named with markup (stored
behind validation's back, as a bad import could) render as text in the Sales Workbench, the customer's
timeline and the Deals reports' cells, column headers and chart labels.

Each hostile name carries `onerror="window.__sm_xss=1"`: rendered as HTML it would set the flag and
request /x, which the page watch of desk.py reports as a failed request."""

import frappe
from frappe.utils import add_days, nowdate

from sales_mgmt.tests.browser.desk import BrowserTestCase, open_form, set_route, wait_for_desk
from sales_mgmt.tests.pipeline import frozen
from sales_mgmt.tests.sales_team import PASSWORD


def hostile(text: str) -> str:
	return f'<img src=x onerror="window.__sm_xss=1">{text}'


class TestUserTextInTheDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		tag = frappe.generate_hash(length=6)
		cls.created = []

		def add(values):
			doc = frappe.get_doc(values)
			doc.flags.ignore_permissions = True
			doc.insert()
			cls.created.append((doc.doctype, doc.name))
			return doc

		cls.stage = add(
			{
				"doctype": "SM Sales Stage",
				"stage_name": f"UT Stage {tag}",
				"stage_type": "Open",
				"probability": 40,
				"sequence": 998,
				"stall_days": 3,
			}
		).name
		cls.customer = add(
			{
				"doctype": "SM Customer",
				"customer_name": f"UT Customer {tag}",
				"salesperson": cls.team.salespeople["east1"],
			}
		).name
		with frozen(f"{add_days(nowdate(), -10)} 09:00:00"):
			cls.deal = add(
				{
					"doctype": "SM Opportunity",
					"title": f"UT Deal {tag}",
					"customer": cls.customer,
					"stage": cls.stage,
					"amount": 5000,
					"expected_close_date": add_days(nowdate(), 1),
				}
			).name
		add(
			{
				"doctype": "SM Hot Flag",
				"customer": cls.customer,
				"salesperson": cls.team.salespeople["east1"],
				"note": "本周签约",
				"expires_on": add_days(nowdate(), 10),
			}
		)
		cls.names = {
			"stage": hostile(f"阶段 {tag}"),
			"customer": hostile(f"客户 {tag}"),
			"deal": hostile(f"商机 {tag}"),
		}
		frappe.db.set_value("SM Sales Stage", cls.stage, "stage_name", cls.names["stage"])
		frappe.db.set_value("SM Customer", cls.customer, "customer_name", cls.names["customer"])
		frappe.db.set_value("SM Opportunity", cls.deal, "title", cls.names["deal"])
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for doctype, name in reversed(cls.created):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, ignore_missing=True)
		frappe.db.commit()
		super().tearDownClass()

	def assertNothingRendered(self, page, where: str):
		self.assertFalse(page.evaluate("() => window.__sm_xss === 1"), f"{where}: markup ran")

	def test_hostile_names_render_as_text(self):
		with self.desk(self.team.users["east1"], PASSWORD, "/app/sales-workbench") as page:
			# the workbench block (in a shadow root, which Playwright's locators pierce) lists it by name
			page.locator(".sm-hot-customer").filter(has_text=self.names["customer"]).first.wait_for()
			self.assertNothingRendered(page, "workbench")

			open_form(page, "SM Customer", self.customer)
			wait_for_desk(
				page,
				"(title) => document.querySelector('.new-timeline')?.textContent.includes(title)",
				self.names["deal"],
			)
			self.assertNothingRendered(page, "customer timeline")

			for report, filters, shown in (
				("Sales Forecast", {"period": "Month", "date": add_days(nowdate(), 1)}, "stage"),
				("Stalled Opportunities", {}, "deal"),
			):
				with self.subTest(report=report):
					with page.expect_response(lambda r: "frappe.desk.query_report.run" in r.url):
						set_route(page, "query-report", report, **filters)
					wait_for_desk(
						page,
						"""(text) => frappe.query_report && frappe.query_report.datatable &&
							document.querySelector('.report-wrapper').textContent.includes(text)""",
						self.names[shown],
					)
					header = page.locator(".dt-header:visible").inner_text()
					if shown == "stage":
						self.assertIn(self.names["stage"], header)
					self.assertNothingRendered(page, report)
