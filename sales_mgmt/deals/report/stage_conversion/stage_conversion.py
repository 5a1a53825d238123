# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Stage Conversion: how well each salesperson moves deals out of each open stage.

Counted from the stage history (SM Opportunity Stage Log) over a date range, per salesperson (the
opportunity's owner) and open stage:

- Entered: times an opportunity entered the stage within the range (a deal that comes back to the
  stage counts again).
- Advanced: of those stays, the ones that ended by moving to a later stage (higher sequence, not a
  Lost stage), whenever that happened.
- Lost: of those stays, the ones that ended by moving to a Lost stage.
- To Next Stage % = Advanced / Entered; To Won % = entries whose opportunity is now Won / Entered.
- Median Days in Stage: the median length, in calendar days, of those stays that have ended
  (stays still going on are left out). MariaDB's MEDIAN interpolates: the median of 2, 4 is 3.
- Team: everyone in the report; the team rate at a stage is the team's Advanced / Entered.
- Hint: a salesperson with at least `min_entries` entries at a stage (filter, default MIN_ENTRIES)
  gets "Coaching" when their rate to the next stage is below COACHING_RATIO x the team's, and
  "Share practice" when it is above SHARE_RATIO x the team's.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Max, Sum
from frappe.utils import add_days, add_months, cint, flt, getdate

from sales_mgmt import reporting
from sales_mgmt.deals.query_functions import Median
from sales_mgmt.deals.stages import LOST, OPEN, WON, get_stages, translate_stage_name

MIN_ENTRIES = 5
COACHING_RATIO = 0.5
SHARE_RATIO = 1.5
COACHING, SHARE = "coaching", "share"


@reporting.script_report("Stage Conversion")
def execute(filters=None):
	return StageConversion(filters).run()


def hint_for(entered: int, rate: float, team_rate: float, min_entries: int = MIN_ENTRIES) -> str | None:
	"""Coaching / share-practice hint for one salesperson at one stage (rates in percent)."""
	if entered < min_entries or not team_rate:
		return None
	if rate < COACHING_RATIO * team_rate:
		return COACHING
	if rate > SHARE_RATIO * team_rate:
		return SHARE
	return None


def rate(part: float, whole: float) -> float:
	return flt(100 * part / whole, 2) if whole else 0.0


# SM Opportunity Stage Log is a child of SM Opportunity only, so its rows are read without a
# `parenttype` condition: that lets MariaDB answer from the log's covering indexes alone.


class StageConversion:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		today = getdate()
		self.from_date, self.to_date = reporting.date_range(self.filters, add_months(today, -3), today)
		self.min_entries = cint(self.filters.get("min_entries") or MIN_ENTRIES)
		if self.min_entries < 1:
			reporting.invalid(_("Minimum entries for hints must be at least 1."))
		self.until = add_days(self.to_date, 1)  # log times are datetimes: the range ends at midnight after
		self.opp = frappe.qb.DocType("SM Opportunity")
		self.log = frappe.qb.DocType("SM Opportunity Stage Log")
		self.criteria = reporting.scope_criteria(self.opp, "SM Opportunity", self.filters)
		stages = get_stages()
		self.stages = [s for s in stages if s.stage_type == OPEN]
		self.won_stages = {s.name for s in stages if s.stage_type == WON}

	def run(self):
		entries = self.entries()
		exits = self.exits()
		team = self.team_rates(entries, exits)
		data = self.rows(entries, exits, team)
		return self.columns(), data, self.message(), self.chart(team), self.summary(data, entries)

	def entries(self) -> dict:
		"""(salesperson, stage) -> entered, won: stage entries within the range."""
		opp, log = self.opp, self.log
		query = (
			frappe.qb.from_(log)
			.inner_join(opp)
			.on(opp.name == log.parent)
			.select(
				opp.salesperson,
				log.to_stage.as_("stage"),
				Count(log.name).as_("entered"),
				Sum(Case().when(opp.status == WON, 1).else_(0)).as_("won"),
			)
			.where((log.changed_on >= self.from_date) & (log.changed_on < self.until))
			.groupby(opp.salesperson, log.to_stage)
		)
		rows = reporting.apply(query, self.criteria).run(as_dict=True)
		return {(r.salesperson, r.stage): r for r in rows}

	def exits(self) -> dict:
		"""(salesperson, stage) -> advanced, lost, median days: how stays begun within the range ended."""
		opp, log = self.opp, self.log
		from_stage = frappe.qb.DocType("SM Sales Stage").as_("from_stage")
		to_stage = frappe.qb.DocType("SM Sales Stage").as_("to_stage")
		stays = (
			frappe.qb.from_(log)
			.inner_join(opp)
			.on(opp.name == log.parent)
			.inner_join(from_stage)
			.on(from_stage.name == log.from_stage)
			.inner_join(to_stage)
			.on(to_stage.name == log.to_stage)
			.select(
				opp.salesperson,
				log.from_stage.as_("stage"),
				Case()
				.when((to_stage.stage_type != LOST) & (to_stage.sequence > from_stage.sequence), 1)
				.else_(0)
				.as_("advanced"),
				Case().when(to_stage.stage_type == LOST, 1).else_(0).as_("lost"),
				Median(log.days_in_from_stage).over(opp.salesperson, log.from_stage).as_("median_days"),
				Median(log.days_in_from_stage).over(log.from_stage).as_("team_median_days"),
			)
			.where((log.from_stage_entered_on >= self.from_date) & (log.from_stage_entered_on < self.until))
		)
		stays = reporting.apply(stays, self.criteria)
		query = (
			frappe.qb.from_(stays)
			.select(
				stays.salesperson,
				stays.stage,
				Sum(stays.advanced).as_("advanced"),
				Sum(stays.lost).as_("lost"),
				Max(stays.median_days).as_("median_days"),
				Max(stays.team_median_days).as_("team_median_days"),
			)
			.groupby(stays.salesperson, stays.stage)
		)
		return {(r.salesperson, r.stage): r for r in query.run(as_dict=True)}

	def team_rates(self, entries: dict, exits: dict) -> dict:
		"""stage -> the team's entered, advanced, lost, won, rates and median days."""
		team = {}
		for (_salesperson, stage), e in entries.items():
			t = team.setdefault(stage, frappe._dict(entered=0, advanced=0, lost=0, won=0, median_days=None))
			t.entered += e.entered
			t.won += flt(e.won)
		for (_salesperson, stage), x in exits.items():
			t = team.setdefault(stage, frappe._dict(entered=0, advanced=0, lost=0, won=0, median_days=None))
			t.advanced += flt(x.advanced)
			t.lost += flt(x.lost)
			t.median_days = flt(x.team_median_days, 1)
		for t in team.values():
			t.rate = rate(t.advanced, t.entered)
			t.win_rate = rate(t.won, t.entered)
		return team

	def rows(self, entries: dict, exits: dict, team: dict) -> list[dict]:
		open_stages = {s.name: i for i, s in enumerate(self.stages)}
		keys = {k for k in (*entries, *exits) if k[1] in open_stages}
		names = reporting.salesperson_names(k[0] for k in keys)
		data = []
		for salesperson, stage in keys:
			e = entries.get((salesperson, stage)) or frappe._dict(entered=0, won=0)
			x = exits.get((salesperson, stage)) or frappe._dict(advanced=0, lost=0, median_days=None)
			row = frappe._dict(
				salesperson=salesperson,
				salesperson_name=names.get(salesperson) or _("(no salesperson)"),
				stage=stage,
				entered=e.entered,
				advanced=int(flt(x.advanced)),
				lost=int(flt(x.lost)),
				conversion_rate=rate(flt(x.advanced), e.entered),
				win_rate=rate(flt(e.won), e.entered),
				median_days=flt(x.median_days, 1) if x.median_days is not None else None,
				team_rate=team[stage].rate,
				team_median_days=team[stage].median_days,
			)
			row.hint_type = hint_for(row.entered, row.conversion_rate, row.team_rate, self.min_entries)
			row.hint = {COACHING: _("Coaching"), SHARE: _("Share practice")}.get(row.hint_type, "")
			data.append(row)
		return sorted(data, key=lambda r: (r.salesperson_name, open_stages[r.stage]))

	def columns(self) -> list[dict]:
		return [
			*reporting.salesperson_columns(),
			{
				"fieldname": "stage",
				"label": _("Stage"),
				"fieldtype": "Link",
				"options": "SM Sales Stage",
				"width": 120,
			},
			{"fieldname": "entered", "label": _("Entered"), "fieldtype": "Int", "width": 80},
			{
				"fieldname": "advanced",
				"label": _("Advanced", context="SM Opportunity"),
				"fieldtype": "Int",
				"width": 90,
			},
			{
				"fieldname": "lost",
				"label": _("Lost", context="SM Opportunity"),
				"fieldtype": "Int",
				"width": 70,
			},
			{
				"fieldname": "conversion_rate",
				"label": _("To Next Stage %"),
				"fieldtype": "Percent",
				"width": 120,
			},
			{"fieldname": "win_rate", "label": _("To Won %"), "fieldtype": "Percent", "width": 100},
			{
				"fieldname": "median_days",
				"label": _("Median Days in Stage"),
				"fieldtype": "Float",
				"width": 120,
			},
			{
				"fieldname": "team_rate",
				"label": _("Team To Next Stage %"),
				"fieldtype": "Percent",
				"width": 130,
			},
			{
				"fieldname": "team_median_days",
				"label": _("Team Median Days"),
				"fieldtype": "Float",
				"width": 120,
			},
			{"fieldname": "hint", "label": _("Hint"), "fieldtype": "Data", "width": 120},
		]

	def chart(self, team: dict) -> dict:
		stages = [s for s in self.stages if s.name in team]
		return {
			"data": {
				"labels": [translate_stage_name(s.stage_name) for s in stages],
				"datasets": [
					{"name": _("Entered"), "values": [team[s.name].entered for s in stages]},
					{
						"name": _("Advanced", context="SM Opportunity"),
						"values": [team[s.name].advanced for s in stages],
					},
					{
						"name": _("Lost", context="SM Opportunity"),
						"values": [team[s.name].lost for s in stages],
					},
				],
			},
			"type": "bar",
			"colors": ["#449CF0", "#48BB74", "#E24C4C"],
		}

	def summary(self, data: list[dict], entries: dict) -> list[dict]:
		won = sum(e.entered for (_salesperson, stage), e in entries.items() if stage in self.won_stages)
		return [
			{"value": sum(r.entered for r in data), "label": _("Stage Entries"), "datatype": "Int"},
			{"value": won, "label": _("Deals Won in Range"), "datatype": "Int", "indicator": "Green"},
			{
				"value": sum(1 for r in data if r.hint_type == COACHING),
				"label": _("Coaching Hints"),
				"datatype": "Int",
				"indicator": "Orange",
			},
			{
				"value": sum(1 for r in data if r.hint_type == SHARE),
				"label": _("Practices to Share"),
				"datatype": "Int",
				"indicator": "Green",
			},
		]

	def message(self) -> str:
		return _(
			"{0} to {1}. Hints compare a salesperson with at least {2} entries at a stage to the team: "
			"below {3}% of the team's rate to the next stage suggests coaching, above {4}% a practice worth sharing."
		).format(
			frappe.format(self.from_date, "Date"),
			frappe.format(self.to_date, "Date"),
			self.min_entries,
			int(COACHING_RATIO * 100),
			int(SHARE_RATIO * 100),
		)
