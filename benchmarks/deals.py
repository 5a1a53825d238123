"""Time the Deals reports (Sales Forecast, Stage Conversion, Stalled Opportunities) next to a
hand-written SQL floor that computes the same aggregates, as Administrator and as a Sales Manager
with a subtree, at 200,000 opportunities and about 800,000 stage log rows.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/deals.py --site sm-bench.localhost

Each report is timed twice: `report` is the report itself (its `execute`: filters, permission
conditions, queries, rows, chart and summary), the figure held to the 1.5x target; `desk run` is
frappe.desk.query_report.run around it as the desk calls it, which adds Frappe's own work (loading the
Report document twice, its roles, turning every row into a dict). The floor is the SQL alone, with the
manager's subtree written in as a plain `salesperson in (...)`. Operations take turns after a
warm-up. Prints a table and writes JSON to benchmarks/results/deals-<timestamp>.json. Not a test:
nothing is asserted.
"""

import frappe
from customers import TARGET_RATIO
from frappe.utils import add_days, add_months, getdate
from harness import (
	Operation,
	measure,
	parse_args,
	print_user_rows,
	result_rows,
	run_on_site,
	server_info,
	server_line,
	write_results,
)

from sales_mgmt.reporting import period_bounds

REPORTS = ("Sales Forecast", "Stage Conversion", "Stalled Opportunities")


def report_filters(today) -> dict:
	return {
		"Sales Forecast": {"period": "Quarter", "date": str(today)},
		"Stage Conversion": {"from_date": str(add_months(today, -3)), "to_date": str(today)},
		"Stalled Opportunities": {},
	}


def run_report(name: str, filters: dict):
	from frappe.desk.query_report import run

	result = run(name, filters=filters, ignore_prepared_report=True)
	return result["result"]


def execute_report(name: str, filters: dict):
	module = frappe.get_module(f"sales_mgmt.deals.report.{frappe.scrub(name)}.{frappe.scrub(name)}")
	return module.execute(frappe._dict(filters))


def _in(names: list[str] | None, column: str = "o.salesperson") -> str:
	if names is None:
		return ""
	return f" and {column} in ({', '.join(frappe.db.escape(n) for n in names)})"


def floor_forecast(today, names):
	start, end = period_bounds("Quarter", today)
	scope = _in(names)
	open_rows = frappe.db.sql(
		f"""select o.salesperson, o.stage, count(*), sum(o.base_amount),
			sum(o.base_amount * o.probability / 100)
		from `tabSM Opportunity` o
		where o.status = 'Open' and o.expected_close_date between %s and %s{scope}
		group by o.salesperson, o.stage""",
		(start, end),
	)
	won_rows = frappe.db.sql(
		f"""select o.salesperson, count(*), sum(o.base_amount) from `tabSM Opportunity` o
		where o.status = 'Won' and o.closed_on between %s and %s{scope}
		group by o.salesperson""",
		(start, end),
	)
	overdue = frappe.db.sql(
		f"""select count(*) from `tabSM Opportunity` o
		where o.status = 'Open' and o.expected_close_date < %s{scope}""",
		(start,),
	)
	return open_rows, won_rows, overdue


def floor_conversion(today, names):
	start, until = add_months(today, -3), add_days(today, 1)
	scope = _in(names)
	entries = frappe.db.sql(
		f"""select o.salesperson, l.to_stage, count(*), sum(o.status = 'Won')
		from `tabSM Opportunity Stage Log` l join `tabSM Opportunity` o on o.name = l.parent
		where l.changed_on >= %s and l.changed_on < %s{scope}
		group by o.salesperson, l.to_stage""",
		(start, until),
	)
	exits = frappe.db.sql(
		f"""select salesperson, stage, sum(advanced), sum(lost), max(median_days), max(team_median_days)
		from (
			select o.salesperson, l.from_stage stage,
				(ts.stage_type != 'Lost' and ts.sequence > fs.sequence) advanced,
				(ts.stage_type = 'Lost') lost,
				median(l.days_in_from_stage) over (partition by o.salesperson, l.from_stage) median_days,
				median(l.days_in_from_stage) over (partition by l.from_stage) team_median_days
			from `tabSM Opportunity Stage Log` l
			join `tabSM Opportunity` o on o.name = l.parent
			join `tabSM Sales Stage` fs on fs.name = l.from_stage
			join `tabSM Sales Stage` ts on ts.name = l.to_stage
			where l.from_stage_entered_on >= %s and l.from_stage_entered_on < %s{scope}
		) stays
		group by salesperson, stage""",
		(start, until),
	)
	return entries, exits


def floor_stalled(today, names):
	scope = _in(names)
	stalled = f"""from `tabSM Sales Stage` s
		join `tabSM Opportunity` o on o.stage = s.name and o.status = 'Open'
		where s.stall_days > 0 and o.stage_changed_on < date_sub(%(today)s, interval s.stall_days day){scope}"""
	rows = frappe.db.sql(
		f"""select o.name, o.title, o.customer, o.customer_name, o.salesperson, sp.salesperson_name,
			o.stage, date(o.stage_changed_on), datediff(%(today)s, o.stage_changed_on), s.stall_days,
			datediff(%(today)s, o.stage_changed_on) - s.stall_days, o.base_amount, o.expected_close_date,
			o.next_step
		{stalled.replace("where", "left join `tabSM Salesperson` sp on sp.name = o.salesperson where", 1)}
		order by datediff(%(today)s, o.stage_changed_on) - s.stall_days desc, o.name""",
		{"today": today},
	)
	by_stage = frappe.db.sql(
		f"""select s.name, s.stage_name, count(*), sum(o.base_amount),
			max(datediff(%(today)s, o.stage_changed_on) - s.stall_days)
		{stalled}
		group by s.name, s.stage_name, s.sequence order by s.sequence, s.name""",
		{"today": today},
	)
	return rows, by_stage


