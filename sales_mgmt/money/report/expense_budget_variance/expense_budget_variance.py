# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Expense Budget Variance: each expense budget of a fiscal year against what was spent, per budget
period (or per budget for the whole year).

*Actual* = the base amounts of submitted expenses dated in the period, of the budget's category or a
category below it, of the budget's scope (sales_mgmt.money.expense_budget: the company's budget
counts every expense; a team's its head's subtree; a salesperson's their own). *Variance* = budget −
actual (negative: over budget), *% Used* = actual ÷ budget (blank for a budget of 0).

A viewer sees the budgets whose every expense they may see: Finance, the Business Owner and System
Managers all; a Sales Manager the team and salesperson budgets of their part of the tree (not the
company's). The salesperson filter selects the budgets of that salesperson and everyone below them.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import cint, flt
from pypika.terms import CustomFunction

from sales_mgmt import reporting
from sales_mgmt.money import expense_budget as eb
from sales_mgmt.people.hierarchy import get_subtree
from sales_mgmt.permissions import get_visible_salespeople
from sales_mgmt.user_text import bold

BUDGET, PERIOD, EXPENSE, CATEGORY = (
	"SM Expense Budget",
	"SM Expense Budget Period",
	"SM Expense",
	"SM Expense Category",
)
BY_PERIOD, BY_BUDGET = "Period", "Budget"

LAST_DAY = CustomFunction("LAST_DAY", ["date"])


@reporting.script_report("Expense Budget Variance")
def execute(filters=None):
	return ExpenseBudgetVariance(filters).run()


def used_percent(actual: float, budget: float) -> float | None:
	return flt(100 * flt(actual) / flt(budget), 2) if flt(budget) else None


def period_label(period_type: str, fiscal_year: int, number: int, from_date) -> str:
	if period_type == eb.MONTH:
		return from_date.strftime("%Y-%m")
	if period_type == eb.QUARTER:
		return _("FY{0} Q{1}").format(fiscal_year, number)
	return _("FY{0}").format(fiscal_year)


class ExpenseBudgetVariance:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(BUDGET, "read", throw=True)
		self.fiscal_year = self.fiscal_year_filter()
		self.group_by = reporting.choice(
			self.filters, "group_by", _("Group By"), (BY_PERIOD, BY_BUDGET), BY_PERIOD
		)
		self.scope = reporting.choice(self.filters, "scope", _("Scope"), eb.SCOPES)
		self.category = reporting.existing(self.filters, "category", CATEGORY)
		self.budget = reporting.existing(self.filters, "budget", BUDGET)
		self.holders = reporting.salespeople_in_scope(self.filters)
		self.only_over = cint(self.filters.get("only_over"))
		self.expense = frappe.qb.DocType(EXPENSE)
		# the viewer's list conditions on expenses (the budgets shown are within them already)
		self.criteria = reporting.scope_criteria(self.expense, EXPENSE, {})

	def fiscal_year_filter(self) -> int:
		value = self.filters.get("fiscal_year") or eb.current_fiscal_year()
		try:
			year = int(value)
		except (TypeError, ValueError):
			year = 0
		if not eb.MIN_YEAR <= year <= eb.MAX_YEAR:
			reporting.invalid(_("{0} is not a valid fiscal year.").format(bold(value)))
		return year

	def run(self):
		rows = self.budget_rows()
		actuals = self.actuals(rows)
		for row in rows:
			actual, count = actuals.get((row.budget, row.period), (0, 0))
			row.actual = flt(actual, 2)
			row.expense_count = cint(count)
		data = self.by_budget(rows) if self.group_by == BY_BUDGET else rows
		for row in data:
			row.variance = flt(row.budget_amount - row.actual, 2)
			row.used_percent = used_percent(row.actual, row.budget_amount)
			row.over = int(row.actual > row.budget_amount + eb.TOLERANCE)
		if self.only_over:
			data = [row for row in data if row.over]
		return self.columns(), data, self.message(), self.chart(data), self.summary(data)

	# --- budgets --------------------------------------------------------------------------------------

	def budget_rows(self) -> list[frappe._dict]:
		b, p = frappe.qb.DocType(BUDGET), frappe.qb.DocType(PERIOD)
		query = (
			frappe.qb.from_(b)
			.join(p)
			.on((p.parent == b.name) & (p.parenttype == BUDGET) & (p.parentfield == "periods"))
			.select(
				b.name.as_("budget"),
				b.scope,
				b.team,
				b.salesperson.as_("budget_salesperson"),
				b.category,
				b.period_type,
				p.period,
				p.from_date,
				p.to_date,
				p.amount.as_("budget_amount"),
			)
			.where(b.fiscal_year == self.fiscal_year)
			.orderby(b.category)
			.orderby(b.name)
			.orderby(p.period)
		)
		if self.scope:
			query = query.where(b.scope == self.scope)
		if self.category:
			query = query.where(b.category.isin(eb.category_subtree(self.category)))
		if self.budget:
			query = query.where(b.name == self.budget)
		if self.holders is not None:
			holders = self.holders or [""]
			query = query.where(b.team.isin(holders) | b.salesperson.isin(holders))
		visible = self.visible_scopes()
		if visible is not None:
			teams, salespeople = visible
			query = query.where(
				((b.scope == eb.TEAM) & b.team.isin(teams or [""]))
				| ((b.scope == eb.SALESPERSON) & b.salesperson.isin(salespeople or [""]))
			)
		rows = query.run(as_dict=True)
		names = reporting.salesperson_names(row.team or row.budget_salesperson for row in rows)
		for row in rows:
			row.salesperson = row.team or row.budget_salesperson
			row.salesperson_name = names.get(row.salesperson)
			row.scope_label = _(row.scope)
			row.period_label = period_label(row.period_type, self.fiscal_year, row.period, row.from_date)
			row.budget_amount = flt(row.budget_amount, 2)
		return rows

	def visible_scopes(self) -> tuple[list[str], list[str]] | None:
		"""(Team heads, salespeople) whose budgets the viewer may see, None for all: budgets whose every
		expense the viewer may see."""
		visible = get_visible_salespeople(frappe.session.user, EXPENSE)
		if visible is None:
			return None
		mine = set(visible)
		return [head for head in visible if set(get_subtree(head)) <= mine], list(visible)

	# --- actuals --------------------------------------------------------------------------------------

	def actuals(self, rows: list[frappe._dict]) -> dict[tuple[str, int], tuple[float, int]]:
		"""(budget, period) → (actual, number of expenses), in one query over every budget shown: the
		expenses summed per category, salesperson and month first (budget periods are whole months),
		then those sums per budget period of a category above and a scope covering them."""
		if not rows:
			return {}
		e = self.expense
		month = LAST_DAY(e.expense_date)
		categories = {c for category in {r.category for r in rows} for c in eb.category_subtree(category)}
		spent = (
			frappe.qb.from_(e)
			.select(
				e.category,
				e.salesperson,
				month.as_("month"),
				Sum(e.base_amount).as_("amount"),
				Count(e.name).as_("expenses"),
			)
			.where(e.docstatus == 1)
			.where(e.expense_date[min(r.from_date for r in rows) : max(r.to_date for r in rows)])
			.where(e.category.isin(sorted(categories)))
			.groupby(e.category, e.salesperson, month)
		)
		if all(r.scope != eb.COMPANY for r in rows):
			# only teams' and salespeople's budgets: only their expenses
			spenders = set()
			for r in rows:
				spenders.update(get_subtree(r.team) if r.scope == eb.TEAM else [r.budget_salesperson])
			spent = spent.where(e.salesperson.isin(sorted(spenders)))
		spent = reporting.apply(spent, self.criteria).as_("spent")
		b, p = frappe.qb.DocType(BUDGET), frappe.qb.DocType(PERIOD)
		bc, ec = frappe.qb.DocType(CATEGORY).as_("bc"), frappe.qb.DocType(CATEGORY).as_("ec")
		head = frappe.qb.DocType("SM Salesperson").as_("head")
		spender = frappe.qb.DocType("SM Salesperson").as_("spender")
		in_scope = (
			(b.scope == eb.COMPANY)
			| ((b.scope == eb.SALESPERSON) & (spent.salesperson == b.salesperson))
			| ((b.scope == eb.TEAM) & (spender.lft >= head.lft) & (spender.rgt <= head.rgt))
		)
		query = (
			frappe.qb.from_(b)
			.join(p)
			.on((p.parent == b.name) & (p.parenttype == BUDGET) & (p.parentfield == "periods"))
			.join(bc)
			.on(bc.name == b.category)
			.join(ec)
			.on((ec.lft >= bc.lft) & (ec.rgt <= bc.rgt))
			.join(spent)
			.on((spent.category == ec.name) & (spent.month >= p.from_date) & (spent.month <= p.to_date))
			.left_join(head)
			.on(head.name == b.team)
			.left_join(spender)
			.on(spender.name == spent.salesperson)
			.select(b.name, p.period, Sum(spent.amount), Sum(spent.expenses))
			.where(b.name.isin(list({r.budget for r in rows})))
			.where(in_scope)
			.groupby(b.name, p.period)
		)
		return {(name, period): (flt(actual, 2), cint(count)) for name, period, actual, count in query.run()}

	# --- output ---------------------------------------------------------------------------------------

	def by_budget(self, rows: list[frappe._dict]) -> list[frappe._dict]:
		budgets: dict[str, frappe._dict] = {}
		for row in rows:
			total = budgets.get(row.budget)
			if not total:
				total = budgets[row.budget] = frappe._dict(
					row,
					period_label=_("FY{0}").format(self.fiscal_year),
					budget_amount=0,
					actual=0,
					expense_count=0,
				)
				total.pop("period", None)
			total.budget_amount = flt(total.budget_amount + row.budget_amount, 2)
			total.actual = flt(total.actual + row.actual, 2)
			total.expense_count += row.expense_count
			total.to_date = row.to_date
		return list(budgets.values())

	def columns(self) -> list[dict]:
		return [
			{
				"fieldname": "budget",
				"label": _("Budget"),
				"fieldtype": "Link",
				"options": BUDGET,
				"width": 100,
			},
			{"fieldname": "scope_label", "label": _("Scope"), "fieldtype": "Data", "width": 90},
			*reporting.salesperson_columns(),
			{
				"fieldname": "category",
				"label": _("Expense Category"),
				"fieldtype": "Link",
				"options": CATEGORY,
				"width": 130,
			},
			{"fieldname": "period_label", "label": _("Period"), "fieldtype": "Data", "width": 100},
			{"fieldname": "from_date", "label": _("From Date"), "fieldtype": "Date", "width": 100},
			{"fieldname": "to_date", "label": _("To Date"), "fieldtype": "Date", "width": 100},
			{
				"fieldname": "budget_amount",
				"label": _("Budget Amount"),
				"fieldtype": "Currency",
				"width": 120,
			},
			{"fieldname": "actual", "label": _("Actual"), "fieldtype": "Currency", "width": 120},
			{"fieldname": "variance", "label": _("Variance"), "fieldtype": "Currency", "width": 120},
			{"fieldname": "used_percent", "label": _("% Used"), "fieldtype": "Percent", "width": 90},
			{"fieldname": "expense_count", "label": _("Expenses"), "fieldtype": "Int", "width": 80},
			{"fieldname": "over", "label": _("Over Budget"), "fieldtype": "Check", "width": 90},
		]

	def message(self) -> str:
		start, end = eb.fiscal_year_bounds(self.fiscal_year, eb.start_month())
		return _(
			"Fiscal year {0}: {1} to {2} (as SM Settings has it now; each budget keeps its own dates)."
		).format(self.fiscal_year, frappe.format(start, "Date"), frappe.format(end, "Date"))

	def chart(self, data) -> dict | None:
		"""Budget and actual per period, when the rows are the periods of one budget."""
		if self.group_by != BY_PERIOD or not data or len({row.budget for row in data}) != 1:
			return None
		return {
			"data": {
				"labels": [row.period_label for row in data],
				"datasets": [
					{"name": _("Budget Amount"), "values": [row.budget_amount for row in data]},
					{"name": _("Actual"), "values": [row.actual for row in data]},
				],
			},
			"type": "bar",
			"fieldtype": "Currency",
			"colors": ["#A0AEC0", "#E53E3E"],
		}

	def summary(self, data) -> list[dict]:
		budget = flt(sum(row.budget_amount for row in data), 2)
		actual = flt(sum(row.actual for row in data), 2)
		over = sum(row.over for row in data)
		return [
			{"value": budget, "label": _("Budget Amount"), "datatype": "Currency"},
			{"value": actual, "label": _("Actual"), "datatype": "Currency", "indicator": "Blue"},
			{
				"value": flt(budget - actual, 2),
				"label": _("Variance"),
				"datatype": "Currency",
				"indicator": "Red" if actual > budget + eb.TOLERANCE else "Green",
			},
			{
				"value": over,
				"label": _("Over Budget"),
				"datatype": "Int",
				"indicator": "Red" if over else "Green",
			},
		]
