# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.deals.setup import DEFAULT_LOST_REASONS, create_default_lost_reasons
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestSMLostReason(SalesTeamTestCase):
	def test_defaults_created_once(self):
		for reason in DEFAULT_LOST_REASONS:
			self.assertTrue(frappe.db.exists("SM Lost Reason", reason), reason)
		frappe.delete_doc("SM Lost Reason", "No decision")
		create_default_lost_reasons()  # a deleted default is not brought back
		self.assertFalse(frappe.db.exists("SM Lost Reason", "No decision"))

	def test_sales_manager_adds_reasons_sales_user_reads(self):
		frappe.set_user(self.team.users["east"])
		frappe.get_doc({"doctype": "SM Lost Reason", "reason": " 交期太长 "}).insert()
		self.assertTrue(frappe.db.exists("SM Lost Reason", "交期太长"))
		frappe.set_user(self.team.users["east1"])
		self.assertTrue(frappe.has_permission("SM Lost Reason", "read"))
		self.assertFalse(frappe.has_permission("SM Lost Reason", "create"))
