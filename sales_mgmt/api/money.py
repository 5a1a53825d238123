"""Whitelisted endpoints of the Money module: new documents made from an opportunity or a sales order
(the forms' "Create" buttons, through frappe.model.open_mapped_doc) and the workspace's aging chart."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_mgmt import reporting
from sales_mgmt.money import mapping
from sales_mgmt.money.report.receivable_aging.receivable_aging import (
	FINANCE_VIEW,
	RECEIVABLE,
	SALES_VIEW,
	aging_query,
	aging_ranges,
	bucket_labels,
)
from sales_mgmt.user_text import escape


def _check(order: str, doctype: str) -> None:
	frappe.has_permission(doctype, "create", throw=True)
	if not (
		frappe.has_permission("SM Sales Order", "read", doc=order)
		or frappe.has_permission("SM Sales Order", "select", doc=order)
	):
		frappe.throw(frappe._("Could not find {0}").format(frappe.bold(order)), frappe.PermissionError)


@frappe.whitelist()
def make_sales_order(source_name: str) -> Document:
	frappe.has_permission("SM Sales Order", "create", throw=True)
	frappe.has_permission("SM Opportunity", "read", doc=source_name, throw=True)
	return mapping.new_sales_order(source_name)


@frappe.whitelist()
def make_delivery(source_name: str) -> Document:
	_check(source_name, "SM Delivery")
	return mapping.new_delivery(source_name)


@frappe.whitelist()
def make_invoice(source_name: str) -> Document:
	_check(source_name, "SM Invoice")
	return mapping.new_invoice(source_name)


@frappe.whitelist()
def make_payment(source_name: str) -> Document:
	_check(source_name, "SM Payment")
	return mapping.new_payment(source_name)


@frappe.whitelist()
def receivable_aging(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: str | int | None = None,
	filters: str | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: str | int | None = None,
) -> dict:
	"""The Receivable Aging chart (Money workspace): open receivables' outstanding today in the buckets
	of SM Settings, in the sales view and the finance view, over the receivables the viewer may see (and
	the chart's salesperson filter, with their team); the rule of the Receivable Aging report. Never
	cached across users."""
	frappe.has_permission(RECEIVABLE, "read", throw=True)
	filters = frappe._dict(frappe.parse_json(filters) or {})
	ranges = aging_ranges({})
	labels = bucket_labels(ranges)
	receivable = frappe.qb.DocType(RECEIVABLE)
	criteria = reporting.scope_criteria(receivable, RECEIVABLE, {"salesperson": filters.salesperson})
	datasets = []
	for view, name in (
		(SALES_VIEW, _("Sales View Outstanding")),
		(FINANCE_VIEW, _("Finance View Outstanding")),
	):
		row = aging_query(view, ranges, getdate(), criteria)[0].run(as_dict=True)[0]
		datasets.append(
			{"name": name, "values": [flt(row[f"bucket_{i}"], 2) for i in range(1, len(labels) + 1)]}
		)
	# Frappe draws chart labels as HTML
	return {"labels": [escape(label) for label in labels], "datasets": datasets}


@frappe.whitelist()
def cash_position(filters: str | dict | None = None) -> dict:
	"""The Cash Position number card: today's balance of every cash account the viewer may see, in the
	base currency (sales_mgmt.money.cash_position)."""
	from sales_mgmt.money.cash_position import total_base_balance

	frappe.has_permission("SM Cash Account", "read", throw=True)
	return {
		"value": total_base_balance(),
		"fieldtype": "Currency",
		"route": ["query-report", "Cash Position"],
	}


@frappe.whitelist()
def cash_income_and_expense(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: str | int | None = None,
	filters: str | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: str | int | None = None,
) -> dict:
	"""The Cash Income and Expense chart (Money workspace): income and expense of the cash accounts the
	viewer may see, in the base currency, per month of the last twelve (the Cash Position report's
	chart)."""
	from sales_mgmt.money.cash_position import income_and_expense

	frappe.has_permission("SM Cash Ledger Entry", "read", throw=True)
	day = getdate()
	figures = income_and_expense(frappe.utils.add_months(frappe.utils.get_first_day(day), -11), day)
	starts = list(figures)
	return {
		"labels": [reporting.period_label(reporting.MONTH, start) for start in starts],
		"datasets": [
			{"name": escape(_("Income")), "values": [figures[s][0] for s in starts]},
			{"name": escape(_("Expense")), "values": [figures[s][1] for s in starts]},
		],
	}


@frappe.whitelist()
def expense_budget_used(filters: str | dict | None = None) -> dict:
	"""The Expense Budget Used card: of the budget periods running today that the viewer sees (the
	Expense Budget Variance report's rows), at the broadest scope they see — the company's budgets,
	else their teams', else their salespeople's, so that no spend counts twice — the share spent."""
	from sales_mgmt.money import expense_budget
	from sales_mgmt.money.report.expense_budget_variance.expense_budget_variance import (
		ExpenseBudgetVariance,
		used_percent,
	)

	frappe.has_permission("SM Expense Budget", "read", throw=True)
	day = getdate()
	_columns, rows, *_rest = ExpenseBudgetVariance(
		{"fiscal_year": expense_budget.current_fiscal_year(day)}
	).run()
	running = [row for row in rows if row.from_date <= day <= row.to_date]
	broadest = next(
		(
			[row for row in running if row.scope == scope]
			for scope in expense_budget.SCOPES
			if any(row.scope == scope for row in running)
		),
		[],
	)
	used = used_percent(sum(row.actual for row in broadest), sum(row.budget_amount for row in broadest))
	return {
		"value": used or 0,
		"fieldtype": "Percent",
		"route": ["query-report", "Expense Budget Variance"],
	}
