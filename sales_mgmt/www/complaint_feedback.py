"""The satisfaction survey of a resolved complaint, answered without login: /complaint-feedback?token=…
(sales_mgmt.service.survey). The page shows the complaint's subject when the token is valid and unused,
and a clear message otherwise; the answer goes to sales_mgmt.api.service.submit_feedback."""

import frappe
from frappe import _

from sales_mgmt.service import survey

no_cache = 1
sitemap = 0


def get_context(context):
	context.no_cache = 1
	context.show_sidebar = False
	context.title = _("How did we do?")
	token = frappe.form_dict.get("token") or ""
	context.token = token
	context.survey_complaint = None
	context.survey_error = None
	try:
		context.survey_complaint = survey.read_token(token)
	except frappe.ValidationError as error:
		frappe.clear_messages()
		context.survey_error = str(error)
	return context
