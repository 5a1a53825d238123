# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Stalled Opportunities: open deals that have stayed in their stage longer than the stage's stall
days, as of today. Days in Stage counts calendar days since the deal entered its stage; Days Stalled
is how far past the stage's limit it is (Days in Stage - Stall Days)."""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_mgmt.deals import report_scope
from sales_mgmt.deals.query_functions import DateDiff
from sales_mgmt.deals.stages import get_stage, translate_stage_name
from sales_mgmt.deals.stall import stalled_query


@report_scope.script_report("Stalled Opportunities")
def execute(filters=None):
	return StalledOpportunities(filters).run()


class StalledOpportunities:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		self.today = getdate()
		if (stage := self.filters.get("stage")) and not get_stage(stage):
			report_scope.invalid(_("{0} is not one of the sales stages.").format(frappe.bold(stage)))

	def run(self):
		data = self.stalled()
		return self.columns(), data, None, self.chart(data), self.summary(data)

	def stalled(self) -> list[dict]:
		query, opp, stage = stalled_query(self.today)
		days_in_stage = DateDiff(self.today, opp.stage_changed_on)
		query = query.select(
			opp.name.as_("opportunity"),
			opp.title,
			opp.customer,
			opp.customer_name,
			opp.salesperson,
			opp.stage,
			stage.stage_name,
			stage.sequence,
			opp.stage_changed_on,
			days_in_stage.as_("days_in_stage"),
			stage.stall_days,
			(days_in_stage - stage.stall_days).as_("days_stalled"),
			opp.base_amount.as_("amount"),
			opp.expected_close_date,
			opp.next_step,
		).orderby(days_in_stage - stage.stall_days, order=frappe.qb.desc)
		if self.filters.get("stage"):
			query = query.where(opp.stage == self.filters.stage)
		rows = report_scope.apply(query, report_scope.scope_criteria(opp, self.filters)).run(as_dict=True)
		names = report_scope.salesperson_names(r.salesperson for r in rows)
		for row in rows:
			row.salesperson_name = names.get(row.salesperson) or ""
		return rows

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
			{
				"fieldname": "salesperson",
				"label": _("Salesperson"),
				"fieldtype": "Link",
				"options": "SM Salesperson",
				"width": 110,
			},
			{
				"fieldname": "salesperson_name",
				"label": _("Salesperson Name"),
				"fieldtype": "Data",
				"width": 120,
			},
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

	def chart(self, data: list[dict]) -> dict | None:
		if not data:
			return None
		by_stage = {}
		for row in data:
			count, amount = by_stage.get((row.sequence, row.stage_name), (0, 0.0))
			by_stage[(row.sequence, row.stage_name)] = (count + 1, amount + flt(row.amount))
		stages = sorted(by_stage)
		return {
			"data": {
				"labels": [translate_stage_name(name) for _seq, name in stages],
				"datasets": [{"name": _("Stalled Deals"), "values": [by_stage[s][0] for s in stages]}],
			},
			"type": "bar",
			"colors": ["#E24C4C"],
		}

	def summary(self, data: list[dict]) -> list[dict]:
		return [
			{"value": len(data), "label": _("Stalled Deals"), "datatype": "Int", "indicator": "Red"},
			{
				"value": flt(sum(flt(r.amount) for r in data), 2),
				"label": _("Stalled Amount"),
				"datatype": "Currency",
			},
			{
				"value": max((r.days_stalled for r in data), default=0),
				"label": _("Longest Stall (Days)"),
				"datatype": "Int",
			},
		]
