# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Customer Expense Analysis: what was spent on each customer in a date range, by expense type,
against the customer's sales in the same range, with the expenses' flags.

*Spend* = the base amounts of submitted expenses naming the customer, dated in the range (expenses
without a customer are not in this report); *Sales* = the base totals of the customer's submitted
sales orders dated in the range; *Spend / Sales %* = spend ÷ sales (blank without sales); *Above
Share* = the ratio is above SM Settings' *Flag Customer Spend Above (% of Sales)* (the flag on an
expense compares everything up to its date instead). *Flagged* counts the customer's flagged expenses,
*Flags* says which flags they carry. The salesperson is the customer's.

Expenses follow the viewer's record permissions and the salesperson filter (whose expenses); sales
follow the viewer's permissions on sales orders. The expense count opens the expenses.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Round, Sum
from frappe.utils import cint, flt

from sales_mgmt import reporting
from sales_mgmt.money import expense_budget as eb
from sales_mgmt.money.expense_flags import MANAGEMENT, PROMOTION
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

EXPENSE, ORDER, CUSTOMER = "SM Expense", "SM Sales Order", "SM Customer"
CHART_ROWS = 10

# flag fields of SM Expense and their labels
FLAGS = (
	("flag_over_budget", "Over Budget"),
	("flag_spend_ratio", "Spend Above Share of Sales"),
	("flag_dormant_customer", "Customer Without Recent Sales"),
	("flag_outlier", "Unusually Large"),
)


@reporting.script_report("Customer Expense Analysis")
def execute(filters=None):
	return CustomerExpenseAnalysis(filters).run()


def spend_ratio(spend: float, sales: float) -> float | None:
	return flt(100 * flt(spend) / flt(sales), 2) if flt(sales) else None


