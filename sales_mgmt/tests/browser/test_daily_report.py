"""A daily report in a real browser: a rep generates their report of a day from the list, opens it
(figures shown, read-only), regenerates it and writes their plan; their manager adds a comment.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_daily_report

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
"""

import frappe

from sales_mgmt.tests.browser.desk import (
	BrowserTestCase,
	open_form,
	open_list,
	screenshot,
	translate,
	wait_for_desk,
)
from sales_mgmt.tests.browser.test_goods import fill, save

DAY = "2026-10-05"  # a Monday
DOCTYPE = "SM Daily Report"

# east1's day: two visits (one successful, one needing a follow-up) and a call without result yet
ACTIVITIES = [
	("Visit", "10:00:00", "Done", "Successful", "签约意向明确"),
	("Visit", "14:00:00", "Done", "Follow-up Needed", "客户要求再报价"),
	("Call", "16:00:00", "Planned", None, None),
]


class TestDailyReportDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.salesperson = cls.team.salespeople["east1"]
		cls.remove_data()
		for activity_type, time, status, outcome, summary in ACTIVITIES:
			frappe.get_doc(
				{
					"doctype": "SM Activity",
					"activity_type": activity_type,
					"subject": f"浏览器 {activity_type} {time}",
					"customer": cls.team.customers["east1"],
					"salesperson": cls.salesperson,
					"starts_on": f"{DAY} {time}",
					"status": status,
					"outcome": outcome,
					"summary": summary,
				}
			).insert(ignore_permissions=True)
		# committed: the web server reads them from its own connection
		frappe.db.commit()
		cls.addClassCleanup(cls.remove_data)

	@classmethod
	def remove_data(cls):
		frappe.db.rollback()
		frappe.db.delete("SM Activity", {"salesperson": cls.salesperson, "activity_date": DAY})
		for name in frappe.get_all(DOCTYPE, filters={"report_date": DAY}, pluck="name"):
			frappe.delete_doc(DOCTYPE, name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_generate_open_and_comment(self):
		with self.login_as("east1") as page:
			open_list(page, DOCTYPE)
			page.locator("button:visible", has_text=translate(page, "Generate Reports")).first.click()
			page.wait_for_function("() => window.cur_dialog && cur_dialog.fields_dict.report_date")
			page.evaluate(
				"(day) => cur_dialog.set_value('report_date', day).then(() => cur_dialog.set_value('period_type', 'Daily'))",
				DAY,
			)
			with page.expect_response(lambda r: "sales_mgmt.api.daily_reports.generate_reports" in r.url):
				page.locator(".modal.show .btn-primary").click()
			self.fresh()
			name = frappe.db.get_value(DOCTYPE, {"salesperson": self.salesperson, "report_date": DAY})
			self.assertTrue(name)

			open_form(page, DOCTYPE, name)
			# two visits done, one successful and one needing a follow-up; the planned call is overdue
			figures = page.evaluate(
				"""() => ['activities_done', 'visits', 'successful', 'follow_up_needed', 'activities_not_done',
					'customers_touched'].map((f) => cur_frm.doc[f])"""
			)
			self.assertEqual(figures, [2, 2, 1, 1, 1, 1])
			visits = page.locator('.frappe-control[data-fieldname="visits"]:visible')
			self.assertEqual(visits.locator(".control-value").inner_text().strip(), "2")
			self.assertEqual(visits.locator("input:visible").count(), 0)
			screenshot(page, "daily-report-figures")
			self.assertEqual(page.evaluate("() => cur_frm.doc.activity_log.length"), 3)
			self.assertIn(
				"签约意向明确", page.locator('[data-fieldname="activity_log"]:visible').inner_text()
			)
			# the rep may not comment on their own report
			self.assertEqual(
				page.locator('.frappe-control[data-fieldname="manager_comment"] textarea:visible').count(), 0
			)

			generated_on = page.evaluate("() => cur_frm.doc.generated_on")
			with page.expect_response(lambda r: "sales_mgmt.api.daily_reports.regenerate" in r.url):
				page.locator("button:visible", has_text=translate(page, "Regenerate")).first.click()
			# the form reloads the regenerated report (same figures, a new generation time); the desk's
			# realtime update of the changed document may reload it once more a second later
			wait_for_desk(
				page, "(before) => cur_frm.doc && cur_frm.doc.generated_on !== before", generated_on
			)
			page.wait_for_timeout(1500)
			wait_for_desk(
				page,
				"""() => cur_frm.doc && cur_frm.doc.visits === 2 && !cur_frm.is_dirty() && !frappe.request.ajax_count
					&& $('.frappe-control[data-fieldname="plan_for_next"] textarea:visible').length""",
			)
			fill(page, "plan_for_next", "周二回访客户，发送报价")
			save(page)
			screenshot(page, "daily-report-rep")

		with self.login_as("east") as page:
			open_form(page, DOCTYPE, name)
			self.assertEqual(
				page.locator('.frappe-control[data-fieldname="plan_for_next"] textarea:visible').count(), 0
			)
			fill(page, "manager_comment", "跟进及时，继续保持")
			save(page)
			screenshot(page, "daily-report-manager")

		self.fresh()
		report = frappe.get_doc(DOCTYPE, name)
		self.assertEqual(
			(report.plan_for_next, report.manager_comment, report.visits),
			("周二回访客户，发送报价", "跟进及时，继续保持", 2),
		)
