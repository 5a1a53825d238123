"""Errors sales_mgmt raises. Each is a ValidationError, so callers and tests can catch either the
specific class or the general one; permission refusals are also PermissionErrors (HTTP 403)."""

import frappe


class DuplicateCustomerError(frappe.DuplicateEntryError, frappe.ValidationError):
	pass


class AssignmentNotAllowedError(frappe.PermissionError, frappe.ValidationError):
	pass


class DisabledSalespersonError(frappe.ValidationError):
	pass


# Goods: products, warehouses and stock


class InvalidQuantityError(frappe.ValidationError):
	pass


class NegativeStockError(frappe.ValidationError):
	pass


class BackdatedPostingError(frappe.ValidationError):
	pass


class FuturePostingError(frappe.ValidationError):
	pass


class SameWarehouseError(frappe.ValidationError):
	pass


class MissingWarehouseError(frappe.ValidationError):
	pass


class DisabledProductError(frappe.ValidationError):
	pass


class DisabledWarehouseError(frappe.ValidationError):
	pass


class NonStockItemError(frappe.ValidationError):
	pass


class ImmutableLedgerError(frappe.ValidationError):
	pass


class PriceBelowCostError(frappe.ValidationError):
	pass


class WarehouseHasStockError(frappe.ValidationError):
	pass


class StockItemChangeError(frappe.ValidationError):
	pass


class InvalidPeriodError(frappe.ValidationError):
	pass


class DuplicateSalesBudgetError(frappe.DuplicateEntryError, frappe.ValidationError):
	pass


class InvalidReportFilterError(frappe.ValidationError):
	pass
