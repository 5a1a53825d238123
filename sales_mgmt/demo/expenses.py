"""Demo expenses: what the salespeople spend on travel, office supplies, entertainment, gifts,
advertising and trade shows, most of it on their own customers; the budgets the company sets for
them (per category and month for the company, per quarter for the regional teams' entertainment, per
month for a few reps' travel); and the approval of each expense in the desk's workflow — entered and
sent for approval by the salesperson, approved by the salesperson's manager (by the Business Owner
when it is over its budget, and for the sales director), a few rejected, the latest still pending.
Part of what is approved is paid out of the cash account the spender's team keeps (the petty cash,
or a region's till), which posts an expense cash entry; the rest is reimbursed with the salaries.

Budget status and flags (over budget, spend above the customer's share of sales, promotion for a
customer without recent sales, unusually large) are not planned: the expense computes them when it is
saved and approved, from what was approved before it and from the money plan's sales orders. The
budgets are sized from the planned spending, some periods a little short, so that some expenses go
over.

`plan_expenses` is pure; `ensure_budgets` creates the budgets through their controller;
`insert_expenses` runs every expense through the workflow under the demo clock as the users who act
(small sets); `sales_mgmt.demo.expenses_bulk.bulk_insert_expenses` writes the same rows with bulk SQL
(large sets; test_demo_expenses compares the two).
"""

import bisect
import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_months, flt

from sales_mgmt.demo.clock import moving
from sales_mgmt.demo.money import RECEIPT_DELAY, Progress
from sales_mgmt.demo.series import set_series
from sales_mgmt.demo.users import demo_email
from sales_mgmt.money.setup import APPROVE, REJECT, SEND

EXPENSE = "SM Expense"
BUDGET = "SM Expense Budget"
PROGRESS_KEY = "sales_mgmt_demo_expense_events"
COMPANY, TEAM, SALESPERSON = "Company", "Team", "Salesperson"


@dataclass(frozen=True)
class CategoryPlan:
	category: str  # the default category (sales_mgmt.money.setup)
	weight: float
	median: float
	sigma: float
	low: float
	high: float
	digits: int
	with_customer: float  # share of its expenses spent on a customer (Promotion: all)
	petty: bool  # may be paid out of petty cash
	descriptions: tuple[str, ...]  # "{c}": the customer's name


CATEGORIES = (
	CategoryPlan("Travel", 30, 700, 0.7, 50, 20_000, 0, 0.5, True, ("拜访客户{c}差旅费", "出差高铁及住宿", "区域市场走访", "参加行业会议差旅")),
	CategoryPlan("Office Supplies", 12, 200, 0.8, 10, 5_000, 1, 0.0, True, ("打印纸、文具", "样品包装材料", "办公耗材")),
	CategoryPlan("Entertainment", 24, 550, 0.7, 80, 15_000, 0, 0.8, True, ("宴请客户{c}", "客户来访接待", "商务晚宴")),
	CategoryPlan("Gifts", 18, 350, 0.6, 50, 8_000, 0, 1.0, True, ("{c}节日礼品", "客户拜访伴手礼", "签约纪念品")),
	CategoryPlan("Advertising", 4, 2_500, 0.9, 500, 200_000, -2, 1.0, False, ("与{c}联合推广", "行业媒体广告", "线上推广费用")),
	CategoryPlan("Trade Shows", 2, 8_000, 0.8, 2_000, 300_000, -2, 1.0, False, ("{c}邀请参展", "展位费及搭建费", "展会物料")),
)  # fmt: skip
REJECTED_SHARE = 0.03
PROSPECT_SHARE = 0.05  # of the expenses on a customer: any of the salesperson's, buying or not


@dataclass(frozen=True)
class BudgetPlan:
	fiscal_year: int
	period_type: str  # Month, Quarter, Year
	category: str
	scope: str
	holder: str | None  # the team's head or the salesperson (records)
	amounts: tuple[float, ...]


@dataclass(frozen=True)
class ExpensePlan:
	key: int
	moment: datetime  # entered and sent for approval
	user: str  # the salesperson's user, who enters it
	salesperson: str
	category: str
	expense_date: date
	amount: float
	customer: str | None
	description: str
	paid_from: str | None


@dataclass(frozen=True)
class DecisionPlan:
	moment: datetime
	key: int
	approve: bool
	manager: str | None  # who approves it within its budget; None: only the Business Owner


