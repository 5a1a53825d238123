"""Pipeline Funnel: open opportunities' amount and weighted amount per open stage, in pipeline order.

Computed for the viewer (their visible opportunities), never cached across users."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt

from sales_mgmt.deals import report_scope
from sales_mgmt.deals.stages import OPEN, get_stages, translate_stage_name


@frappe.whitelist()
def get(
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
		for r in report_scope.apply(query, report_scope.scope_criteria(opp, filters)).run(as_dict=True)
	}
	stages = [s for s in get_stages() if s.stage_type == OPEN and (s.enabled or s.name in by_stage)]
	return {
		"labels": [translate_stage_name(s.stage_name) for s in stages],
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
