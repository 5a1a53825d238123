"""Service levels of complaints: when a first response and a resolution are due, and how a complaint
stands against them. Plain functions of times (no database), unit-tested in test_sla.py.

Targets are calendar hours counted from `opened_on` (around the clock, weekends included), per
severity, from SM Settings; a target of 0 means none (that half of the SLA is not checked).

SLA status (`sla_status`), at the moment `now` it is computed:

- **Met**: resolved (Resolved or Closed) with the first response by its due time and the resolution
  by its due time.
- **Breached**: the first response came (or, still without one, `now` is) after the response due time,
  or the resolution came (or, still unresolved, `now` is) after the resolution due time.
- **At Risk**: unresolved, not breached, and less than a quarter of a window is left: the response
  window (`opened_on` → `response_due`) while there is no first response, or the resolution window
  (`opened_on` → `resolution_due`).
- **On Track**: unresolved and none of the above.

A resolved complaint's status is final (until it is reopened); an unresolved one's is stored when the
complaint is saved and refreshed every hour (sales_mgmt.service.complaints.refresh_sla_statuses).
"""

import datetime

OPEN, IN_PROGRESS, RESOLVED, CLOSED = "Open", "In Progress", "Resolved", "Closed"
UNRESOLVED = (OPEN, IN_PROGRESS)
DONE = (RESOLVED, CLOSED)
SEVERITIES = ("Low", "Medium", "High", "Critical")
URGENT = ("High", "Critical")
ON_TRACK, AT_RISK, BREACHED, MET = "On Track", "At Risk", "Breached", "Met"
SLA_STATUSES = (ON_TRACK, AT_RISK, BREACHED, MET)

# at risk when less than this share of a window is left
AT_RISK_SHARE = 0.25


def target_fields(severity: str) -> tuple[str, str]:
	"""SM Settings' (first response, resolution) target fields of a severity."""
	key = severity.lower()
	return f"complaint_response_hours_{key}", f"complaint_resolution_hours_{key}"


def due(opened_on: datetime.datetime, hours) -> datetime.datetime | None:
	"""`opened_on` plus `hours` (None without a target)."""
	if not hours or float(hours) <= 0:
		return None
	return opened_on + datetime.timedelta(hours=float(hours))


def hours_between(start: datetime.datetime | None, end: datetime.datetime | None) -> float | None:
	if not start or not end:
		return None
	return (end - start).total_seconds() / 3600


def _late(done_on, due_on, now) -> bool:
	return bool(due_on) and (done_on or now) > due_on


def _little_left(opened_on, due_on, now) -> bool:
	if not due_on:
		return False
	return due_on - now < (due_on - opened_on) * AT_RISK_SHARE


def sla_status(
	now: datetime.datetime,
	status: str,
	opened_on: datetime.datetime,
	first_response_on: datetime.datetime | None,
	resolved_on: datetime.datetime | None,
	response_due: datetime.datetime | None,
	resolution_due: datetime.datetime | None,
) -> str:
	"""The complaint's SLA status at `now` (see the module docstring)."""
	resolved = status in DONE
	if resolved:
		# first_response_on is set at the latest when the complaint is resolved
		now = resolved_on or now
	if _late(first_response_on, response_due, now) or _late(
		resolved_on if resolved else None, resolution_due, now
	):
		return BREACHED
	if resolved:
		return MET
	if (not first_response_on and _little_left(opened_on, response_due, now)) or _little_left(
		opened_on, resolution_due, now
	):
		return AT_RISK
	return ON_TRACK
