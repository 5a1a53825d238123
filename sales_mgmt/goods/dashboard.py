"""Numbers of the Goods workspace: products below reorder level, stock value, gifts issued this month.

Each number card (type "Custom") calls an endpoint of sales_mgmt.api.goods, which returns one of
these numbers; a click opens the report behind it. Stock value is at cost, so its card is shown only
to users who may read product costs (sales_mgmt.permissions.has_number_card_permission).
"""

import frappe
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt, getdate

from sales_mgmt.goods.stock_ledger import LEDGER
from sales_mgmt.reporting import apply, scope_criteria


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


def products_below_reorder_level() -> int:
	return len(below_reorder_query().run(pluck=True))


def stock_value() -> float:
	"""Stock on hand in all warehouses valued at each product's cost price."""
	product = frappe.qb.DocType("SM Product")
	bin = frappe.qb.DocType("SM Bin")
	value = (
		frappe.qb.from_(bin)
		.join(product)
		.on(product.name == bin.product)
		.select(Coalesce(Sum(bin.actual_qty * product.cost_price), 0))
	).run()[0][0]
	return flt(value, 2)


def gifts_issued_query(from_date, to_date, user: str | None = None):
	"""Quantity of Gift products issued (not cancelled) between the dates, of the issues the user may
	see (the rule of the ledger's vouchers)."""
	ledger = frappe.qb.DocType(LEDGER)
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
	return apply(query, scope_criteria(ledger, LEDGER, user=user))
