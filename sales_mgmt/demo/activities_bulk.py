"""The demo activities (`sales_mgmt.demo.activities`) written with bulk SQL, for the benchmark data set.

One pass over the plan's events, in order, names the activities as the controller does (ACT-YYYY-######
in the order they are entered: an event's activity, then the follow-up its completion plans); then
each activity's row is its final state — entered as planned (or logged done), completed or cancelled
once, chained to its follow-up — with what the controller fills in: the customer's name, the day it
starts on, the reminder minutes of SM Settings, when it was completed. Rows are written with
multi-row inserts in one transaction (the table is analyzed after it commits); the naming series
moves on past the names taken. The version history the controller's saves leave is not written.
test_demo_activities checks that the rows equal what the controller writes for the same plan.
"""

import time
from collections.abc import Callable

import frappe

from sales_mgmt.demo.activities import ACTIVITY, PROGRESS_KEY, ActivitiesPlan, ActivityPlan
from sales_mgmt.demo.money import Progress
from sales_mgmt.demo.money_bulk import insert_rows
from sales_mgmt.demo.series import current_series, finish_bulk_load, set_series
from sales_mgmt.people.activities import DONE, PLANNED

CHUNK = 20_000


def bulk_insert_activities(
	plan: ActivitiesPlan, progress: Progress = None, log: Callable[[str], None] | None = None
) -> int:
	"""Write every activity of `plan` in one transaction; return how many events that is."""
	log = log or (lambda message: None)
	started = time.monotonic()
	names = activity_names(plan)
	customers = dict(frappe.db.sql("select name, customer_name from `tabSM Customer`"))
	remind = frappe.db.get_single_value("SM Settings", "activity_reminder_minutes") or 0
	log(f"activities: {len(names):,} named in {time.monotonic() - started:.0f} s")
	started = time.monotonic()
	activities, results = plan.activities, plan.results()
	for first in range(0, len(activities), CHUNK):
		chunk = activities[first : first + CHUNK]
		insert_rows(ACTIVITY, [activity_row(a, results, names, customers, remind) for a in chunk])
		if progress:
			progress(min(first + CHUNK, len(activities)) - 1, len(activities))
	finish_bulk_load(PROGRESS_KEY, len(plan.events), (ACTIVITY,))
	log(f"activities: {len(activities):,} written in {time.monotonic() - started:.0f} s")
	return len(plan.events)


def activity_names(plan: ActivitiesPlan) -> dict[int, str]:
	"""key -> name, in the order the events enter the activities, continuing the site's series."""
	follow_ups = plan.follow_ups()
	series: dict[str, int] = {}
	names: dict[int, str] = {}

	def enter(key: int, moment) -> None:
		prefix = f"ACT-{moment.year}-"
		if prefix not in series:
			series[prefix] = current_series(prefix)
		series[prefix] += 1
		names[key] = f"{prefix}{series[prefix]:06d}"

	for event in plan.events:
		if isinstance(event, ActivityPlan):
			enter(event.key, event.moment)
			event = event.result
		if event is not None and event.next_activity_on:
			enter(follow_ups[event.key], event.moment)
	for prefix, number in series.items():
		set_series(prefix, number)
	return names


def activity_row(
	activity: ActivityPlan, results: dict, names: dict[int, str], customers: dict[str, str], remind: int
) -> dict:
	"""The row the controller leaves: entered, then completed or cancelled once (or still planned)."""
	result = results.get(activity.key)
	done = bool(result and result.status == DONE)
	return {
		"name": names[activity.key],
		"creation": activity.moment,
		"modified": result.moment if result else activity.moment,
		"modified_by": activity.user,
		"owner": activity.user,
		"docstatus": 0,
		"idx": 0,
		"activity_type": activity.activity_type,
		"subject": activity.subject,
		"customer": activity.customer,
		"customer_name": customers.get(activity.customer) if activity.customer else None,
		"opportunity": activity.opportunity,
		"lead": None,
		"salesperson": activity.salesperson,
		"status": result.status if result else PLANNED,
		"starts_on": activity.starts_on,
		"ends_on": activity.ends_on,
		"activity_date": activity.starts_on.date(),
		"location": activity.location,
		"remind_before_minutes": remind,
		"reminded_on": None,
		"outcome": result.outcome if done else None,
		"completed_on": result.moment if done else None,
		"summary": result.summary if result else None,
		"next_step": result.next_step if result else None,
		"next_activity_on": result.next_activity_on if result else None,
		"next_activity": names[result.follow_up] if result and result.follow_up is not None else None,
		"previous_activity": names[activity.previous] if activity.previous is not None else None,
	}
