"""Whitelisted endpoints behind the Sales Workbench blocks."""

import frappe

from sales_mgmt.deals.hot_flags import get_active_flags
from sales_mgmt.people.hierarchy import get_salesperson


@frappe.whitelist()
def get_hot_customers() -> dict:
	"""The current user's active hot flags, most urgent first (soonest expected date, then expiry)."""
	frappe.has_permission("SM Hot Flag", "read", throw=True)
	salesperson = get_salesperson(frappe.session.user)
	return {
		"salesperson": salesperson,
		"flags": get_active_flags(salesperson) if salesperson else [],
	}
