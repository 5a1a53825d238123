"""Counting records with the same permissions as listing them."""

import frappe
from frappe.utils import get_safe_filters


@frappe.whitelist()
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	"""`frappe.client.get_count`, counting only the records the user may read (list conditions,
	hierarchy, shares). `cache` is accepted for compatibility and ignored: counts are per user."""
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=["count(*) as total"],
		order_by=None,
		debug=debug,
	)
	return rows[0].total if rows else 0
