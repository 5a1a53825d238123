"""What the Service module creates on a site is created only when absent: a consultant's changes to the
workflow and the categories survive `bench migrate` (which runs setup_service again)."""

import frappe

from sales_mgmt.service import setup
from sales_mgmt.tests import IntegrationTestCase


class TestServiceSetup(IntegrationTestCase):
	def setUp(self):
		frappe.db.savepoint("sm_service_setup")

	def tearDown(self):
		frappe.db.rollback(save_point="sm_service_setup")
		# the changed workflow was cached; the rolled-back one is read again
		frappe.clear_document_cache("Workflow", setup.WORKFLOW_NAME)
		frappe.clear_cache(doctype="SM Complaint")

	def test_workflow_edits_survive(self):
		workflow = frappe.get_doc("Workflow", setup.WORKFLOW_NAME)
		self.assertEqual(workflow.workflow_state_field, "status")
		# a consultant lets only Sales Managers reopen
		workflow.transitions = [
			t for t in workflow.transitions if not (t.action == setup.REOPEN and t.allowed == "Service Agent")
		]
		workflow.save()
		setup.setup_service()
		reopen = [
			t.allowed
			for t in frappe.get_doc("Workflow", setup.WORKFLOW_NAME).transitions
			if t.action == setup.REOPEN
		]
		self.assertEqual(reopen, ["Sales Manager", "Sales Manager"])
		self.assertEqual(frappe.db.count("Workflow", {"document_type": "SM Complaint"}), 1)

	def test_default_workflow(self):
		frappe.delete_doc("Workflow", setup.WORKFLOW_NAME)
		setup.setup_service()
		workflow = frappe.get_doc("Workflow", setup.WORKFLOW_NAME)
		moves = sorted({(t.state, t.action, t.next_state) for t in workflow.transitions})
		self.assertEqual(
			moves,
			[
				("Closed", "Reopen", "In Progress"),
				("In Progress", "Resolve", "Resolved"),
				("Open", "Resolve", "Resolved"),
				("Open", "Start", "In Progress"),
				("Resolved", "Close", "Closed"),
				("Resolved", "Reopen", "In Progress"),
			],
		)
		self.assertEqual({t.allowed for t in workflow.transitions}, {"Service Agent", "Sales Manager"})

	def test_categories_only_on_a_site_without_any(self):
		frappe.db.delete("SM Complaint Category")
		frappe.get_doc({"doctype": "SM Complaint Category", "category_name": "只有这一个"}).insert()
		setup.setup_service()
		self.assertEqual(frappe.get_all("SM Complaint Category", pluck="name"), ["只有这一个"])
		frappe.db.delete("SM Complaint Category")
		setup.setup_service()
		self.assertEqual(
			sorted(frappe.get_all("SM Complaint Category", pluck="name")), sorted(setup.DEFAULT_CATEGORIES)
		)
