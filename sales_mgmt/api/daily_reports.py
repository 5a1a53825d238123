"""Whitelisted endpoints of the daily, weekly and monthly reports: generate on demand."""

import frappe
from frappe import _

from sales_mgmt.people import daily_report
from sales_mgmt.permissions import get_visible_salespeople
from sales_mgmt.user_text import bold


@frappe.whitelist(methods=["POST"])
def regenerate(name: str) -> str:
	"""Recompute the figures of report `name` (its plan, remarks and comment stay)."""
	doc = frappe.get_doc(daily_report.DOCTYPE, name)
	doc.check_permission("write")
	return daily_report.generate(doc.salesperson, doc.period_type, doc.report_date)


@frappe.whitelist(methods=["POST"])
def generate_reports(
	report_date: str, period_type: str = daily_report.DAILY, salesperson: str | None = None
) -> dict:
	"""Generate the reports of the period containing `report_date` for `salesperson`, or for every
	enabled salesperson the user may see. Returns {"count", "reports"}."""
	frappe.has_permission(daily_report.DOCTYPE, "write", throw=True)
	visible = get_visible_salespeople(frappe.session.user, daily_report.DOCTYPE)
	if salesperson:
		if visible is not None and salesperson not in visible:
			frappe.throw(
				_("You may not generate the reports of {0}.").format(bold(salesperson)),
				frappe.PermissionError,
				title=_("Not permitted"),
			)
		salespeople = [salesperson]
	else:
		filters = {"enabled": 1}
		if visible is not None:
			filters["name"] = ("in", visible or [""])
		salespeople = frappe.get_all("SM Salesperson", filters=filters, pluck="name", order_by="lft")
	reports = daily_report.generate_many(salespeople, period_type, report_date)
	return {"count": len(reports), "reports": reports}
