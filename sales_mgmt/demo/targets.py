"""The demo's sales targets (SM Sales Target): a monthly target for every salesperson with a history,
and a Team target for every manager (a salesperson with someone reporting to them), for the base
date's month and the months before it.

Each target is set the way a manager sets one: from the holder's actual figures of the three months
before the target's month (the Salesperson KPI's figures: contract amount, collected amount, gross
profit, new customers, visits; a Team target from the figures of the manager and everyone below them
added up), averaged and raised or lowered by a factor drawn per holder and month (0.9 to 1.3: most
targets ask for a little more than last quarter's pace, some for less). Amounts are rounded to
thousands of yuan, counts up to whole numbers. A holder without any figure in those three months gets
no target that month. The plan is pure (`plan_targets`); `ensure_targets` inserts the targets the site
lacks through the SM Sales Target controller, so loading again adds nothing.
"""

import math
import random
from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import add_months, get_first_day, get_last_day, getdate

from sales_mgmt.people import kpi

TARGET = "SM Sales Target"
MONTHS = 4  # the base date's month and the three before it
HISTORY = 3  # months of actual figures a target is set from
FACTOR = (0.9, 1.3)
# target field -> the figure of kpi.Figures it is set from
FIELDS = {
	"contract_amount": "contract_amount",
	"collection_amount": "collected_amount",
	"gross_profit": "gross_profit",
	"new_customers": "new_customers",
	"visits": "visits",
}
AMOUNTS = ("contract_amount", "collection_amount", "gross_profit")


@dataclass(frozen=True)
class TargetPlan:
	salesperson: str
	scope: str  # kpi.SALESPERSON_SCOPE or kpi.TEAM_SCOPE
	period_start: date
	contract_amount: float
	collection_amount: float
	gross_profit: float
	new_customers: int
	visits: int

	@property
	def key(self) -> str:
		return kpi.target_key(self.salesperson, self.scope, kpi.MONTH, self.period_start)


def target_months(base_date, months: int = MONTHS) -> list[date]:
	"""First days of the `months` months ending with the base date's month, oldest first."""
	first = get_first_day(base_date)
	return [getdate(add_months(first, -back)) for back in range(months - 1, -1, -1)]


def history_months(base_date, months: int = MONTHS) -> list[date]:
	"""First days of every month whose figures the targets are set from."""
	first = get_first_day(base_date)
	return [getdate(add_months(first, -back)) for back in range(months + HISTORY - 1, 0, -1)]


def plan_targets(
	seed: int,
	months: list[date],
	actuals: dict[date, dict[str, dict]],
	teams: dict[str, list[str]],
) -> list[TargetPlan]:
	"""The targets of `months` (first days) from `actuals` ({month's first day: {salesperson: {figure:
	value}}} of at least the three months before each) for every salesperson with a figure, and of
	`teams` ({manager: the manager and everyone below}) as Team targets."""
	rng = random.Random(f"{seed}:targets")
	salespeople = sorted({name for month in actuals.values() for name in month})
	holders = [(name, kpi.SALESPERSON_SCOPE, [name]) for name in salespeople]
	holders += [(head, kpi.TEAM_SCOPE, members) for head, members in sorted(teams.items())]
	plans = []
	for month in months:
		history = [getdate(add_months(month, -back)) for back in range(1, HISTORY + 1)]
		for holder, scope, members in holders:
			factor = rng.uniform(*FACTOR)
			average = {
				field: sum(
					(actuals.get(m, {}).get(member) or {}).get(figure, 0)
					for m in history
					for member in members
				)
				/ HISTORY
				for field, figure in FIELDS.items()
			}
			if not any(average.values()):
				continue
			plans.append(
				TargetPlan(
					holder,
					scope,
					month,
					**{
						field: round(average[field] * factor, -3)
						if field in AMOUNTS
						else math.ceil(average[field] * factor)
						for field in FIELDS
					},
				)
			)
	return plans


def monthly_actuals(months: list[date]) -> dict[date, dict[str, dict]]:
	"""The Salesperson KPI's figures of every salesperson for each month (as Administrator: all)."""
	actuals = {}
	for month in months:
		figures = kpi.KPI(month, get_last_day(month), user="Administrator").by_salesperson()
		actuals[month] = {
			name: {figure: getattr(item, figure) for figure in FIELDS.values()}
			for name, item in figures.items()
		}
	return actuals


def demo_teams() -> dict[str, list[str]]:
	"""{manager: the manager and every enabled salesperson below them} for every enabled manager."""
	people = frappe.get_all("SM Salesperson", fields=["name", "lft", "rgt", "enabled"], order_by="lft")
	return {
		head.name: [p.name for p in people if p.lft >= head.lft and p.rgt <= head.rgt and p.enabled]
		for head in people
		if head.enabled and head.rgt - head.lft > 1
	}


def ensure_targets(plans: list[TargetPlan], progress=None) -> int:
	"""Insert the planned targets the site does not have yet; return how many were added."""
	existing = set(frappe.get_all(TARGET, pluck="target_key"))
	enabled = set(frappe.get_all("SM Salesperson", filters={"enabled": 1}, pluck="name"))
	missing = [p for p in plans if p.key not in existing and p.salesperson in enabled]
	for i, plan in enumerate(missing):
		frappe.get_doc(
			{
				"doctype": TARGET,
				"salesperson": plan.salesperson,
				"scope": plan.scope,
				"period_type": kpi.MONTH,
				"period_start": plan.period_start,
				**{field: getattr(plan, field) for field in FIELDS},
			}
		).insert()
		if progress:
			progress(i, len(missing))
	return len(missing)


def generate_targets(seed: int, base_date, progress=None) -> tuple[int, int]:
	"""Plan the demo's targets from the site's figures and insert what is missing: (planned, added)."""
	months = target_months(base_date)
	plans = plan_targets(seed, months, monthly_actuals(history_months(base_date)), demo_teams())
	return len(plans), ensure_targets(plans, progress)
