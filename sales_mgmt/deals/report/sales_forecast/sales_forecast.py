# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Sales Forecast: what a period (month or quarter) will bring.

The period is the month or quarter containing a day, or the one after it (Next Month / Next Quarter).
For the period and the salespeople in scope:
- open pipeline in the period: open opportunities whose expected close date falls in the period
  (count, amount); this is not the Open Pipeline number card, which sums every open deal;
- weighted pipeline in the period: the sum of amount x probability over those opportunities;
- won: opportunities closed as won in the period (closed_on in the period);
- forecast = won + weighted pipeline in the period;
- no expected close date: open deals without one, per salesperson (count, amount); they are in no
  period's forecast, and the message says how many there are.
Amounts are in the base currency (SM Settings). Open deals whose expected close date is before today
are overdue: the message counts them so they get fixed.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt, getdate

from sales_mgmt import reporting
from sales_mgmt.deals.stages import OPEN, WON, get_stages, translate_stage_name
from sales_mgmt.user_text import bold

NEXT = "Next "
PERIODS = (*reporting.PERIOD_TYPES, *(NEXT + p for p in reporting.PERIOD_TYPES))


@reporting.script_report("Sales Forecast")
def execute(filters=None):
	return SalesForecast(filters).run()


class SalesForecast:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		period = (self.filters.get("period") or reporting.MONTH).strip().title()
		if period not in PERIODS:
			reporting.invalid(
				_("Period must be Month, Quarter, Next Month or Next Quarter, not {0}.").format(bold(period))
			)
		period_type = period.removeprefix(NEXT)
		day = reporting.parse_date(self.filters, "date", _("Date"), getdate())
		if period.startswith(NEXT):
			day = reporting.next_period_start(period_type, day)
		self.start, self.end = reporting.period_bounds(period_type, day)
		self.today = getdate()
		self.opp = frappe.qb.DocType("SM Opportunity")
		self.criteria = reporting.scope_criteria(self.opp, "SM Opportunity", self.filters)
		self.stages = [s for s in get_stages() if s.stage_type == OPEN]
		self.stage_keys = {s.name: f"stage_{i}" for i, s in enumerate(self.stages, 1)}

	def run(self):
		open_rows = self.open_pipeline()
		won_rows = self.won_in_period()
		undated_rows = self.without_close_date()
		data = self._data = self.rows(open_rows, won_rows, undated_rows)
		return self.columns(), data, self.message(), self.chart(open_rows), self.summary(data)

	def open_pipeline(self) -> list[dict]:
		"""Open deals expected to close in the period, per salesperson and stage."""
		opp = self.opp
		query = (
			frappe.qb.from_(opp)
			.select(
				opp.salesperson,
				opp.stage,
				Count(opp.name).as_("count"),
				Sum(opp.base_amount).as_("amount"),
				Sum(opp.base_amount * opp.probability / 100).as_("weighted"),
			)
			.where(opp.status == OPEN)
			.where(opp.expected_close_date[self.start : self.end])
			.groupby(opp.salesperson, opp.stage)
		)
		return reporting.apply(query, self.criteria).run(as_dict=True)

	def won_in_period(self) -> list[dict]:
		opp = self.opp
		query = (
			frappe.qb.from_(opp)
			.select(opp.salesperson, Count(opp.name).as_("count"), Sum(opp.base_amount).as_("amount"))
			.where(opp.status == WON)
			.where(opp.closed_on[self.start : self.end])
			.groupby(opp.salesperson)
		)
		return reporting.apply(query, self.criteria).run(as_dict=True)

	def without_close_date(self) -> list[dict]:
		"""Open deals without an expected close date, per salesperson: in no period's forecast."""
		opp = self.opp
		query = (
			frappe.qb.from_(opp)
			.select(opp.salesperson, Count(opp.name).as_("count"), Sum(opp.base_amount).as_("amount"))
			.where(opp.status == OPEN)
			.where(opp.expected_close_date.isnull())
			.groupby(opp.salesperson)
		)
		return reporting.apply(query, self.criteria).run(as_dict=True)

	def overdue_count(self) -> int:
		"""Open deals whose expected close date is before today."""
		opp = self.opp
		query = (
			frappe.qb.from_(opp)
			.select(Count(opp.name))
			.where(opp.status == OPEN)
			.where(opp.expected_close_date < self.today)
		)
		return reporting.apply(query, self.criteria).run()[0][0]

	def rows(self, open_rows, won_rows, undated_rows) -> list[dict]:
		by_salesperson = {}

		def row_for(salesperson):
			if salesperson not in by_salesperson:
				by_salesperson[salesperson] = frappe._dict(
					salesperson=salesperson,
					open_count=0,
					open_amount=0.0,
					weighted_amount=0.0,
					won_count=0,
					won_amount=0.0,
					undated_count=0,
					undated_amount=0.0,
					**{key: 0 for key in self.stage_keys.values()},
				)
			return by_salesperson[salesperson]

		for r in open_rows:
			row = row_for(r.salesperson)
			row.open_count += r.count
			row.open_amount += flt(r.amount)
			row.weighted_amount += flt(r.weighted)
			if key := self.stage_keys.get(r.stage):
				row[key] += r.count
		for r in won_rows:
			row = row_for(r.salesperson)
			row.won_count = r.count
			row.won_amount = flt(r.amount)
		for r in undated_rows:
			row = row_for(r.salesperson)
			row.undated_count = r.count
			row.undated_amount = flt(r.amount)

		names = reporting.salesperson_names(by_salesperson)
		for row in by_salesperson.values():
			row.salesperson_name = names.get(row.salesperson) or _("(no salesperson)")
			for field in ("open_amount", "weighted_amount", "won_amount", "undated_amount"):
				row[field] = flt(row[field], 2)
			row.forecast = flt(row.won_amount + row.weighted_amount, 2)
		return sorted(by_salesperson.values(), key=lambda r: (-r.forecast, r.salesperson_name))

	def columns(self) -> list[dict]:
		columns = [
			*reporting.salesperson_columns(),
			{"fieldname": "open_count", "label": _("Open in Period"), "fieldtype": "Int", "width": 110},
		]
		columns += [
			{
				"fieldname": self.stage_keys[s.name],
				"label": translate_stage_name(s.stage_name),
				"fieldtype": "Int",
				"width": 100,
			}
			for s in self.stages
		]
		columns += [
			{
				"fieldname": "open_amount",
				"label": _("Open Pipeline in Period"),
				"fieldtype": "Currency",
				"width": 150,
			},
			{
				"fieldname": "weighted_amount",
				"label": _("Weighted Pipeline in Period"),
				"fieldtype": "Currency",
				"width": 160,
			},
			{"fieldname": "won_count", "label": _("Won Deals"), "fieldtype": "Int", "width": 100},
			{"fieldname": "won_amount", "label": _("Won Amount"), "fieldtype": "Currency", "width": 130},
			{"fieldname": "forecast", "label": _("Forecast"), "fieldtype": "Currency", "width": 130},
			{
				"fieldname": "undated_count",
				"label": _("No Expected Close Date"),
				"fieldtype": "Int",
				"width": 150,
			},
			{
				"fieldname": "undated_amount",
				"label": _("Amount Without Close Date"),
				"fieldtype": "Currency",
				"width": 160,
			},
		]
		return columns

	def chart(self, open_rows) -> dict:
		amount, weighted = {}, {}
		for r in open_rows:
			amount[r.stage] = amount.get(r.stage, 0) + flt(r.amount)
			weighted[r.stage] = weighted.get(r.stage, 0) + flt(r.weighted)
		stages = [s for s in self.stages if s.name in amount]
		return {
			"data": {
				"labels": [translate_stage_name(s.stage_name) for s in stages],
				"datasets": [
					{
						"name": _("Open Pipeline in Period"),
						"values": [flt(amount[s.name], 2) for s in stages],
					},
					{
						"name": _("Weighted Pipeline in Period"),
						"values": [flt(weighted[s.name], 2) for s in stages],
					},
				],
			},
			"type": "bar",
			"fieldtype": "Currency",
			"colors": ["#449CF0", "#48BB74"],
		}

	def summary(self, data) -> list[dict]:
		total = {
			f: flt(sum(r[f] for r in data), 2)
			for f in ("open_amount", "weighted_amount", "won_amount", "undated_amount")
		}
		forecast = flt(total["won_amount"] + total["weighted_amount"], 2)
		return [
			{
				"value": total["won_amount"],
				"label": _("Won So Far"),
				"datatype": "Currency",
				"indicator": "Green",
			},
			{
				"value": total["weighted_amount"],
				"label": _("Weighted Pipeline in Period"),
				"datatype": "Currency",
				"indicator": "Blue",
			},
			{"value": forecast, "label": _("Forecast"), "datatype": "Currency", "indicator": "Green"},
			{"value": total["open_amount"], "label": _("Open Pipeline in Period"), "datatype": "Currency"},
			{"value": sum(r.open_count for r in data), "label": _("Open in Period"), "datatype": "Int"},
			{
				"value": sum(r.undated_count for r in data),
				"label": _("No Expected Close Date"),
				"datatype": "Int",
				"indicator": "Orange",
			},
		]

	def message(self) -> str:
		text = _(
			"Period {0} to {1}: forecast = won in the period + weighted open deals expected to close in it."
		).format(frappe.format(self.start, "Date"), frappe.format(self.end, "Date"))
		if overdue := self.overdue_count():
			text += " " + _(
				"{0} open deals have an expected close date before today (overdue); update them."
			).format(overdue)
		if undated := sum(r.undated_count for r in self._data):
			text += " " + _(
				"{0} open deals have no expected close date and are in no period's forecast."
			).format(undated)
		return text
