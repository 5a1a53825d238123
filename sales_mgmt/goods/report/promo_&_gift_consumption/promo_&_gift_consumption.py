# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Promo & Gift Consumption: where promotional materials and gifts went, and how fast they go.

*Issued* is the quantity of Promotional Material and Gift products taken out of stock by issues
(any purpose, cancelled issues excluded) from From Date to To Date.

- By Product: issued per purpose; stock on hand now; average daily consumption = issued ÷ days in
  the period; days of cover = stock on hand ÷ average daily consumption (blank when nothing was
  issued). The period's days run from From Date to To Date but not beyond today.
- By Customer: promotional materials and gifts each customer received, gift value at cost, and the
  customer's delivered value — goods issued to them for Sales Delivery, at list price — with gift
  value as a percentage of it. Invoiced sales replace delivered value when the Money module
  arrives.
- By Salesperson: what each salesperson handed out, and to how many customers.
- By Purpose: issued per purpose.

Sales users and managers see the customers and salespeople of their part of the hierarchy (the
rule of SM Stock Entry); product and purpose totals are company-wide, like stock itself. Values at
cost only for users who may read product costs.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Sum
from frappe.utils import date_diff, flt, getdate, today

from sales_mgmt.field_security import can_read
from sales_mgmt.reporting import (
	apply,
	choice,
	date_range,
	existing,
	salesperson_columns,
	scope_criteria,
	script_report,
)

PROMO = "Promotional Material"
GIFT = "Gift"
PURPOSES = ("Promotion", "Gift", "Sales Delivery", "Internal Use", "Scrap")
SALES_DELIVERY = "Sales Delivery"
GROUP_BY = ("Product", "Customer", "Salesperson", "Purpose")


@script_report("Promo & Gift Consumption")
def execute(filters=None):
	return PromoGiftConsumption(filters).run()


def days_in_period(from_date, to_date, as_of=None) -> int:
	"""Days from From Date to To Date, not counting days after `as_of` (today)."""
	end = min(getdate(to_date), getdate(as_of or today()))
	return max(date_diff(end, from_date) + 1, 0)


def consumption(issued: float, on_hand: float, days: int) -> tuple[float | None, float | None]:
	"""(average daily consumption, days of cover); None where undefined."""
	if days <= 0:
		return None, None
	average = issued / days
	if issued <= 0:
		return average, None
	return average, on_hand / average


