# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Salesperson KPI: each salesperson's (or each team's) results and activity for a date range against
their targets. Every figure and target is defined in sales_mgmt.people.kpi and in DEFINITIONS below,
which the report shows above its table.

View Salesperson: one row per salesperson the viewer may see (a rep: themself; a manager: their team;
Business Owner: everyone), within the Salesperson and Team filters; disabled salespeople only when
they have a figure. View Team: one row per team head (a salesperson with someone reporting to them)
with the whole team's figures and the head's Team targets.
"""

import frappe
from frappe import _
from frappe.utils import flt, get_first_day, get_last_day, today

from sales_mgmt import reporting
from sales_mgmt.people import kpi
from sales_mgmt.permissions import get_visible_salespeople
from sales_mgmt.user_text import escape

SALESPERSON_VIEW, TEAM_VIEW = "Salesperson", "Team"
VIEWS = (SALESPERSON_VIEW, TEAM_VIEW)
CHART_ROWS = 20
PROFIT = f"{kpi.ORDER}.gross_profit"
PROFIT_TARGET = f"{kpi.TARGET}.gross_profit"


def definitions() -> list[tuple[str, str]]:
	"""(label, definition) of every figure, as the code computes it (kpi.py)."""
	return [
		(
			_("Contract Amount"),
			_("base total of the submitted sales orders dated in the period, by the order's salesperson"),
		),
		(_("Collected Amount"), _("base amount of the submitted payments dated in the period")),
		(_("Gross Profit"), _("base gross profit of those sales orders (only for roles that may read it)")),
		(_("Signed Customers"), _("distinct customers of those sales orders (once per team)")),
		(
			_("New Customers"),
			_("customers of the salesperson whose first submitted sales order ever is dated in the period"),
		),
		(
			_("Lost Customers"),
			_(
				"customers of the salesperson with a submitted sales order in the previous comparable "
				"period (as many whole months, otherwise days, just before) and none in this one"
			),
		),
		(_("Visits"), _("Done activities of type Visit dated in the period")),
		(
			_("Visits per Working Day"),
			_(
				"visits ÷ Monday-to-Friday days from the first day to the last day or today, whichever is earlier"
			),
		),
		(_("Visit Success Rate"), _("visits with outcome Successful ÷ visits × 100")),
		(_("Revenue per Visit"), _("contract amount ÷ visits")),
		(_("Orders per 100 Visits"), _("submitted sales orders ÷ visits × 100")),
		(
			_("Target"),
			_(
				"sum of the targets whose whole period lies in the dates (monthly ones if any, else "
				"quarterly, else yearly); % achieved = actual ÷ target × 100"
			),
		),
	]


@reporting.script_report("Salesperson KPI")
def execute(filters=None):
	return SalespersonKPI(filters).run()


class SalespersonKPI:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(kpi.TARGET, "read", throw=True)
		self.from_date, self.to_date = reporting.date_range(
			self.filters, get_first_day(today()), get_last_day(today())
		)
		self.view = reporting.choice(self.filters, "view", _("View"), VIEWS, SALESPERSON_VIEW)

	def run(self):
		salespeople = self.salespeople()
		self.kpi = kpi.KPI(
			self.from_date, self.to_date, self.filters, salespeople=[s.name for s in salespeople]
		)
		figures = self.kpi.by_salesperson()
		if self.view == TEAM_VIEW:
			rows = self.team_rows(salespeople, figures)
		else:
			rows = self.salesperson_rows(salespeople, figures)
		return self.columns(), rows, self.message(), self.chart(rows), self.summary(rows)

	def salespeople(self) -> list[dict]:
		"""The salespeople the viewer may see within the filters, in tree order."""
		sp = frappe.qb.DocType(kpi.SALESPERSON)
		query = (
			frappe.qb.from_(sp)
			.select(sp.name, sp.salesperson_name, sp.enabled, sp.lft, sp.rgt)
			.orderby(sp.lft)
		)
		visible = get_visible_salespeople(frappe.session.user, kpi.TARGET)
		if visible is not None:
			query = query.where(sp.name.isin(visible or [""]))
		selected = reporting.salespeople_in_scope(self.filters)
		if selected is not None:
			query = query.where(sp.name.isin(selected or [""]))
		return query.run(as_dict=True)

	def days(self) -> int:
		return kpi.visit_days(self.from_date, self.to_date)

	def salesperson_rows(self, salespeople, figures) -> list[dict]:
		targets = kpi.targets(
			[s.name for s in salespeople], kpi.SALESPERSON_SCOPE, self.from_date, self.to_date
		)
		rows = []
		for person in salespeople:
			item = figures.get(person.name) or kpi.Figures()
			item.targets = targets.get(person.name) or {}
			if not person.enabled and item == kpi.Figures():
				continue
			rows.append(self.row(person, item))
		return rows

	def team_rows(self, salespeople, figures) -> list[dict]:
		heads = [s for s in salespeople if (s.rgt or 0) - (s.lft or 0) > 1]
		names = [h.name for h in heads]
		targets = kpi.targets(names, kpi.TEAM_SCOPE, self.from_date, self.to_date)
		signed = self.kpi.signed_customers_by_team(names)
		rows = []
		for head in heads:
			total = kpi.Figures()
			members = [s for s in salespeople if s.lft >= head.lft and s.rgt <= head.rgt]
			for member in members:
				total.add(figures.get(member.name) or kpi.Figures())
			total.signed_customers = signed.get(head.name, 0)
			total.targets = targets.get(head.name) or {}
			row = self.row(head, total)
			row["team_size"] = len(members)
			rows.append(row)
		return rows

	def row(self, person, item: kpi.Figures) -> dict:
		return {
			"salesperson": person.name,
			"salesperson_name": person.salesperson_name,
			**item.row(self.days()),
		}

	def columns(self) -> list[dict]:
		columns = reporting.salesperson_columns()
		if self.view == TEAM_VIEW:
			columns[0]["label"] = _("Team Head")
			columns.append(column("team_size", _("Team Size"), "Int", 80))
		return [
			*columns,
			column("contract_amount", _("Contract Amount"), "Currency", 130),
			column("contract_amount_target", _("Contract Target"), "Currency", 130),
			column("contract_amount_achieved", _("Contract % Achieved"), "Percent", 100),
			column("collected_amount", _("Collected Amount"), "Currency", 130),
			column("collection_amount_target", _("Collection Target"), "Currency", 130),
			column("collection_amount_achieved", _("Collection % Achieved"), "Percent", 100),
			column("gross_profit", _("Gross Profit"), "Currency", 130, PROFIT),
			column("gross_profit_target", _("Gross Profit Target"), "Currency", 130, PROFIT_TARGET),
			column("gross_profit_achieved", _("Gross Profit % Achieved"), "Percent", 100, PROFIT),
			column("orders", _("Orders"), "Int", 80),
			column("signed_customers", _("Signed Customers"), "Int", 100),
			column("new_customers", _("New Customers"), "Int", 100),
			column("new_customers_target", _("New Customers Target"), "Int", 100),
			column("new_customers_achieved", _("New Customers % Achieved"), "Percent", 100),
			column("lost_customers", _("Lost Customers"), "Int", 100),
			column("visits", _("Visits"), "Int", 80),
			column("visits_target", _("Visits Target"), "Int", 90),
			column("visits_achieved", _("Visits % Achieved"), "Percent", 100),
			column("successful_visits", _("Successful Visits"), "Int", 100),
			column("visits_per_day", _("Visits per Working Day"), "Float", 110),
			column("visit_success_rate", _("Visit Success Rate"), "Percent", 110),
			column("revenue_per_visit", _("Revenue per Visit"), "Currency", 120),
			column("orders_per_100_visits", _("Orders per 100 Visits"), "Float", 110),
		]

	def message(self) -> str:
		previous_from, previous_to = kpi.previous_period(self.from_date, self.to_date)
		items = "".join(f"<li><b>{escape(label)}</b>: {escape(text)}</li>" for label, text in definitions())
		period = _(
			"Period {0} to {1} ({2} working days counted); previous comparable period {3} to {4}."
		).format(
			frappe.format(self.from_date, "Date"),
			frappe.format(self.to_date, "Date"),
			self.days(),
			frappe.format(previous_from, "Date"),
			frappe.format(previous_to, "Date"),
		)
		return (
			f"<div class='sm-kpi-definitions'>{escape(period)} <details><summary>"
			f"{escape(_('How each figure is computed'))}</summary><ul>{items}</ul></details></div>"
		)

	def chart(self, rows) -> dict | None:
		if not rows:
			return None
		top = sorted(rows, key=lambda row: -flt(row["contract_amount"]))[:CHART_ROWS]
		return {
			"data": {
				"labels": [row["salesperson_name"] or row["salesperson"] for row in top],
				"datasets": [
					{"name": _("Contract Amount"), "values": [row["contract_amount"] for row in top]},
					{
						"name": _("Contract Target"),
						"values": [row["contract_amount_target"] or 0 for row in top],
					},
				],
			},
			"type": "bar",
			"fieldtype": "Currency",
			"colors": ["#449CF0", "#ECAD4B"],
		}

	def summary(self, rows) -> list[dict]:
		"""Totals of the salesperson view (team rows overlap: a team includes the teams below it)."""
		if self.view == TEAM_VIEW or not rows:
			return []
		visits = sum(row["visits"] for row in rows)
		successful = sum(row["successful_visits"] for row in rows)
		return [
			{
				"value": flt(sum(row["contract_amount"] for row in rows), 2),
				"label": _("Contract Amount"),
				"datatype": "Currency",
				"indicator": "Blue",
			},
			{
				"value": flt(sum(row["collected_amount"] for row in rows), 2),
				"label": _("Collected Amount"),
				"datatype": "Currency",
				"indicator": "Green",
			},
			{
				"value": flt(sum(row.get("gross_profit") or 0 for row in rows), 2),
				"label": _("Gross Profit"),
				"datatype": "Currency",
				"source": PROFIT,
			},
			{"value": visits, "label": _("Visits"), "datatype": "Int"},
			{
				"value": kpi.ratio(successful, visits, 100),
				"label": _("Visit Success Rate"),
				"datatype": "Percent",
			},
		]


def column(fieldname: str, label: str, fieldtype: str, width: int, source: str | None = None) -> dict:
	out = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width}
	if source:
		out["source"] = source
	return out
