"""Unreasonable-spend flags of an expense (SM Expense), computed while it is a draft and frozen when
it is submitted. The settings are in SM Settings → Expenses; a setting of 0 switches its rule off.
Amounts are in the base currency; "sales" of a customer = the base totals of its submitted sales
orders (SM Sales Order), by order date.

- **Over budget**: a budget covering the expense (sales_mgmt.money.expense_budget) would be exceeded:
  spent in the budget period before it + the expense > the period's budget amount.
- **Spend over share of sales**: the expense has a customer, and the customer's spend — its
  submitted expenses dated up to the expense date, plus this one — is above *Flag Customer Spend
  Above (% of Sales)* of the customer's sales up to the same date (a customer without sales: any
  spend).
- **Dormant customer**: a Promotion expense for a customer with no sales order dated in the
  *Dormant After (Months)* months up to the expense date (from the same day N months earlier
  through the expense date).
- **Outlier**: the expense is more than *Outlier Factor* × the average of the submitted expenses of
  the same category dated in the 12 months before the expense date (from the same day a year
  earlier to the day before), when there are at least *Minimum Expenses for an Average* of them.
"""

import datetime
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.query_builder.functions import Avg, Coalesce, Count, Max, Sum
from frappe.utils import add_days, add_months, cint, flt, getdate

from sales_mgmt.money.expense_budget import TOLERANCE, BudgetCheck
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

PROMOTION, MANAGEMENT = "Promotion", "Management"


@dataclass
class Flags:
	over_budget: bool = False
	spend_ratio: bool = False
	dormant_customer: bool = False
	outlier: bool = False
	reasons: list[str] = field(default_factory=list)

	@property
	def any(self) -> bool:
		return self.over_budget or self.spend_ratio or self.dormant_customer or self.outlier


# --- the rules (no database) ------------------------------------------------------------------------


def over_share_of_sales(spend: float, sales: float, percent: float) -> bool:
	"""Whether `spend` is above `percent` % of `sales` (never when `percent` is 0)."""
	return flt(percent) > 0 and flt(spend) > flt(sales) * flt(percent) / 100 + TOLERANCE


def is_dormant(last_sale: datetime.date | None, day, months: int) -> bool:
	"""Whether no sale is dated from `months` months before `day` through `day` (never when 0)."""
	if cint(months) <= 0:
		return False
	return last_sale is None or getdate(last_sale) < getdate(add_months(getdate(day), -cint(months)))


def is_outlier(amount: float, count: int, average: float, factor: float, min_count: int) -> bool:
	"""Whether `amount` is more than `factor` × `average` of `count` earlier expenses, with at least
	`min_count` of them (never when `factor` is 0)."""
	return (
		flt(factor) > 0
		and cint(count) >= max(cint(min_count), 1)
		and flt(amount) > flt(factor) * flt(average) + TOLERANCE
	)


# --- what the rules read -----------------------------------------------------------------------------


def customer_spend(customer: str, day, exclude: str | None = None) -> float:
	"""Base amount of the customer's submitted expenses dated up to `day`."""
	e = frappe.qb.DocType("SM Expense")
	query = (
		frappe.qb.from_(e)
		.select(Coalesce(Sum(e.base_amount), 0))
		.where(e.customer == customer)
		.where(e.docstatus == 1)
		.where(e.expense_date <= getdate(day))
	)
	if exclude:
		query = query.where(e.name != exclude)
	return flt(query.run()[0][0], 2)


def customer_sales(customer: str, day) -> tuple[float, datetime.date | None]:
	"""(Base total of the customer's submitted sales orders dated up to `day`, the latest such date)."""
	o = frappe.qb.DocType("SM Sales Order")
	total, last = (
		frappe.qb.from_(o)
		.select(Coalesce(Sum(o.base_total), 0), Max(o.order_date))
		.where(o.customer == customer)
		.where(o.docstatus == 1)
		.where(o.order_date <= getdate(day))
		.run()[0]
	)
	return flt(total, 2), getdate(last) if last else None


def category_history(category: str, day, exclude: str | None = None) -> tuple[int, float]:
	"""(Count, average base amount) of the category's submitted expenses in the 12 months before `day`."""
	e = frappe.qb.DocType("SM Expense")
	day = getdate(day)
	query = (
		frappe.qb.from_(e)
		.select(Count(e.name), Coalesce(Avg(e.base_amount), 0))
		.where(e.category == category)
		.where(e.docstatus == 1)
		.where(e.expense_date[getdate(add_months(day, -12)) : add_days(day, -1)])
	)
	if exclude:
		query = query.where(e.name != exclude)
	count, average = query.run()[0]
	return cint(count), flt(average)


# --- an expense's flags ------------------------------------------------------------------------------


def compute_flags(expense, budget_checks: list[BudgetCheck]) -> Flags:
	"""The flags of `expense` (its base amount and type set) given its budget checks."""
	settings = get_settings()
	flags = Flags()
	exclude = None if expense.is_new() else expense.name
	amount = flt(expense.base_amount)

	for check in budget_checks:
		if check.over:
			flags.over_budget = True
			flags.reasons.append(
				_("Over budget {0} ({1} to {2}): {3} of {4} spent with this expense.").format(
					check.budget,
					frappe.format(check.from_date, "Date"),
					frappe.format(check.to_date, "Date"),
					fmt(check.with_expense),
					fmt(check.amount),
				)
			)

	if expense.customer:
		percent = flt(settings.expense_spend_ratio_percent)
		sales, last_sale = customer_sales(expense.customer, expense.expense_date)
		if percent > 0:
			spend = flt(customer_spend(expense.customer, expense.expense_date, exclude) + amount, 2)
			if over_share_of_sales(spend, sales, percent):
				flags.spend_ratio = True
				flags.reasons.append(
					_(
						"Spend on this customer: {0} with this expense, above {1}% of its sales of {2}."
					).format(fmt(spend), flt(percent, 2), fmt(sales))
				)
		months = cint(settings.expense_dormant_months)
		if expense.expense_type == PROMOTION and is_dormant(last_sale, expense.expense_date, months):
			flags.dormant_customer = True
			flags.reasons.append(
				_(
					"Promotion for a customer without sales in the {0} months before the expense (last sale: {1})."
				).format(months, frappe.format(last_sale, "Date") if last_sale else _("none"))
			)

	factor = flt(settings.expense_outlier_factor)
	if factor > 0 and expense.category:
		min_count = cint(settings.expense_outlier_min_count)
		count, average = category_history(expense.category, expense.expense_date, exclude)
		if is_outlier(amount, count, average, factor, min_count):
			flags.outlier = True
			flags.reasons.append(
				_(
					"Unusually large: more than {0} times the average of {1} over the {2} expenses of this category in the 12 months before."
				).format(flt(factor, 2), fmt(average), count)
			)
	return flags


def fmt(amount: float) -> str:
	return frappe.format(flt(amount, 2), {"fieldtype": "Currency"})