@dataclass(frozen=True)
class SpendingPlan:
	budgets: tuple[BudgetPlan, ...]
	events: tuple[ExpensePlan | DecisionPlan, ...]  # in the order they happened

	def expenses(self) -> list[ExpensePlan]:
		return [event for event in self.events if isinstance(event, ExpensePlan)]

	def payouts(self) -> list[tuple[int, datetime, str, float]]:
		"""(key, moment, account, amount) of every approved expense paid out of a cash account."""
		entered = {e.key: e for e in self.expenses()}
		return [
			(d.key, d.moment, entered[d.key].paid_from, entered[d.key].amount)
			for d in self.events
			if isinstance(d, DecisionPlan) and d.approve and entered[d.key].paid_from
		]


@dataclass(frozen=True)
class Spender:
	user: str
	salesperson: str  # record
	manager: str | None  # the user of the salesperson above (None: nobody but the Business Owner)
	rate: float  # expenses a working day, relative to a rep's
	customers: tuple[tuple[str, str], ...]  # (record, name) of the spender's (a manager's: the team's)
	buyers: tuple[tuple[date, str, str, float], ...]  # (first order date, record, name, ordered), by date
	account: str | None  # the cash account the spender's team pays from
	team_head: str | None  # the head of the spender's region (its entertainment budget), a record
	watched: bool  # has a travel budget of their own (each region's first rep)


def spenders(people, by_key: dict[str, str], customers, customer_records: dict[str, str], ordered: dict[str, tuple[date, float]], accounts) -> list[Spender]:  # fmt: skip
	"""Every salesperson of the plan `people` as a spender: own customers (a manager: the team's) and
	what they ordered (`ordered`: record -> (first order date, total) in the money plan), who approves,
	the petty cash or till the salesperson may see."""
	plans = {p.key: p for p in people}
	own = defaultdict(list)
	for c in customers:
		record = customer_records.get(c.customer_name)
		if record:
			own[c.salesperson_key].append((record, c.customer_name))
	first_rep = {}
	for p in people:
		if not p.is_manager:
			first_rep.setdefault(p.region, p.key)
	result = []
	for p in people:
		team = [q.key for q in people if q.key == p.key or q.key.startswith(p.key + ".")]
		parent = plans.get(p.parent_key)
		depth = p.key.count(".")
		head = ".".join(p.key.split(".")[:2]) if depth else None
		readable = [
			a for a in accounts if a.role in ("petty", "till") and any(u == p.user for u, _l in a.access)
		]
		readable.sort(key=lambda a: a.role != "petty")
		result.append(
			Spender(
				p.user,
				by_key[p.key],
				parent.user if parent else None,
				1.0 if not p.is_manager else (0.2 if depth == 0 else 0.4 if depth == 1 else 0.6),
				tuple(c for key in team for c in own[key]),
				tuple(
					sorted(
						(ordered[record][0], record, name, ordered[record][1])
						for key in team
						for record, name in own[key]
						if record in ordered
					)
				),
				readable[0].name if readable else None,
				by_key[head] if head else None,
				first_rep.get(p.region) == p.key,
			)
		)
	return result


