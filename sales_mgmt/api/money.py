"""Whitelisted endpoints of the Money module: new documents made from an opportunity or a sales order
(the forms' "Create" buttons, through frappe.model.open_mapped_doc)."""

import frappe
from frappe.model.document import Document

from sales_mgmt.money import mapping


def _check(order: str, doctype: str) -> None:
	frappe.has_permission(doctype, "create", throw=True)
	if not (
		frappe.has_permission("SM Sales Order", "read", doc=order)
		or frappe.has_permission("SM Sales Order", "select", doc=order)
	):
		frappe.throw(frappe._("Could not find {0}").format(frappe.bold(order)), frappe.PermissionError)


@frappe.whitelist()
def make_sales_order(source_name: str) -> Document:
	frappe.has_permission("SM Sales Order", "create", throw=True)
	frappe.has_permission("SM Opportunity", "read", doc=source_name, throw=True)
	return mapping.new_sales_order(source_name)


@frappe.whitelist()
def make_delivery(source_name: str) -> Document:
	_check(source_name, "SM Delivery")
	return mapping.new_delivery(source_name)


@frappe.whitelist()
def make_invoice(source_name: str) -> Document:
	_check(source_name, "SM Invoice")
	return mapping.new_invoice(source_name)


@frappe.whitelist()
def make_payment(source_name: str) -> Document:
	_check(source_name, "SM Payment")
	return mapping.new_payment(source_name)
