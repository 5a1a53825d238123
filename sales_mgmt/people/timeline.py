"""Activities and tasks on the timeline of a customer and of an opportunity (`additional_timeline_content`).

A customer's timeline lists the activities naming the customer; an opportunity's those naming the
opportunity; both list the tasks (Frappe ToDos from "Assign To", not cancelled) on the record itself,
on those activities and, for a customer, on its opportunities. Only what the viewer may read appears:
activities and opportunities are read through `frappe.get_list` (the hierarchy rules), and a task is
shown with the record it is assigned on. User text (subjects, summaries, task descriptions) is escaped.
"""

from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import format_datetime, formatdate, getdate, strip_html, today

from sales_mgmt.people.activities import DONE, PLANNED, is_overdue
from sales_mgmt.user_text import bold, escape

ACTIVITY, OPPORTUNITY, CUSTOMER = "SM Activity", "SM Opportunity", "SM Customer"
# the newest activities and tasks shown; older ones are in the dashboard's Activities list
LIMIT = 200
# Frappe's timeline icons
ICONS = {"Visit": "map", "Call": "call", "Meeting": "calendar", "Email": "mail", "Demo": "image-view"}
TASK_DESCRIPTION_CHARS = 140


def activities_and_tasks(doctype: str, docname: str) -> list[dict]:
	if doctype not in (CUSTOMER, OPPORTUNITY):
		return []
	activities = _activities(doctype, docname)
	references = [(doctype, docname)] + [(ACTIVITY, a.name) for a in activities]
	if doctype == CUSTOMER and frappe.has_permission(OPPORTUNITY, "read"):
		references += [
			(OPPORTUNITY, name)
			for name in frappe.get_list(
				OPPORTUNITY, filters={"customer": docname}, pluck="name", limit_page_length=0
			)
		]
	items = [activity_item(a) for a in activities]
	items += [task_item(t, (doctype, docname)) for t in _tasks(references)]
	return items


def _activities(doctype: str, docname: str) -> list:
	if not frappe.has_permission(ACTIVITY, "read"):
		return []
	key = "customer" if doctype == CUSTOMER else "opportunity"
	return frappe.get_list(
		ACTIVITY,
		filters={key: docname},
		fields=[
			"name",
			"activity_type",
			"subject",
			"salesperson",
			"status",
			"outcome",
			"starts_on",
			"ends_on",
			"summary",
			"next_step",
			"opportunity",
		],
		order_by="starts_on desc",
		limit_page_length=LIMIT,
	)


def _tasks(references: list[tuple[str, str]]) -> list:
	if not references:
		return []
	todo = frappe.qb.DocType("ToDo")
	by_type: dict[str, list[str]] = {}
	for reference_type, name in references:
		by_type.setdefault(reference_type, []).append(name)
	pairs = None
	for reference_type, names in by_type.items():
		criterion = (todo.reference_type == reference_type) & todo.reference_name.isin(names)
		pairs = criterion if pairs is None else pairs | criterion
	return (
		frappe.qb.from_(todo)
		.select(
			todo.name,
			todo.allocated_to,
			todo.assigned_by,
			todo.description,
			todo.status,
			todo.priority,
			todo.date,
			todo.creation,
			todo.modified,
			todo.reference_type,
			todo.reference_name,
		)
		.where(pairs)
		.where(todo.status != "Cancelled")
		.orderby(todo.creation, order=frappe.qb.desc)
		.limit(LIMIT)
		.run(as_dict=True)
	)


def _link(doctype: str, name: str, text: str) -> str:
	route = doctype.lower().replace(" ", "-")
	return f'<a href="/app/{route}/{escape(quote(name))}">{escape(text)}</a>'


def activity_item(a) -> dict:
	who = escape(_salesperson_name(a.salesperson) or _("nobody"))
	what = _link(ACTIVITY, a.name, a.subject or a.name)
	when = format_datetime(a.starts_on, "yyyy-MM-dd HH:mm")
	if a.status == DONE:
		text = _("{0}: {1} {2} on {3}, done: {4}").format(
			who, _(a.activity_type), what, when, bold(_(a.outcome))
		)
	elif is_overdue(a.status, a.starts_on, a.ends_on):
		text = _("{0}: {1} {2} planned for {3}, overdue").format(who, _(a.activity_type), what, when)
	elif a.status == PLANNED:
		text = _("{0}: {1} {2} planned for {3}").format(who, _(a.activity_type), what, when)
	else:
		text = _("{0}: {1} {2} on {3}, cancelled").format(who, _(a.activity_type), what, when)
	details = []
	if a.summary:
		details.append(escape(a.summary))
	if a.next_step:
		details.append(_("Next step: {0}").format(escape(a.next_step)))
	content = text + "".join(f'<div class="text-muted small">{d}</div>' for d in details)
	return {"icon": ICONS.get(a.activity_type, "dot-horizontal"), "creation": a.starts_on, "content": content}


def task_item(t, viewed: tuple[str, str] | None = None) -> dict:
	"""A task, with the record it is on unless that is the record viewed."""
	assignee = escape(frappe.utils.get_fullname(t.allocated_to))
	description = strip_html(t.description or "").strip()
	if len(description) > TASK_DESCRIPTION_CHARS:
		description = description[:TASK_DESCRIPTION_CHARS] + "…"
	task = _link("ToDo", t.name, description or _("Task"))
	if t.status == "Closed":
		state = _("completed on {0}").format(format_datetime(t.modified, "yyyy-MM-dd HH:mm"))
	elif t.date and getdate(t.date) < getdate(today()):
		state = _("open, overdue since {0}").format(formatdate(t.date, "yyyy-MM-dd"))
	elif t.date:
		state = _("open, due {0}").format(formatdate(t.date, "yyyy-MM-dd"))
	else:
		state = _("open")
	text = _("Task for {0}: {1} ({2}, {3} priority)").format(assignee, task, state, _(t.priority or "Medium"))
	if (t.reference_type, t.reference_name) != viewed:
		text += " · " + _link(t.reference_type, t.reference_name, f"{_(t.reference_type)} {t.reference_name}")
	return {"icon": "check", "creation": t.creation, "content": text}


def _salesperson_name(salesperson: str | None) -> str | None:
	if not salesperson:
		return None
	return frappe.get_cached_value("SM Salesperson", salesperson, "salesperson_name") or salesperson
