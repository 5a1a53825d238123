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


class InvalidCategoryError(frappe.ValidationError):
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


class InvalidExchangeRateError(frappe.ValidationError):
	pass


class MissingExchangeRateError(frappe.ValidationError):
	pass


class ClosedOpportunityError(frappe.ValidationError):
	pass


# Money: contracts, deliveries, invoices, payments and receivables


class OverDeliveryError(frappe.ValidationError):
	pass


class OverBillingError(frappe.ValidationError):
	pass


class OverAllocationError(frappe.ValidationError):
	pass


class PaymentTermsError(frappe.ValidationError):
	pass


class ApprovalRequiredError(frappe.PermissionError, frappe.ValidationError):
	pass


class OrderNotOpenError(frappe.ValidationError):
	pass


class LinkedPostingsError(frappe.ValidationError):
	pass


class WriteOffError(frappe.ValidationError):
	pass


class DuplicateInvoiceNumberError(frappe.DuplicateEntryError, frappe.ValidationError):
	pass


# Money II: expenses and budgets


class InvalidExpenseCategoryError(frappe.ValidationError):
	pass


class CustomerRequiredError(frappe.MandatoryError, frappe.ValidationError):
	pass


class ExpenseOverBudgetError(frappe.ValidationError):
	pass


class InvalidBudgetError(frappe.ValidationError):
	pass


class DuplicateExpenseBudgetError(frappe.DuplicateEntryError, frappe.ValidationError):
	pass


# Money II: cash accounts


class CashAccountAccessError(frappe.PermissionError, frappe.ValidationError):
	pass


class DisabledCashAccountError(frappe.ValidationError):
	pass


class SameCashAccountError(frappe.ValidationError):
	pass


class BeforeOpeningDateError(frappe.ValidationError):
	pass


class LinkedCashEntryError(frappe.ValidationError):
	pass


# People: activities, daily reports and targets


class InvalidActivityError(frappe.ValidationError):
	pass


class InvalidDailyReportError(frappe.ValidationError):
	pass


class GeneratedFigureError(frappe.ValidationError):
	pass


class ReportCommentNotAllowedError(frappe.PermissionError):
	pass


class InvalidSalesTargetError(frappe.ValidationError):
	pass


class DuplicateSalesTargetError(frappe.ValidationError):
	pass


# Service: complaints, FAQ and satisfaction surveys


class InvalidComplaintError(frappe.ValidationError):
	pass


class ResolutionRequiredError(frappe.ValidationError):
	pass


class InvalidSurveyError(frappe.ValidationError):
	pass
