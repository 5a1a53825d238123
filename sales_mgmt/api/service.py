"""Whitelisted endpoints of the Service module: FAQ suggestions on a complaint, the survey link for a
phone follow-up, the guest survey submission and the Service Console's custom number cards."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint

from sales_mgmt.exceptions import InvalidSurveyError
from sales_mgmt.service import console, faq, survey
from sales_mgmt.service.sla import DONE, UNRESOLVED

COMPLAINT, FAQ = "SM Complaint", "SM FAQ"


@frappe.whitelist()
def faq_suggestions(
	complaint: str | None = None, category: str | None = None, subject: str | None = None
) -> list[dict]:
	"""Published FAQ entries matching a complaint's category and subject (the form's unsaved values)."""
	if complaint:
		frappe.has_permission(COMPLAINT, "read", doc=complaint, throw=True)
	else:
		frappe.has_permission(COMPLAINT, "create", throw=True)
	if not frappe.has_permission(FAQ, "read"):
		return []
	return faq.suggestions(category or None, subject)


@frappe.whitelist(methods=["POST"])
def use_faq(complaint: str, faq_entry: str) -> str:
	"""Count a FAQ entry as helpful for a complaint the user may change; returns its answer to insert
	into the resolution."""
	frappe.has_permission(COMPLAINT, "write", doc=complaint, throw=True)
	entry = frappe.get_doc(FAQ, faq_entry)
	entry.check_permission("read")
	frappe.db.set_value(
		FAQ, entry.name, "helpful_count", cint(entry.helpful_count) + 1, update_modified=False
	)
	return entry.answer


@frappe.whitelist(methods=["POST"])
def survey_link(complaint: str) -> str:
	"""The link of the complaint's open survey, for reading it to the customer on the phone; a resolved
	complaint without an answer and without an open survey (expired) gets a new one."""
	doc = frappe.get_doc(COMPLAINT, complaint)
	doc.check_permission("write")
	token = survey.current_token(doc)
	if token and frappe.utils.get_datetime(doc.survey_expires_on) > frappe.utils.now_datetime():
		return survey.link(token)
	if doc.status not in DONE or doc.satisfaction:
		frappe.throw(
			_("This complaint has no open survey: it is not resolved, or the customer has answered."),
			InvalidSurveyError,
			title=_("No survey"),
		)
	survey.issue(doc, frappe.utils.now_datetime())
	frappe.db.set_value(
		COMPLAINT,
		doc.name,
		{
			"survey_nonce": doc.survey_nonce,
			"survey_expires_on": doc.survey_expires_on,
			"survey_token_hash": doc.survey_token_hash,
		},
	)
	return survey.link(survey.current_token(doc))


# xss_safe: Frappe would run its HTML sanitiser over a guest's input first; survey.submit escapes the
# comment itself, so it is stored exactly once escaped
@frappe.whitelist(allow_guest=True, xss_safe=True, methods=["POST"])
@rate_limit(key="token", limit=5, seconds=10 * 60)
@rate_limit(limit=300, seconds=60 * 60)
def submit_feedback(token: str, rating: str, comment: str | None = None) -> dict:
	"""The customer's answer to a survey (no login): once per token, see sales_mgmt.service.survey."""
	survey.submit(token, rating, comment)
	return {"message": _("Thank you for your feedback!")}


# --- Service Console: number cards (Custom cards), the resolution time chart, key customers' complaints


@frappe.whitelist()
def my_open_complaints(filters: str | dict | None = None) -> dict:
	return {
		"value": console.my_open_complaints(),
		"fieldtype": "Int",
		"route": ["List", COMPLAINT],
		"route_options": {"assigned_to": frappe.session.user, "status": ["in", list(UNRESOLVED)]},
	}


@frappe.whitelist()
def overdue_complaints(filters: str | dict | None = None) -> dict:
	return {
		"value": console.overdue_complaints(),
		"fieldtype": "Int",
		"route": ["List", COMPLAINT],
		"route_options": {"status": ["in", list(UNRESOLVED)], "sla_status": "Breached"},
	}


@frappe.whitelist()
def average_satisfaction_this_month(filters: str | dict | None = None) -> dict:
	return {
		"value": console.average_satisfaction(),
		"fieldtype": "Float",
		"route": ["query-report", "Complaint Analysis"],
	}


@frappe.whitelist()
def resolution_time_trend(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: str | int | None = None,
	filters: str | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: str | int | None = None,
) -> dict:
	"""The Resolution Time Trend chart: mean hours to resolve, per month of resolution, the last 12
	months, over the complaints the viewer may see. Never cached across users."""
	labels, hours = console.resolution_trend()
	return {"labels": labels, "datasets": [{"name": _("Mean Resolution (Hours)"), "values": hours}]}


@frappe.whitelist()
def key_customer_complaints() -> list[dict]:
	"""The latest complaints of key customers the viewer may see (sales_mgmt.service.console)."""
	return console.key_customer_complaints()
