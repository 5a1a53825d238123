"""The demo spending plan (`sales_mgmt.demo.expenses`) written with bulk SQL, for the benchmark data set.

One pass over the plan's events in time order computes what the controllers would write. An expense's
budget status, budget figures and flags are those of its last save: when it was sent for approval
(pending), rejected, or approved (its submit, which checks again); they depend only on what was
approved before, so the pass keeps what the checks read in memory — what each budget period has
spent, each customer's approved spend by day, each category's approved expenses by day — and hands
them to the expense's own rules (`expense_flags.compute_flags`, `expense_budget.binding_check`). Who
approved it follows the workflow: the salesperson's manager, or the Business Owner for an expense over
its budget or of a salesperson without a manager.

The budgets and categories come from the site (`expenses.ensure_budgets` creates the budgets through
their controller first), and the customers' sales from its sales orders. The cash entries of the
expenses paid out of a cash account are written by `sales_mgmt.demo.cash_bulk`. All of it is one
transaction; test_demo_expenses checks the rows equal what the controllers write.
"""

import bisect
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

import frappe
from frappe.model.meta import get_field_precision
from frappe.utils import add_days, add_months, flt, getdate

from sales_mgmt.demo.expenses import (
	BUDGET,
	EXPENSE,
	PROGRESS_KEY,
	ExpensePlan,
	SpendingPlan,
	business_owner,
)
from sales_mgmt.demo.money import Progress
from sales_mgmt.demo.money_bulk import insert_rows
from sales_mgmt.demo.series import current_series, finish_bulk_load, replay
from sales_mgmt.money import expense_flags
from sales_mgmt.money.expense_budget import (
	COMPANY,
	SALESPERSON,
	TEAM,
	binding_check,
	budget_check,
)
from sales_mgmt.money.setup import APPROVED, PENDING, REJECTED
from sales_mgmt.people.hierarchy import get_ancestors

NO_BUDGET, WITHIN, OVER = "No Budget", "Within", "Over"


def bulk_insert_expenses(
	plan: SpendingPlan, progress: Progress = None, log: Callable[[str], None] | None = None
) -> int:
	"""Write every expense of `plan` as its events leave it, in one transaction; return how many
	events."""
	log = log or (lambda message: None)
	started = time.monotonic()
	writer = BulkExpenses(plan)
	with writer.rules():
		replay(plan.events, writer.apply, progress)
	log(f"expenses: {len(writer.rows):,} expenses computed in {time.monotonic() - started:.0f} s")
	started = time.monotonic()
	insert_rows(EXPENSE, list(writer.rows.values()))
	finish_bulk_load(PROGRESS_KEY, len(plan.events), (EXPENSE,), writer.series)
	log(f"expenses: written in {time.monotonic() - started:.0f} s")
	return len(plan.events)


class Fenwick:
	"""Sums over days (indexes) with updates in any order."""

	def __init__(self, size: int):
		self.tree = [0.0] * (size + 1)

	def add(self, index: int, value: float) -> None:
		index += 1
		while index < len(self.tree):
			self.tree[index] += value
			index += index & -index

	def total(self, index: int) -> float:
		"""Sum over the indexes 0..index."""
		index = min(index + 1, len(self.tree) - 1)
		result = 0.0
		while index > 0:
			result += self.tree[index]
			index -= index & -index
		return result


class _Draft:
	"""What compute_flags reads of an expense."""

	def __init__(self, row: dict):
		self.__dict__.update(row)

	def is_new(self) -> bool:
		return False


