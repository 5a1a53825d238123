"""A small pipeline with scripted stage histories at fixed dates, for the Deals report tests.

Every stage change is a real `doc.save()` under a frozen clock, so the stage log is written by the
controller exactly as in production. The reports' expected numbers are computed by hand from the
table below in each report's test.

Team (its own subtree, so the reports can be filtered to it):

	Pipeline Manager (Sales Manager)
	├── Alice (A)
	├── Bob (B)
	└── Carol (C)

Stages (the installed defaults, values pinned here):
	Early Tracking ET 10% seq 10 stall 30 | Proposal PR 30% seq 20 stall 21 | Quotation QU 50% seq 30
	stall 14 | Bidding BI 70% seq 40 stall 14 | Won 100% seq 50 | Lost 0% seq 60

	opp  owner amount   history (2026, 10:00 each day)                 expected close  note
	O1   A     100000   ET 01-05, PR 01-15, QU 02-01, Won 02-20        03-31
	O2   A      50000   ET 01-10, PR 01-20, Lost 02-10                 03-31           Price too high
	O3   A      80000   PR 02-01, QU 02-10                             03-25
	O4   A      40000   ET 02-15                                       02-28           overdue by March
	O5   B     200000   ET 01-06, PR 01-26, ET 02-05, PR 02-15         03-31           moved back once
	O6   B      60000   QU 01-08, BI 01-22, Won 03-02                  03-31
	O7   B      30000   ET 01-12, Lost 01-30                           03-31           No budget
	O8   B      90000   BI 02-20, probability set to 80 on 02-21       03-15           override
	O9   C     120000   ET 01-03, PR 01-08, QU 01-13                   03-20
	O10  C      70000   PR 01-18, Lost 02-25                           03-31           Lost to a competitor
	O11  C      25000   ET 02-25                                       04-20
	O12  C      45000   ET 01-20, PR 02-01, QU 02-10, BI 02-25, Won 03-05  03-31
	O13  B      35000   PR 01-10, Lost 01-25                           03-31           No budget
	O14  B      55000   PR 02-03, Lost 02-20                           03-31           Lost to a competitor
"""

import datetime

import frappe

from sales_mgmt.demo.clock import frozen

ET, PR, QU, BI, WON, LOST = "Early Tracking", "Proposal", "Quotation", "Bidding", "Won", "Lost"

STAGE_VALUES = {
	ET: (10, 10, 30, "Open"),
	PR: (30, 20, 21, "Open"),
	QU: (50, 30, 14, "Open"),
	BI: (70, 40, 14, "Open"),
	WON: (100, 50, 0, "Won"),
	LOST: (0, 60, 0, "Lost"),
}

REPS = {"A": "Pipeline Alice", "B": "Pipeline Bob", "C": "Pipeline Carol"}
MANAGER = "Pipeline Manager"

# key: (owner, amount, expected close, [(date, stage or probability override)], lost reason)
OPPORTUNITIES = {
	"O1": ("A", 100000, "03-31", [("01-05", ET), ("01-15", PR), ("02-01", QU), ("02-20", WON)], None),
	"O2": ("A", 50000, "03-31", [("01-10", ET), ("01-20", PR), ("02-10", LOST)], "Price too high"),
	"O3": ("A", 80000, "03-25", [("02-01", PR), ("02-10", QU)], None),
	"O4": ("A", 40000, "02-28", [("02-15", ET)], None),
	"O5": ("B", 200000, "03-31", [("01-06", ET), ("01-26", PR), ("02-05", ET), ("02-15", PR)], None),
	"O6": ("B", 60000, "03-31", [("01-08", QU), ("01-22", BI), ("03-02", WON)], None),
	"O7": ("B", 30000, "03-31", [("01-12", ET), ("01-30", LOST)], "No budget"),
	"O8": ("B", 90000, "03-15", [("02-20", BI), ("02-21", 80)], None),
	"O9": ("C", 120000, "03-20", [("01-03", ET), ("01-08", PR), ("01-13", QU)], None),
	"O10": ("C", 70000, "03-31", [("01-18", PR), ("02-25", LOST)], "Lost to a competitor"),
	"O11": ("C", 25000, "04-20", [("02-25", ET)], None),
	"O12": (
		"C",
		45000,
		"03-31",
		[("01-20", ET), ("02-01", PR), ("02-10", QU), ("02-25", BI), ("03-05", WON)],
		None,
	),
	"O13": ("B", 35000, "03-31", [("01-10", PR), ("01-25", LOST)], "No budget"),
	"O14": ("B", 55000, "03-31", [("02-03", PR), ("02-20", LOST)], "Lost to a competitor"),
}

YEAR = 2026


def day(month_day: str, hour: int = 10) -> datetime.datetime:
	month, dom = (int(x) for x in month_day.split("-"))
	return datetime.datetime(YEAR, month, dom, hour)


def pin_stages() -> None:
	for stage, (probability, sequence, stall_days, stage_type) in STAGE_VALUES.items():
		frappe.db.set_value(
			"SM Sales Stage",
			stage,
			{
				"probability": probability,
				"sequence": sequence,
				"stall_days": stall_days,
				"stage_type": stage_type,
				"enabled": 1,
			},
		)
	from sales_mgmt.deals.stages import clear_stage_cache

	clear_stage_cache()


def ensure_lost_reasons() -> None:
	for reason in {o[4] for o in OPPORTUNITIES.values() if o[4]}:
		if not frappe.db.exists("SM Lost Reason", reason):
			frappe.get_doc({"doctype": "SM Lost Reason", "reason": reason}).insert(ignore_permissions=True)


def _salesperson(name: str, parent: str | None) -> str:
	existing = frappe.db.get_value("SM Salesperson", {"salesperson_name": name})
	if existing:
		return existing
	return (
		frappe.get_doc(
			{
				"doctype": "SM Salesperson",
				"salesperson_name": name,
				"parent_sm_salesperson": parent,
				"team": "Pipeline",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def build_pipeline() -> frappe._dict:
	"""Create the team and the 14 opportunities; returns names by key (not committed)."""
	pin_stages()
	ensure_lost_reasons()
	result = frappe._dict(salespeople={}, customers={}, opportunities={})
	result.manager = _salesperson(MANAGER, None)
	for key, name in REPS.items():
		result.salespeople[key] = _salesperson(name, result.manager)
		customer_name = f"Pipeline Customer {key}"
		result.customers[key] = frappe.db.get_value("SM Customer", {"customer_name": customer_name}) or (
			frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": customer_name,
					"salesperson": result.salespeople[key],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	for key, (owner, amount, close, steps, lost_reason) in OPPORTUNITIES.items():
		first_day, first_stage = steps[0]
		with frozen(day(first_day)):
			doc = frappe.get_doc(
				{
					"doctype": "SM Opportunity",
					"title": f"Pipeline {key}",
					"customer": result.customers[owner],
					"salesperson": result.salespeople[owner],
					"stage": first_stage,
					"amount": amount,
					"expected_close_date": day(close).date(),
				}
			).insert(ignore_permissions=True)
		for when, change in steps[1:]:
			with frozen(day(when)):
				doc.reload()
				if isinstance(change, str):
					doc.stage = change
					if change == LOST:
						doc.lost_reason = lost_reason
				else:
					doc.probability = change
				doc.save(ignore_permissions=True)
		result.opportunities[key] = doc.name
	return result
