"""Whitelisted endpoints of the Deals module."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt

from sales_mgmt import reporting
from sales_mgmt.deals import lead_conversion
from sales_mgmt.deals.exchange_rates import get_exchange_rate
from sales_mgmt.deals.hot_flags import visible_hot_flags
from sales_mgmt.deals.stages import OPEN, get_stages, translate_stage_name
from sales_mgmt.deals.stall import stalled_query
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import escape


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
def exchange_rate(currency: str, date: str | None = None) -> dict:
	"""The rate an opportunity in `currency` dated `date` is saved with (the form shows it before
	saving; the server looks it up again on save). `exchange_rate` is None when there is none."""
	frappe.has_permission("SM Opportunity", "read", throw=True)
	base_currency = get_settings().base_currency
	return {
		"base_currency": base_currency,
		"exchange_rate": get_exchange_rate(currency, base_currency, date or frappe.utils.nowdate()),
	}


# a list page shows at most 500 rows
HOT_FLAG_CUSTOMERS_MAX = 500


@frappe.whitelist()
def hot_flags(customers: str | list | None = None) -> dict:
	"""The flame and tooltip of the customer list and form: for each of `customers` (the customers on
	the page), the note of the most urgent active hot flag the user may read. A user who may not read
	hot flags (Finance, Service, Warehouse) gets none, and nobody gets a flag of another team."""
	try:
		customers = frappe.parse_json(customers) if isinstance(customers, str) else customers
	except ValueError:
		customers = None
	if not isinstance(customers, list) or not all(isinstance(c, str) for c in customers):
		frappe.throw(
			_("Customers must be a list of customer IDs."), frappe.ValidationError, title=_("Invalid value")
		)
	if not customers or not frappe.has_permission("SM Hot Flag", "read"):
		return {}
	return visible_hot_flags(customers[:HOT_FLAG_CUSTOMERS_MAX])


@frappe.whitelist()
def stalled_opportunity_count(filters: str | dict | None = None) -> dict:
	"""Number card: open opportunities past their stage's stall days that the user may see.

	The card's document type (SM Opportunity) only decides who sees the card; the count applies the
	hierarchy rule itself."""
	frappe.has_permission("SM Opportunity", "read", throw=True)
	query, opp, _stage = stalled_query()
	query = reporting.apply(query.select(Count(opp.name)), reporting.scope_criteria(opp, "SM Opportunity"))
	# the card opens the report listing them
	return {
		"value": query.run()[0][0],
		"fieldtype": "Int",
		"route": ["query-report", "Stalled Opportunities"],
	}


@frappe.whitelist()
def pipeline_funnel(
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
	"""The Pipeline Funnel chart (Deals workspace): open opportunities' amount and weighted amount per
	open stage, in pipeline order, of the opportunities the viewer may see; never cached across users."""
	frappe.has_permission("SM Opportunity", "read", throw=True)
	filters = frappe._dict(frappe.parse_json(filters) or {})
	opp = frappe.qb.DocType("SM Opportunity")
	query = (
		frappe.qb.from_(opp)
		.select(
			opp.stage,
			Count(opp.name).as_("count"),
			Sum(opp.base_amount).as_("amount"),
			Sum(opp.base_amount * opp.probability / 100).as_("weighted"),
		)
		.where(opp.status == OPEN)
		.groupby(opp.stage)
	)
	by_stage = {
		r.stage: r
		for r in reporting.apply(query, reporting.scope_criteria(opp, "SM Opportunity", filters)).run(
			as_dict=True
		)
	}
	stages = [s for s in get_stages() if s.stage_type == OPEN and (s.enabled or s.name in by_stage)]
	return {
		# Frappe draws chart labels as HTML: stage names are user text
		"labels": [escape(translate_stage_name(s.stage_name)) for s in stages],
		"datasets": [
			{
				"name": _("Open Pipeline"),
				"values": [flt(by_stage[s.name].amount, 2) if s.name in by_stage else 0 for s in stages],
			},
			{
				"name": _("Weighted Pipeline"),
				"values": [flt(by_stage[s.name].weighted, 2) if s.name in by_stage else 0 for s in stages],
			},
		],
	}
