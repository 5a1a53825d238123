"""What happens to a complaint as it moves: its times (first response, resolution, reopenings), its
service level, who is told, and its place on the customer's timeline.

- `first_response_on` is set when the complaint first leaves Open (to In Progress, or straight to
  Resolved); `resolved_on` each time it becomes Resolved, cleared when it is reopened; a reopening
  (from Resolved or Closed back to Open or In Progress) adds one to `reopen_count`.
- Resolving needs a resolution text (checked here, whatever the workflow is changed into).
- The account manager (the complaint's salesperson's user) and their manager (the user of the
  salesperson they report to) get a Notification Log, in their language, for a new High or Critical
  complaint and when a complaint is resolved; Frappe emails it when the user's notification settings
  and an outgoing email account allow. The assigned Service Agent is told when a complaint is
  assigned to them.
"""

from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime, strip_html

from sales_mgmt.exceptions import InvalidComplaintError, ResolutionRequiredError
from sales_mgmt.service import sla
from sales_mgmt.user_text import bold, escape

COMPLAINT = "SM Complaint"
SERVICE_AGENT = "Service Agent"


# set only by the complaint itself (times, service level) and by the survey: a value sent through the
# form or REST is replaced by the stored one (none on a new complaint)
COMPUTED_FIELDS = (
	"first_response_on",
	"resolved_on",
	"reopen_count",
	"response_due",
	"resolution_due",
	"sla_status",
	"satisfaction",
	"feedback",
	"survey_nonce",
	"survey_token_hash",
	"survey_expires_on",
)


def keep_computed(doc) -> None:
	before = doc.get_doc_before_save()
	for field in COMPUTED_FIELDS:
		doc.set(field, before.get(field) if before else None)
	if not doc.reopen_count:
		doc.reopen_count = 0


def validate_resolution(doc) -> None:
	if doc.status in sla.DONE and not strip_html(doc.resolution or "").strip():
		frappe.throw(
			_("Describe the resolution before resolving the complaint."),
			ResolutionRequiredError,
			title=_("Resolution required"),
		)


def track_status(doc, now) -> str | None:
	"""Set the times a status change implies; returns the change ("resolved", "reopened") or None."""
	before = doc.get_doc_before_save()
	previous = before.status if before else None
	if doc.status != sla.OPEN and not doc.first_response_on:
		doc.first_response_on = now
	if previous == doc.status:
		return None
	if doc.status in sla.DONE and previous not in sla.DONE:
		# closing a complaint that was never marked resolved (a workflow changed by a consultant)
		# resolves it too
		doc.resolved_on = now
		return "resolved"
	if doc.status in sla.UNRESOLVED and previous in sla.DONE:
		doc.resolved_on = None
		doc.reopen_count = (doc.reopen_count or 0) + 1
		return "reopened"
	return None


def set_due_dates(doc, settings) -> None:
	"""Due times from the severity's targets, when the complaint is new or its severity changes."""
	if not (doc.is_new() or doc.has_value_changed("severity") or not doc.response_due):
		return
	opened_on = get_datetime(doc.opened_on)
	response_field, resolution_field = sla.target_fields(doc.severity)
	doc.response_due = sla.due(opened_on, settings.get(response_field))
	doc.resolution_due = sla.due(opened_on, settings.get(resolution_field))


def compute_sla_status(doc, now) -> str:
	return sla.sla_status(
		get_datetime(now),
		doc.status,
		get_datetime(doc.opened_on),
		get_datetime(doc.first_response_on) if doc.first_response_on else None,
		get_datetime(doc.resolved_on) if doc.resolved_on else None,
		get_datetime(doc.response_due) if doc.response_due else None,
		get_datetime(doc.resolution_due) if doc.resolution_due else None,
	)


# --- checks of what the complaint links to --------------------------------------------------------


def validate_opened_on(doc, now) -> None:
	if doc.is_new() and get_datetime(doc.opened_on) > now:
		frappe.throw(
			_("A complaint cannot be opened in the future."),
			InvalidComplaintError,
			title=_("Invalid complaint"),
		)


def validate_contact(doc) -> None:
	if doc.contact and not (
		doc.is_new() or doc.has_value_changed("contact") or doc.has_value_changed("customer")
	):
		return
	if doc.contact and not frappe.db.exists(
		"Dynamic Link",
		{
			"parenttype": "Contact",
			"parent": doc.contact,
			"link_doctype": "SM Customer",
			"link_name": doc.customer,
		},
	):
		frappe.throw(
			_("Contact {0} is not a contact of this customer.").format(bold(doc.contact)),
			InvalidComplaintError,
			title=_("Invalid complaint"),
		)


def validate_sales_order(doc) -> None:
	if not doc.sales_order or not (
		doc.is_new() or doc.has_value_changed("sales_order") or doc.has_value_changed("customer")
	):
		return
	if frappe.db.get_value("SM Sales Order", doc.sales_order, "customer") != doc.customer:
		frappe.throw(
			_("Sales order {0} is not an order of this customer.").format(bold(doc.sales_order)),
			InvalidComplaintError,
			title=_("Invalid complaint"),
		)


def is_service_agent(user: str) -> bool:
	return bool(frappe.db.get_value("User", user, "enabled") and SERVICE_AGENT in frappe.get_roles(user))