class PromoGiftConsumption:
	def __init__(self, filters=None):
		filters = frappe._dict(filters or {})
		frappe.has_permission("SM Stock Ledger Entry", "read", throw=True)
		self.from_date, self.to_date = date_range(filters)
		self.group_by = choice(filters, "group_by", _("Group By"), GROUP_BY, "Product")
		product_type = choice(filters, "product_type", _("Product Type"), (PROMO, GIFT))
		self.types = [product_type] if product_type else [PROMO, GIFT]
		self.product = existing(filters, "product", "SM Product")
		self.warehouse = existing(filters, "warehouse", "SM Warehouse")
		self.show_cost = can_read("SM Product", "cost_price")
		self.days = days_in_period(self.from_date, self.to_date)
		self.ledger = frappe.qb.DocType("SM Stock Ledger Entry")
		self.product_table = frappe.qb.DocType("SM Product")

	def run(self):
		method = {
			"Product": self.by_product,
			"Customer": self.by_customer,
			"Salesperson": self.by_salesperson,
			"Purpose": self.by_purpose,
		}[self.group_by]
		columns, data = method()
		return columns, data, None, self.get_chart(data), self.get_summary(data)

	# --- building blocks ---------------------------------------------------------------------------

	def issues(self, promo_only: bool = True):
		"""Live issue movements in the period (of promotional products unless `promo_only` is off)."""
		ledger, product = self.ledger, self.product_table
		condition = (
			(ledger.is_cancelled == 0)
			& (ledger.qty_change < 0)
			& ledger.purpose.isnotnull()
			& (ledger.purpose != "")
			& ledger.posting_date.between(self.from_date, self.to_date)
		)
		if self.warehouse:
			condition &= ledger.warehouse == self.warehouse
		if promo_only:
			condition &= self.is_promo()
		return frappe.qb.from_(ledger).join(product).on(product.name == ledger.product).where(condition)

	def is_promo(self):
		condition = self.product_table.product_type.isin(self.types)
		if self.product:
			condition &= self.product_table.name == self.product
		return condition

	def issued_of(self, product_type: str, when=None):
		"""Sum of issued quantity of `product_type` products (and `when`)."""
		condition = self.is_promo() & (self.product_table.product_type == product_type)
		if when is not None:
			condition &= when
		return Coalesce(Sum(Case().when(condition, -self.ledger.qty_change).else_(0)), 0)

	def gift_value(self):
		condition = self.is_promo() & (self.product_table.product_type == GIFT)
		value = -self.ledger.qty_change * self.product_table.cost_price
		return Coalesce(Sum(Case().when(condition, value).else_(0)), 0)

	def restrict_to_scope(self, query):
		"""Only the issues the viewer may see (the rule of the ledger's vouchers)."""
		return apply(query, scope_criteria(self.ledger, "SM Stock Ledger Entry"))

	# --- views -------------------------------------------------------------------------------------

	def by_product(self):
		ledger, product = self.ledger, self.product_table
		query = self.issues().select(
			product.name.as_("product"),
			product.product_name,
			product.product_type,
			product.uom,
			Sum(-ledger.qty_change).as_("issued_qty"),
		)
		for index, purpose in enumerate(PURPOSES):
			query = query.select(
				Sum(Case().when(ledger.purpose == purpose, -ledger.qty_change).else_(0)).as_(
					f"purpose_{index}"
				)
			)
		issued = {
			row.product: row
			for row in query.groupby(
				product.name, product.product_name, product.product_type, product.uom
			).run(as_dict=True)
		}

		bin = frappe.qb.DocType("SM Bin")
		stock_query = (
			frappe.qb.from_(bin)
			.join(product)
			.on(product.name == bin.product)
			.select(
				product.name.as_("product"),
				product.product_name,
				product.product_type,
				product.uom,
				Sum(bin.actual_qty).as_("on_hand"),
			)
			.where(self.is_promo())
			.groupby(product.name, product.product_name, product.product_type, product.uom)
			.having(Sum(bin.actual_qty) != 0)
		)
		if self.warehouse:
			stock_query = stock_query.where(bin.warehouse == self.warehouse)
		on_hand = {row.product: row for row in stock_query.run(as_dict=True)}

		data = []
		for name in sorted(set(issued) | set(on_hand)):
			base = issued.get(name) or on_hand[name]
			row = frappe._dict(
				product=name,
				product_name=base.product_name,
				product_type=base.product_type,
				uom=base.uom,
				issued_qty=flt(base.get("issued_qty")) if name in issued else 0.0,
				on_hand=flt(on_hand[name].on_hand) if name in on_hand else 0.0,
			)
			for index in range(len(PURPOSES)):
				row[f"purpose_{index}"] = flt(issued[name][f"purpose_{index}"]) if name in issued else 0.0
			row.avg_daily, row.days_of_cover = consumption(row.issued_qty, row.on_hand, self.days)
			data.append(row)

		columns = [
			*self.product_columns(),
			*(
				{"label": _(purpose), "fieldname": f"purpose_{index}", "fieldtype": "Float", "width": 100}
				for index, purpose in enumerate(PURPOSES)
			),
			{"label": _("Issued"), "fieldname": "issued_qty", "fieldtype": "Float", "width": 100},
			{"label": _("Stock on Hand"), "fieldname": "on_hand", "fieldtype": "Float", "width": 110},
			{
				"label": _("Average Daily Consumption"),
				"fieldname": "avg_daily",
				"fieldtype": "Float",
				"precision": 3,
				"width": 130,
			},
			{
				"label": _("Days of Cover"),
				"fieldname": "days_of_cover",
				"fieldtype": "Float",
				"precision": 1,
				"width": 110,
			},
		]
		return columns, data

	def by_customer(self):
		ledger, product = self.ledger, self.product_table
		customer = frappe.qb.DocType("SM Customer")
		promo_qty = self.issued_of(PROMO)
		gift_qty = self.issued_of(GIFT)
		delivered = Coalesce(
			Sum(
				Case()
				.when(ledger.purpose == SALES_DELIVERY, -ledger.qty_change * product.standard_price)
				.else_(0)
			),
			0,
		)
		query = (
			self.issues(promo_only=False)
			.left_join(customer)
			.on(customer.name == ledger.customer)
			.select(
				ledger.customer,
				customer.customer_name,
				promo_qty.as_("promo_qty"),
				gift_qty.as_("gift_qty"),
				delivered.as_("delivered_value"),
			)
			.where(ledger.customer.isnotnull() & (ledger.customer != ""))
			.where(self.is_promo() | (ledger.purpose == SALES_DELIVERY))
			.groupby(ledger.customer, customer.customer_name)
			.having((promo_qty + gift_qty) > 0)
			.orderby(ledger.customer)
		)
		if self.show_cost:
			query = query.select(self.gift_value().as_("gift_value"))
		data = self.restrict_to_scope(query).run(as_dict=True)
		for row in data:
			row.issued_qty = flt(row.promo_qty) + flt(row.gift_qty)
			if self.show_cost:
				row.gift_share = (
					flt(row.gift_value) / flt(row.delivered_value) * 100 if flt(row.delivered_value) else None
				)

		columns = [
			{
				"label": _("Customer"),
				"fieldname": "customer",
				"fieldtype": "Link",
				"options": "SM Customer",
				"width": 120,
			},
			{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 180},
			*self.quantity_columns(),
		]
		if self.show_cost:
			columns.append(
				{
					"label": _("Gift Value"),
					"fieldname": "gift_value",
					"fieldtype": "Currency",
					"width": 110,
					"source": "SM Product.cost_price",
				}
			)
		columns.append(
			{
				"label": _("Delivered Value (List Price)"),
				"fieldname": "delivered_value",
				"fieldtype": "Currency",
				"width": 150,
			}
		)
		if self.show_cost:
			columns.append(
				{
					"label": _("Gift Value % of Delivered"),
					"fieldname": "gift_share",
					"fieldtype": "Percent",
					"width": 140,
				}
			)
		return columns, data

	def by_salesperson(self):
		ledger = self.ledger
		salesperson = frappe.qb.DocType("SM Salesperson")
		query = (
			self.issues()
			.left_join(salesperson)
			.on(salesperson.name == ledger.salesperson)
			.select(
				ledger.salesperson,
				salesperson.salesperson_name,
				self.issued_of(PROMO).as_("promo_qty"),
				self.issued_of(GIFT).as_("gift_qty"),
				Count(ledger.customer).distinct().as_("customers"),
			)
			.groupby(ledger.salesperson, salesperson.salesperson_name)
			.orderby(ledger.salesperson)
		)
		if self.show_cost:
			query = query.select(self.gift_value().as_("gift_value"))
		data = self.restrict_to_scope(query).run(as_dict=True)
		for row in data:
			row.issued_qty = flt(row.promo_qty) + flt(row.gift_qty)
			if not row.salesperson:
				row.salesperson_name = _("Not Set")

		columns = [
			*salesperson_columns(),
			*self.quantity_columns(),
			{"label": _("Customers Reached"), "fieldname": "customers", "fieldtype": "Int", "width": 120},
		]
		if self.show_cost:
			columns.append(
				{
					"label": _("Gift Value"),
					"fieldname": "gift_value",
					"fieldtype": "Currency",
					"width": 110,
					"source": "SM Product.cost_price",
				}
			)
		return columns, data

	def by_purpose(self):
		ledger = self.ledger
		data = (
			self.issues()
			.select(
				ledger.purpose,
				self.issued_of(PROMO).as_("promo_qty"),
				self.issued_of(GIFT).as_("gift_qty"),
				Count(ledger.product).distinct().as_("products"),
			)
			.groupby(ledger.purpose)
			.orderby(ledger.purpose)
		).run(as_dict=True)
		for row in data:
			row.issued_qty = flt(row.promo_qty) + flt(row.gift_qty)
		columns = [
			{"label": _("Purpose"), "fieldname": "purpose", "fieldtype": "Select", "width": 140},
			*self.quantity_columns(),
			{"label": _("Products"), "fieldname": "products", "fieldtype": "Int", "width": 100},
		]
		return columns, data

	# --- presentation ------------------------------------------------------------------------------

	def product_columns(self) -> list[dict]:
		return [
			{
				"label": _("Product"),
				"fieldname": "product",
				"fieldtype": "Link",
				"options": "SM Product",
				"width": 120,
			},
			{"label": _("Product Name"), "fieldname": "product_name", "fieldtype": "Data", "width": 170},
			{"label": _("Product Type"), "fieldname": "product_type", "fieldtype": "Select", "width": 120},
			{"label": _("Unit of Measure"), "fieldname": "uom", "fieldtype": "Data", "width": 80},
		]

	def quantity_columns(self) -> list[dict]:
		return [
			{
				"label": _("Promotional Material"),
				"fieldname": "promo_qty",
				"fieldtype": "Float",
				"width": 130,
			},
			{"label": _("Gifts"), "fieldname": "gift_qty", "fieldtype": "Float", "width": 100},
			{"label": _("Issued"), "fieldname": "issued_qty", "fieldtype": "Float", "width": 100},
		]

	def get_chart(self, data: list[dict]) -> dict | None:
		key, label = {
			"Product": ("product_name", None),
			"Customer": ("customer_name", None),
			"Salesperson": ("salesperson_name", None),
			"Purpose": ("purpose", _),
		}[self.group_by]
		top = sorted((row for row in data if flt(row.issued_qty) > 0), key=lambda r: -flt(r.issued_qty))[:10]
		if not top:
			return None
		return {
			"data": {
				"labels": [label(row[key]) if label else row[key] or "" for row in top],
				"datasets": [{"name": _("Issued"), "values": [flt(row.issued_qty) for row in top]}],
			},
			"type": "bar",
			"colors": ["#ECAD4B"],
		}

	def get_summary(self, data: list[dict]) -> list[dict]:
		if self.group_by == "Product":
			promo = sum(flt(row.issued_qty) for row in data if row.product_type == PROMO)
			gifts = sum(flt(row.issued_qty) for row in data if row.product_type == GIFT)
		else:
			promo = sum(flt(row.promo_qty) for row in data)
			gifts = sum(flt(row.gift_qty) for row in data)
		return [
			{
				"label": _("Promotional Material Issued"),
				"value": promo,
				"datatype": "Float",
				"indicator": "Blue",
			},
			{"label": _("Gifts Issued"), "value": gifts, "datatype": "Float", "indicator": "Orange"},
			{"label": _("Days in Period"), "value": self.days, "datatype": "Int"},
		]
