"""Make a demo site usable: Frappe's setup wizard done in Chinese, scheduler on."""

import frappe
from frappe.utils.scheduler import enable_scheduler

from sales_mgmt.demo.guard import check_site_kind
from sales_mgmt.site_setup import complete_setup_wizard


def prepare_site(language: str = "zh") -> None:
	"""Complete the setup wizard in `language` (a code such as "zh") and enable the scheduler."""
	check_site_kind()
	# the setup wizard takes a language by its name (简体中文), not by its code
	complete_setup_wizard(frappe.db.get_value("Language", language, "language_name") or language)
	enable_scheduler()
	frappe.db.commit()