def plan_expenses(
	size, seed: int, base_date: date, months: int, spenders_: list[Spender], categories: dict[str, str]
) -> SpendingPlan:
	"""`size.count` expenses (or as many as `size.per_day` gives) of `spenders_` on the working days of
	the `months` months before `base_date`, their decisions, and the budgets. `categories`: the record
	of each default category."""
	start = add_months(base_date, -months)
	per_day = size.per_day
	drafts = _draft(seed, start, base_date, spenders_, per_day)
	if size.count is not None:
		if not drafts:
			raise ValueError("no expenses planned")
		per_day *= size.count / len(drafts) * 1.02
		drafts = _draft(seed, start, base_date, spenders_, per_day)
		if len(drafts) < size.count:
			raise RuntimeError(f"the expense plan does not reach {size.count:,} expenses ({len(drafts):,})")
		drop = set(
			random.Random(f"{seed}:expenses:drop").sample(range(len(drafts)), len(drafts) - size.count)
		)
		drafts = [d for i, d in enumerate(drafts) if i not in drop]
	rng = random.Random(f"{seed}:expenses:details")
	end = datetime.combine(base_date, time(23, 59, 59))
	# most is spent on the customers who have bought, the more the more they buy; a little on anyone
	weights = {s.user: list(itertools.accumulate(b[3] for b in s.buyers)) for s in spenders_}
	firsts = {s.user: [b[0] for b in s.buyers] for s in spenders_}
	events, approved = [], []
	for key, (day, spender) in enumerate(drafts):
		kind = rng.choices(CATEGORIES, weights=[c.weight for c in CATEGORIES])[0]
		customer = None
		if spender.customers and rng.random() < kind.with_customer:
			bought = bisect.bisect_right(firsts[spender.user], day)  # those who ordered by then
			if bought and rng.random() >= PROSPECT_SHARE:
				cumulative = weights[spender.user]
				chosen = spender.buyers[bisect.bisect_left(cumulative, rng.random() * cumulative[bought - 1])]
				customer = chosen[1:3]
			else:
				customer = rng.choice(spender.customers)
		elif kind.with_customer == 1.0:
			kind = CATEGORIES[0] if rng.random() < 0.7 else CATEGORIES[1]  # nobody to spend on: Management
		amount = max(flt(min(max(rng.lognormvariate(math.log(kind.median), kind.sigma), kind.low), kind.high), kind.digits), 1.0)  # fmt: skip
		entered = datetime.combine(day, time(rng.randint(17, 21), rng.randrange(60), rng.randrange(60)))
		if rng.random() < 0.3:
			entered = datetime.combine(_next_working_day(day), time(rng.randint(9, 11), rng.randrange(60)))
		paid_from = spender.account if kind.petty and rng.random() < size.paid_share else None
		expense = ExpensePlan(
			key,
			entered,
			spender.user,
			spender.salesperson,
			categories[kind.category],
			day,
			float(amount),
			customer[0] if customer else None,
			rng.choice(kind.descriptions).format(c=customer[1] if customer else "客户"),
			paid_from,
		)
		events.append(expense)
		decided = _next_working_day(entered.date(), rng.randint(0, 3))
		decided = datetime.combine(decided, time(rng.randint(9, 18), rng.randrange(60), rng.randrange(60)))
		if decided <= entered:
			decided = entered + timedelta(hours=1)
		if decided <= end:
			approve = rng.random() >= REJECTED_SHARE
			events.append(DecisionPlan(decided, key, approve, spender.manager))
			if approve:
				approved.append((expense, spender))
	events.sort(key=lambda e: (e.moment, isinstance(e, DecisionPlan), e.key))
	return SpendingPlan(tuple(_budgets(seed, approved, categories)), tuple(events))


def _draft(
	seed, start: date, end: date, spenders_: list[Spender], per_day: float
) -> list[tuple[date, Spender]]:
	"""(day, spender) of every expense, by day."""
	rng = random.Random(f"{seed}:expenses")
	drafts = []
	day = start
	while day <= end:
		if day.weekday() < 5:
			for spender in spenders_:
				mean = per_day * spender.rate
				count = int(mean) + (rng.random() < mean - int(mean))
				drafts += [(day, spender)] * count
		day += timedelta(days=1)
	return drafts


def _next_working_day(day: date, after: int = 1) -> date:
	for _ in range(after):
		day += timedelta(days=1)
		while day.weekday() >= 5:
			day += timedelta(days=1)
	return day


