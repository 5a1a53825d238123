"""A month's sales budget per product, suggested from the history of quantities issued for sales.

The method, as the Sales Budget report and README explain it:

1. Only complete months count. The *last 3 months* are the 3 months before the budget month, or,
   while the budget month has not begun yet, the last 3 months that have ended: the current month
   counts once it is over, never as a whole month while it is running.
2. *Same month last year* — quantity sold in the budget month one year earlier (once it has ended).
3. *Trend* — quantity sold in the last 3 months divided by the quantity sold in the same 3 months a
   year earlier, kept between 0.5 and 2 so that one odd quarter cannot halve or more than double a
   budget; 1 when nothing was sold in those 3 months a year earlier.
4. With sales in the same month last year: suggested budget = same month last year × trend. Without
   them: the 3-month moving average (quantity sold in the last 3 months / 3), so a product with recent
   sales but none in that month a year ago still gets a budget.
5. The suggestion is rounded half up to whole units.
6. A manager's SM Sales Budget for that product and month replaces the suggestion.
7. Against stock on hand: *Order now* when stock on hand is below the budget (shortfall = budget −
   stock); *Overstock risk* when stock on hand exceeds the budget × SM Settings
   `overstock_months` (default 3 months of budgeted sales).

"Sold" means issued with purpose Sales Delivery, not cancelled. Everything here is pure (the current
month is given): the report reads the history with one query and hands it over.
"""

import datetime
import math
import re
from dataclasses import dataclass

import frappe
from frappe import _

from sales_mgmt.exceptions import InvalidPeriodError
from sales_mgmt.user_text import bold

SALES_DELIVERY = "Sales Delivery"
TREND_MIN = 0.5
TREND_MAX = 2.0
TREND_MONTHS = 3
HISTORY_MONTHS = 12

METHOD_TREND = "Last year × trend"
METHOD_AVERAGE = "3-month average"

ORDER_NOW = "Order now"
OVERSTOCK = "Overstock risk"

_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")


def normalize_period(value) -> str:
	"""'2026-12', '2026-12-15' or a date → '2026-12'."""
	if isinstance(value, datetime.date):
		return f"{value.year:04d}-{value.month:02d}"
	match = _PERIOD.match(str(value or "").strip())
	if not match or not 1 <= int(match.group(2)) <= 12:
		frappe.throw(
			_("{0} is not a month; write it as YYYY-MM, for example 2026-12.").format(bold(value)),
			InvalidPeriodError,
			title=_("Invalid period"),
		)
	return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"


def add_months(period: str, months: int) -> str:
	year, month = map(int, period.split("-"))
	index = year * 12 + (month - 1) + months
	return f"{index // 12:04d}-{index % 12 + 1:02d}"


def period_start(period: str) -> datetime.date:
	year, month = map(int, period.split("-"))
	return datetime.date(year, month, 1)


def period_end(period: str) -> datetime.date:
	return period_start(add_months(period, 1)) - datetime.timedelta(days=1)


def history_months(period: str) -> list[str]:
	"""The 12 months before `period`, oldest first: the history the report shows."""
	return [add_months(period, -n) for n in range(HISTORY_MONTHS, 0, -1)]


def trend_months(period: str, current: str) -> tuple[str, ...]:
	"""The last 3 complete months for a budget for `period` in month `current`, oldest first."""
	last = min(add_months(period, -1), add_months(current, -1))
	return tuple(add_months(last, -n) for n in range(TREND_MONTHS - 1, -1, -1))


def months_read(period: str, current: str) -> list[str]:
	"""Every month whose sales the report reads: those the method uses and the 12 it shows."""
	months = set(trend_months(period, current))
	months |= {add_months(month, -12) for month in months} | {add_months(period, -12)}
	return sorted(months | set(history_months(period)))


@dataclass(frozen=True)
class Suggestion:
	months: tuple[str, ...]  # the last 3 complete months
	same_month_last_year: float
	last_months: float
	same_months_last_year: float
	trend: float | None
	method: str
	suggested: float


def round_half_up(value: float) -> float:
	return float(math.floor(value + 0.5))


def suggest(sales: dict[str, float], period: str, current: str) -> Suggestion:
	"""Suggested budget for `period` from `sales` (month 'YYYY-MM' → quantity sold), in month `current`."""
	months = trend_months(period, current)
	last_year = add_months(period, -12)
	same_month_last_year = sales.get(last_year, 0.0) if last_year < current else 0.0
	last_months = sum(sales.get(month, 0.0) for month in months)
	same_months_last_year = sum(sales.get(add_months(month, -12), 0.0) for month in months)
	if same_month_last_year > 0:
		trend = (
			min(TREND_MAX, max(TREND_MIN, last_months / same_months_last_year))
			if same_months_last_year
			else 1.0
		)
		return Suggestion(
			months,
			same_month_last_year,
			last_months,
			same_months_last_year,
			trend,
			METHOD_TREND,
			round_half_up(same_month_last_year * trend),
		)
	return Suggestion(
		months,
		same_month_last_year,
		last_months,
		same_months_last_year,
		None,
		METHOD_AVERAGE,
		round_half_up(last_months / TREND_MONTHS),
	)


def stock_flag(budget: float, on_hand: float, overstock_months: float) -> tuple[str, float]:
	"""(flag, quantity): the shortfall to order now, the excess over the overstock threshold, or ('', 0)."""
	if on_hand < budget:
		return ORDER_NOW, budget - on_hand
	threshold = budget * overstock_months
	if on_hand > threshold:
		return OVERSTOCK, on_hand - threshold
	return "", 0.0
