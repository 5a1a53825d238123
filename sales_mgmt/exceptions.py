"""Errors sales_mgmt raises. Each is a ValidationError, so callers and tests can catch either the
specific class or the general one; permission refusals are also PermissionErrors (HTTP 403)."""

import frappe


class DuplicateCustomerError(frappe.DuplicateEntryError, frappe.ValidationError):
	pass


class AssignmentNotAllowedError(frappe.PermissionError, frappe.ValidationError):
	pass


class DisabledSalespersonError(frappe.ValidationError):
	pass
