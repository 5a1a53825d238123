"""Stall alerts: once per opportunity per stall episode, to the salesperson's user."""

from unittest.mock import patch

import frappe

from sales_mgmt.deals.stall import enqueue_stall_alerts, notify_stalled
from sales_mgmt.tests.pipeline import BI, QU, pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase, ensure_user


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
		# not an "Alert": Frappe never e-mails those
		self.assertEqual(alerts[0].type, "")
		# the deal's title is user text: escaped in the alert
		self.assertEqual(
			alerts[0].subject,
			"<strong>Stall &lt;b&gt;test&lt;/b&gt; deal</strong> has been in stage <strong>Quotation</strong> "
			"for 15 days; it stalls after 14 days.",
		)

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

	def stalled_of(self, salesperson):
		"""A deal of `salesperson` that stalls on 03-16."""
		with self.freeze_time("2026-03-01 10:00:00"):
			doc = self.opportunity("east1")
			frappe.db.set_value("SM Opportunity", doc.name, "salesperson", salesperson)
		return doc.name

	def test_salesperson_without_login_alerts_their_manager(self):
		rep = frappe.get_doc(
			{
				"doctype": "SM Salesperson",
				"salesperson_name": "Offline Rep",
				"parent_sm_salesperson": self.team.salespeople["east"],
			}
		).insert()
		name = self.stalled_of(rep.name)
		self.assertEqual(notify_stalled(today="2026-03-20"), [name])
		self.assertEqual([a.for_user for a in self.alerts(name)], [self.team.users["east"]])

	def test_disabled_user_alerts_the_next_enabled_user_up_the_tree(self):
		name = self.stalled_of(self.team.salespeople["east1"])
		frappe.db.set_value("User", self.team.users["east1"], "enabled", 0)
		frappe.db.set_value("User", self.team.users["east"], "enabled", 0)
		self.assertIn(name, notify_stalled(today="2026-03-20"))
		self.assertEqual([a.for_user for a in self.alerts(name)], [self.team.users["director"]])

	def test_nobody_to_tell_is_not_marked_as_alerted(self):
		orphan = frappe.get_doc({"doctype": "SM Salesperson", "salesperson_name": "Orphan Rep"}).insert()
		name = self.stalled_of(orphan.name)
		self.assertEqual(notify_stalled(orphan.name, today="2026-03-20"), [])
		self.assertEqual(self.alerts(name), [])
		self.assertIsNone(frappe.db.get_value("SM Opportunity", name, "stall_notified_for"))
		# once the salesperson gets a user, the next run alerts them
		user = ensure_user("orphan", "Orphan Rep", ["Sales User"])
		orphan.db_set("user", user)
		self.assertEqual(notify_stalled(orphan.name, today="2026-03-21"), [name])
		self.assertEqual([a.for_user for a in self.alerts(name)], [user])

	def test_alert_is_emailed_when_the_users_settings_ask_for_it(self):
		from frappe.desk.doctype.notification_settings.notification_settings import (
			create_notification_settings,
		)

		user = self.team.users["east1"]
		create_notification_settings(user)
		frappe.db.set_value("Notification Settings", user, "enable_email_notifications", 1)
		first = self.stalled_of(self.team.salespeople["east1"])
		# the site has no outgoing e-mail account: see what Frappe hands to its mail queue
		with patch("frappe.sendmail") as sendmail:
			self.assertEqual(notify_stalled(today="2026-03-20"), [first])
		sendmail.assert_called_once()
		self.assertEqual(sendmail.call_args.kwargs["recipients"], user)
		self.assertEqual(sendmail.call_args.kwargs["args"]["document_name"], first)

		frappe.db.set_value("Notification Settings", user, "enable_email_notifications", 0)
		second = self.stalled_of(self.team.salespeople["east1"])
		with patch("frappe.sendmail") as sendmail:
			self.assertEqual(notify_stalled(today="2026-03-20"), [second])
		sendmail.assert_not_called()  # told in the desk only
		self.assertEqual(len(self.alerts(second)), 1)

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
