# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from datetime import datetime

import frappe

from sales_mgmt.exceptions import AssignmentNotAllowedError, InvalidActivityError
from sales_mgmt.people import activities
from sales_mgmt.tests import UnitTestCase
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestActivityRules(UnitTestCase):
	def test_end_before_start(self):
		activities.validate_times("2026-10-01 10:00:00", "2026-10-01 10:00:00")
		with self.assertRaises(InvalidActivityError):
			activities.validate_times("2026-10-01 10:00:00", "2026-10-01 09:59:00")

	def test_done_needs_outcome_and_a_start(self):
		now = datetime(2026, 10, 1, 9, 0)
		activities.validate_result("Planned", None, "2026-10-09 10:00:00", now)
		activities.validate_result("Done", "Successful", "2026-10-01 18:00:00", now)
		with self.assertRaises(InvalidActivityError):
			activities.validate_result("Done", None, "2026-10-01 08:00:00", now)
		with self.assertRaises(InvalidActivityError):
			activities.validate_result("Done", "Successful", "2026-10-02 08:00:00", now)

	def test_overdue(self):
		now = datetime(2026, 10, 1, 12, 0)
		self.assertTrue(activities.is_overdue("Planned", "2026-10-01 10:00:00", "2026-10-01 11:00:00", now))
		self.assertFalse(activities.is_overdue("Planned", "2026-10-01 10:00:00", "2026-10-01 12:30:00", now))
		self.assertFalse(activities.is_overdue("Done", "2026-09-01 10:00:00", None, now))
		self.assertFalse(activities.is_overdue("Cancelled", "2026-09-01 10:00:00", None, now))


class TestSMActivity(SalesTeamTestCase):
	def setUp(self):
		frappe.db.savepoint("sm_activity_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sm_activity_test")

	def new_activity(self, customer_key="east1", **kwargs):
		values = {
			"doctype": "SM Activity",
			"activity_type": "Visit",
			"subject": "拜访客户",
			"customer": self.team.customers.get(customer_key),
			"starts_on": "2026-10-01 10:00:00",
			**kwargs,
		}
		return frappe.get_doc(values)

	def test_defaults(self):
		frappe.db.set_single_value("SM Settings", "activity_reminder_minutes", 20)
		frappe.set_user(self.team.users["east1"])
		doc = self.new_activity().insert()
		self.assertEqual(doc.salesperson, self.team.salespeople["east1"])
		self.assertEqual(str(doc.ends_on), "2026-10-01 11:00:00")
		self.assertEqual(str(doc.activity_date), "2026-10-01")
		self.assertEqual(doc.remind_before_minutes, 20)
		self.assertEqual(doc.status, "Planned")
		self.assertEqual(self.new_activity(remind_before_minutes=0).insert().remind_before_minutes, 0)

	def test_bad_input_changes_nothing(self):
		frappe.set_user(self.team.users["east1"])
		before = frappe.db.count("SM Activity")
		with self.assertRaises(InvalidActivityError):
			self.new_activity(ends_on="2026-10-01 09:00:00").insert()
		with self.assertRaises(InvalidActivityError):
			self.new_activity(status="Done").insert()
		with self.assertRaises(AssignmentNotAllowedError):
			self.new_activity(salesperson=self.team.salespeople["west1"]).insert()
		self.assertEqual(frappe.db.count("SM Activity"), before)

	def test_opportunity_of_another_customer(self):
		opportunity = frappe.get_doc(
			{
				"doctype": "SM Opportunity",
				"title": "二期项目",
				"customer": self.team.customers["east2"],
				"salesperson": self.team.salespeople["east2"],
				"stage": "Proposal",
				"amount": 1000,
				"expected_close_date": "2026-12-31",
			}
		).insert(ignore_permissions=True)
		with self.assertRaises(InvalidActivityError):
			self.new_activity("east1", opportunity=opportunity.name).insert()
		doc = self.new_activity(None, customer=None, opportunity=opportunity.name).insert()
		self.assertEqual(doc.customer, self.team.customers["east2"])
		self.assertEqual(doc.salesperson, self.team.salespeople["east2"])

	def test_done_plans_the_next_activity_once(self):
		frappe.set_user(self.team.users["east1"])
		doc = self.new_activity(ends_on="2026-10-01 11:30:00").insert()
		with self.freeze_time("2026-10-01 18:00:00"):
			doc.update(
				{
					"status": "Done",
					"outcome": "Follow-up Needed",
					"summary": "客户需要报价",
					"next_step": "送报价单",
					"next_activity_on": "2026-10-08 14:00:00",
				}
			)
			doc.save()
			self.assertEqual(str(doc.completed_on), "2026-10-01 18:00:00")
			self.assertTrue(doc.next_activity)
			following = frappe.get_doc("SM Activity", doc.next_activity)
			self.assertEqual(following.status, "Planned")
			self.assertEqual(following.subject, "送报价单")
			self.assertEqual(following.customer, doc.customer)
			self.assertEqual(following.salesperson, doc.salesperson)
			self.assertEqual(following.previous_activity, doc.name)
			self.assertEqual(str(following.starts_on), "2026-10-08 14:00:00")
			self.assertEqual(str(following.ends_on), "2026-10-08 15:30:00")
		doc.reload()
		doc.summary = "客户需要报价和样品"
		doc.save()
		self.assertEqual(frappe.db.count("SM Activity", {"previous_activity": doc.name}), 1)

	def test_outcome_cleared_unless_done(self):
		doc = self.new_activity(outcome="Successful").insert()
		self.assertFalse(doc.outcome)