FLOORS = {
	"Sales Forecast": floor_forecast,
	"Stage Conversion": floor_conversion,
	"Stalled Opportunities": floor_stalled,
}


def operations(today, manager: str, subtree: list[str]) -> list[Operation]:
	ops = []
	filters = report_filters(today)
	for report in REPORTS:
		floor = FLOORS[report]
		for user, names in (("Administrator", None), (manager, subtree)):
			floor_name = f"{report}: SQL floor"
			ops.append(Operation(floor_name, user, lambda f=floor, n=names: f(today, n)))
			ops.append(
				Operation(
					f"{report}: report",
					user,
					lambda r=report, f=filters[report]: execute_report(r, f),
					floor=f"{floor_name}/{user}",
				)
			)
			ops.append(
				Operation(
					f"{report}: desk run",
					user,
					lambda r=report, f=filters[report]: run_report(r, f),
					floor=f"{floor_name}/{user}",
				)
			)
	return ops


def describe(today, manager: str, subtree: list[str]) -> dict:
	start, end = period_bounds("Quarter", today)
	return {
		"opportunities": frappe.db.count("SM Opportunity"),
		"stage_log_rows": frappe.db.count("SM Opportunity Stage Log"),
		"open": frappe.db.count("SM Opportunity", {"status": "Open"}),
		"open_in_quarter": frappe.db.count(
			"SM Opportunity", {"status": "Open", "expected_close_date": ("between", (start, end))}
		),
		"manager": manager,
		"manager_subtree_salespeople": len(subtree),
		"manager_opportunities": frappe.db.count("SM Opportunity", {"salesperson": ("in", subtree)}),
		"stalled": len(floor_stalled(today, None)[0]),
		"today": str(today),
		**server_info(),
	}


def explain(today, subtree) -> dict:
	"""MariaDB's plans for the floors (the reports run the same statements plus permission terms)."""
	plans = {}
	for label, names in (("Administrator", None), ("manager", subtree)):
		start, end = period_bounds("Quarter", today)
		plans[f"forecast open / {label}"] = frappe.db.sql(
			f"""explain select o.salesperson, o.stage, count(*) from `tabSM Opportunity` o
			where o.status = 'Open' and o.expected_close_date between %s and %s{_in(names)}
			group by o.salesperson, o.stage""",
			(start, end),
			as_dict=True,
		)
		plans[f"conversion entries / {label}"] = frappe.db.sql(
			f"""explain select o.salesperson, l.to_stage, count(*)
			from `tabSM Opportunity Stage Log` l join `tabSM Opportunity` o on o.name = l.parent
			where l.changed_on >= %s{_in(names)}
			group by o.salesperson, l.to_stage""",
			(add_months(today, -3),),
			as_dict=True,
		)
	return plans


def main() -> None:
	def add_manager(parser):
		parser.add_argument(
			"--manager", default="manager@demo.sales", help="a Sales Manager (regional manager)"
		)

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=20, warmup=3, add_arguments=add_manager), run)


def run(args) -> None:
	from sales_mgmt.people.hierarchy import get_salesperson, get_subtree

	frappe.set_user("Administrator")
	today = getdate()
	subtree = get_subtree(get_salesperson(args.manager))
	site = describe(today, args.manager, subtree)
	ops = operations(today, args.manager, subtree)
	measure(ops, args.warmup, args.repeat)
	rows = result_rows(ops)
	plans = explain(today, subtree)
	print_report(site, rows, plans, args)
	path = write_results(
		"deals-", args, data=site, results=rows, target_ratio_max=TARGET_RATIO, explain=plans
	)
	print(f"results written to {path}")


def print_report(site: dict, rows: list[dict], plans: dict, args) -> None:
	print(
		f"{site['opportunities']:,} opportunities, {site['stage_log_rows']:,} stage log rows, "
		f"{site['open']:,} open ({site['open_in_quarter']:,} expected this quarter), "
		f"{site['stalled']:,} stalled on {site['today']}; {site['manager']} sees "
		f"{site['manager_opportunities']:,} opportunities of {site['manager_subtree_salespeople']} salespeople"
	)
	print(server_line(site, args))
	print_user_rows(rows, widths=(34, 20, 10, 8, 9, 6))
	# the target holds the report itself; the desk run's extra is Frappe's and is shown for reference
	missed = [
		r
		for r in rows
		if r["operation"].endswith(": report") and r["ratio"] is not None and r["ratio"] > TARGET_RATIO
	]
	print(
		f"\nreport / floor ≤ {TARGET_RATIO}×: "
		+ (
			"met by every report"
			if not missed
			else "NOT met by " + ", ".join(f"{r['operation']} ({r['user']})" for r in missed)
		)
	)
	print("\nEXPLAIN of the floor queries:")
	for label, plan in plans.items():
		for step in plan:
			print(
				f"  {label:<34} table={step.get('table')} type={step.get('type')} key={step.get('key')} "
				f"rows={step.get('rows')} extra={step.get('Extra')}"
			)


if __name__ == "__main__":
	main()
