"""Whitelisted endpoints of the People workspace and the Sales Workbench: the KPI number cards and
charts that need more than a count or a sum (sales_mgmt.people.kpi). Each covers the records the
viewer may see, as the list views do: a rep their own, a manager their team, Business Owner all."""

import frappe
from frappe import _
from frappe.utils import flt, get_first_day, get_last_day, today

from sales_mgmt.people import kpi
from sales_mgmt.people.hierarchy import get_salesperson
from sales_mgmt.permissions import MANAGER_ROLE
from sales_mgmt.user_text import escape

CHART_ROWS = 10


def this_month():
	return get_first_day(today()), get_last_day(today())


@frappe.whitelist()
def visit_success_rate(filters: str | dict | None = None) -> dict:
	"""Visit Success Rate This Month: successful ÷ done visits dated this month × 100, over the
	activities the viewer may see (0 without visits)."""
	frappe.has_permission(kpi.ACTIVITY, "read", throw=True)
	from_date, to_date = this_month()
	figures = kpi.KPI(from_date, to_date).visit_rows()
	visits = sum(row.visits for row in figures)
	successful = sum(flt(row.successful_visits) for row in figures)
	return {
		"value": kpi.ratio(successful, visits, 100),
		"fieldtype": "Percent",
		"route": ["query-report", "Salesperson KPI"],
	}


def own_target_scope(user: str) -> tuple[str | None, str]:
	"""The viewer's own target: their team's (Team scope) for a Sales Manager, otherwise their own
	(Salesperson scope); no salesperson, no target."""
	scope = kpi.TEAM_SCOPE if MANAGER_ROLE in frappe.get_roles(user) else kpi.SALESPERSON_SCOPE
	return get_salesperson(user), scope


@frappe.whitelist()
def contract_target_achieved(filters: str | dict | None = None) -> dict:
	"""My Contract Target This Month: this month's contract amount (submitted orders dated this month
	the viewer may see: their own, or their team's for a manager) ÷ the viewer's own target for this
	month (own_target_scope) × 100; 0 without a target."""
	frappe.has_permission(kpi.TARGET, "read", throw=True)
	user = frappe.session.user
	salesperson, scope = own_target_scope(user)
	from_date, to_date = this_month()
	target = 0.0
	amount = 0.0
	if salesperson:
		target = (kpi.targets([salesperson], scope, from_date, to_date).get(salesperson) or {}).get(
			"contract_amount"
		) or 0.0
		filters = {"salesperson": salesperson} if scope == kpi.TEAM_SCOPE else {}
		rows = kpi.KPI(from_date, to_date, filters).order_rows()
		amount = sum(
			flt(row.contract_amount)
			for row in rows
			if scope == kpi.TEAM_SCOPE or row.salesperson == salesperson
		)
	return {
		"value": kpi.achieved(amount, target) or 0.0,
		"fieldtype": "Percent",
		"route": ["query-report", "Salesperson KPI"],
	}


@frappe.whitelist()
def contract_vs_target(
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
	"""Contract vs Target This Month (People workspace): the contract amount of the salespeople the
	viewer may see (the ten highest) and their own monthly targets — the Salesperson KPI report's
	figures for this month."""
	frappe.has_permission(kpi.TARGET, "read", throw=True)
	from sales_mgmt.people.report.salesperson_kpi.salesperson_kpi import SalespersonKPI

	first, last = this_month()
	report = SalespersonKPI({"from_date": first, "to_date": last})
	rows = report.run()[1]
	rows = sorted(rows, key=lambda row: -flt(row["contract_amount"]))[:CHART_ROWS]
	return {
		"labels": [escape(row["salesperson_name"] or row["salesperson"]) for row in rows],
		"datasets": [
			{"name": _("Contract Amount"), "values": [row["contract_amount"] for row in rows]},
			{"name": _("Contract Target"), "values": [row["contract_amount_target"] or 0 for row in rows]},
		],
	}
