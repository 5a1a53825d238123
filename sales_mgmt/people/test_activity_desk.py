# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""What the desk shows around activities: Mark Done, the calendar's events, the reminders, and the
customer's and opportunity's timelines (activities, tasks, stage changes), each as the users of the
test team."""

import json
from datetime import timedelta
from unittest.mock import patch

import frappe
from frappe.desk.calendar import get_events, update_event
from frappe.utils import add_days, get_datetime, getdate, now_datetime, today

from sales_mgmt.api.activities import mark_done
from sales_mgmt.people import reminders
from sales_mgmt.people.timeline import activities_and_tasks
from sales_mgmt.tests.sales_team import SalesTeamTestCase

FIELD_MAP = json.dumps({"start": "starts_on", "end": "ends_on", "id": "name", "title": "subject"})


class ActivityCase(SalesTeamTestCase):
	def setUp(self):
		frappe.db.savepoint("activity_desk_test")
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="activity_desk_test")

	def activity(self, key="east1", customer_key=None, **values):
		return frappe.get_doc(
			{
				"doctype": "SM Activity",
				"activity_type": "Visit",
				"subject": "拜访",
				"customer": self.team.customers[customer_key or key],
				"salesperson": self.team.salespeople[key],
				"starts_on": "2025-05-06 10:00:00",
				**values,
			}
		).insert()

	def customer_of(self, key):
		return self.team.customers[key]


class TestMarkDoneAndCalendar(ActivityCase):
	def test_mark_done_plans_the_next(self):
		visit = self.activity(starts_on=f"{today()} 08:00:00")
		frappe.set_user(self.team.users["west1"])
		with self.assertRaises(frappe.PermissionError):
			mark_done(visit.name, "Successful")
		frappe.set_user(self.team.users["east1"])
		next_on = f"{add_days(today(), 7)} 09:30:00"
		result = mark_done(visit.name, "Follow-up Needed", "客户要报价", "送报价单", next_on)
		visit.reload()
		self.assertEqual(
			(visit.status, visit.outcome, visit.summary), ("Done", "Follow-up Needed", "客户要报价")
		)
		self.assertEqual(result, {"name": visit.name, "next_activity": visit.next_activity})
		following = frappe.get_doc("SM Activity", visit.next_activity)
		self.assertEqual(
			(following.status, following.subject, following.previous_activity, str(following.starts_on)),
			("Planned", "送报价单", visit.name, next_on),
		)
		self.assertEqual(following.salesperson, self.team.salespeople["east1"])

	def test_calendar_follows_the_hierarchy(self):
		mine = {key: self.activity(key).name for key in ("east1", "east2", "west1")}

		def seen(key):
			frappe.set_user(self.team.users[key])
			events = get_events("SM Activity", "2025-05-06 00:00:00", "2025-05-07 00:00:00", FIELD_MAP)
			return {k for k, name in mine.items() if name in {e.name for e in events}}

		self.assertEqual(seen("east1"), {"east1"})
		self.assertEqual(seen("east"), {"east1", "east2"})
		self.assertEqual(seen("director"), {"east1", "east2", "west1"})

		# dragging an event saves it as its user: their own moves, another team's is refused
		def drag(name, start, end):
			args = {"doctype": "SM Activity", "name": name, "starts_on": start, "ends_on": end}
			update_event(json.dumps(args), FIELD_MAP)

		frappe.set_user(self.team.users["east1"])
		drag(mine["east1"], "2025-05-07 15:00:00", "2025-05-07 16:30:00")
		self.assertEqual(
			frappe.db.get_value("SM Activity", mine["east1"], ["activity_date", "ends_on"]),
			(getdate("2025-05-07"), get_datetime("2025-05-07 16:30:00")),
		)
		with self.assertRaises(frappe.PermissionError):
			drag(mine["west1"], "2025-05-07 15:00:00", "2025-05-07 16:00:00")


class TestReminders(ActivityCase):
	def test_due_once(self):
		now = get_datetime(now_datetime()).replace(microsecond=0)

		def at(minutes):
			return now + timedelta(minutes=minutes)

		soon = self.activity(starts_on=at(10), remind_before_minutes=15)
		later = self.activity(starts_on=at(30), remind_before_minutes=15)
		no_reminder = self.activity(starts_on=at(10), remind_before_minutes=0)
		started = self.activity(starts_on=at(-5), remind_before_minutes=15)
		early = self.activity(starts_on=at(100), remind_before_minutes=120)
		mine = {soon.name, later.name, no_reminder.name, started.name, early.name}

		self.assertEqual(set(reminders.due_reminders(now)) & mine, {soon.name, early.name})
		with patch("frappe.enqueue") as enqueue:
			reminders.enqueue_due_reminders(now)
		jobs = {c.kwargs["activity"]: c.kwargs for c in enqueue.call_args_list}
		self.assertEqual(set(jobs) & mine, {soon.name, early.name})
		self.assertEqual(jobs[soon.name]["job_id"], f"sales_mgmt:activity_reminder:{soon.name}")
		self.assertTrue(jobs[soon.name]["deduplicate"])

		user = self.team.users["east1"]
		self.assertTrue(reminders.send_reminder(soon.name))
		# a second run (or a duplicate job) sends nothing
		self.assertFalse(reminders.send_reminder(soon.name))
		logs = frappe.get_all(
			"Notification Log",
			filters={"document_type": "SM Activity", "document_name": soon.name},
			fields=["for_user", "type", "subject"],
		)
		self.assertEqual([(log.for_user, log.type) for log in logs], [(user, "Alert")])
		self.assertIn("拜访", logs[0].subject)
		self.assertNotIn(soon.name, reminders.due_reminders(now))

		# moved: reminded again at its new time
		soon.reload()
		soon.starts_on = at(12)
		soon.ends_on = at(72)
		soon.save()
		self.assertIsNone(soon.reminded_on)
		self.assertIn(soon.name, reminders.due_reminders(now))

		# a done activity is not reminded
		done = self.activity(starts_on=at(10), remind_before_minutes=15)
		frappe.db.set_value("SM Activity", done.name, {"status": "Cancelled"})
		self.assertFalse(reminders.send_reminder(done.name))

	def test_subject_escaped(self):
		# as a subject could reach it from an import that skipped the sanitiser
		visit = frappe._dict(
			name="ACT-X",
			activity_type="Visit",
			subject="<img src=x onerror=alert(1)>",
			starts_on="2025-05-06 10:00:00",
			customer=self.customer_of("east1"),
			customer_name="<b>客户</b>",
			location="",
		)
		content = reminders.reminder_notification(visit)
		self.assertIn("&lt;b&gt;客户", content["email_content"])
		self.assertNotIn("<img", content["subject"])
		self.assertIn("&lt;img", content["subject"])


class TestTimeline(ActivityCase):
	def setUp(self):
		super().setUp()
		self.customer = self.team.customers["east1"]
		self.opportunity = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.customer, "title": "时间线商机", "amount": 100}
		).insert()
		self.visit = self.activity(
			opportunity=self.opportunity.name,
			status="Done",
			outcome="Successful",
			summary="<script>alert(1)</script>签约意向",
			next_step="报价",
		)
		# a colleague's call on the same customer (seen by their manager, not by the rep)
		self.call = self.activity("east2", customer_key="east1", activity_type="Call", subject="电话")
		self.task = (
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": self.team.users["east1"],
					"description": "<b>准备</b>合同",
					"date": add_days(today(), -1),
					"reference_type": "SM Activity",
					"reference_name": self.visit.name,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def contents(self, key, doctype, name) -> str:
		frappe.set_user(self.team.users[key])
		return "\n".join(item["content"] for item in activities_and_tasks(doctype, name))

	def test_customer_timeline(self):
		shown = self.contents("east1", "SM Customer", self.customer)
		self.assertIn(self.visit.name, shown)
		self.assertIn("Successful", shown)
		# stored sanitised, shown escaped: never as markup
		self.assertIn("签约意向", shown)
		self.assertNotIn("<script>", shown)
		self.assertIn("Next step: 报价", shown)
		# the task on the visit, overdue, with its text stripped of markup
		self.assertIn(self.task, shown)
		self.assertIn("准备合同", shown)
		self.assertIn("overdue since", shown)
		# the colleague's call is outside the rep's scope
		self.assertNotIn(self.call.name, shown)
		self.assertIn(self.call.name, self.contents("east", "SM Customer", self.customer))

	def test_opportunity_timeline(self):
		shown = self.contents("east", "SM Opportunity", self.opportunity.name)
		self.assertIn(self.visit.name, shown)
		self.assertIn(self.task, shown)
		self.assertNotIn(self.call.name, shown)  # not on this opportunity
		frappe.set_user(self.team.users["east1"])
		from sales_mgmt.deals.customer_timeline import stage_history

		stages = stage_history("SM Opportunity", self.opportunity.name)
		self.assertEqual(len(stages), 1)
		self.assertIn(self.opportunity.name, stages[0]["content"])