def _budgets(seed: int, approved, categories: dict[str, str]) -> list[BudgetPlan]:
	"""Budgets sized from the approved spending: every category of the company by month, the regional
	teams' entertainment by quarter, the travel of each region's first rep by month; each period
	between a little short of what is spent in it and well above it."""
	rng = random.Random(f"{seed}:expenses:budgets")
	company, teams, reps = defaultdict(float), defaultdict(float), defaultdict(float)
	entertainment, travel = categories["Entertainment"], categories["Travel"]
	for expense, spender in approved:
		year, month = expense.expense_date.year, expense.expense_date.month
		company[(year, expense.category, month)] += expense.amount
		if expense.category == entertainment and spender.team_head:
			teams[(year, spender.team_head, (month - 1) // 3 + 1)] += expense.amount
		if expense.category == travel and spender.watched:
			reps[(year, spender.salesperson, month)] += expense.amount
	budgets = []
	for year in sorted({key[0] for key in company}):
		for category in sorted(set(categories.values())):
			amounts = tuple(_amount(rng, company.get((year, category, m), 0), 0.9, 1.5) for m in range(1, 13))
			if any(amounts):
				budgets.append(BudgetPlan(year, "Month", category, COMPANY, None, amounts))
		for head in sorted({key[1] for key in teams if key[0] == year}):
			amounts = tuple(_amount(rng, teams.get((year, head, q), 0), 0.85, 1.3) for q in range(1, 5))
			budgets.append(BudgetPlan(year, "Quarter", entertainment, TEAM, head, amounts))
		for rep in sorted({key[1] for key in reps if key[0] == year}):
			amounts = tuple(_amount(rng, reps.get((year, rep, m), 0), 0.75, 1.2) for m in range(1, 13))
			budgets.append(BudgetPlan(year, "Month", travel, SALESPERSON, rep, amounts))
	return budgets


def _amount(rng, spent: float, low: float, high: float) -> float:
	"""A budget amount for a period in which `spent` is spent: `low` to `high` times it, in hundreds;
	0 for a period without spending (no expenses are planned in it)."""
	return float(round(spent * rng.uniform(low, high), -2)) if spent else 0.0


# --- writing through the controllers -----------------------------------------------------------------


def ensure_budgets(plan: SpendingPlan) -> int:
	"""Create the budgets that are missing (one per fiscal year, scope, holder and category)."""
	added = 0
	for budget in plan.budgets:
		key = f"{budget.fiscal_year}|{budget.scope}|{budget.holder or ''}|{budget.category}"
		if frappe.db.exists(BUDGET, {"budget_key": key}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": BUDGET,
				"fiscal_year": budget.fiscal_year,
				"period_type": budget.period_type,
				"category": budget.category,
				"scope": budget.scope,
				"team": budget.holder if budget.scope == TEAM else None,
				"salesperson": budget.holder if budget.scope == SALESPERSON else None,
				"notes": "年度费用预算",
				"periods": [{"period": n, "amount": a} for n, a in enumerate(budget.amounts, 1)],
			}
		)
		doc.insert(ignore_permissions=True)
		added += 1
	return added


def business_owner() -> str:
	"""Who approves what no manager may: the demo's Business Owner login, else Administrator."""
	owner = demo_email("owner")
	return owner if frappe.db.exists("User", owner) else "Administrator"


def insert_expenses(plan: SpendingPlan, start: int = 0, progress: Progress = None) -> int:
	"""Run each event from `start` on through the workflow at the moment it happened, as the user who
	acts, one transaction each, counting them in PROGRESS_KEY; return how many. An expense is
	approved by the salesperson's manager; when the manager may not (it is over its budget, or there is
	no manager), by the Business Owner."""
	names = _resume_names(plan, start)
	missing = plan.events[start:]
	if not missing:
		return 0
	owner = business_owner()
	paid = {e.key for e in plan.expenses() if e.paid_from}
	with moving(missing[0].moment) as move_to:
		for i, event in enumerate(missing, start):
			pays = isinstance(event, DecisionPlan) and event.approve and event.key in paid
			# the approval posts the expense's cash entry (inserted, then submitted: see RECEIPT_DELAY)
			move_to(event.moment + (RECEIPT_DELAY if pays else timedelta(0)))
			try:
				if isinstance(event, ExpensePlan):
					frappe.set_user(event.user)
					doc = frappe.get_doc(expense_doc(event))
					doc.insert()
					apply_workflow(doc, SEND)
					names[event.key] = doc.name
				elif event.approve:
					_approve(names[event.key], event.manager, owner)
				else:
					frappe.set_user(event.manager or owner)
					apply_workflow(frappe.get_doc(EXPENSE, names[event.key]), REJECT)
			finally:
				frappe.set_user("Administrator")
			set_series(PROGRESS_KEY, i + 1)
			frappe.db.commit()
			if progress:
				progress(i - start, len(missing))
	return len(missing)


def _approve(name: str, manager: str | None, owner: str) -> None:
	"""As the manager; refused (over budget), as the Business Owner."""
	from frappe.model.workflow import WorkflowTransitionError

	from sales_mgmt.exceptions import ApprovalRequiredError

	if manager:
		frappe.set_user(manager)
		try:
			apply_workflow(frappe.get_doc(EXPENSE, name), APPROVE)
			return
		except (ApprovalRequiredError, WorkflowTransitionError):
			frappe.db.rollback()
			frappe.clear_messages()
	frappe.set_user(owner)
	apply_workflow(frappe.get_doc(EXPENSE, name), APPROVE)


def _resume_names(plan: SpendingPlan, start: int) -> dict[int, str]:
	"""Names of the expenses entered before `start` (a load resumed), in the order they were entered."""
	done = [event.key for event in plan.events[:start] if isinstance(event, ExpensePlan)]
	if not done:
		return {}
	found = frappe.get_all(EXPENSE, order_by="creation asc, name asc", pluck="name", limit=len(done))
	return dict(zip(done, found, strict=True))


def expense_doc(plan: ExpensePlan) -> dict:
	return {
		"doctype": EXPENSE,
		"category": plan.category,
		"expense_date": plan.expense_date,
		"salesperson": plan.salesperson,
		"amount": plan.amount,
		"customer": plan.customer,
		"description": plan.description,
		"paid_from": plan.paid_from,
	}
