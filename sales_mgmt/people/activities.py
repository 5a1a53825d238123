"""Activities (visits, calls, meetings …): checks on their times and results, and the next activity a
completed one plans."""

from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime

from sales_mgmt.exceptions import InvalidActivityError

PLANNED, DONE, CANCELLED = "Planned", "Done", "Cancelled"
# a planned activity without an end takes this long (the calendar needs an end)
DEFAULT_DURATION = timedelta(hours=1)


def default_end(starts_on: datetime) -> datetime:
	return starts_on + DEFAULT_DURATION


def validate_times(starts_on, ends_on) -> None:
	if ends_on and get_datetime(ends_on) < get_datetime(starts_on):
		frappe.throw(
			_("An activity cannot end before it starts; check Starts On and Ends On."),
			InvalidActivityError,
			title=_("Invalid time"),
		)


def validate_result(status: str, outcome: str | None, starts_on, now: datetime | None = None) -> None:
	"""A done activity has an outcome and has started; only a done one has an outcome."""
	if status != DONE:
		return
	if not outcome:
		frappe.throw(
			_("Choose the outcome of a done activity: Successful, Unsuccessful or Follow-up Needed."),
			InvalidActivityError,
			title=_("Outcome missing"),
		)
	if getdate(starts_on) > getdate(now or now_datetime()):
		frappe.throw(
			_("An activity planned for a later day cannot be marked Done yet."),
			InvalidActivityError,
			title=_("Not started yet"),
		)


def validate_next_activity_on(status: str, starts_on, next_activity_on) -> None:
	if next_activity_on and get_datetime(next_activity_on) <= get_datetime(starts_on):
		frappe.throw(
			_("The next activity must come after this one; check Next Activity On."),
			InvalidActivityError,
			title=_("Invalid time"),
		)


def is_overdue(status: str, starts_on, ends_on, now: datetime | None = None) -> bool:
	"""A planned activity whose time has passed without being done or cancelled."""
	return status == PLANNED and get_datetime(ends_on or starts_on) < (now or now_datetime())


def plan_next(doc) -> str | None:
	"""Create the Planned activity a done one asks for (once), and return its name."""
	if doc.status != DONE or not doc.next_activity_on or doc.next_activity:
		return None
	starts_on = get_datetime(doc.next_activity_on)
	duration = get_datetime(doc.ends_on) - get_datetime(doc.starts_on) if doc.ends_on else DEFAULT_DURATION
	following = frappe.get_doc(
		{
			"doctype": "SM Activity",
			"activity_type": doc.activity_type,
			"subject": doc.next_step or doc.subject,
			"customer": doc.customer,
			"opportunity": doc.opportunity,
			"lead": doc.lead,
			"salesperson": doc.salesperson,
			"status": PLANNED,
			"starts_on": starts_on,
			"ends_on": starts_on + (duration or DEFAULT_DURATION),
			"location": doc.location,
			"previous_activity": doc.name,
		}
	)
	# the user completing an activity may plan its follow-up even where their role could not create
	# it directly (a manager completing a subordinate's visit): the record stays in the same scope
	following.flags.ignore_permissions = True
	following.insert()
	return following.name
