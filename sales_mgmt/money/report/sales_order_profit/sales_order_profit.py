# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Sales Order Profit: revenue, cost, gross profit and margin of the submitted sales orders dated in
a range (order date), per order, customer (with its current salesperson), salesperson or product.

All in base currency: revenue is the order's base total (per product: each row's amount × the order's
exchange rate), cost the cost price of the products when the order was saved (per product: the rows'
cost amount), gross profit = revenue − cost, margin % = gross profit ÷ revenue. Cancelled and draft
orders are left out. Cost, gross profit and margin are shown only to those who may read the orders'
costs (permission level 1 of SM Sales Order); the chart then shows revenue only.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt

from sales_mgmt import reporting
from sales_mgmt.field_security import can_read

ORDER = "SM Sales Order"
SALES_ORDER, CUSTOMER, SALESPERSON, PRODUCT = "Sales Order", "Customer", "Salesperson", "Product"
GROUP_BY = (SALES_ORDER, CUSTOMER, SALESPERSON, PRODUCT)
CHART_ROWS = 10


@reporting.script_report("Sales Order Profit")
def execute(filters=None):
	return SalesOrderProfit(filters).run()


def margin(gross_profit: float, revenue: float) -> float:
	return flt(100 * flt(gross_profit) / flt(revenue), 2) if flt(revenue) else 0.0


