"""Activities in a real browser: a rep schedules a visit by dragging over the week calendar, completes
it from the Mark Done dialog with an outcome and a next activity, and sees the next one on its form and
in the calendar; the manager assigns the rep a task, sees the visit on the customer's timeline and in
the customer's Activities, the task in Team Tasks and the heatmap of Activity Analysis.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_activities

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
With SM_SCREENSHOTS=1 the pages are saved as screenshots.
"""

import frappe
from frappe.utils import add_days, get_datetime, today

from sales_mgmt.tests.browser.desk import (
	CJK,
	BrowserTestCase,
	open_form,
	open_list,
	screenshot,
	set_route,
	user_language,
	wait_for_desk,
	wait_for_form,
)
from sales_mgmt.tests.browser.test_goods import fill, open_report, save


class TestActivitiesDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.tag = frappe.generate_hash(length=6)
		cls.addClassCleanup(cls.remove_records)
		# committed: the web server reads it; restored afterwards
		cls.reminder_minutes = frappe.db.get_single_value("SM Settings", "activity_reminder_minutes")
		frappe.db.set_single_value("SM Settings", "activity_reminder_minutes", 25)
		frappe.db.commit()
		cls.addClassCleanup(cls.restore_settings)

	@classmethod
	def restore_settings(cls):
		frappe.db.rollback()
		frappe.db.set_single_value("SM Settings", "activity_reminder_minutes", cls.reminder_minutes)
		frappe.db.commit()

	@classmethod
	def remove_records(cls):
		"""The activities and tasks this test created through the web server (committed)."""
		frappe.db.rollback()
		names = frappe.get_all("SM Activity", filters={"subject": ("like", f"%{cls.tag}%")}, pluck="name")
		# through the ToDo, which takes the assignment off its record
		for todo in frappe.get_all("ToDo", filters={"description": ("like", f"%{cls.tag}%")}, pluck="name"):
			frappe.delete_doc("ToDo", todo, ignore_permissions=True, force=True)
		frappe.db.delete("Comment", {"reference_doctype": "SM Customer", "content": ("like", f"%{cls.tag}%")})
		frappe.db.delete(
			"Notification Log", {"document_type": "SM Activity", "document_name": ("in", names or [""])}
		)
		frappe.db.delete("SM Activity", {"name": ("in", names or [""])})
		frappe.db.commit()

	def open_calendar(self, page, day: str):
		set_route(page, "List", "SM Activity", "Calendar", "default")
		wait_for_desk(
			page,
			"() => window.cur_list && cur_list.calendar && cur_list.calendar.$cal && cur_list.calendar.$cal.find('.fc-view').length",
		)
		page.evaluate(
			"""(day) => {
				const cal = cur_list.calendar.$cal;
				cal.fullCalendar('changeView', 'agendaWeek');
				cal.fullCalendar('gotoDate', moment(day));
			}""",
			day,
		)
		wait_for_desk(
			page, "() => $('.fc-agendaWeek-view').length && !$('.fc-view-container .fc-loading').length"
		)

	def test_schedule_complete_and_review(self):
		customer = self.team.customers["east1"]
		day = today()
		subject = f"拜访客户 {self.tag}"
		with self.login_as("east1") as page:
			self.open_calendar(page, day)
			# the calendar opens on the rep's own schedule
			self.assertIn(
				["SM Activity", "salesperson", "=", self.team.salespeople["east1"]],
				[f[:4] for f in page.evaluate("cur_list.filter_area.get()")],
			)
			# drag from 09:00 to 10:00 in today's column: Frappe opens a new activity at that time
			column = page.locator(f'.fc-agendaWeek-view .fc-day[data-date="{day}"]').first.bounding_box()
			start = page.locator(
				'.fc-slats tr[data-time="09:00:00"] td.fc-widget-content'
			).last.bounding_box()
			end = page.locator('.fc-slats tr[data-time="09:30:00"] td.fc-widget-content').last.bounding_box()
			x = column["x"] + column["width"] / 2
			page.mouse.move(x, start["y"] + start["height"] / 2)
			page.mouse.down()
			page.mouse.move(x, end["y"] + end["height"] / 2, steps=8)
			page.mouse.up()
			wait_for_form(page, "SM Activity")
			self.assertEqual(
				page.evaluate("[cur_frm.doc.starts_on, cur_frm.doc.ends_on]"),
				[f"{day} 09:00:00", f"{day} 10:00:00"],
			)
			fill(page, "subject", subject)
			fill(page, "customer", customer)
			save(page)
			visit = page.evaluate("cur_frm.doc.name")
			self.assertEqual(page.evaluate("cur_frm.doc.salesperson"), self.team.salespeople["east1"])
			# reminded as SM Settings say
			self.assertEqual(page.evaluate("cur_frm.doc.remind_before_minutes"), 25)

			# Mark Done: outcome, summary, next step and when
			page.get_by_role("button", name="Mark Done").click()
			dialog = page.locator(".modal:visible")
			dialog.locator('select[data-fieldname="outcome"]').select_option("Follow-up Needed")
			dialog.locator('textarea[data-fieldname="summary"]').fill("客户对方案满意，要求报价")
			dialog.locator('input[data-fieldname="next_step"]').fill(f"送报价单 {self.tag}")
			next_on = f"{add_days(day, 2)} 11:00:00"
			when = dialog.locator('input[data-fieldname="next_activity_on"]')
			when.fill(next_on)
			when.press("Tab")
			screenshot(page, "activity-mark-done-dialog")
			with page.expect_response(lambda r: "sales_mgmt.api.activities.mark_done" in r.url):
				dialog.locator(".modal-footer .btn-primary").click()
			wait_for_desk(page, "() => cur_frm.doc.status === 'Done' && !!cur_frm.doc.next_activity")
			self.assertEqual(page.evaluate("cur_frm.doc.outcome"), "Follow-up Needed")
			screenshot(page, "activity-done")

			# the next activity, linked both ways
			page.get_by_role("button", name="View").click()
			page.locator(".dropdown-menu:visible").get_by_text("Next Activity").click()
			wait_for_desk(page, "(visit) => cur_frm.doc.previous_activity === visit", visit)
			following = page.evaluate("cur_frm.doc.name")
			self.assertEqual(
				page.evaluate("[cur_frm.doc.status, cur_frm.doc.subject, cur_frm.doc.starts_on]"),
				["Planned", f"送报价单 {self.tag}", next_on],
			)
			self.assertEqual(page.locator(".indicator-pill:visible").first.inner_text().strip(), "Planned")
			screenshot(page, "activity-next")

			# and in the calendar, on its day
			self.open_calendar(page, add_days(day, 2))
			wait_for_desk(
				page,
				"(subject) => $('.fc-event:visible').toArray().some((e) => e.innerText.includes(subject))",
				f"送报价单 {self.tag}",
			)
			screenshot(page, "activity-calendar")

			# the list: the done visit by its outcome, the next one planned
			names = open_list(page, "SM Activity", subject=f'["like", "%{self.tag}%"]', activity_type="Visit")
			self.assertEqual(set(names), {visit, following})
			pills = {
				name: page.locator(f'.list-row:has([data-name="{name}"]) .indicator-pill')
				.first.inner_text()
				.strip()
				for name in names
			}
			self.assertEqual(pills, {visit: "Done: Follow-up Needed", following: "Planned"})
			screenshot(page, "activity-list")

		self.fresh()
		self.assertEqual(frappe.db.get_value("SM Activity", following, "previous_activity"), visit)
		self.assertEqual(get_datetime(frappe.db.get_value("SM Activity", visit, "starts_on")).hour, 9)

		with self.login_as("east") as page:
			# the manager gives the rep a task on the customer, through Frappe's Assign To
			open_form(page, "SM Customer", customer)
			page.evaluate(
				"""(args) => frappe.xcall('frappe.desk.form.assign_to.add', args).then(() => cur_frm.reload_doc())""",
				{
					"assign_to": [self.team.users["east1"]],
					"doctype": "SM Customer",
					"name": customer,
					"description": f"准备合同 {self.tag}",
					"date": add_days(day, -1),
					"priority": "High",
				},
			)
			timeline = page.locator(".new-timeline")
			wait_for_desk(
				page,
				"(tag) => $('.new-timeline').text().includes('拜访客户 ' + tag) && $('.new-timeline').text().includes('准备合同 ' + tag)",
				self.tag,
			)
			self.assertIn("Follow-up Needed", timeline.inner_text())
			# the customer's dashboard lists its activities
			self.assertTrue(
				page.locator('.form-dashboard .document-link[data-doctype="SM Activity"]').count(),
			)
			timeline.scroll_into_view_if_needed()
			screenshot(page, "activity-customer-timeline")

			text = open_report(page, "Team Tasks")
			self.assertIn(f"准备合同 {self.tag}", text)
			self.assertIn("East Rep 1", text)
			screenshot(page, "activity-team-tasks")

			open_report(page, "Activity Analysis", from_date=add_days(day, -30), to_date=day)
			wait_for_desk(page, "() => $('.chart-container svg').length > 0")
			screenshot(page, "activity-analysis")

	def test_chinese_desk(self):
		"""The rep's schedule and Activity Analysis in Chinese."""
		frappe.get_doc(
			{
				"doctype": "SM Activity",
				"activity_type": "Call",
				"subject": f"电话回访 {self.tag}",
				"customer": self.team.customers["east1"],
				"salesperson": self.team.salespeople["east1"],
				"starts_on": f"{today()} 08:00:00",
				"status": "Done",
				"outcome": "Successful",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		with user_language(self.team.users["east1"], "zh"), self.login_as("east1") as page:
			text = open_report(page, "Activity Analysis")
			for label in ("活动分析", "每日完成的活动", "成功率 %"):
				self.assertIn(label, page.locator("body").inner_text())
			self.assertTrue(CJK.search(text))
			screenshot(page, "activity-analysis-zh")
			self.open_calendar(page, today())
			screenshot(page, "activity-calendar-zh")
