"""Stall alerts: once per opportunity per stall episode, to the salesperson's user."""

from unittest.mock import patch

import frappe

from sales_mgmt.deals.stall import enqueue_stall_alerts, notify_stalled
from sales_mgmt.tests.pipeline import BI, QU, pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestStallAlerts(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		pin_stages()  # Quotation and Bidding stall after 14 days

	def setUp(self):
		frappe.db.savepoint("sm_stall_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sm_stall_test")

	def alerts(self, opportunity):
		return frappe.get_all(
			"Notification Log",
			filters={"document_type": "SM Opportunity", "document_name": opportunity},
			fields=["for_user", "subject", "type"],
		)

	def opportunity(self, customer_key="east1", **kwargs):
		return frappe.get_doc(
			{
				"doctype": "SM Opportunity",
				"title": "Stall <b>test</b> deal",
				"customer": self.team.customers[customer_key],
				"stage": QU,
				**kwargs,
			}
		).insert()

	def test_one_alert_per_stall_episode(self):
		with self.freeze_time("2026-03-01 10:00:00"):
			doc = self.opportunity()
		# 14 days in Quotation on 03-15 is not stalled yet; 15 days on 03-16 is
		self.assertNotIn(doc.name, notify_stalled(today="2026-03-15"))
		self.assertIn(doc.name, notify_stalled(today="2026-03-16"))
		alerts = self.alerts(doc.name)
		self.assertEqual(len(alerts), 1)
		self.assertEqual(alerts[0].for_user, self.team.users["east1"])
		self.assertEqual(alerts[0].type, "Alert")
		self.assertIn("15", alerts[0].subject)
		# the deal's title is user text: escaped in the alert
		self.assertIn("Stall &lt;b&gt;test&lt;/b&gt; deal", alerts[0].subject)

		# the job runs again (next day, or twice the same day): nothing new
		self.assertEqual(notify_stalled(today="2026-03-16"), [])
		self.assertNotIn(doc.name, notify_stalled(today="2026-03-20"))
		self.assertEqual(len(self.alerts(doc.name)), 1)

		# moving to Bidding starts a new episode, alerted once it stalls again (15 days later)
		with self.freeze_time("2026-03-21 10:00:00"):
			doc.reload()
			doc.stage = BI
			doc.save()
		self.assertNotIn(doc.name, notify_stalled(today="2026-04-04"))
		self.assertIn(doc.name, notify_stalled(today="2026-04-05"))
		self.assertEqual(len(self.alerts(doc.name)), 2)

	def test_closed_and_never_stalling_stages_are_not_alerted(self):
		with self.freeze_time("2026-03-01 10:00:00"):
			won = self.opportunity(stage="Won")
			frappe.db.set_value("SM Sales Stage", "Early Tracking", "stall_days", 0)
			from sales_mgmt.deals.stages import clear_stage_cache

			clear_stage_cache()
			never = self.opportunity(stage="Early Tracking")
		alerted = notify_stalled(today="2026-06-01")
		self.assertNotIn(won.name, alerted)
		self.assertNotIn(never.name, alerted)

	def test_salesperson_without_login_alerts_the_creator(self):
		rep = frappe.get_doc({"doctype": "SM Salesperson", "salesperson_name": "Offline Rep"}).insert()
		with self.freeze_time("2026-03-01 10:00:00"):
			frappe.set_user(self.team.users["east"])
			doc = self.opportunity("east1", salesperson=self.team.salespeople["east1"])
			frappe.set_user("Administrator")
			frappe.db.set_value("SM Opportunity", doc.name, "salesperson", rep.name)
		notify_stalled(today="2026-03-20")
		self.assertEqual([a.for_user for a in self.alerts(doc.name)], [self.team.users["east"]])

	def test_scheduler_enqueues_one_job_per_salesperson(self):
		with self.freeze_time("2026-03-01 10:00:00"):
			self.opportunity("east1")
			self.opportunity("east1")
			self.opportunity("east2")
		with patch("frappe.enqueue") as enqueue:
			salespeople = enqueue_stall_alerts(today="2026-03-20")
		mine = {self.team.salespeople["east1"], self.team.salespeople["east2"]}
		self.assertTrue(mine <= set(salespeople))
		job_ids = [call.kwargs["job_id"] for call in enqueue.call_args_list]
		self.assertEqual(len(job_ids), len(set(job_ids)))
		self.assertIn(f"sales_mgmt:stall_alerts:{self.team.salespeople['east1']}", job_ids)
		self.assertTrue(all(call.kwargs["deduplicate"] for call in enqueue.call_args_list))

		frappe.db.set_single_value("SM Settings", "stall_alerts_enabled", 0)
		with patch("frappe.enqueue") as enqueue:
			self.assertEqual(enqueue_stall_alerts(today="2026-03-20"), [])
		enqueue.assert_not_called()
