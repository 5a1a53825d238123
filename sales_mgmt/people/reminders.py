"""Reminders before planned activities.

Every five minutes the scheduler calls `enqueue_due_reminders`, which enqueues one deduplicated job
per activity whose reminder is due: status Planned, `remind_before_minutes` > 0, not reminded yet
(`reminded_on` empty), starting within the next `remind_before_minutes` and not yet started. The job
(`send_reminder`) claims the activity by setting `reminded_on` only where it is still empty, so a
job run twice, or two jobs for the same activity, remind once; then it notifies the salesperson's
user through Frappe's Notification Log (the bell), which also emails them when their notification
settings ask for emails. Moving the activity or changing its reminder clears `reminded_on` (the
controller), so the new time is reminded again.
"""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.query_builder.functions import IfNull
from frappe.utils import add_to_date, format_datetime, get_datetime, now_datetime

from sales_mgmt.people.activities import PLANNED
from sales_mgmt.user_text import escape

JOB_ID = "sales_mgmt:activity_reminder:{0}"
# the longest reminder looked ahead for (a week); a longer one is reminded a week before
HORIZON_MINUTES = 7 * 24 * 60


def due_reminders(now=None) -> list[str]:
	"""Names of the planned activities whose reminder is due at `now` and not sent."""
	now = get_datetime(now or now_datetime())
	act = frappe.qb.DocType("SM Activity")
	candidates = (
		frappe.qb.from_(act)
		.select(act.name, act.starts_on, act.remind_before_minutes)
		.where(act.status == PLANNED)
		.where(act.reminded_on.isnull())
		.where(act.remind_before_minutes > 0)
		.where(act.starts_on > now)
		.where(act.starts_on <= add_to_date(now, minutes=HORIZON_MINUTES))
		.where(IfNull(act.salesperson, "") != "")
		.orderby(act.starts_on)
		.run(as_dict=True)
	)
	return [
		row.name
		for row in candidates
		if get_datetime(row.starts_on) <= add_to_date(now, minutes=row.remind_before_minutes)
	]


def enqueue_due_reminders(now=None) -> list[str]:
	"""Scheduler entry (cron, every 5 minutes): one deduplicated job per due reminder."""
	names = due_reminders(now)
	for name in names:
		frappe.enqueue(
			"sales_mgmt.people.reminders.send_reminder",
			queue="short",
			job_id=JOB_ID.format(name),
			deduplicate=True,
			activity=name,
		)
	return names


def send_reminder(activity: str) -> bool:
	"""Remind the salesperson of `activity` once; False when it was already reminded or is no longer
	planned."""
	now = now_datetime()
	act = frappe.qb.DocType("SM Activity")
	# claim it: only one run finds reminded_on empty
	frappe.qb.update(act).set(act.reminded_on, now).where(act.name == activity).where(
		act.reminded_on.isnull()
	).where(act.status == PLANNED).run()
	if not frappe.db.sql("select row_count()")[0][0]:
		return False
	doc = frappe.get_doc("SM Activity", activity)
	user = frappe.db.get_value("SM Salesperson", doc.salesperson, "user")
	if not user or not frappe.db.get_value("User", user, "enabled"):
		return False
	# the job commits the claim and the notification together (RQ's job runner commits on success)
	make_notification_logs(reminder_notification(doc), [user])
	return True


def reminder_notification(doc) -> dict:
	"""The Notification Log content for `doc`'s reminder (subject escaped: it is user text)."""
	when = format_datetime(doc.starts_on, "yyyy-MM-dd HH:mm")
	subject = _("Reminder: {0} {1} at {2}").format(_(doc.activity_type), escape(doc.subject), when)
	details = [_("Customer: {0}").format(escape(doc.customer_name or doc.customer))] if doc.customer else []
	if doc.location:
		details.append(_("Location: {0}").format(escape(doc.location)))
	return {
		"type": "Alert",
		"subject": subject,
		"email_content": "<br>".join([subject, *details]),
		"document_type": "SM Activity",
		"document_name": doc.name,
		"from_user": "Administrator",
	}
