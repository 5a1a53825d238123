"""Errors sales_mgmt raises. Each is a ValidationError, so callers and tests can catch either the
specific class or the general one; permission refusals are also PermissionErrors (HTTP 403)."""

import frappe


class DuplicateCustomerError(frappe.DuplicateEntryError, frappe.ValidationError):
	pass


class AssignmentNotAllowedError(frappe.PermissionError, frappe.ValidationError):
	pass


class DisabledSalespersonError(frappe.ValidationError):
	pass


# Deals


class InvalidStageError(frappe.ValidationError):
	pass


class StageChangeNotAllowedError(frappe.PermissionError, frappe.ValidationError):
	pass


class InvalidProbabilityError(frappe.ValidationError):
	pass


class InvalidAmountError(frappe.ValidationError):
	pass


class InvalidCloseDateError(frappe.ValidationError):
	pass


class LostReasonRequiredError(frappe.MandatoryError, frappe.ValidationError):
	pass


class LeadConversionError(frappe.ValidationError):
	pass


class LeadStatusError(frappe.ValidationError):
	pass


class HotFlagNoteError(frappe.ValidationError):
	pass


class DuplicateHotFlagError(frappe.DuplicateEntryError, frappe.ValidationError):
	pass


class InvalidReportFilterError(frappe.ValidationError):
	pass


class InvalidHotFlagError(frappe.ValidationError):
	pass
