"""Expense budgets (SM Expense Budget): their fiscal periods, which budgets cover an expense, and how
much of a budget is spent.

A budget is for one fiscal year, one scope — the company, a team (its head in the salesperson tree,
covering everyone reporting to them) or one salesperson — and one expense category with every
category below it; it holds an amount in the base currency per month, quarter or the whole year.

Fiscal year N starts on the first day of SM Settings' *Fiscal Year Start Month* in calendar year N
(start month 4: fiscal year 2026 is 2026-04-01 … 2027-03-31). A budget stores its periods' dates
when it is saved, so changing the start month later does not move existing budgets.

*Spent* in a budget period = the base amounts of submitted expenses dated in the period, of the
budget's category or one below it, of the budget's scope (company: every expense, with or without a
salesperson; team: the head's subtree; salesperson: that salesperson's).
"""

import datetime
from dataclasses import dataclass

import frappe
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import add_days, add_months, cint, flt, getdate

from sales_mgmt.people.hierarchy import get_ancestors, get_subtree
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

BUDGET = "SM Expense Budget"
EXPENSE = "SM Expense"
CATEGORY = "SM Expense Category"

MONTH, QUARTER, YEAR = "Month", "Quarter", "Year"
PERIOD_TYPES = (MONTH, QUARTER, YEAR)
MONTHS_PER_PERIOD = {MONTH: 1, QUARTER: 3, YEAR: 12}

COMPANY, TEAM, SALESPERSON = "Company", "Team", "Salesperson"
SCOPES = (COMPANY, TEAM, SALESPERSON)

# a fiscal year is typed as a number: keep it to plausible years
MIN_YEAR, MAX_YEAR = 2000, 2999

# amounts within half a cent are equal (Currency fields hold 2 decimals)
TOLERANCE = 0.005


@dataclass(frozen=True)
class Period:
	number: int  # 1..12 (months), 1..4 (quarters) or 1 (the year), counted from the fiscal year's start
	from_date: datetime.date
	to_date: datetime.date


# --- fiscal periods (no database) ---------------------------------------------------------------------


def fiscal_year_start(fiscal_year: int, start_month: int) -> datetime.date:
	return datetime.date(int(fiscal_year), int(start_month), 1)


def fiscal_year_bounds(fiscal_year: int, start_month: int) -> tuple[datetime.date, datetime.date]:
	start = fiscal_year_start(fiscal_year, start_month)
	return start, add_days(add_months(start, 12), -1)


def fiscal_year_of(day, start_month: int) -> int:
	"""The fiscal year containing `day`."""
	day = getdate(day)
	return day.year if day.month >= int(start_month) else day.year - 1