def validate_assignee(doc) -> None:
	if not doc.assigned_to or not (doc.is_new() or doc.has_value_changed("assigned_to")):
		return
	if not is_service_agent(doc.assigned_to):
		frappe.throw(
			_("{0} is not an enabled Service Agent.").format(bold(doc.assigned_to)),
			InvalidComplaintError,
			title=_("Invalid complaint"),
		)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def service_agent_query(doctype, txt, searchfield, start, page_len, filters):
	"""Link search of `assigned_to`: enabled users with the Service Agent role."""
	user, has_role = frappe.qb.DocType("User"), frappe.qb.DocType("Has Role")
	pattern = f"%{txt}%"
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name, user.full_name)
		.distinct()
		.where((has_role.role == SERVICE_AGENT) & (user.enabled == 1))
		.where(user.name.like(pattern) | user.full_name.like(pattern))
		.orderby(user.name)
		.limit(page_len)
		.offset(start)
		.run()
	)


# --- who is told ----------------------------------------------------------------------------------


def account_managers(salesperson: str | None) -> list[str]:
	"""The salesperson's user and the user of the salesperson they report to (enabled users only)."""
	if not salesperson:
		return []
	user, parent = frappe.db.get_value("SM Salesperson", salesperson, ["user", "parent_sm_salesperson"]) or (
		None,
		None,
	)
	users = [user]
	if parent:
		users.append(frappe.db.get_value("SM Salesperson", parent, "user"))
	return [u for u in dict.fromkeys(users) if u and frappe.db.get_value("User", u, "enabled")]


def notify(users, doc, message: str, *args) -> None:
	"""A Notification Log for each of `users`, in their language: `message` (translated) formatted with
	the complaint's link and `args` (already escaped)."""
	for user in users:
		if user == frappe.session.user:
			continue
		lang = frappe.get_cached_value("User", user, "language") or frappe.db.get_default("lang") or "en"
		subject = _(message, lang=lang).format(bold(doc.subject), *args)
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"from_user": frappe.session.user,
				"type": "Alert",
				"document_type": COMPLAINT,
				"document_name": doc.name,
				"subject": subject,
				"email_content": subject,
			}
		).insert(ignore_permissions=True)


def notify_new(doc) -> None:
	if doc.severity in sla.URGENT:
		notify(
			account_managers(doc.salesperson),
			doc,
			"New {1} complaint from {2}: {0}",
			escape(_(doc.severity)),
			bold(customer_name(doc.customer)),
		)


def notify_resolved(doc) -> None:
	notify(
		account_managers(doc.salesperson),
		doc,
		"Complaint resolved for {1}: {0}",
		bold(customer_name(doc.customer)),
	)


def notify_assigned(doc) -> None:
	if doc.assigned_to and doc.assigned_to != frappe.session.user:
		notify([doc.assigned_to], doc, "Complaint assigned to you: {0} ({1})", escape(_(doc.severity)))


def customer_name(customer: str) -> str:
	return frappe.db.get_value("SM Customer", customer, "customer_name") or customer


# --- the customer's timeline --------------------------------------------------------------------------


def customer_timeline(doctype: str, docname: str) -> list[dict]:
	"""Timeline items for `additional_timeline_content` of SM Customer: each complaint of the customer
	that the user may read, when it was opened and when it was resolved."""
	if not frappe.has_permission(COMPLAINT, "read"):
		return []
	complaints = frappe.get_list(
		COMPLAINT,
		filters={"customer": docname},
		fields=["name", "subject", "severity", "status", "opened_on", "resolved_on"],
		order_by="opened_on desc",
		limit_page_length=100,
	)
	items = []
	for row in complaints:
		link = f'<a href="/app/sm-complaint/{escape(quote(row.name))}">{escape(row.subject or row.name)}</a>'
		items.append(
			{
				"icon": "support",
				"creation": row.opened_on,
				"content": _("Complaint {0} opened ({1})").format(link, escape(_(row.severity))),
			}
		)
		if row.resolved_on:
			items.append(
				{
					"icon": "support",
					"creation": row.resolved_on,
					"content": _("Complaint {0} resolved").format(link),
				}
			)
	return items


# --- hourly refresh -----------------------------------------------------------------------------------


def enqueue_sla_refresh() -> None:
	"""Hourly: the SLA status of unresolved complaints moves on with the clock (one idempotent job)."""
	frappe.enqueue(
		"sales_mgmt.service.complaints.refresh_sla_statuses",
		queue="short",
		job_id="sales_mgmt:complaint_sla_status",
		deduplicate=True,
	)


def refresh_sla_statuses(now=None) -> list[str]:
	"""Recompute the SLA status of every unresolved complaint at `now`; only changed rows are written.
	Returns the names written."""
	now = get_datetime(now) if now else now_datetime()
	rows = frappe.get_all(
		COMPLAINT,
		filters={"status": ("in", sla.UNRESOLVED)},
		fields=[
			"name",
			"status",
			"opened_on",
			"first_response_on",
			"resolved_on",
			"response_due",
			"resolution_due",
			"sla_status",
		],
	)
	changed = {}
	for row in rows:
		status = compute_sla_status(row, now)
		if status != row.sla_status:
			changed.setdefault(status, []).append(row.name)
	table = frappe.qb.DocType(COMPLAINT)
	for status, names in changed.items():
		frappe.qb.update(table).set(table.sla_status, status).where(table.name.isin(names)).run()
	return [name for names in changed.values() for name in names]