class SalesOrderProfit:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(ORDER, "read", throw=True)
		self.from_date, self.to_date = reporting.date_range(self.filters)
		self.group_by = reporting.choice(self.filters, "group_by", _("Group By"), GROUP_BY, SALES_ORDER)
		self.customer = reporting.existing(self.filters, "customer", "SM Customer")
		self.order = frappe.qb.DocType(ORDER)
		self.criteria = reporting.scope_criteria(self.order, ORDER, self.filters)

	def run(self):
		data = {
			SALES_ORDER: self.by_order,
			CUSTOMER: self.by_customer,
			SALESPERSON: self.by_salesperson,
			PRODUCT: self.by_product,
		}[self.group_by]()
		for row in data:
			row.revenue = flt(row.revenue, 2)
			row.cost = flt(row.cost, 2)
			row.gross_profit = flt(row.revenue - row.cost, 2)
			row.margin_percent = margin(row.gross_profit, row.revenue)
		data.sort(key=lambda row: (-row.revenue, str(row.get(self.key_field()) or "")))
		return self.columns(), data, None, self.chart(data), self.summary(data)

	def orders(self):
		o = self.order
		query = frappe.qb.from_(o).where(o.docstatus == 1).where(o.order_date[self.from_date : self.to_date])
		if self.customer:
			query = query.where(o.customer == self.customer)
		return reporting.apply(query, self.criteria)

	def order_sums(self):
		o = self.order
		return (
			Count(o.name).as_("order_count"),
			Sum(o.base_total).as_("revenue"),
			Sum(o.total_cost).as_("cost"),
		)

	def by_order(self) -> list[dict]:
		o = self.order
		rows = (
			self.orders()
			.select(
				o.name.as_("sales_order"),
				o.order_date,
				o.customer,
				o.customer_name,
				o.salesperson,
				o.currency,
				o.base_total.as_("revenue"),
				o.total_cost.as_("cost"),
			)
			.run(as_dict=True)
		)
		self.add_salesperson_names(rows)
		for row in rows:
			row.order_count = 1
		return rows

	def by_customer(self) -> list[dict]:
		o = self.order
		customer = frappe.qb.DocType("SM Customer")
		rows = (
			self.orders()
			.left_join(customer)
			.on(customer.name == o.customer)
			.select(o.customer, customer.customer_name, customer.salesperson, *self.order_sums())
			.groupby(o.customer)
			.run(as_dict=True)
		)
		self.add_salesperson_names(rows)
		return rows

	def by_salesperson(self) -> list[dict]:
		o = self.order
		rows = (
			self.orders().select(o.salesperson, *self.order_sums()).groupby(o.salesperson).run(as_dict=True)
		)
		self.add_salesperson_names(rows)
		return rows

	def by_product(self) -> list[dict]:
		o = self.order
		item = frappe.qb.DocType("SM Sales Order Item")
		product = frappe.qb.DocType("SM Product")
		rows = (
			self.orders()
			.join(item)
			.on((item.parent == o.name) & (item.parenttype == ORDER))
			.left_join(product)
			.on(product.name == item.product)
			.select(
				item.product,
				product.product_name,
				Count(o.name).distinct().as_("order_count"),
				Sum(item.qty).as_("qty"),
				Sum(item.amount * o.exchange_rate).as_("revenue"),
				Sum(item.cost_amount).as_("cost"),
			)
			.groupby(item.product, product.product_name)
			.run(as_dict=True)
		)
		for row in rows:
			row.qty = flt(row.qty)
		return rows

	def add_salesperson_names(self, rows) -> None:
		names = reporting.salesperson_names(row.salesperson for row in rows)
		for row in rows:
			row.salesperson_name = names.get(row.salesperson) or _("(no salesperson)")

	def key_field(self) -> str:
		return {
			SALES_ORDER: "sales_order",
			CUSTOMER: "customer",
			SALESPERSON: "salesperson",
			PRODUCT: "product",
		}[self.group_by]

	def columns(self) -> list[dict]:
		customer = [
			link("customer", _("Customer"), "SM Customer", 120),
			data("customer_name", _("Customer Name"), 170),
		]
		salesperson = [
			link("salesperson", _("Salesperson"), "SM Salesperson", 110),
			data("salesperson_name", _("Salesperson Name"), 120),
		]
		orders = [{"fieldname": "order_count", "label": _("Orders"), "fieldtype": "Int", "width": 80}]
		columns = {
			SALES_ORDER: [
				link("sales_order", _("Sales Order"), ORDER, 140),
				{"fieldname": "order_date", "label": _("Order Date"), "fieldtype": "Date", "width": 100},
				*customer,
				*salesperson,
				# text, not a link: the desk checks each linked DocType against the viewer (Currency: not all read it)
				data("currency", _("Currency"), 70),
			],
			CUSTOMER: [*customer, *salesperson, *orders],
			SALESPERSON: [*salesperson, *orders],
			PRODUCT: [
				link("product", _("Product"), "SM Product", 130),
				data("product_name", _("Product Name"), 180),
				{"fieldname": "qty", "label": _("Quantity"), "fieldtype": "Float", "width": 90},
				*orders,
			],
		}[self.group_by]
		return [
			*columns,
			{"fieldname": "revenue", "label": _("Revenue"), "fieldtype": "Currency", "width": 130},
			{
				"fieldname": "cost",
				"label": _("Cost"),
				"fieldtype": "Currency",
				"width": 130,
				"source": f"{ORDER}.total_cost",
			},
			{
				"fieldname": "gross_profit",
				"label": _("Gross Profit"),
				"fieldtype": "Currency",
				"width": 130,
				"source": f"{ORDER}.gross_profit",
			},
			{
				"fieldname": "margin_percent",
				"label": _("Margin %"),
				"fieldtype": "Percent",
				"width": 100,
				"source": f"{ORDER}.margin_percent",
			},
		]

	def chart(self, data) -> dict | None:
		if not data:
			return None
		top = data[:CHART_ROWS]
		label_field = {
			SALES_ORDER: "sales_order",
			CUSTOMER: "customer_name",
			SALESPERSON: "salesperson_name",
			PRODUCT: "product_name",
		}[self.group_by]
		datasets = [{"name": _("Revenue"), "values": [row.revenue for row in top]}]
		if can_read(ORDER, "gross_profit"):
			datasets.append({"name": _("Gross Profit"), "values": [row.gross_profit for row in top]})
		return {
			"data": {
				"labels": [str(row.get(label_field) or row.get(self.key_field()) or "") for row in top],
				"datasets": datasets,
			},
			"type": "bar",
			"fieldtype": "Currency",
			"colors": ["#449CF0", "#48BB74"],
		}

	def summary(self, data) -> list[dict]:
		revenue = flt(sum(row.revenue for row in data), 2)
		cost = flt(sum(row.cost for row in data), 2)
		gross_profit = flt(revenue - cost, 2)
		orders = self.order_total() if self.group_by == PRODUCT else sum(row.order_count for row in data)
		return [
			{"value": revenue, "label": _("Revenue"), "datatype": "Currency", "indicator": "Blue"},
			{"value": cost, "label": _("Cost"), "datatype": "Currency", "source": f"{ORDER}.total_cost"},
			{
				"value": gross_profit,
				"label": _("Gross Profit"),
				"datatype": "Currency",
				"indicator": "Green" if gross_profit >= 0 else "Red",
				"source": f"{ORDER}.gross_profit",
			},
			{
				"value": margin(gross_profit, revenue),
				"label": _("Margin %"),
				"datatype": "Percent",
				"source": f"{ORDER}.margin_percent",
			},
			{"value": orders, "label": _("Orders"), "datatype": "Int"},
		]

	def order_total(self) -> int:
		"""Orders in the report (per product, an order with several products is in several rows)."""
		return self.orders().select(Count(self.order.name)).run()[0][0]


def link(fieldname: str, label: str, options: str, width: int) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": "Link", "options": options, "width": width}


def data(fieldname: str, label: str, width: int) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": "Data", "width": width}
