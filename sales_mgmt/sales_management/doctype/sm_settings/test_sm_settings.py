# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestSMSettings(SalesTeamTestCase):
	def test_installed_defaults(self):
		settings = frappe.get_single("SM Settings")
		self.assertEqual(settings.base_currency, "CNY")
		self.assertEqual(str(settings.fiscal_year_start_month), "1")
		self.assertEqual(frappe.db.get_value("Currency", "CNY", "enabled"), 1)

	def test_only_owner_and_system_manager_write(self):
		for user_key, can_write in (
			("owner", True),
			("sysman", True),
			("director", False),
			("east1", False),
			("finance", False),
		):
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				self.assertTrue(frappe.has_permission("SM Settings", "read"))
				self.assertEqual(bool(frappe.has_permission("SM Settings", "write")), can_write)
				settings = frappe.get_single("SM Settings")
				settings.company_name = f"Company set by {user_key}"
				if can_write:
					settings.save()
				else:
					self.assertRaises(frappe.PermissionError, settings.save)

	def test_roles_exist(self):
		from sales_mgmt.install import ROLES

		for role in ROLES:
			self.assertTrue(frappe.db.exists("Role", role), role)
