# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Sales Budget: a month's sales budget per product (or category) from the sales history, against
stock on hand. The method is `sales_mgmt.goods.sales_budget` and is explained under the report."""

import frappe
from frappe import _
from frappe.query_builder.functions import DateFormat, Sum
from frappe.utils import add_months, flt, getdate, today

from sales_mgmt.goods import sales_budget as method
from sales_mgmt.goods.doctype.sm_product_category.sm_product_category import get_category_with_descendants
from sales_mgmt.reporting import choice, existing, script_report
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

PRODUCT_TYPES = ("Sales Item", "Promotional Material", "Gift")
GROUP_BY = ("Product", "Category")


@script_report("Sales Budget")
def execute(filters=None):
	return SalesBudget(filters).run()


def explanation(months: tuple[str, ...], current: str) -> str:
	return "<br>".join(
		[
			_("How the suggested budget is computed"),
			_(
				"Sold = quantity issued with purpose Sales Delivery, cancelled issues excluded. Only complete "
				"months count: the last 3 months are {0} to {1}, and the current month ({2}) counts once it "
				"has ended, never as a whole month before."
			).format(months[0], months[-1], current),
			_(
				"Trend = sold in the last 3 months ÷ sold in the same 3 months a year earlier, kept between "
				"0.5 and 2 (1 when those months a year earlier sold nothing)."
			),
			_(
				"With sales in the same month last year: budget = sold in that month × trend. Without: budget "
				"= the 3-month moving average (sold in the last 3 months ÷ 3), also for a product with recent "
				"sales but none in that month a year ago. Rounded half up to whole units."
			),
			_(
				"A manager's SM Sales Budget for the product and month replaces the suggestion. Order now: stock "
				"on hand below the budget (shortfall shown). Overstock risk: stock on hand above the budget × "
				"{0} months (excess shown)."
			).format(get_settings().overstock_months),
		]
	)


class SalesBudget:
	def __init__(self, filters=None):
		filters = frappe._dict(filters or {})
		frappe.has_permission("SM Sales Budget", "read", throw=True)
		self.period = method.normalize_period(filters.period or add_months(getdate(today()), 1))
		self.group_by = choice(filters, "group_by", _("Group By"), GROUP_BY, "Product")
		self.product_type = choice(filters, "product_type", _("Product Type"), PRODUCT_TYPES, "Sales Item")
		self.category = existing(filters, "category", "SM Product Category")
		self.product = existing(filters, "product", "SM Product")
		self.overstock_months = flt(get_settings().overstock_months)
		self.months = method.history_months(self.period)
		self.current = method.normalize_period(getdate(today()))

	def run(self):
		products = self.get_products()
		names = list(products)
		sales = self.get_sales(names)
		overrides = self.get_overrides(names)
		stock = self.get_stock(names)
		rows = [
			self.product_row(products[name], sales.get(name, {}), overrides.get(name), stock.get(name, 0.0))
			for name in names
			if sales.get(name) or name in overrides or stock.get(name)
		]
		if self.group_by == "Category":
			rows = self.by_category(rows)
		message = explanation(method.trend_months(self.period, self.current), self.current)
		return self.get_columns(), rows, message, self.get_chart(rows), self.get_summary(rows)

	def get_products(self) -> dict[str, dict]:
		product = frappe.qb.DocType("SM Product")
		query = (
			frappe.qb.from_(product)
			.select(product.name, product.product_name, product.category, product.uom)
			.where((product.is_stock_item == 1) & (product.product_type == self.product_type))
			.orderby(product.name)
		)
		if self.product:
			query = query.where(product.name == self.product)
		if self.category:
			query = query.where(product.category.isin(get_category_with_descendants(self.category)))
		return {row.name: row for row in query.run(as_dict=True)}

	def get_sales(self, names: list[str]) -> dict[str, dict[str, float]]:
		"""product → month → quantity sold, over the months the method reads."""
		if not names:
			return {}
		months = method.months_read(self.period, self.current)
		ledger = frappe.qb.DocType("SM Stock Ledger Entry")
		month = DateFormat(ledger.posting_date, "%Y-%m")
		rows = (
			frappe.qb.from_(ledger)
			.select(ledger.product, month.as_("month"), Sum(-ledger.qty_change).as_("qty"))
			.where(
				(ledger.purpose == method.SALES_DELIVERY)
				& (ledger.is_cancelled == 0)
				& (ledger.qty_change < 0)
				& ledger.posting_date.between(method.period_start(months[0]), method.period_end(months[-1]))
				& ledger.product.isin(names)
			)
			.groupby(ledger.product, month)
		).run(as_dict=True)
		sales: dict[str, dict[str, float]] = {}
		for row in rows:
			sales.setdefault(row.product, {})[row.month] = flt(row.qty)
		return sales

	def get_overrides(self, names: list[str]) -> dict[str, float]:
		if not names:
			return {}
		return dict(
			frappe.get_all(
				"SM Sales Budget",
				filters={"period": self.period, "product": ("in", names)},
				fields=["product", "budget_qty"],
				as_list=True,
			)
		)

	def get_stock(self, names: list[str]) -> dict[str, float]:
		if not names:
			return {}
		bin = frappe.qb.DocType("SM Bin")
		return {
			product: flt(qty)
			for product, qty in (
				frappe.qb.from_(bin)
				.select(bin.product, Sum(bin.actual_qty))
				.where(bin.product.isin(names))
				.groupby(bin.product)
			).run()
		}

	def product_row(self, product, sales: dict[str, float], override, on_hand: float) -> dict:
		suggestion = method.suggest(sales, self.period, self.current)
		budget = flt(override) if override is not None else suggestion.suggested
		flag, flag_qty = method.stock_flag(budget, on_hand, self.overstock_months)
		row = frappe._dict(
			product=product.name,
			product_name=product.product_name,
			category=product.category,
			uom=product.uom,
			same_month_last_year=suggestion.same_month_last_year,
			last_months=suggestion.last_months,
			same_months_last_year=suggestion.same_months_last_year,
			trend=suggestion.trend,
			method=suggestion.method,
			suggested_qty=suggestion.suggested,
			override_qty=override,
			budget_qty=budget,
			on_hand=on_hand,
			flag=flag,
			flag_qty=flag_qty,
		)
		for index, month in enumerate(self.months):
			row[f"m_{index}"] = sales.get(month, 0.0)
		return row

	def by_category(self, rows: list[dict]) -> list[dict]:
		"""Sum the product rows of each category; flags follow the category's sums."""
		summed = [
			"same_month_last_year",
			"last_months",
			"same_months_last_year",
			"suggested_qty",
			"budget_qty",
		]
		summed += ["on_hand"] + [f"m_{index}" for index in range(len(self.months))]
		categories: dict[str, dict] = {}
		for row in rows:
			key = row.category or ""
			total = categories.setdefault(key, frappe._dict(category=row.category, products=0))
			total.products += 1
			for field in summed:
				total[field] = flt(total.get(field)) + flt(row[field])
		result = []
		for key in sorted(categories):
			total = categories[key]
			total.product_name = _("{0} products").format(total.products)
			total.flag, total.flag_qty = method.stock_flag(
				total.budget_qty, total.on_hand, self.overstock_months
			)
			result.append(total)
		return result

	def get_columns(self) -> list[dict]:
		columns = []
		if self.group_by == "Product":
			columns.append(
				{
					"label": _("Product"),
					"fieldname": "product",
					"fieldtype": "Link",
					"options": "SM Product",
					"width": 120,
				}
			)
		columns += [
			{"label": _("Product Name"), "fieldname": "product_name", "fieldtype": "Data", "width": 160},
			{
				"label": _("Category"),
				"fieldname": "category",
				"fieldtype": "Link",
				"options": "SM Product Category",
				"width": 120,
			},
		]
		columns += [
			{"label": month, "fieldname": f"m_{index}", "fieldtype": "Float", "width": 80}
			for index, month in enumerate(self.months)
		]
		columns += [
			{
				"label": _("Same Month Last Year"),
				"fieldname": "same_month_last_year",
				"fieldtype": "Float",
				"width": 120,
			},
			{
				"label": _("Last 3 Complete Months"),
				"fieldname": "last_months",
				"fieldtype": "Float",
				"width": 140,
			},
			{
				"label": _("Same 3 Months Last Year"),
				"fieldname": "same_months_last_year",
				"fieldtype": "Float",
				"width": 140,
			},
		]
		if self.group_by == "Product":
			columns += [
				{
					"label": _("Trend"),
					"fieldname": "trend",
					"fieldtype": "Float",
					"precision": 2,
					"width": 80,
				},
				{"label": _("Method"), "fieldname": "method", "fieldtype": "Select", "width": 140},
			]
		columns.append(
			{"label": _("Suggested Budget"), "fieldname": "suggested_qty", "fieldtype": "Float", "width": 120}
		)
		if self.group_by == "Product":
			columns.append(
				{
					"label": _("Manager's Budget"),
					"fieldname": "override_qty",
					"fieldtype": "Float",
					"width": 120,
				}
			)
		columns += [
			{
				"label": _("Budget {0}").format(self.period),
				"fieldname": "budget_qty",
				"fieldtype": "Float",
				"width": 120,
			},
			{"label": _("Stock on Hand"), "fieldname": "on_hand", "fieldtype": "Float", "width": 110},
			{"label": _("Flag"), "fieldname": "flag", "fieldtype": "Select", "width": 120},
			{"label": _("Shortfall or Excess"), "fieldname": "flag_qty", "fieldtype": "Float", "width": 130},
		]
		return columns

	def get_chart(self, rows: list[dict]) -> dict | None:
		top = sorted(rows, key=lambda r: -flt(r.budget_qty))[:10]
		if not top:
			return None
		return {
			"data": {
				"labels": [
					row.product_name if self.group_by == "Product" else (row.category or "") for row in top
				],
				"datasets": [
					{"name": _("Budget"), "values": [flt(row.budget_qty) for row in top]},
					{"name": _("Stock on Hand"), "values": [flt(row.on_hand) for row in top]},
				],
			},
			"type": "bar",
			"colors": ["#5E64FF", "#98D85B"],
		}

	def get_summary(self, rows: list[dict]) -> list[dict]:
		to_order = sum(1 for row in rows if row.flag == method.ORDER_NOW)
		overstock = sum(1 for row in rows if row.flag == method.OVERSTOCK)
		return [
			{"label": _("Budget Month"), "value": self.period, "datatype": "Data"},
			{
				"label": _("Total Budget"),
				"value": sum(flt(row.budget_qty) for row in rows),
				"datatype": "Float",
				"indicator": "Blue",
			},
			{
				"label": _("Order Now"),
				"value": to_order,
				"datatype": "Int",
				"indicator": "Red" if to_order else "Green",
			},
			{
				"label": _("Overstock Risk"),
				"value": overstock,
				"datatype": "Int",
				"indicator": "Orange" if overstock else "Green",
			},
		]
