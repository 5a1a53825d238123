"""Bring a fresh site past Frappe's setup wizard, for tests and for the demo."""

import frappe


def complete_setup_wizard(language: str = "English") -> None:
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	setup_complete(
		{
			"language": language,
			"country": "China",
			"timezone": "Asia/Shanghai",
			"currency": "CNY",
		}
	)


def before_tests():
	complete_setup_wizard()
	frappe.db.commit()
