"""The stage history of an opportunity: one SM Opportunity Stage Log row per stage entry.

Recorded by the controller on every save that changes `stage` (form, REST API, Data Import, scripts
using `doc.save()`), so no path can move a deal without leaving a trace. The history is
append-only: rows sent by a client are ignored and the stored rows kept.

A row says: the opportunity left `from_stage` (entered on `from_stage_entered_on`, after
`days_in_from_stage` calendar days) and entered `to_stage` on `changed_on`. The first row of every
opportunity has no `from_stage`: it records the stage the deal was created in.
"""

import datetime

import frappe
from frappe.utils import get_datetime, getdate, now_datetime


def days_between(start, end) -> int:
	"""Calendar days from `start` to `end` (dates or datetimes): entered Monday, left Wednesday = 2."""
	if not start or not end:
		return 0
	return max((getdate(end) - getdate(start)).days, 0)


def count_days_in_stage(stage_changed_on, today: datetime.date | None = None) -> int:
	"""Calendar days an opportunity has been in its current stage, as reports count them."""
	return days_between(stage_changed_on, today or getdate())


def record_stage_change(doc) -> bool:
	"""Keep the stored history and append a row when the stage changed; True when it changed."""
	before = doc.get_doc_before_save() if not doc.is_new() else None
	_keep_stored_history(doc, before)

	previous_stage = before.stage if before else None
	if before and previous_stage == doc.stage:
		return False

	now = now_datetime()
	entered_previous = get_datetime(before.stage_changed_on) if before and before.stage_changed_on else None
	doc.append(
		"stage_log",
		{
			"from_stage": previous_stage,
			"to_stage": doc.stage,
			"changed_on": now,
			"changed_by": frappe.session.user,
			"days_in_from_stage": days_between(entered_previous, now) if previous_stage else 0,
			"from_stage_entered_on": entered_previous,
		},
	)
	doc.stage_changed_on = now
	return True


def _keep_stored_history(doc, before) -> None:
	stored = before.get("stage_log") if before else []
	doc.set("stage_log", [row.as_dict() for row in stored])
