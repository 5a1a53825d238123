# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Stock Balance: the quantity of every stock product in every warehouse, now.

- One row per product with a column per warehouse (or, in the "Warehouses as Rows" layout, one row
  per product and warehouse). Total Quantity sums the warehouses shown.
- Below Reorder Level: the product has a reorder level and its total quantity is below it.
- Cost Price and Stock Value (quantity × cost price) only for users who may read product costs.
- Products with no stock are left out unless "Show Products Without Stock" is ticked; "Below Reorder
  Level Only" shows exactly the flagged products, including those without stock.
"""

from operator import itemgetter

import frappe
from frappe import _
from frappe.query_builder import Case, Field
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import cint, flt

from sales_mgmt.field_security import can_read
from sales_mgmt.goods.doctype.sm_product_category.sm_product_category import get_category_with_descendants
from sales_mgmt.reporting import choice, existing, script_report

COLUMNS_LAYOUT = "Warehouses as Columns"
ROWS_LAYOUT = "Warehouses as Rows"
PRODUCT_TYPES = ("Sales Item", "Promotional Material", "Gift")


@script_report("Stock Balance")
def execute(filters=None):
	return StockBalance(filters).run()


class StockBalance:
	def __init__(self, filters=None):
		filters = frappe._dict(filters or {})
		frappe.has_permission("SM Bin", "read", throw=True)
		self.layout = choice(filters, "layout", _("Layout"), (COLUMNS_LAYOUT, ROWS_LAYOUT), COLUMNS_LAYOUT)
		self.product_type = choice(filters, "product_type", _("Product Type"), PRODUCT_TYPES)
		self.category = existing(filters, "category", "SM Product Category")
		self.product = existing(filters, "product", "SM Product")
		self.warehouse = existing(filters, "warehouse", "SM Warehouse")
		self.below_reorder_only = cint(filters.below_reorder_only)
		self.show_zero = cint(filters.show_zero)
		self.show_cost = can_read("SM Product", "cost_price")

	def run(self):
		self.warehouses = self.get_warehouses()
		products = self.get_products()
		if self.layout == ROWS_LAYOUT:
			columns, data = self.rows_columns(), self.unpivot(products)
		else:
			columns, data = self.product_columns(), products
		return columns, data, None, self.get_chart(products), self.get_summary(products)

	def get_warehouses(self) -> list[str]:
		"""Warehouses to show: the filtered one, or every enabled warehouse and any holding stock."""
		if self.warehouse:
			return [self.warehouse]
		warehouse = frappe.qb.DocType("SM Warehouse")
		bin = frappe.qb.DocType("SM Bin")
		stocked = frappe.qb.from_(bin).select(bin.warehouse).where(bin.actual_qty != 0).distinct()
		return (
			frappe.qb.from_(warehouse)
			.select(warehouse.name)
			.where((warehouse.enabled == 1) | warehouse.name.isin(stocked))
			.orderby(warehouse.name)
		).run(pluck=True)

	def get_products(self) -> list[dict]:
		"""One row per product: quantity per warehouse (wh_0, wh_1 …), total, flag, value.

		The bins are summed per product in a derived table (read along the product index), then joined
		to the products: cheaper than grouping the joined rows by every product column."""
		product = frappe.qb.DocType("SM Product")
		bin = frappe.qb.DocType("SM Bin")
		per_product = (
			frappe.qb.from_(bin)
			.select(bin.product, Sum(bin.actual_qty).as_("total_qty"))
			.groupby(bin.product)
		)
		for index, name in enumerate(self.warehouses):
			per_product = per_product.select(
				Sum(Case().when(bin.warehouse == name, bin.actual_qty).else_(0)).as_(f"wh_{index}")
			)
		if self.warehouse:
			per_product = per_product.where(bin.warehouse == self.warehouse)
		bins = per_product.as_("bins")
		total = Coalesce(bins.total_qty, 0)
		query = (
			frappe.qb.from_(product)
			.left_join(bins)
			.on(bins.product == product.name)
			.select(
				product.name.as_("product"),
				product.product_name,
				product.category,
				product.product_type,
				product.uom,
				product.reorder_level,
				total.as_("total_qty"),
				*(
					Coalesce(Field(f"wh_{index}", table=bins), 0).as_(f"wh_{index}")
					for index in range(len(self.warehouses))
				),
			)
			.where(product.is_stock_item == 1)
			.orderby(product.name)
		)
		if self.show_cost:
			query = query.select(product.cost_price, (total * product.cost_price).as_("stock_value"))
		if self.product:
			query = query.where(product.name == self.product)
		if self.product_type:
			query = query.where(product.product_type == self.product_type)
		if self.category:
			query = query.where(product.category.isin(get_category_with_descendants(self.category)))
		if self.below_reorder_only:
			query = query.where((product.reorder_level > 0) & (total < product.reorder_level))
		elif not self.show_zero:
			query = query.where(total != 0)

		rows = query.run(as_dict=True)
		for row in rows:
			row.below_reorder = int(
				flt(row.reorder_level) > 0 and flt(row.total_qty) < flt(row.reorder_level)
			)
		return rows

	def unpivot(self, products: list[dict]) -> list[dict]:
		rows = []
		for product in products:
			for index, warehouse in enumerate(self.warehouses):
				qty = flt(product[f"wh_{index}"])
				if not qty and not self.show_zero and not self.below_reorder_only:
					continue
				row = {
					key: product[key]
					for key in ("product", "product_name", "category", "product_type", "uom", "reorder_level")
				}
				row.update(warehouse=warehouse, qty=qty, below_reorder=product.below_reorder)
				if self.show_cost:
					row.update(cost_price=product.cost_price, stock_value=qty * flt(product.cost_price))
				rows.append(row)
		return rows

	def product_columns(self) -> list[dict]:
		columns = self.common_columns()
		columns += [
			{"label": name, "fieldname": f"wh_{index}", "fieldtype": "Float", "width": 110}
			for index, name in enumerate(self.warehouses)
		]
		columns.append(
			{"label": _("Total Quantity"), "fieldname": "total_qty", "fieldtype": "Float", "width": 120}
		)
		return columns + self.flag_and_value_columns()

	def rows_columns(self) -> list[dict]:
		columns = self.common_columns()
		columns += [
			{
				"label": _("Warehouse"),
				"fieldname": "warehouse",
				"fieldtype": "Link",
				"options": "SM Warehouse",
				"width": 140,
			},
			{"label": _("Quantity"), "fieldname": "qty", "fieldtype": "Float", "width": 110},
		]
		return columns + self.flag_and_value_columns()

	def common_columns(self) -> list[dict]:
		return [
			{
				"label": _("Product"),
				"fieldname": "product",
				"fieldtype": "Link",
				"options": "SM Product",
				"width": 130,
			},
			{"label": _("Product Name"), "fieldname": "product_name", "fieldtype": "Data", "width": 180},
			{
				"label": _("Category"),
				"fieldname": "category",
				"fieldtype": "Link",
				"options": "SM Product Category",
				"width": 120,
			},
			{"label": _("Product Type"), "fieldname": "product_type", "fieldtype": "Select", "width": 110},
			{"label": _("Unit of Measure"), "fieldname": "uom", "fieldtype": "Data", "width": 80},
		]

	def flag_and_value_columns(self) -> list[dict]:
		columns = [
			{"label": _("Reorder Level"), "fieldname": "reorder_level", "fieldtype": "Float", "width": 110},
			{
				"label": _("Below Reorder Level"),
				"fieldname": "below_reorder",
				"fieldtype": "Check",
				"width": 90,
			},
		]
		if self.show_cost:
			columns += [
				{
					"label": _("Cost Price"),
					"fieldname": "cost_price",
					"fieldtype": "Currency",
					"width": 110,
					"source": "SM Product.cost_price",
				},
				{
					"label": _("Stock Value"),
					"fieldname": "stock_value",
					"fieldtype": "Currency",
					"width": 130,
					"source": "SM Product.cost_price",
				},
			]
		return columns

	def get_chart(self, products: list[dict]) -> dict | None:
		if not products or not self.warehouses:
			return None
		keys = [f"wh_{i}" for i in range(len(self.warehouses))]
		if len(keys) == 1:
			totals = [sum(row[keys[0]] for row in products)]
		else:
			# column sums in C: 5,000 products x 20 warehouses is 100,000 values
			totals = [sum(column) for column in zip(*map(itemgetter(*keys), products), strict=True)]
		return {
			"data": {"labels": self.warehouses, "datasets": [{"name": _("Quantity"), "values": totals}]},
			"type": "bar",
			"colors": ["#449CF0"],
		}

	def get_summary(self, products: list[dict]) -> list[dict]:
		below = sum(row.below_reorder for row in products)
		summary = [
			{"label": _("Products"), "value": len(products), "datatype": "Int", "indicator": "Blue"},
			{
				"label": _("Total Quantity"),
				"value": sum(flt(row.total_qty) for row in products),
				"datatype": "Float",
				"indicator": "Blue",
			},
			{
				"label": _("Below Reorder Level"),
				"value": below,
				"datatype": "Int",
				"indicator": "Red" if below else "Green",
			},
		]
		if self.show_cost:
			summary.append(
				{
					"label": _("Stock Value"),
					"value": sum(flt(row.stock_value) for row in products),
					"datatype": "Currency",
					"indicator": "Blue",
					"source": "SM Product.cost_price",
				}
			)
		return summary
