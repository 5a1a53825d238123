"""Numbers of the Goods workspace: products below reorder level, stock value, gifts issued this month.

Each number card calls one of these whitelisted functions (Number Card type "Custom"); a click
opens the report behind the number. Stock value is at cost, so its card is shown only to users who
may read product costs (`has_number_card_permission`, wired in hooks.py).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt, get_first_day, get_last_day, getdate, today

from sales_mgmt.permissions import get_visible_salespeople

STOCK_VALUE_CARD = "Stock Value"
ISSUE_ENTRY_DOCTYPE = "SM Stock Entry"


def can_read_cost(user: str | None = None) -> bool:
	"""Whether `user` may read SM Product.cost_price (permlevel 1)."""
	user = user or frappe.session.user
	return user == "Administrator" or 1 in frappe.get_meta("SM Product").get_permlevel_access(
		"read", user=user
	)


def has_number_card_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""Hide the stock value card from users who may not see costs; leave every other card to Frappe."""
	if doc.name == STOCK_VALUE_CARD and not can_read_cost(user):
		return False
	return None


def below_reorder_query():
	"""Enabled stock products with a reorder level whose stock in all warehouses is below it."""
	product = frappe.qb.DocType("SM Product")
	bin = frappe.qb.DocType("SM Bin")
	stock = Coalesce(Sum(bin.actual_qty), 0)
	return (
		frappe.qb.from_(product)
		.left_join(bin)
		.on(bin.product == product.name)
		.select(product.name)
		.where((product.enabled == 1) & (product.is_stock_item == 1) & (product.reorder_level > 0))
		.groupby(product.name, product.reorder_level)
		.having(stock < product.reorder_level)
	)


@frappe.whitelist()
def products_below_reorder_level(filters=None) -> dict:
	frappe.has_permission("SM Product", "read", throw=True)
	count = len(below_reorder_query().run(pluck=True))
	return {
		"value": count,
		"fieldtype": "Int",
		"route": ["query-report", "Stock Balance"],
		"route_options": {"below_reorder_only": 1},
	}


@frappe.whitelist()
def stock_value(filters=None) -> dict:
	"""Stock on hand in all warehouses valued at each product's cost price."""
	if not can_read_cost():
		raise frappe.PermissionError(_("You may not see product costs."))
	product = frappe.qb.DocType("SM Product")
	bin = frappe.qb.DocType("SM Bin")
	value = (
		frappe.qb.from_(bin)
		.join(product)
		.on(product.name == bin.product)
		.select(Coalesce(Sum(bin.actual_qty * product.cost_price), 0))
	).run()[0][0]
	return {
		"value": flt(value, 2),
		"fieldtype": "Currency",
		"route": ["query-report", "Stock Balance"],
	}


def gifts_issued_query(from_date, to_date, user: str | None = None):
	"""Quantity of Gift products issued (not cancelled) between the dates, in the user's scope."""
	ledger = frappe.qb.DocType("SM Stock Ledger Entry")
	product = frappe.qb.DocType("SM Product")
	query = (
		frappe.qb.from_(ledger)
		.join(product)
		.on(product.name == ledger.product)
		.select(Coalesce(Sum(-ledger.qty_change), 0))
		.where(
			(product.product_type == "Gift")
			& (ledger.is_cancelled == 0)
			& (ledger.qty_change < 0)
			& ledger.purpose.isnotnull()
			& (ledger.purpose != "")
			& ledger.posting_date.between(getdate(from_date), getdate(to_date))
		)
	)
	visible = get_visible_salespeople(user, ISSUE_ENTRY_DOCTYPE)
	if visible is not None:
		query = query.where(ledger.salesperson.isin(visible or [""]))
	return query


@frappe.whitelist()
def gifts_issued_this_month(filters=None) -> dict:
	frappe.has_permission(ISSUE_ENTRY_DOCTYPE, "read", throw=True)
	date = today()
	value = gifts_issued_query(get_first_day(date), get_last_day(date)).run()[0][0]
	return {
		"value": flt(value),
		"fieldtype": "Float",
		"route": ["query-report", "Promo & Gift Consumption"],
		"route_options": {"product_type": "Gift"},
	}
