"""Whitelisted endpoints of the Goods module: the Goods workspace's number cards."""

import frappe
from frappe import _
from frappe.utils import flt, get_first_day, get_last_day, today

from sales_mgmt.field_security import can_read
from sales_mgmt.goods import dashboard


@frappe.whitelist()
def products_below_reorder_level(filters: str | dict | None = None) -> dict:
	frappe.has_permission("SM Product", "read", throw=True)
	return {
		"value": dashboard.products_below_reorder_level(),
		"fieldtype": "Int",
		"route": ["query-report", "Stock Balance"],
		"route_options": {"below_reorder_only": 1},
	}


@frappe.whitelist()
def stock_value(filters: str | dict | None = None) -> dict:
	frappe.has_permission("SM Product", "read", throw=True)
	if not can_read("SM Product", "cost_price"):
		frappe.throw(_("You may not see product costs."), frappe.PermissionError, title=_("Not permitted"))
	return {
		"value": dashboard.stock_value(),
		"fieldtype": "Currency",
		"route": ["query-report", "Stock Balance"],
	}


@frappe.whitelist()
def gifts_issued_this_month(filters: str | dict | None = None) -> dict:
	frappe.has_permission(dashboard.LEDGER, "read", throw=True)
	date = today()
	value = dashboard.gifts_issued_query(get_first_day(date), get_last_day(date)).run()[0][0]
	return {
		"value": flt(value),
		"fieldtype": "Float",
		"route": ["query-report", "Promo & Gift Consumption"],
		"route_options": {"product_type": "Gift"},
	}
