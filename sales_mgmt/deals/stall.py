"""Stalled opportunities and the daily alert to their owners.

An open opportunity is stalled when it has been in its stage for more days than the stage's
`stall_days` (calendar days since `stage_changed_on`; a stage with 0 stall days never stalls).

A stall *episode* is one stay in a stage: it starts when the opportunity enters the stage
(`stage_changed_on`). The owner is notified once per episode: the alert records the stage entry it
was sent for in `stall_notified_for`, so running the job again sends nothing new, and moving the
deal to another stage (or back into the same one) starts a new episode.
"""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
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


def recipient(row) -> str | None:
	"""The salesperson's user; the opportunity's creator when the salesperson has no login."""
	user = frappe.db.get_value("SM Salesperson", row.salesperson, "user") if row.salesperson else None
	return user or row.owner


def notify_stalled(salesperson: str | None = None, today=None) -> list[str]:
	"""Alert the owners of newly stalled opportunities (of one salesperson, or all); idempotent.

	Returns the opportunities alerted by this run."""
	alerted = []
	for row in pending_alerts(today, salesperson):
		# lock and re-check: a parallel run may have alerted this episode a moment ago
		current = frappe.db.get_value(
			"SM Opportunity",
			row.name,
			["stage_changed_on", "stall_notified_for"],
			for_update=True,
			as_dict=True,
		)
		if not current or current.stall_notified_for == current.stage_changed_on:
			continue
		if user := recipient(row):
			_send_alert(row, user)
		frappe.db.set_value(
			"SM Opportunity", row.name, "stall_notified_for", row.stage_changed_on, update_modified=False
		)
		alerted.append(row.name)
	return alerted


def _send_alert(row, user: str) -> None:
	lang = frappe.get_cached_value("User", user, "language") or frappe.db.get_default("lang") or "en"
	subject = _("{0} has been in stage {1} for {2} days; it stalls after {3} days.", lang=lang).format(
		bold(row.title or row.name),
		bold(translate_stage_name(row.stage_name, lang)),
		row.days_in_stage,
		row.stall_days,
	)
	# Frappe addresses notification logs by the users' email addresses
	email = frappe.db.get_value("User", user, "email") or user
	make_notification_logs(
		{
			"type": "Alert",
			"document_type": "SM Opportunity",
			"document_name": row.name,
			"subject": subject,
			"email_content": subject,
		},
		[email],
	)


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
