"""Exchange rates of opportunities in a foreign currency: the DocType **Currency Exchange**.

Currency Exchange is ERPNext's DocType (Frappe v15 itself has none). Where ERPNext is installed its
rates are used as they are; on a site without it, sales_mgmt creates a DocType of that name with
ERPNext's fields (date, from and to currency, exchange rate, for buying / for selling), so that a site
adding ERPNext later keeps the rates and ERPNext takes the DocType over.

The rate of an opportunity is the latest Currency Exchange for selling from its currency to the base
currency (SM Settings) dated on or before the opportunity's date. Only that direction counts: a rate
entered from the base currency to the foreign one is not inverted, so every rate in use is one
somebody entered as it is used. There is no fallback: a currency without a rate is refused, never
taken at 1.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_mgmt.exceptions import InvalidExchangeRateError, MissingExchangeRateError
from sales_mgmt.user_text import bold

CURRENCY_EXCHANGE = "Currency Exchange"
_RATE_ROLES = ("System Manager", "Business Owner", "Finance User")
_READ_ROLES = ("Sales Manager", "Sales User")


def get_exchange_rate(from_currency: str, to_currency: str, day) -> float | None:
	"""Units of `to_currency` per unit of `from_currency` on `day`, or None when no rate is entered."""
	return get_dated_exchange_rate(from_currency, to_currency, day)[0]


def get_dated_exchange_rate(from_currency: str, to_currency: str, day) -> tuple[float | None, object]:
	"""(rate, the date it was entered for) in use on `day`: (1, None) for one currency, (None, None)
	when no rate is entered."""
	if from_currency == to_currency:
		return 1.0, None
	filters = {"from_currency": from_currency, "to_currency": to_currency, "date": ("<=", getdate(day))}
	if frappe.get_meta(CURRENCY_EXCHANGE).has_field("for_selling"):
		filters["for_selling"] = 1
	rate = frappe.get_all(
		CURRENCY_EXCHANGE, filters=filters, fields=["exchange_rate", "date"], order_by="date desc", limit=1
	)
	return (flt(rate[0].exchange_rate), rate[0].date) if rate else (None, None)


def require_exchange_rate(from_currency: str, to_currency: str, day) -> float:
	"""The rate of `get_exchange_rate`, refused with a translated error when none is entered."""
	rate = get_exchange_rate(from_currency, to_currency, day)
	if not rate:
		frappe.throw(
			_(
				"There is no exchange rate from {0} to {1} on or before {2}; add one in Currency Exchange."
			).format(bold(from_currency), bold(to_currency), frappe.format(day, "Date")),
			MissingExchangeRateError,
			title=_("Missing exchange rate"),
		)
	return rate


def validate_currency_exchange(doc, method=None) -> None:
	"""`validate` of Currency Exchange (ours or ERPNext's): two currencies and a positive rate."""
	if doc.from_currency == doc.to_currency:
		frappe.throw(
			_("From Currency and To Currency must differ."),
			InvalidExchangeRateError,
			title=_("Invalid exchange rate"),
		)
	if flt(doc.exchange_rate) <= 0:
		frappe.throw(
			_("The exchange rate must be greater than 0."),
			InvalidExchangeRateError,
			title=_("Invalid exchange rate"),
		)


def create_currency_exchange() -> None:
	"""Create Currency Exchange as ERPNext defines it, on a site that has none (after install and
	every migrate; never touched once it exists)."""
	if frappe.db.exists("DocType", CURRENCY_EXCHANGE):
		return
	perms = [
		{"role": role, **dict.fromkeys(("read", "write", "create", "delete", "report", "export"), 1)}
		for role in _RATE_ROLES
	]
	# a DocPerm's write, create and delete default to 1
	perms += [
		{"role": role, "read": 1, "report": 1, "write": 0, "create": 0, "delete": 0} for role in _READ_ROLES
	]
	frappe.get_doc(
		{
			"doctype": "DocType",
			"name": CURRENCY_EXCHANGE,
			"module": "Deals",
			"custom": 1,
			"autoname": "format:{date}-{from_currency}-{to_currency}",
			"title_field": "from_currency",
			"sort_field": "date",
			"sort_order": "DESC",
			"track_changes": 1,
			"description": "How many units of one currency one unit of another is worth from a day on",
			"fields": [
				{
					"fieldname": "date",
					"label": "Date",
					"fieldtype": "Date",
					"reqd": 1,
					"default": "Today",
					"in_list_view": 1,
				},
				{
					"fieldname": "from_currency",
					"label": "From Currency",
					"fieldtype": "Link",
					"options": "Currency",
					"reqd": 1,
					"in_list_view": 1,
					"in_standard_filter": 1,
				},
				{
					"fieldname": "to_currency",
					"label": "To Currency",
					"fieldtype": "Link",
					"options": "Currency",
					"reqd": 1,
					"in_list_view": 1,
					"in_standard_filter": 1,
				},
				{"fieldname": "column_break_5", "fieldtype": "Column Break"},
				{
					"fieldname": "exchange_rate",
					"label": "Exchange Rate",
					"fieldtype": "Float",
					"precision": "9",
					"reqd": 1,
					"in_list_view": 1,
					"description": "Units of To Currency per unit of From Currency",
				},
				{"fieldname": "for_buying", "label": "For Buying", "fieldtype": "Check", "default": "1"},
				{"fieldname": "for_selling", "label": "For Selling", "fieldtype": "Check", "default": "1"},
			],
			"permissions": perms,
		}
	).insert(ignore_permissions=True)
	frappe.db.add_index(CURRENCY_EXCHANGE, ["from_currency", "to_currency", "date"])