def budget_periods(fiscal_year: int, period_type: str, start_month: int) -> list[Period]:
	"""The periods of a fiscal year, in order."""
	step = MONTHS_PER_PERIOD[period_type]
	start = fiscal_year_start(fiscal_year, start_month)
	periods = []
	for number in range(1, 12 // step + 1):
		begin = add_months(start, (number - 1) * step)
		periods.append(Period(number, getdate(begin), getdate(add_days(add_months(begin, step), -1))))
	return periods


def start_month() -> int:
	return cint(get_settings().fiscal_year_start_month) or 1


def current_fiscal_year(day=None) -> int:
	return fiscal_year_of(day or getdate(), start_month())


# --- which budgets cover an expense ---------------------------------------------------------------------


@dataclass
class BudgetCheck:
	"""One budget period covering an expense: its amount, what was spent before the expense and with
	it."""

	budget: str
	scope: str
	holder: str | None  # the team head or the salesperson (None for the company)
	category: str
	period: int
	from_date: datetime.date
	to_date: datetime.date
	amount: float
	spent: float
	with_expense: float

	@property
	def over(self) -> bool:
		return self.with_expense > self.amount + TOLERANCE

	@property
	def excess(self) -> float:
		return flt(max(self.with_expense - self.amount, 0), 2)


def category_and_ancestors(category: str) -> list[str]:
	bounds = frappe.db.get_value(CATEGORY, category, ["lft", "rgt"])
	if not bounds:
		return [category]
	c = frappe.qb.DocType(CATEGORY)
	return (
		frappe.qb.from_(c).select(c.name).where((c.lft <= bounds[0]) & (c.rgt >= bounds[1])).run(pluck=True)
	) or [category]


def category_subtree(category: str) -> list[str]:
	bounds = frappe.db.get_value(CATEGORY, category, ["lft", "rgt"])
	if not bounds:
		return [category]
	c = frappe.qb.DocType(CATEGORY)
	return (
		frappe.qb.from_(c).select(c.name).where((c.lft >= bounds[0]) & (c.rgt <= bounds[1])).run(pluck=True)
	) or [category]


def covering_budget_periods(category: str, salesperson: str | None, day) -> list[frappe._dict]:
	"""The budget periods containing `day` of every budget covering an expense of `category` (or a
	category above it) by `salesperson`: the company's, the teams' of every head above or equal to
	the salesperson, and the salesperson's own."""
	b = frappe.qb.DocType(BUDGET)
	p = frappe.qb.DocType("SM Expense Budget Period")
	day = getdate(day)
	scope = b.scope == COMPANY
	if salesperson:
		heads = [salesperson, *get_ancestors(salesperson)]
		scope = scope | ((b.scope == TEAM) & b.team.isin(heads))
		scope = scope | ((b.scope == SALESPERSON) & (b.salesperson == salesperson))
	return (
		frappe.qb.from_(b)
		.join(p)
		.on((p.parent == b.name) & (p.parenttype == BUDGET) & (p.parentfield == "periods"))
		.select(
			b.name.as_("budget"),
			b.scope,
			b.team,
			b.salesperson,
			b.category,
			p.period,
			p.from_date,
			p.to_date,
			p.amount,
		)
		.where(b.category.isin(category_and_ancestors(category)))
		.where(p.from_date <= day)
		.where(p.to_date >= day)
		.where(scope)
		.orderby(b.name)
		.run(as_dict=True)
	)


def spent(
	scope: str,
	holder: str | None,
	category: str,
	from_date,
	to_date,
	exclude: str | None = None,
	locking: bool = False,
) -> float:
	"""Base amount of submitted expenses in a budget's scope, category subtree and dates. `locking`
	reads the latest committed rows and holds them until the transaction ends (a submit's check)."""
	e = frappe.qb.DocType(EXPENSE)
	query = (
		frappe.qb.from_(e)
		.select(Coalesce(Sum(e.base_amount), 0))
		.where(e.docstatus == 1)
		.where(e.category.isin(category_subtree(category)))
		.where(e.expense_date[getdate(from_date) : getdate(to_date)])
	)
	if scope == TEAM:
		query = query.where(e.salesperson.isin(get_subtree(holder)))
	elif scope == SALESPERSON:
		query = query.where(e.salesperson == holder)
	if exclude:
		query = query.where(e.name != exclude)
	sql = query.get_sql()
	if locking:
		sql += " lock in share mode"
	return flt(frappe.db.sql(sql)[0][0], 2)


def check_budgets(expense, locking: bool = False) -> list[BudgetCheck]:
	"""Every budget period covering `expense` (an SM Expense with category, salesperson, date and
	base amount), with what it had spent and would spend with the expense."""
	if not (expense.category and expense.expense_date):
		return []
	checks = []
	for row in covering_budget_periods(expense.category, expense.salesperson, expense.expense_date):
		before = spent(
			row.scope,
			holder_of(row),
			row.category,
			row.from_date,
			row.to_date,
			exclude=None if expense.is_new() else expense.name,
			locking=locking,
		)
		checks.append(budget_check(row, before, expense.base_amount))
	return checks


def holder_of(period) -> str | None:
	"""Whose budget a covering period is: the team head's, the salesperson's, or the company's (None)."""
	return (
		period.team if period.scope == TEAM else period.salesperson if period.scope == SALESPERSON else None
	)


def budget_check(period, spent_before: float, base_amount: float) -> BudgetCheck:
	"""A covering budget period (of covering_budget_periods) against what was spent in it before and
	with an expense of `base_amount`."""
	spent_before = flt(spent_before, 2)
	return BudgetCheck(
		budget=period.budget,
		scope=period.scope,
		holder=holder_of(period),
		category=period.category,
		period=period.period,
		from_date=getdate(period.from_date),
		to_date=getdate(period.to_date),
		amount=flt(period.amount, 2),
		spent=spent_before,
		with_expense=flt(spent_before + flt(base_amount), 2),
	)


def binding_check(checks: list[BudgetCheck]) -> BudgetCheck | None:
	"""The budget that decides an expense's status: the one most exceeded, else the one with the least
	left."""
	if not checks:
		return None
	return max(checks, key=lambda c: (c.with_expense - c.amount, c.budget))


def lock_budgets(names: list[str]) -> None:
	"""Lock budgets in name order: two expenses of one budget are checked and submitted one after the
	other, the second seeing the first."""
	if names:
		frappe.db.sql(
			f"select name from `tab{BUDGET}` where name in %(names)s order by name for update",
			{"names": sorted(set(names))},
		)
