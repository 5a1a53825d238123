"""The stage history of a customer's opportunities, shown on the customer's timeline (and of one
opportunity on its own)."""

from urllib.parse import quote

import frappe
from frappe import _

from sales_mgmt.deals.stages import stage_label
from sales_mgmt.user_text import bold, escape


def stage_history(doctype: str, docname: str) -> list[dict]:
	"""Timeline items for `additional_timeline_content`: one per stage change of an opportunity of
	this customer (or of this opportunity) that the user may read (none for a role that reads no
	opportunities)."""
	if not frappe.has_permission("SM Opportunity", "read"):
		return []
	key = "name" if doctype == "SM Opportunity" else "customer"
	opportunities = frappe.get_list(
		"SM Opportunity", filters={key: docname}, fields=["name", "title"], limit_page_length=0
	)
	if not opportunities:
		return []
	titles = {o.name: o.title for o in opportunities}
	log = frappe.qb.DocType("SM Opportunity Stage Log")
	rows = (
		frappe.qb.from_(log)
		.select(
			log.parent, log.from_stage, log.to_stage, log.changed_on, log.changed_by, log.days_in_from_stage
		)
		.where((log.parenttype == "SM Opportunity") & log.parent.isin(list(titles)))
		.orderby(log.changed_on)
		.run(as_dict=True)
	)
	return [
		{
			"icon": "change",
			"creation": row.changed_on,
			"content": _describe(row, titles[row.parent]),
		}
		for row in rows
	]


def _describe(row, title: str | None) -> str:
	link = f'<a href="/app/sm-opportunity/{escape(quote(row.parent))}">{escape(title or row.parent)}</a>'
	user = escape(frappe.utils.get_fullname(row.changed_by))
	if not row.from_stage:
		return _("{0} opened {1} in stage {2}").format(user, link, bold(stage_label(row.to_stage)))
	return _("{0} moved {1} from {2} to {3} after {4} days").format(
		user,
		link,
		bold(stage_label(row.from_stage)),
		bold(stage_label(row.to_stage)),
		row.days_in_from_stage,
	)
