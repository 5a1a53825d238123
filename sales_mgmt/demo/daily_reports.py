"""The demo's daily, weekly and monthly reports (SM Daily Report), generated as the scheduled job
would have generated them: for every enabled salesperson, the Daily report of every working day
(Monday to Friday) of the last `days` days up to the base date, the Weekly report of every week
(Monday to Sunday) ending in that span and the Monthly report of every month ending in it, through
sales_mgmt.people.daily_report.generate_many (one query per figure for all the salespeople of a
period, then one report each).

The small demo covers its activities' months; the large data set its last 31 days (DAYS below: 5,400
reports of 200 salespeople in about 8 minutes on 2 shared cores). Resumable: a period is generated only when some
enabled salesperson lacks its report, and each period is committed, so loading again adds nothing.
"""

from datetime import date, timedelta

import frappe
from frappe.utils import get_last_day, getdate

from sales_mgmt.people.daily_report import (
	DAILY,
	MONTHLY,
	WEEKLY,
	enabled_salespeople,
	generate_many,
	period_range,
)

DOCTYPE = "SM Daily Report"
# days of reports by data set size (None: the whole span of the activities)
DAYS = {"small": None, "large": 31}


def report_periods(first: date, last: date) -> list[tuple[str, date]]:
	"""(period type, day) of every report of `first`..`last`: each working day's Daily report, each
	week's Weekly report on its Sunday, each month's Monthly report on its last day; in date order."""
	periods, day = [], getdate(first)
	while day <= getdate(last):
		if day.weekday() < 5:
			periods.append((DAILY, day))
		if day.weekday() == 6:
			periods.append((WEEKLY, day))
		if day == getdate(get_last_day(day)):
			periods.append((MONTHLY, day))
		day += timedelta(days=1)
	return periods


def first_day(size: str, base_date, activity_months: int) -> date:
	"""The first day with reports: `DAYS[size]` days before the base date, else the activities' start."""
	days = DAYS.get(size)
	if days is None:
		days = activity_months * 31
	return getdate(base_date) - timedelta(days=days - 1)


def generate_reports(first, last, progress=None, commit: bool = True) -> tuple[int, int]:
	"""Generate the reports of `first`..`last` the site lacks (committing each period); return
	(periods, reports added)."""
	salespeople = enabled_salespeople()
	periods = report_periods(first, last)
	start = frappe.db.count(DOCTYPE)
	for i, (period_type, day) in enumerate(periods):
		have = frappe.db.count(
			DOCTYPE,
			{
				"period_type": period_type,
				"report_date": period_range(period_type, day)[0],
				"salesperson": ("in", salespeople),
			},
		)
		if have < len(salespeople):
			generate_many(salespeople, period_type, day)
			if commit:
				frappe.db.commit()
		if progress:
			progress(i, len(periods))
	return len(periods), frappe.db.count(DOCTYPE) - start
