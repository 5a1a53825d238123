"""Bring a fresh site past Frappe's setup wizard, for tests and for the demo."""

import frappe


def complete_setup_wizard(language: str = "English") -> None:
	"""`language` is a code ("zh") or a name ("简体中文", "English"), as the wizard wants names."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	setup_complete(
		{
			"language": frappe.db.get_value("Language", language, "language_name") or language,
			"country": "China",
			"timezone": "Asia/Shanghai",
			"currency": "CNY",
		}
	)


def before_tests():
	from sales_mgmt.frappe_patches import install

	# the test runner serves no request: install what before_request would
	install()
	complete_setup_wizard()
	frappe.db.commit()
