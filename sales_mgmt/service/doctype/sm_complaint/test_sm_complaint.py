# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""A complaint's life at fixed times, with the default targets of SM Settings (High: first response
within 4 h, resolution within 24 h; Critical: 1 h and 8 h; Medium: 8 h and 72 h)."""

import frappe
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError, apply_workflow

from sales_mgmt.exceptions import InvalidComplaintError, ResolutionRequiredError
from sales_mgmt.service import complaints
from sales_mgmt.tests.sales_team import SalesTeamTestCase

TARGETS = {
	"complaint_response_hours_medium": 8,
	"complaint_resolution_hours_medium": 72,
	"complaint_response_hours_high": 4,
	"complaint_resolution_hours_high": 24,
	"complaint_response_hours_critical": 1,
	"complaint_resolution_hours_critical": 8,
}


class ComplaintCase(SalesTeamTestCase):
	def setUp(self):
		frappe.db.savepoint("sm_complaint_test")
		for field, hours in TARGETS.items():
			frappe.db.set_single_value("SM Settings", field, hours)
		frappe.clear_document_cache("SM Settings", "SM Settings")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sm_complaint_test")

	def new_complaint(self, customer_key="east1", **values):
		return frappe.get_doc(
			{
				"doctype": "SM Complaint",
				"customer": self.team.customers[customer_key],
				"subject": "设备漏油",
				"severity": "High",
				"channel": "Phone",
				"opened_on": "2026-03-02 09:00:00",
				**values,
			}
		)

	def act(self, name, action, at, user="service", **changes):
		"""Apply a workflow action to the stored complaint at a fixed time, as `user`."""
		with self.freeze_time(at):
			frappe.set_user(self.team.users[user])
			doc = frappe.get_doc("SM Complaint", name)
			doc.update(changes)
			if changes:
				doc.save()
				doc = frappe.get_doc("SM Complaint", name)
			apply_workflow(doc.as_dict(), action)
			frappe.set_user("Administrator")
		return frappe.get_doc("SM Complaint", name)

	def notices(self, name, key) -> list[str]:
		return frappe.get_all(
			"Notification Log",
			filters={
				"document_type": "SM Complaint",
				"document_name": name,
				"for_user": self.team.users[key],
			},
			pluck="subject",
			order_by="creation",
		)


class TestSMComplaint(ComplaintCase):
	def test_life_of_a_high_complaint(self):
		with self.freeze_time("2026-03-02 09:05:00"):
			frappe.set_user(self.team.users["service"])
			doc = self.new_complaint().insert()
		frappe.set_user("Administrator")
		# the account manager is the customer's; due 09:00 + 4 h and + 24 h
		self.assertEqual(doc.salesperson, self.team.salespeople["east1"])
		self.assertEqual(doc.status, "Open")
		self.assertEqual(str(doc.response_due), "2026-03-02 13:00:00")
		self.assertEqual(str(doc.resolution_due), "2026-03-03 09:00:00")
		self.assertEqual(doc.sla_status, "On Track")
		# a new High complaint: the rep and their manager are told, the director is not
		self.assertEqual(len(self.notices(doc.name, "east1")), 1)
		self.assertEqual(len(self.notices(doc.name, "east")), 1)
		self.assertEqual(self.notices(doc.name, "director"), [])
		self.assertIn("设备漏油", self.notices(doc.name, "east1")[0])

		doc = self.act(doc.name, "Start", "2026-03-02 10:30:00")
		self.assertEqual(doc.status, "In Progress")
		self.assertEqual(str(doc.first_response_on), "2026-03-02 10:30:00")

		# resolving needs a resolution text: refused, nothing changed
		with self.assertRaises(ResolutionRequiredError):
			self.act(doc.name, "Resolve", "2026-03-02 16:00:00")
		self.assertEqual(frappe.db.get_value("SM Complaint", doc.name, "status"), "In Progress")

		doc = self.act(doc.name, "Resolve", "2026-03-03 08:00:00", resolution="<p>更换密封圈</p>")
		self.assertEqual(doc.status, "Resolved")
		self.assertEqual(str(doc.resolved_on), "2026-03-03 08:00:00")
		# responded 10:30 <= 13:00 and resolved 08:00 <= 09:00 next day
		self.assertEqual(doc.sla_status, "Met")
		self.assertTrue(doc.survey_token_hash and doc.survey_nonce)
		self.assertEqual(str(doc.survey_expires_on), "2026-04-02 08:00:00")
		# told of the resolution (new + resolved)
		self.assertEqual(len(self.notices(doc.name, "east1")), 2)
		self.assertEqual(len(self.notices(doc.name, "east")), 2)

		doc = self.act(doc.name, "Close", "2026-03-04 09:00:00")
		self.assertEqual(
			(doc.status, str(doc.resolved_on), doc.sla_status), ("Closed", "2026-03-03 08:00:00", "Met")
		)

		# reopened after the resolution due time: the old survey link is withdrawn
		doc = self.act(doc.name, "Reopen", "2026-03-05 09:00:00")
		self.assertEqual(doc.status, "In Progress")
		self.assertEqual(doc.reopen_count, 1)
		self.assertIsNone(doc.resolved_on)
		self.assertIsNone(doc.survey_token_hash)
		self.assertEqual(str(doc.first_response_on), "2026-03-02 10:30:00")
		self.assertEqual(doc.sla_status, "Breached")
		doc = self.act(doc.name, "Resolve", "2026-03-05 10:00:00")
		self.assertEqual((str(doc.resolved_on), doc.sla_status), ("2026-03-05 10:00:00", "Breached"))

	def test_critical_late_response_is_breached(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(severity="Critical").insert()
		# due 10:00 and 17:00; first response 10:30 is late
		doc = self.act(doc.name, "Resolve", "2026-03-02 10:30:00", resolution="已退款")
		self.assertEqual(str(doc.first_response_on), "2026-03-02 10:30:00")
		self.assertEqual(doc.sla_status, "Breached")

	def test_hourly_refresh(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(severity="Medium").insert()
		# Medium: response due 17:00 (8 h window; at risk with less than 2 h left, after 15:00)
		self.assertEqual(doc.sla_status, "On Track")
		self.assertEqual(complaints.refresh_sla_statuses("2026-03-02 15:00:00"), [])
		self.assertEqual(complaints.refresh_sla_statuses("2026-03-02 15:30:00"), [doc.name])
		self.assertEqual(frappe.db.get_value("SM Complaint", doc.name, "sla_status"), "At Risk")
		self.assertEqual(complaints.refresh_sla_statuses("2026-03-02 15:45:00"), [])
		self.assertEqual(complaints.refresh_sla_statuses("2026-03-02 17:01:00"), [doc.name])
		self.assertEqual(frappe.db.get_value("SM Complaint", doc.name, "sla_status"), "Breached")

	def test_severity_change_moves_the_due_times(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(severity="Medium").insert()
		self.assertEqual(str(doc.resolution_due), "2026-03-05 09:00:00")
		with self.freeze_time("2026-03-02 09:30:00"):
			doc = frappe.get_doc("SM Complaint", doc.name)
			doc.severity = "Critical"
			doc.save()
		self.assertEqual(
			(str(doc.response_due), str(doc.resolution_due)), ("2026-03-02 10:00:00", "2026-03-02 17:00:00")
		)

	def test_computed_fields_cannot_be_set(self):
		"""Times, service level and the customer's rating come from the complaint and the survey only."""
		forged = {
			"first_response_on": "2026-03-02 09:01:00",
			"response_due": "2026-03-09 09:00:00",
			"resolution_due": "2026-03-09 09:00:00",
			"sla_status": "Met",
			"satisfaction": 1,
			"feedback": "很满意",
			"reopen_count": 0,
			"survey_token_hash": "0" * 64,
		}
		with self.freeze_time("2026-03-02 09:00:00"):
			frappe.set_user(self.team.users["service"])
			doc = self.new_complaint(**forged).insert()
		self.assertEqual(
			(
				doc.first_response_on,
				str(doc.response_due),
				doc.satisfaction,
				doc.feedback,
				doc.survey_token_hash,
			),
			(None, "2026-03-02 13:00:00", 0, None, None),
		)
		doc = self.act(doc.name, "Start", "2026-03-02 14:00:00")
		with self.freeze_time("2026-03-02 15:00:00"):
			frappe.set_user(self.team.users["service"])
			doc = frappe.get_doc("SM Complaint", doc.name)
			doc.update(forged)
			doc.save()
		frappe.set_user("Administrator")
		stored = frappe.get_doc("SM Complaint", doc.name)
		# first response 14:00 after 13:00: breached, whatever was sent
		self.assertEqual(
			(str(stored.first_response_on), str(stored.response_due), stored.sla_status, stored.satisfaction),
			("2026-03-02 14:00:00", "2026-03-02 13:00:00", "Breached", 0),
		)

	def test_medium_complaint_tells_nobody(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(severity="Medium").insert()
		self.assertEqual(self.notices(doc.name, "east1"), [])

	def test_wrong_role_cannot_move_it(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint().insert()
		frappe.set_user(self.team.users["east1"])
		# the rep sees their customer's complaint but may not move it
		self.assertTrue(frappe.has_permission("SM Complaint", "read", doc=doc.name))
		self.assertRaises(
			WorkflowTransitionError,
			apply_workflow,
			frappe.get_doc("SM Complaint", doc.name).as_dict(),
			"Start",
		)
		mine = frappe.get_doc("SM Complaint", doc.name)
		mine.status = "Resolved"
		mine.resolution = "x"
		self.assertRaises(WorkflowPermissionError, mine.save)
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("SM Complaint", doc.name, "status"), "Open")
		# a new complaint starts Open
		frappe.set_user(self.team.users["service"])
		self.assertRaises(
			WorkflowPermissionError, self.new_complaint(status="Resolved", resolution="x").insert
		)

	def test_who_sees_it(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint().insert()
		for key, sees in {
			"east1": True,
			"east": True,
			"director": True,
			"west": False,
			"west1": False,
			"east2": False,
			"service": True,
			"finance": False,
		}.items():
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				self.assertEqual(frappe.has_permission("SM Complaint", "read", doc=doc.name), sees)
				frappe.set_user("Administrator")

	def test_bad_links(self):
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "王",
				"links": [{"link_doctype": "SM Customer", "link_name": self.team.customers["west1"]}],
			}
		).insert(ignore_permissions=True)
		cases = {
			"contact of another customer": {"contact": contact.name},
			"not a service agent": {"assigned_to": self.team.users["east1"]},
		}
		for label, values in cases.items():
			with self.subTest(label):
				self.assertRaises(InvalidComplaintError, self.new_complaint(**values).insert)
		with self.freeze_time("2026-03-02 09:00:00"):
			self.assertRaises(
				InvalidComplaintError, self.new_complaint(opened_on="2026-03-02 10:00:00").insert
			)
		self.assertEqual(frappe.db.count("SM Complaint", {"subject": "设备漏油"}), 0)
		# a rep may not log a complaint for another team's customer
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(frappe.LinkValidationError, self.new_complaint("west1").insert)

	def test_rep_logs_own_customers_complaint(self):
		frappe.set_user(self.team.users["east1"])
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(severity="Critical").insert()
		self.assertEqual(doc.salesperson, self.team.salespeople["east1"])
		frappe.set_user("Administrator")
		# the rep logged it: only their manager is told
		self.assertEqual(self.notices(doc.name, "east1"), [])
		self.assertEqual(len(self.notices(doc.name, "east")), 1)

	def test_customer_timeline(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(subject="<b>漏油</b>").insert()
		self.act(doc.name, "Resolve", "2026-03-02 12:00:00", resolution="已处理")
		frappe.set_user(self.team.users["east1"])
		items = complaints.customer_timeline("SM Customer", self.team.customers["east1"])
		self.assertEqual([str(i["creation"]) for i in items], ["2026-03-02 09:00:00", "2026-03-02 12:00:00"])
		self.assertIn("&lt;b&gt;漏油&lt;/b&gt;", items[0]["content"])
		frappe.set_user(self.team.users["finance"])
		self.assertEqual(complaints.customer_timeline("SM Customer", self.team.customers["east1"]), [])


class TestComplaintSalesOrder(ComplaintCase):
	def test_agent_names_the_customers_order(self):
		"""A Service Agent may pick (not read) sales orders: the order of the complaint's customer is
		accepted, another customer's refused, and nothing of the order beyond its name is readable."""
		from sales_mgmt.tests.goods_data import make_product
		from sales_mgmt.tests.money_data import make_order

		product = make_product(product_name="液压泵")
		order = make_order(self.team.customers["east1"], [(product, 1, 100)]).name
		other = make_order(self.team.customers["west1"], [(product, 1, 100)]).name
		frappe.set_user(self.team.users["service"])
		self.assertTrue(frappe.has_permission("SM Sales Order", "select", doc=order))
		self.assertFalse(frappe.has_permission("SM Sales Order", "read", doc=order))
		complaint = self.new_complaint(sales_order=order).insert()
		self.assertEqual(complaint.sales_order, order)
		with self.assertRaises(InvalidComplaintError):
			self.new_complaint(sales_order=other).insert()
