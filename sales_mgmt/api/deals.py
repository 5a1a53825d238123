"""Whitelisted endpoints of the Deals module."""

import frappe
from frappe.query_builder.functions import Count

from sales_mgmt.deals import lead_conversion, report_scope
from sales_mgmt.deals.stall import stalled_query


@frappe.whitelist(methods=["POST"])
def convert_lead(
	lead: str,
	title: str | None = None,
	amount: float | None = None,
	expected_close_date: str | None = None,
	stage: str | None = None,
) -> dict:
	"""Convert a lead into a customer (found or created) and an opportunity."""
	frappe.has_permission("SM Lead", "write", doc=lead, throw=True)
	return lead_conversion.convert_lead(
		lead, title=title, amount=amount, expected_close_date=expected_close_date, stage=stage
	)


@frappe.whitelist()
def stalled_opportunity_count(filters: str | dict | None = None) -> dict:
	"""Number card: open opportunities past their stage's stall days that the user may see.

	The card's document type (SM Opportunity) only decides who sees the card; the count applies the
	hierarchy rule itself."""
	frappe.has_permission("SM Opportunity", "read", throw=True)
	query, opp, _stage = stalled_query()
	query = report_scope.apply(query.select(Count(opp.name)), report_scope.scope_criteria(opp, {}))
	# the card opens the report listing them
	return {
		"value": query.run()[0][0],
		"fieldtype": "Int",
		"route": ["query-report", "Stalled Opportunities"],
	}
