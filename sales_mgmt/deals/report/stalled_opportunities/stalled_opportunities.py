# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Stalled Opportunities: open deals that have stayed in their stage longer than the stage's stall
days, as of today. Days in Stage counts calendar days since the deal entered its stage; Days Stalled
is how far past the stage's limit it is (Days in Stage - Stall Days)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Date, Max, Sum
from frappe.utils import flt, getdate

from sales_mgmt import reporting
from sales_mgmt.deals.query_functions import DateDiff
from sales_mgmt.deals.stages import get_stage, translate_stage_name
from sales_mgmt.deals.stall import stalled_query
from sales_mgmt.user_text import bold


@reporting.script_report("Stalled Opportunities")
def execute(filters=None):
	return StalledOpportunities(filters).run()


class StalledOpportunities:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		self.today = getdate()
		if (stage := self.filters.get("stage")) and not get_stage(stage):
			reporting.invalid(_("{0} is not one of the sales stages.").format(bold(stage)))

	def run(self):
		by_stage = self.by_stage()
		return self.columns(), self.stalled(), None, self.chart(by_stage), self.summary(by_stage)

	def query(self):
		query, opp, stage = stalled_query(self.today)
		if self.filters.get("stage"):
			query = query.where(opp.stage == self.filters.stage)
		query = reporting.apply(query, reporting.scope_criteria(opp, "SM Opportunity", self.filters))
		return query, opp, stage

	def stalled(self) -> list[tuple]:
		"""One row per stalled deal, longest past its limit first, in the order of `columns`.

		Rows are tuples (the desk maps them onto the columns): at tens of thousands of stalled deals,
		building a dict per row would cost more than the query."""
		query, opp, stage = self.query()
		salesperson = frappe.qb.DocType("SM Salesperson")
		days_in_stage = DateDiff(self.today, opp.stage_changed_on)
		return (
			query.left_join(salesperson)
			.on(salesperson.name == opp.salesperson)
			.select(
				opp.name,
				opp.title,
				opp.customer,
				opp.customer_name,
				opp.salesperson,
				salesperson.salesperson_name,
				opp.stage,
				Date(opp.stage_changed_on),
				days_in_stage,
				stage.stall_days,
				days_in_stage - stage.stall_days,
				opp.base_amount,
				opp.expected_close_date,
				opp.next_step,
			)
			.orderby(days_in_stage - stage.stall_days, order=frappe.qb.desc)
			.orderby(opp.name)
			.run()
		)

	def by_stage(self) -> list[dict]:
		"""Per stage: stalled deals, their amount and the longest stall (for the chart and summary)."""
		query, opp, stage = self.query()
		return (
			query.select(
				stage.name,
				stage.stage_name,
				Count(opp.name).as_("count"),
				Sum(opp.base_amount).as_("amount"),
				Max(DateDiff(self.today, opp.stage_changed_on) - stage.stall_days).as_("longest"),
			)
			.groupby(stage.name, stage.stage_name, stage.sequence)
			.orderby(stage.sequence)
			.orderby(stage.name)
			.run(as_dict=True)
		)

	def columns(self) -> list[dict]:
		return [
			{
				"fieldname": "opportunity",
				"label": _("Opportunity"),
				"fieldtype": "Link",
				"options": "SM Opportunity",
				"width": 110,
			},
			{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 180},
			{
				"fieldname": "customer",
				"label": _("Customer"),
				"fieldtype": "Link",
				"options": "SM Customer",
				"width": 110,
			},
			{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 160},
			*reporting.salesperson_columns(),
			{
				"fieldname": "stage",
				"label": _("Stage"),
				"fieldtype": "Link",
				"options": "SM Sales Stage",
				"width": 110,
			},
			{
				"fieldname": "stage_changed_on",
				"label": _("In Stage Since"),
				"fieldtype": "Date",
				"width": 110,
			},
			{"fieldname": "days_in_stage", "label": _("Days in Stage"), "fieldtype": "Int", "width": 100},
			{"fieldname": "stall_days", "label": _("Stall Days"), "fieldtype": "Int", "width": 90},
			{"fieldname": "days_stalled", "label": _("Days Stalled"), "fieldtype": "Int", "width": 100},
			{"fieldname": "amount", "label": _("Amount"), "fieldtype": "Currency", "width": 120},
			{
				"fieldname": "expected_close_date",
				"label": _("Expected Close Date"),
				"fieldtype": "Date",
				"width": 120,
			},
			{"fieldname": "next_step", "label": _("Next Step"), "fieldtype": "Data", "width": 180},
		]

	def chart(self, by_stage: list[dict]) -> dict | None:
		if not by_stage:
			return None
		return {
			"data": {
				"labels": [translate_stage_name(s.stage_name) for s in by_stage],
				"datasets": [{"name": _("Stalled Deals"), "values": [s.count for s in by_stage]}],
			},
			"type": "bar",
			"colors": ["#E24C4C"],
		}

	def summary(self, by_stage: list[dict]) -> list[dict]:
		return [
			{
				"value": sum(s.count for s in by_stage),
				"label": _("Stalled Deals"),
				"datatype": "Int",
				"indicator": "Red",
			},
			{
				"value": flt(sum(flt(s.amount) for s in by_stage), 2),
				"label": _("Stalled Amount"),
				"datatype": "Currency",
			},
			{
				"value": max((s.longest for s in by_stage), default=0),
				"label": _("Longest Stall (Days)"),
				"datatype": "Int",
			},
		]
