# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.deals.setup import setup_deals
from sales_mgmt.deals.stages import DEFAULT_STAGES, clear_stage_cache, default_stage, get_stage
from sales_mgmt.exceptions import InvalidProbabilityError, InvalidStageError
from sales_mgmt.install import after_migrate
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestSMSalesStage(SalesTeamTestCase):
	def setUp(self):
		# these tests rename and delete stages: undo each test's changes before the next one
		frappe.db.savepoint("sm_stage_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sm_stage_test")
		clear_stage_cache()

	def test_defaults_are_installed(self):
		for stage_name, probability, stage_type, stall_days in DEFAULT_STAGES:
			with self.subTest(stage=stage_name):
				stage = frappe.get_doc("SM Sales Stage", stage_name)
				self.assertEqual(
					(stage.stage_name, stage.stage_type, stage.probability, stage.stall_days),
					(stage_name, stage_type, probability, stall_days),
				)
		# the documented defaults
		self.assertEqual(
			[(s[0], s[1], s[2]) for s in DEFAULT_STAGES],
			[
				("Early Tracking", 10, "Open"),
				("Proposal", 30, "Open"),
				("Quotation", 50, "Open"),
				("Bidding", 70, "Open"),
				("Won", 100, "Won"),
				("Lost", 0, "Lost"),
			],
		)

	def test_consultant_edits_survive_migrate(self):
		count = frappe.db.count("SM Sales Stage")
		proposal = frappe.get_doc("SM Sales Stage", "Proposal")
		proposal.update(
			{"stage_name": "Solution Design", "probability": 35, "stall_days": 10, "sequence": 25}
		)
		proposal.save()
		frappe.rename_doc("SM Sales Stage", "Bidding", "Tender")
		frappe.get_doc(
			{"doctype": "SM Sales Stage", "stage_name": "Contract Review", "probability": 85, "sequence": 45}
		).insert()
		frappe.delete_doc("SM Sales Stage", "Early Tracking")

		after_migrate()
		setup_deals()

		self.assertEqual(frappe.db.count("SM Sales Stage"), count + 1 - 1)  # added one, deleted one
		self.assertEqual(
			frappe.db.get_value(
				"SM Sales Stage", "Proposal", ["stage_name", "probability", "stall_days", "sequence"]
			),
			("Solution Design", 35, 10, 25),
		)
		self.assertFalse(frappe.db.exists("SM Sales Stage", "Bidding"))
		self.assertFalse(frappe.db.exists("SM Sales Stage", "Early Tracking"))
		self.assertFalse(frappe.db.exists("SM Sales Stage", {"stage_name": "Proposal"}))
		self.assertEqual(frappe.db.get_value("SM Sales Stage", "Tender", "stage_name"), "Bidding")
		# new opportunities now start in the first enabled open stage by sequence
		self.assertEqual(default_stage(), "Proposal")

	def test_relabelled_stage_keeps_its_key(self):
		stage = frappe.get_doc("SM Sales Stage", "Quotation")
		stage.stage_name = "报价阶段"
		stage.save()
		self.assertEqual(stage.name, "Quotation")
		opportunity = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.team.customers["east1"], "stage": "Quotation"}
		).insert()
		self.assertEqual(opportunity.probability, 50)
		new_stage = frappe.get_doc(
			{"doctype": "SM Sales Stage", "stage_name": " Site Visit ", "sequence": 15}
		).insert()
		self.assertEqual((new_stage.name, new_stage.stage_name), ("Site Visit", "Site Visit"))

	def test_renamed_stage_keeps_its_opportunities(self):
		opportunity = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.team.customers["east1"], "stage": "Quotation"}
		).insert()
		frappe.rename_doc("SM Sales Stage", "Quotation", "Price Offer")
		opportunity.reload()
		self.assertEqual(opportunity.stage, "Price Offer")
		self.assertEqual(opportunity.stage_log[0].to_stage, "Price Offer")
		self.assertEqual(get_stage("Price Offer").probability, 50)

	def test_invalid_values(self):
		for values, exc in (
			({"probability": 120}, InvalidProbabilityError),
			({"probability": -5}, InvalidProbabilityError),
			({"stall_days": -1}, InvalidStageError),
		):
			with self.subTest(values=values):
				doc = frappe.get_doc(
					{"doctype": "SM Sales Stage", "stage_name": "Odd Stage", "sequence": 1, **values}
				)
				self.assertRaises(exc, doc.insert)
		self.assertFalse(frappe.db.exists("SM Sales Stage", "Odd Stage"))

	def test_stage_in_use_cannot_be_deleted(self):
		frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.team.customers["east1"], "stage": "Proposal"}
		).insert()
		self.assertRaises(frappe.LinkExistsError, frappe.delete_doc, "SM Sales Stage", "Proposal")

	def test_only_consultants_edit_stages(self):
		for user_key, can_write in (("sysman", True), ("owner", True), ("director", False), ("east1", False)):
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				self.assertTrue(frappe.has_permission("SM Sales Stage", "read"))
				self.assertEqual(bool(frappe.has_permission("SM Sales Stage", "write")), can_write)