class CustomerExpenseAnalysis:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(EXPENSE, "read", throw=True)
		start, _end = eb.fiscal_year_bounds(eb.current_fiscal_year(), eb.start_month())
		self.from_date, self.to_date = reporting.date_range(self.filters, default_from=start)
		self.customer = reporting.existing(self.filters, "customer", CUSTOMER)
		self.only_flagged = cint(self.filters.get("only_flagged"))
		self.expense = frappe.qb.DocType(EXPENSE)
		self.order = frappe.qb.DocType(ORDER)
		self.criteria = reporting.scope_criteria(self.expense, EXPENSE, self.filters)
		self.share = flt(get_settings().expense_spend_ratio_percent)

	def run(self):
		data = self.rows()
		for row in data:
			row.spend_ratio = spend_ratio(row.total_spend, row.sales)
			row.above_share = int(
				self.share > 0 and row.total_spend > flt(row.sales) * self.share / 100 + eb.TOLERANCE
			)
			row.flags = ", ".join(
				f"{_(label)} × {cint(row[field])}" for field, label in FLAGS if cint(row[field])
			)
		return self.columns(), data, None, self.chart(data), self.summary(data)

	def rows(self) -> list[frappe._dict]:
		"""One query: the spend per customer and the sales per customer, each summed on its own, joined
		to the customers."""
		e, o, c = self.expense, self.order, frappe.qb.DocType(CUSTOMER)

		def of_type(expense_type):
			return Sum(Case().when(e.expense_type == expense_type, e.base_amount).else_(0))

		spend = (
			frappe.qb.from_(e)
			.select(
				e.customer,
				of_type(MANAGEMENT).as_("management_spend"),
				of_type(PROMOTION).as_("promotion_spend"),
				Sum(e.base_amount).as_("total_spend"),
				Count(e.name).as_("expense_count"),
				Sum(e.is_flagged).as_("flagged_count"),
				*(Sum(e[field]).as_(field) for field, _label in FLAGS),
			)
			.where(e.docstatus == 1)
			.where(e.expense_date[self.from_date : self.to_date])
			.groupby(e.customer)
		)
		sales = (
			frappe.qb.from_(o)
			.select(o.customer, Sum(o.base_total).as_("sales"))
			.where(o.docstatus == 1)
			.where(o.order_date[self.from_date : self.to_date])
			.groupby(o.customer)
		)
		if self.customer:
			spend = spend.where(e.customer == self.customer)
			sales = sales.where(o.customer == self.customer)
		else:
			# MariaDB would read the expenses in customer order, one row lookup each (3x slower at
			# 200,000 expenses than reading the date range and grouping); expenses without a customer
			# drop out in the join
			spend = spend.use_index("expense_date", "salesperson_expense_date_index")
		if self.only_flagged:
			spend = spend.having(Sum(e.is_flagged) > 0)
		spend = reporting.apply(spend, self.criteria).as_("spend")
		sales = reporting.apply(sales, reporting.scope_criteria(o, ORDER)).as_("sales")
		rows = (
			frappe.qb.from_(spend)
			.join(c)
			.on(c.name == spend.customer)
			.left_join(sales)
			.on(sales.customer == spend.customer)
			.select(
				spend.star,
				c.customer_name,
				c.salesperson,
				Coalesce(Round(sales.sales, 2), 0).as_("sales"),
			)
			.orderby(spend.total_spend, order=frappe.qb.desc)
			.orderby(c.customer_name)
			.run(as_dict=True)
		)
		names = reporting.salesperson_names(row.salesperson for row in rows)
		for row in rows:
			row.salesperson_name = names.get(row.salesperson)
			row.flagged_count = cint(row.flagged_count)
		return rows

	def columns(self) -> list[dict]:
		return [
			{
				"fieldname": "customer",
				"label": _("Customer"),
				"fieldtype": "Link",
				"options": CUSTOMER,
				"width": 110,
			},
			{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
			*reporting.salesperson_columns(),
			{
				"fieldname": "management_spend",
				"label": _("Management"),
				"fieldtype": "Currency",
				"width": 120,
			},
			{"fieldname": "promotion_spend", "label": _("Promotion"), "fieldtype": "Currency", "width": 120},
			{"fieldname": "total_spend", "label": _("Total Spend"), "fieldtype": "Currency", "width": 120},
			{"fieldname": "sales", "label": _("Sales"), "fieldtype": "Currency", "width": 120},
			{"fieldname": "spend_ratio", "label": _("Spend / Sales %"), "fieldtype": "Percent", "width": 110},
			{"fieldname": "above_share", "label": _("Above Share"), "fieldtype": "Check", "width": 90},
			{"fieldname": "expense_count", "label": _("Expenses"), "fieldtype": "Int", "width": 80},
			{"fieldname": "flagged_count", "label": _("Flagged"), "fieldtype": "Int", "width": 80},
			{"fieldname": "flags", "label": _("Flags"), "fieldtype": "Data", "width": 240},
		]

	def chart(self, data) -> dict | None:
		top = data[:CHART_ROWS]
		if not top:
			return None
		return {
			"data": {
				"labels": [row.customer_name or row.customer for row in top],
				"datasets": [
					{"name": _("Management"), "values": [row.management_spend for row in top]},
					{"name": _("Promotion"), "values": [row.promotion_spend for row in top]},
				],
			},
			"type": "bar",
			"barOptions": {"stacked": 1},
			"fieldtype": "Currency",
			"colors": ["#5E64FF", "#ECAD4B"],
		}

	def summary(self, data) -> list[dict]:
		def total(field):
			return flt(sum(row[field] for row in data), 2)

		spend, sales = total("total_spend"), total("sales")
		flagged = sum(row.flagged_count for row in data)
		return [
			{"value": total("management_spend"), "label": _("Management"), "datatype": "Currency"},
			{"value": total("promotion_spend"), "label": _("Promotion"), "datatype": "Currency"},
			{"value": spend, "label": _("Total Spend"), "datatype": "Currency", "indicator": "Blue"},
			{"value": sales, "label": _("Sales"), "datatype": "Currency", "indicator": "Green"},
			{"value": spend_ratio(spend, sales) or 0, "label": _("Spend / Sales %"), "datatype": "Percent"},
			{
				"value": flagged,
				"label": _("Flagged Expenses"),
				"datatype": "Int",
				"indicator": "Red" if flagged else "Green",
			},
		]
