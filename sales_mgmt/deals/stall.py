"""Stalled opportunities and the daily alert to their owners.

An open opportunity is stalled when it has been in its stage for more days than the stage's
`stall_days` (calendar days since `stage_changed_on`; a stage with 0 stall days never stalls).

A stall *episode* is one stay in a stage: it starts when the opportunity enters the stage
(`stage_changed_on`). The owner is notified once per episode: the alert records the stage entry it
was sent for in `stall_notified_for`, so running the job again sends nothing new, and moving the
deal to another stage (or back into the same one) starts a new episode.

Who is told: the salesperson's user; when that user is missing, disabled or has switched notifications
off, the next such user up the salesperson tree (their manager, then the manager's manager); for a
deal without a salesperson, its creator. A stall counts as alerted only once a notification was
actually created: with nobody to tell, the next run tries again.

The notification has no type ("Default" in Frappe's e-mail header): Frappe never e-mails an `Alert`,
and e-mails an untyped notification when the user's Notification Settings have "Enable Email
Notifications" on (the default).

The daily scheduler entry enqueues one RQ job per salesperson with pending alerts; each job locks its
deals, creates the notifications, marks the deals and commits, so one salesperson's failure never
undoes another's alerts.
"""

import frappe
from frappe import _
from frappe.desk.doctype.notification_settings.notification_settings import is_notifications_enabled
from frappe.query_builder.functions import IfNull
from frappe.utils import getdate

from sales_mgmt.deals.query_functions import DateDiff, DateSubDays
from sales_mgmt.deals.stages import OPEN, translate_stage_name
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

JOB_ID = "sales_mgmt:stall_alerts:{}"


def stalled_query(today=None):
	"""Open opportunities past their stage's stall days as of `today`: (query, opportunity, stage).

	days in stage > stall days  <=>  stage_changed_on < today - stall days (midnight), which keeps the
	condition a range on the (status, stage, stage_changed_on) index.
	"""
	today = getdate(today)
	opp = frappe.qb.DocType("SM Opportunity")
	stage = frappe.qb.DocType("SM Sales Stage")
	query = (
		frappe.qb.from_(stage)
		.inner_join(opp)
		.on((opp.stage == stage.name) & (opp.status == OPEN))
		.where((stage.stall_days > 0) & (opp.stage_changed_on < DateSubDays(today, stage.stall_days)))
	)
	return query, opp, stage


def days_stalled_term(opp, stage, today=None):
	"""Days past the stall limit: days in stage minus stall days."""
	return DateDiff(getdate(today), opp.stage_changed_on) - stage.stall_days


def pending_alerts(today=None, salesperson: str | None = None) -> list[frappe._dict]:
	"""Stalled opportunities whose current stall episode has not been alerted yet."""
	query, opp, stage = stalled_query(today)
	query = query.select(
		opp.name,
		opp.title,
		opp.salesperson,
		opp.owner,
		opp.stage,
		opp.stage_changed_on,
		stage.stage_name,
		stage.stall_days,
		DateDiff(getdate(today), opp.stage_changed_on).as_("days_in_stage"),
	).where(IfNull(opp.stall_notified_for, "1900-01-01") != opp.stage_changed_on)
	if salesperson is not None:
		query = query.where(IfNull(opp.salesperson, "") == salesperson)
	return query.orderby(opp.name).run(as_dict=True)


def alert_recipient(salesperson: str | None, owner: str | None = None) -> str | None:
	"""Who is told of a stalled deal of `salesperson` (see the module docstring), or None."""
	current, seen = salesperson, set()
	while current and current not in seen:
		seen.add(current)
		user, parent = frappe.db.get_value("SM Salesperson", current, ["user", "parent_sm_salesperson"]) or (
			None,
			None,
		)
		if can_be_alerted(user):
			return user
		current = parent
	if not salesperson and can_be_alerted(owner):
		return owner
	return None


def can_be_alerted(user: str | None) -> bool:
	return (
		bool(user)
		and bool(frappe.db.get_value("User", user, "enabled"))
		and bool(is_notifications_enabled(user))
	)


def notify_stalled(salesperson: str | None = None, today=None) -> list[str]:
	"""Alert the owners of newly stalled opportunities (of one salesperson, or all); idempotent.

	Returns the opportunities alerted by this run."""
	rows = pending_alerts(today, salesperson)
	if not rows:
		return []
	# lock and re-check: a parallel run may have alerted some of these a moment ago
	opp = frappe.qb.DocType("SM Opportunity")
	still_pending = set(
		frappe.qb.from_(opp)
		.select(opp.name)
		.where(opp.name.isin([row.name for row in rows]))
		.where(IfNull(opp.stall_notified_for, "1900-01-01") != opp.stage_changed_on)
		.for_update()
		.run(pluck=True)
	)
	recipients: dict[tuple, str | None] = {}
	alerted = []
	for row in rows:
		if row.name not in still_pending:
			continue
		key = (row.salesperson, None if row.salesperson else row.owner)
		if key not in recipients:
			recipients[key] = alert_recipient(*key)
		if user := recipients[key]:
			_send_alert(row, user)
			alerted.append(row.name)
	if alerted:
		(
			frappe.qb.update(opp)
			.set(opp.stall_notified_for, opp.stage_changed_on)
			.where(opp.name.isin(alerted))
			.run()
		)
	return alerted


def _send_alert(row, user: str) -> None:
	lang = frappe.get_cached_value("User", user, "language") or frappe.db.get_default("lang") or "en"
	subject = _("{0} has been in stage {1} for {2} days; it stalls after {3} days.", lang=lang).format(
		bold(row.title or row.name),
		bold(translate_stage_name(row.stage_name, lang)),
		row.days_in_stage,
		row.stall_days,
	)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "",
			"document_type": "SM Opportunity",
			"document_name": row.name,
			"subject": subject,
			"email_content": subject,
		}
	).insert(ignore_permissions=True)


def run_alert_job(salesperson: str | None = None) -> None:
	notify_stalled(salesperson or "")
	frappe.db.commit()


def enqueue_stall_alerts(today=None) -> list[str]:
	"""Daily scheduler entry: one deduplicated job per salesperson with pending alerts."""
	if not get_settings().stall_alerts_enabled:
		return []
	query, opp, _stage = stalled_query(today)
	salespeople = (
		query.select(IfNull(opp.salesperson, ""))
		.distinct()
		.where(IfNull(opp.stall_notified_for, "1900-01-01") != opp.stage_changed_on)
		.run(pluck=True)
	)
	for salesperson in salespeople:
		frappe.enqueue(
			"sales_mgmt.deals.stall.run_alert_job",
			queue="short",
			job_id=JOB_ID.format(salesperson or "unassigned"),
			deduplicate=True,
			salesperson=salesperson,
		)
	return salespeople