class BulkExpenses:
	def __init__(self, plan: SpendingPlan):
		self.plan = plan
		self.money = get_field_precision(frappe.get_meta(EXPENSE).get_field("base_amount"))
		self.owner = business_owner()
		self.categories = {
			row.name: row
			for row in frappe.get_all(
				"SM Expense Category", fields=["name", "lft", "rgt", "expense_type", "is_group"]
			)
		}
		self.salespeople = {
			row.name: row.salesperson_name
			for row in frappe.get_all("SM Salesperson", fields=["name", "salesperson_name"])
		}
		self.ancestors: dict[str, list[str]] = {}
		self.customers: dict[str, str] = {}
		self.periods = self.budget_periods()
		self.budgets_of: dict[str, list] = {}  # category -> (budget, its periods' starts, periods)
		self.spent = defaultdict(float)  # (budget, period) -> approved base amount
		days = [e.expense_date for e in plan.expenses()]
		self.first_day = add_months(min(days), -13) if days else date.today()
		self.size = (max(days) - self.first_day).days + 2 if days else 1
		self.by_category: dict[str, tuple[Fenwick, Fenwick]] = {}
		self.customer_spend_by_day: dict[str, dict[date, float]] = defaultdict(dict)
		self.sales = self.customer_sales()
		self.series: dict[str, int] = {}
		self.rows: dict[int, dict] = {}

	# --- what the rules read, from memory --------------------------------------------------------------

	def budget_periods(self) -> list[frappe._dict]:
		return frappe.db.sql(
			f"""select b.name as budget, b.scope, b.team, b.salesperson, b.category, p.period,
				p.from_date, p.to_date, p.amount
			from `tab{BUDGET}` b join `tab{BUDGET} Period` p
				on p.parent = b.name and p.parenttype = %s and p.parentfield = 'periods'
			order by b.name, p.period""",
			BUDGET,
			as_dict=True,
		)

	def customer_sales(self) -> dict[str, tuple[list[date], list[float]]]:
		"""Per customer of the plan: its submitted orders' dates and running base totals."""
		customers = sorted({e.customer for e in self.plan.expenses() if e.customer})
		sales = defaultdict(lambda: ([], []))
		for start in range(0, len(customers), 5_000):
			chunk = customers[start : start + 5_000]
			for customer, day, total in frappe.db.sql(
				"""select customer, order_date, base_total from `tabSM Sales Order`
				where docstatus = 1 and customer in %(customers)s order by customer, order_date""",
				{"customers": chunk},
			):
				days, totals = sales[customer]
				days.append(getdate(day))
				totals.append((totals[-1] if totals else 0.0) + flt(total))
		for customer, name in frappe.get_all(
			"SM Customer", filters={"name": ("in", customers)}, fields=["name", "customer_name"], as_list=True
		):
			self.customers[customer] = name
		return dict(sales)

	def sales_until(self, customer: str, day) -> tuple[float, date | None]:
		days, totals = self.sales.get(customer, ([], []))
		i = bisect.bisect_right(days, getdate(day))
		return (flt(totals[i - 1], 2), days[i - 1]) if i else (0.0, None)

	def spend_until(self, customer: str, day, exclude=None) -> float:
		day = getdate(day)
		return flt(sum(v for d, v in self.customer_spend_by_day[customer].items() if d <= day), 2)

	def category_history(self, category: str, day, exclude=None) -> tuple[int, float]:
		trees = self.by_category.get(category)
		if not trees:
			return 0, 0.0
		day = getdate(day)
		first, last = self.index(add_months(day, -12)), self.index(add_days(day, -1))
		count = round(trees[0].total(last) - (trees[0].total(first - 1) if first else 0))
		total = trees[1].total(last) - (trees[1].total(first - 1) if first else 0)
		return count, (total / count if count else 0.0)

	def index(self, day) -> int:
		return max((getdate(day) - self.first_day).days, 0)

	@contextmanager
	def rules(self):
		"""The expense's own flag rules, reading from memory instead of the database."""
		saved = (expense_flags.customer_sales, expense_flags.customer_spend, expense_flags.category_history)
		expense_flags.customer_sales = self.sales_until
		expense_flags.customer_spend = self.spend_until
		expense_flags.category_history = self.category_history
		try:
			yield
		finally:
			(
				expense_flags.customer_sales,
				expense_flags.customer_spend,
				expense_flags.category_history,
			) = saved

	def covering(self, category: str, salesperson: str | None, day) -> list[frappe._dict]:
		"""expense_budget.covering_budget_periods, from memory: the period containing `day` of every
		budget of `category` or a category above it whose scope covers `salesperson`, by budget name."""
		if category not in self.budgets_of:
			node = self.categories[category]
			above = {n for n, c in self.categories.items() if c.lft <= node.lft and c.rgt >= node.rgt}
			by_budget = defaultdict(list)
			for p in self.periods:
				if p.category in (above or {category}):
					by_budget[p.budget].append(p)
			self.budgets_of[category] = [
				(periods[0], [getdate(p.from_date) for p in periods], periods)
				for _budget, periods in sorted(by_budget.items())
			]
		heads = set()
		if salesperson:
			if salesperson not in self.ancestors:
				self.ancestors[salesperson] = get_ancestors(salesperson)
			heads = {salesperson, *self.ancestors[salesperson]}
		day = getdate(day)
		found = []
		for budget, starts, periods in self.budgets_of[category]:
			if not (
				budget.scope == COMPANY
				or (budget.scope == TEAM and budget.team in heads)
				or (budget.scope == SALESPERSON and salesperson and budget.salesperson == salesperson)
			):
				continue
			i = bisect.bisect_right(starts, day) - 1
			if i >= 0 and day <= getdate(periods[i].to_date):
				found.append(periods[i])
		return found

	# --- events ------------------------------------------------------------------------------------

	def name(self, moment) -> str:
		prefix = f"EXP-{moment.year}-"
		if prefix not in self.series:
			self.series[prefix] = current_series(prefix)
		self.series[prefix] += 1
		return f"{prefix}{self.series[prefix]:05d}"

	def apply(self, event) -> None:
		if isinstance(event, ExpensePlan):
			self.enter(event)
			return
		row = self.rows[event.key]
		if not event.approve:
			self.evaluate(row, locking=False)
			row.update(
				workflow_state=REJECTED, modified=event.moment, modified_by=event.manager or self.owner
			)
			return
		self.evaluate(row, locking=True)
		approver = event.manager if event.manager and row["budget_status"] != OVER else self.owner
		row.update(
			docstatus=1,
			workflow_state=APPROVED,
			approved_by=approver,
			modified=event.moment,
			modified_by=approver,
		)
		self.approved(row)

	def enter(self, plan: ExpensePlan) -> None:
		"""Inserted by the salesperson and sent for approval: a draft with its figures of that moment."""
		category = self.categories[plan.category]
		amount = flt(plan.amount, self.money)
		row = {
			"name": self.name(plan.moment),
			"creation": plan.moment,
			"modified": plan.moment,
			"owner": plan.user,
			"modified_by": plan.user,
			"docstatus": 0,
			"idx": 0,
			"category": plan.category,
			"expense_type": category.expense_type,
			"expense_date": plan.expense_date,
			"salesperson": plan.salesperson,
			"amount": amount,
			"currency": "CNY",
			"exchange_rate": 1,
			"base_amount": amount,
			"customer": plan.customer,
			"customer_name": self.customers.get(plan.customer) if plan.customer else None,
			"opportunity": None,
			"description": plan.description,
			"attachment": None,
			"paid_from": plan.paid_from,
			"cash_entry": None,
			"approved_by": None,
			"amended_from": None,
			"workflow_state": PENDING,
		}
		self.evaluate(row, locking=False)
		self.rows[plan.key] = row

	def evaluate(self, row: dict, locking: bool) -> None:
		"""SM Expense.set_budget_and_flags, from memory (`locking` changes nothing here: the pass is
		the only writer)."""
		checks = []
		for p in self.covering(row["category"], row["salesperson"], row["expense_date"]):
			checks.append(budget_check(p, self.spent[(p.budget, p.period)], row["base_amount"]))
		binding = binding_check(checks)
		flags = expense_flags.compute_flags(_Draft(row), checks)
		row.update(
			budget_status=NO_BUDGET if not binding else OVER if binding.over else WITHIN,
			expense_budget=binding.budget if binding else None,
			budget_period_start=binding.from_date if binding else None,
			budget_period_end=binding.to_date if binding else None,
			budget_amount=binding.amount if binding else 0,
			budget_spent=binding.spent if binding else 0,
			over_budget_by=binding.excess if binding else 0,
			flag_over_budget=int(flags.over_budget),
			flag_spend_ratio=int(flags.spend_ratio),
			flag_dormant_customer=int(flags.dormant_customer),
			flag_outlier=int(flags.outlier),
			is_flagged=int(flags.any),
			flag_reasons="\n".join(flags.reasons) or None,
		)

	def approved(self, row: dict) -> None:
		"""What the next checks read: the budget periods' spent, the customer's spend, the category's
		history."""
		amount = flt(row["base_amount"])
		for p in self.covering(row["category"], row["salesperson"], row["expense_date"]):
			self.spent[(p.budget, p.period)] += amount
		if row["customer"]:
			spend = self.customer_spend_by_day[row["customer"]]
			spend[row["expense_date"]] = spend.get(row["expense_date"], 0.0) + amount
		if row["category"] not in self.by_category:
			self.by_category[row["category"]] = (Fenwick(self.size), Fenwick(self.size))
		count, total = self.by_category[row["category"]]
		count.add(self.index(row["expense_date"]), 1)
		total.add(self.index(row["expense_date"]), amount)
