"""The fixed two-week People scenario shared by the daily report and KPI tests (built inside a test's
transaction, rolled back).

Weeks: W1 = Mon 2026-09-07 .. Sun 2026-09-13, W2 = Mon 2026-09-14 .. Sun 2026-09-20; the previous
two weeks (2026-08-24 .. 2026-09-06) only hold orders. Salespeople east1, east2 and west1 of the test
sales team (`SalesTeamTestCase`). Customers are new ones (unique names): A1, A2, A3 of east1; B1,
B2 of east2; W1 of west1. One product P (standard price 100, cost 60); currency CNY throughout.

Activities (starts_on; S = Successful, U = Unsuccessful, F = Follow-up Needed):

	key  salesperson day    time   type     customer       status     outcome
	a1   east1  09-07 Mon  09:00  Visit    A1             Done       S
	a2   east1  09-07 Mon  14:00  Call     A2             Done       F
	a3   east1  09-07 Mon  16:00  Visit    A3             Planned    (never done: overdue)
	a4   east1  09-08 Tue  10:00  Visit    A1             Done       S
	a5   east1  09-08 Tue  15:00  Meeting  A2             Done       U
	a6   east1  09-09 Wed  10:00  Call     A3             Cancelled
	a7   east1  09-10 Thu  11:00  Demo     A2             Done       S
	a8   east1  09-14 Mon  10:00  Email    A1             Done       S
	a9   east1  09-15 Tue  10:00  Visit    A2             Done       U
	a10  east1  09-16 Wed  10:00  Other    A1             Done       F
	b1   east2  09-07 Mon  10:00  Visit    B1             Done       S
	b2   east2  09-07 Mon  11:00  Call     B2             Done       U
	b3   east2  09-08 Tue  10:00  Visit    B1             Done       S
	b4   east2  09-09 Wed  10:00  Visit    B2             Done       F
	b5   east2  09-15 Tue  10:00  Call     B2             Done       U
	b6   east2  09-16 Wed  10:00  Visit    B1             Planned    (never done: overdue)
	w1   west1  09-08 Tue  10:00  Visit    W1             Planned    (never done: overdue)
	w2   west1  09-16 Wed  10:00  Visit    W1             Done       S
	w3   west1  09-17 Thu  10:00  Call     W1             Done       F
	w4   west1  09-17 Thu  14:00  Call     (lead L3)      Done       S

Leads (created at 10:00): L1 east1 09-08, L2 east1 09-14, L3 west1 09-08.

Opportunities (created and moved at 10:00; the creation row of the stage log is no move):
	O1 east1 A2 50,000: created 09-08 Early Tracking, Proposal 09-09, Won 09-10
	O2 east2 B2 30,000: created 09-09 Early Tracking, Lost 09-15 (No budget)
	O3 west1 W1 20,000: created 09-16 Proposal, Quotation 09-17

Sales orders (submitted unless said; P at 100):
	SOP1 A3 2026-08-26 10 = 1,000 (previous weeks only: A3 is the lost customer)
	SOP2 A1 2026-08-31  5 =   500 (previous weeks; A1 buys again in W1)
	SO1  A1 09-08 20 = 2,000     SO2 A2 09-10 12 = 1,200     SO3 B1 09-08 30 = 3,000
	SO4  B1 09-15 10 = 1,000 cancelled                        SO5 W1 09-16 15 = 1,500

Payments (submitted): PAY1 A1 09-08 800 (SO1); PAY4 A1 09-15 200 (SO1); PAY2 B1 09-11 3,000 (SO3);
PAY3 W1 09-17 500 (SO5).

ToDos (Frappe tasks, allocated to the salesperson's user; `date` is the due date):
	T1 east1 due 09-08, closed 09-08 17:00     T2 east1 due 09-09, open
	T5 east1 due 09-07, cancelled              T3 east2 due 09-15, closed 09-16 11:00
	T4 west1 due 09-18, open

Expenses (expense_date): E1 east1 09-08 300 submitted; E2 east1 09-08 120 draft; E3 east2 09-15 450
submitted; E4 west1 09-17 80 submitted.

Days with nothing recorded (no done activity, lead, opportunity, stage move, order, payment,
expense or closed task): east2 on 09-10, west1 on 09-07 (east1 on 09-09 only moved a stage).
"""

import datetime

import frappe

from sales_mgmt.demo.clock import moving
from sales_mgmt.tests.expense_data import make_expense, make_expense_category
from sales_mgmt.tests.goods_data import unique
from sales_mgmt.tests.money_data import (
	fresh_warehouse,
	make_customer,
	make_order,
	make_payment,
	stocked_product,
)
from sales_mgmt.tests.pipeline import ensure_lost_reasons, pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase, ensure_sales_team

WEEK1 = (datetime.date(2026, 9, 7), datetime.date(2026, 9, 13))
WEEK2 = (datetime.date(2026, 9, 14), datetime.date(2026, 9, 20))
PREVIOUS = (datetime.date(2026, 8, 24), datetime.date(2026, 9, 6))
SALESPEOPLE = ("east1", "east2", "west1")
CUSTOMERS = {"A1": "east1", "A2": "east1", "A3": "east1", "B1": "east2", "B2": "east2", "W1": "west1"}

# key: (salesperson, "MM-DD HH:MM", type, customer key or None, status, outcome, lead key)
ACTIVITIES = {
	"a1": ("east1", "09-07 09:00", "Visit", "A1", "Done", "Successful", None),
	"a2": ("east1", "09-07 14:00", "Call", "A2", "Done", "Follow-up Needed", None),
	"a3": ("east1", "09-07 16:00", "Visit", "A3", "Planned", None, None),
	"a4": ("east1", "09-08 10:00", "Visit", "A1", "Done", "Successful", None),
	"a5": ("east1", "09-08 15:00", "Meeting", "A2", "Done", "Unsuccessful", None),
	"a6": ("east1", "09-09 10:00", "Call", "A3", "Cancelled", None, None),
	"a7": ("east1", "09-10 11:00", "Demo", "A2", "Done", "Successful", None),
	"a8": ("east1", "09-14 10:00", "Email", "A1", "Done", "Successful", None),
	"a9": ("east1", "09-15 10:00", "Visit", "A2", "Done", "Unsuccessful", None),
	"a10": ("east1", "09-16 10:00", "Other", "A1", "Done", "Follow-up Needed", None),
	"b1": ("east2", "09-07 10:00", "Visit", "B1", "Done", "Successful", None),
	"b2": ("east2", "09-07 11:00", "Call", "B2", "Done", "Unsuccessful", None),
	"b3": ("east2", "09-08 10:00", "Visit", "B1", "Done", "Successful", None),
	"b4": ("east2", "09-09 10:00", "Visit", "B2", "Done", "Follow-up Needed", None),
	"b5": ("east2", "09-15 10:00", "Call", "B2", "Done", "Unsuccessful", None),
	"b6": ("east2", "09-16 10:00", "Visit", "B1", "Planned", None, None),
	"w1": ("west1", "09-08 10:00", "Visit", "W1", "Planned", None, None),
	"w2": ("west1", "09-16 10:00", "Visit", "W1", "Done", "Successful", None),
	"w3": ("west1", "09-17 10:00", "Call", "W1", "Done", "Follow-up Needed", None),
	"w4": ("west1", "09-17 14:00", "Call", None, "Done", "Successful", "L3"),
}
LEADS = {"L1": ("east1", "09-08"), "L2": ("east1", "09-14"), "L3": ("west1", "09-08")}
# key: (salesperson, customer, amount, [(day, stage)], lost reason)
OPPORTUNITIES = {
	"O1": (
		"east1",
		"A2",
		50000,
		[("09-08", "Early Tracking"), ("09-09", "Proposal"), ("09-10", "Won")],
		None,
	),
	"O2": ("east2", "B2", 30000, [("09-09", "Early Tracking"), ("09-15", "Lost")], "No budget"),
	"O3": ("west1", "W1", 20000, [("09-16", "Proposal"), ("09-17", "Quotation")], None),
}
# key: (customer, order date, qty at 100, cancelled)
ORDERS = {
	"SOP1": ("A3", "2026-08-26", 10, False),
	"SOP2": ("A1", "2026-08-31", 5, False),
	"SO1": ("A1", "2026-09-08", 20, False),
	"SO2": ("A2", "2026-09-10", 12, False),
	"SO3": ("B1", "2026-09-08", 30, False),
	"SO4": ("B1", "2026-09-15", 10, True),
	"SO5": ("W1", "2026-09-16", 15, False),
}
# key: (customer, payment date, amount, order)
PAYMENTS = {
	"PAY1": ("A1", "2026-09-08", 800, "SO1"),
	"PAY4": ("A1", "2026-09-15", 200, "SO1"),
	"PAY2": ("B1", "2026-09-11", 3000, "SO3"),
	"PAY3": ("W1", "2026-09-17", 500, "SO5"),
}
# key: (salesperson, due date, status, closed at)
TODOS = {
	"T1": ("east1", "2026-09-08", "Closed", "2026-09-08 17:00"),
	"T2": ("east1", "2026-09-09", "Open", None),
	"T3": ("east2", "2026-09-15", "Closed", "2026-09-16 11:00"),
	"T4": ("west1", "2026-09-18", "Open", None),
	"T5": ("east1", "2026-09-07", "Cancelled", "2026-09-07 09:00"),
}
# key: (salesperson, expense date, amount, submitted)
EXPENSES = {
	"E1": ("east1", "2026-09-08", 300, True),
	"E2": ("east1", "2026-09-08", 120, False),
	"E3": ("east2", "2026-09-15", 450, True),
	"E4": ("west1", "2026-09-17", 80, True),
}

# The report figures, computed by hand from the tables above. A figure not listed is 0.
# Daily (salesperson, day):
#   east1 09-07: a1 Visit S, a2 Call F done; a3 still Planned; customers A1, A2
#   east1 09-08: a4 Visit S, a5 Meeting U; L1; O1 created; SO1 2000; PAY1 800; T1 closed; E1 300
#                (E2 is a draft); T2 is due 09-09, so nothing is overdue yet
#   east1 09-09: a6 cancelled (neither done nor overdue); O1 ET -> Proposal; T2 open and due
#   east1 09-10: a7 Demo S; O1 Proposal -> Won (50,000); SO2 1200; T2 overdue
#   east2 09-10: nothing at all
#   east2 09-15: b5 Call U; O2 -> Lost (30,000); SO4 cancelled (not counted); E3 450; T3 was due but
#                is Closed now, so not overdue
#   west1 09-17: w3 Call F, w4 Call S (lead, no customer: W1 is the only customer touched); O3
#                Proposal -> Quotation; PAY3 500; E4 80
DAILY = {
	("east1", "2026-09-07"): dict(
		activities_done=2, visits=1, calls=1, successful=1, follow_up_needed=1,
		activities_not_done=1, customers_touched=2,
	),
	("east1", "2026-09-08"): dict(
		activities_done=2, visits=1, meetings=1, successful=1, unsuccessful=1, customers_touched=2,
		new_leads=1, new_opportunities=1, orders_signed=1, contract_amount=2000, payments_received=1,
		collection_amount=800, tasks_completed=1, expenses_submitted=1, expense_amount=300,
	),
	("east1", "2026-09-09"): dict(stage_moves=1, tasks_overdue=1),
	("east1", "2026-09-10"): dict(
		activities_done=1, demos=1, successful=1, customers_touched=1, stage_moves=1, deals_won=1,
		won_amount=50000, orders_signed=1, contract_amount=1200, tasks_overdue=1,
	),
	("east2", "2026-09-10"): dict(),
	("east2", "2026-09-15"): dict(
		activities_done=1, calls=1, unsuccessful=1, customers_touched=1, stage_moves=1, deals_lost=1,
		lost_amount=30000, expenses_submitted=1, expense_amount=450,
	),
	("west1", "2026-09-07"): dict(),
	("west1", "2026-09-17"): dict(
		activities_done=2, calls=2, successful=1, follow_up_needed=1, customers_touched=1, stage_moves=1,
		payments_received=1, collection_amount=500, expenses_submitted=1, expense_amount=80,
	),
}  # fmt: skip

# Weekly (salesperson, Monday) and monthly (salesperson, first of the month): the same definitions
# over the whole period. Additive figures are the sums of the period's days; customers touched are
# distinct over the period (east1 W1: A1, A2 = 2, not 2+2+0+1); tasks overdue are the tasks open at
# generation and due by the period's last day (T2 for east1, T4 for west1).
#   east1 W1: a1 a2 a4 a5 a7 done (Visit 2, Call 1, Meeting 1, Demo 1; S 3, U 1, F 1), a3 overdue;
#             L1, O1, 2 moves, O1 won; SO1 + SO2 = 3200; PAY1 800; T1; E1 300
#   east1 W2: a8 Email S, a9 Visit U, a10 Other F; A1, A2; L2; PAY4 200
#   east2 W1: b1 b2 b3 b4 (Visit 3, Call 1; S 2, U 1, F 1); B1, B2; O2; SO3 3000; PAY2 3000
#   east2 W2: b5 Call U; b6 overdue; B2; O2 lost (1 move); SO4 cancelled; T3 closed 09-16; E3 450
#   west1 W1: w1 overdue; L3
#   west1 W2: w2 Visit S, w3 Call F, w4 Call S; W1; O3 created and moved once; SO5 1500; PAY3 500;
#             T4 overdue; E4 80
#   east1 September: W1 + W2, customers A1, A2 = 2
WEEKLY = {
	("east1", "2026-09-07"): dict(
		activities_done=5, visits=2, calls=1, meetings=1, demos=1, successful=3, unsuccessful=1,
		follow_up_needed=1, activities_not_done=1, customers_touched=2, new_leads=1,
		new_opportunities=1, stage_moves=2, deals_won=1, won_amount=50000, orders_signed=2,
		contract_amount=3200, payments_received=1, collection_amount=800, tasks_completed=1,
		tasks_overdue=1, expenses_submitted=1, expense_amount=300,
	),
	("east1", "2026-09-14"): dict(
		activities_done=3, visits=1, emails=1, other_activities=1, successful=1, unsuccessful=1,
		follow_up_needed=1, customers_touched=2, new_leads=1, payments_received=1, collection_amount=200,
		tasks_overdue=1,
	),
	("east2", "2026-09-07"): dict(
		activities_done=4, visits=3, calls=1, successful=2, unsuccessful=1, follow_up_needed=1,
		customers_touched=2, new_opportunities=1, orders_signed=1, contract_amount=3000,
		payments_received=1, collection_amount=3000,
	),
	("east2", "2026-09-14"): dict(
		activities_done=1, calls=1, unsuccessful=1, activities_not_done=1, customers_touched=1,
		stage_moves=1, deals_lost=1, lost_amount=30000, tasks_completed=1, expenses_submitted=1,
		expense_amount=450,
	),
	("west1", "2026-09-07"): dict(activities_not_done=1, new_leads=1),
	("west1", "2026-09-14"): dict(
		activities_done=3, visits=1, calls=2, successful=2, follow_up_needed=1, customers_touched=1,
		new_opportunities=1, stage_moves=1, orders_signed=1, contract_amount=1500, payments_received=1,
		collection_amount=500, tasks_overdue=1, expenses_submitted=1, expense_amount=80,
	),
}  # fmt: skip
MONTHLY = {
	("east1", "2026-09-01"): dict(
		activities_done=8, visits=3, calls=1, meetings=1, emails=1, demos=1, other_activities=1,
		successful=4, unsuccessful=2, follow_up_needed=2, activities_not_done=1, customers_touched=2,
		new_leads=2, new_opportunities=1, stage_moves=2, deals_won=1, won_amount=50000, orders_signed=2,
		contract_amount=3200, payments_received=2, collection_amount=1000, tasks_completed=1,
		tasks_overdue=1, expenses_submitted=1, expense_amount=300,
	),
}  # fmt: skip


def moment(month_day_time: str) -> datetime.datetime:
	"""'09-07 14:00' -> 2026-09-07 14:00."""
	return datetime.datetime.strptime(f"2026-{month_day_time}", "%Y-%m-%d %H:%M")


def build_people_scenario(team=None) -> frappe._dict:
	"""Build the data set above as Administrator; return its names: `salespeople`, `users`,
	`customers`, `activities`, `leads`, `opportunities`, `orders`, `payments`, `todos`, `expenses`
	(dicts by the keys above)."""
	team = team or ensure_sales_team()
	frappe.set_user("Administrator")
	pin_stages()
	ensure_lost_reasons()
	s = frappe._dict(
		team=team,
		salespeople={key: team.salespeople[key] for key in SALESPEOPLE},
		users={key: team.users[key] for key in SALESPEOPLE},
		customers={},
		activities={},
		leads={},
		opportunities={},
		orders={},
		payments={},
		todos={},
		expenses={},
	)
	s.warehouse = fresh_warehouse()
	s.product = stocked_product(s.warehouse, standard_price=100, cost_price=60)
	for key, owner in CUSTOMERS.items():
		s.customers[key] = make_customer(team.salespeople[owner])

	for key, (customer, day, qty, cancelled) in ORDERS.items():
		order = make_order(s.customers[customer], [(s.product, qty, 100)], order_date=day)
		if cancelled:
			order.cancel()
		s.orders[key] = order.name
	for key, (customer, day, amount, order) in PAYMENTS.items():
		s.payments[key] = make_payment(
			s.customers[customer], amount, [(s.orders[order], amount)], payment_date=day
		).name

	category = make_expense_category(unique("People"), expense_type="Management")
	for key, (owner, day, amount, submitted) in EXPENSES.items():
		s.expenses[key] = make_expense(
			category, amount, submit=submitted, expense_date=day, salesperson=team.salespeople[owner]
		).name

	with moving(moment("09-07 08:00")) as move_to:
		for key, (owner, day) in LEADS.items():
			move_to(moment(f"{day} 10:00"))
			lead = frappe.get_doc(
				{
					"doctype": "SM Lead",
					"lead_name": f"People Lead {key} {unique('L')}",
					"salesperson": team.salespeople[owner],
				}
			).insert(ignore_permissions=True)
			s.leads[key] = lead.name

		for key, (owner, customer, amount, steps, lost_reason) in OPPORTUNITIES.items():
			first_day, first_stage = steps[0]
			move_to(moment(f"{first_day} 10:00"))
			doc = frappe.get_doc(
				{
					"doctype": "SM Opportunity",
					"title": f"People {key}",
					"customer": s.customers[customer],
					"salesperson": team.salespeople[owner],
					"stage": first_stage,
					"amount": amount,
					"opportunity_date": f"2026-{first_day}",
					"expected_close_date": "2026-10-31",
				}
			).insert(ignore_permissions=True)
			for day, stage in steps[1:]:
				move_to(moment(f"{day} 10:00"))
				doc.reload()
				doc.stage = stage
				if stage == "Lost":
					doc.lost_reason = lost_reason
				doc.save(ignore_permissions=True)
			s.opportunities[key] = doc.name

		for key, (owner, due, status, closed_at) in TODOS.items():
			move_to(moment(f"{due[5:]} 08:00") - datetime.timedelta(days=3))
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": team.users[owner],
					"description": f"People task {key}",
					"date": due,
					"status": "Open",
				}
			).insert(ignore_permissions=True)
			if closed_at:
				move_to(datetime.datetime.strptime(closed_at, "%Y-%m-%d %H:%M"))
				todo.reload()
				todo.status = status
				todo.save(ignore_permissions=True)
			s.todos[key] = todo.name

	for key, (owner, when, activity_type, customer, status, outcome, lead) in ACTIVITIES.items():
		doc = frappe.get_doc(
			{
				"doctype": "SM Activity",
				"activity_type": activity_type,
				"subject": f"People {key}",
				"customer": s.customers[customer] if customer else None,
				"lead": s.leads[lead] if lead else None,
				"salesperson": team.salespeople[owner],
				"starts_on": moment(when),
				"status": status,
				"outcome": outcome,
				"summary": f"总结 {key}",
			}
		)
		doc.insert(ignore_permissions=True)
		s.activities[key] = doc.name
	return s


# the records of the scenario's salespeople the class removes (in its transaction) before building,
# so that the site's other data never enters the figures
OWNED = ("SM Activity", "SM Lead", "SM Opportunity", "SM Sales Order", "SM Payment", "SM Expense")


class PeopleScenarioTestCase(SalesTeamTestCase):
	"""The scenario above as `s`, alone for its three salespeople: their other records (and the ToDos
	of their users) are deleted in the class's transaction; the class rolls it all back at the end and
	refuses a commit meanwhile."""

	guarding = False

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.guarding = True
		frappe.db.before_commit.add(cls.refuse_commit)
		salespeople = [cls.team.salespeople[key] for key in SALESPEOPLE]
		for doctype in OWNED:
			frappe.db.delete(doctype, {"salesperson": ("in", salespeople)})
		frappe.db.delete("ToDo", {"allocated_to": ("in", [cls.team.users[key] for key in SALESPEOPLE])})
		cls.s = build_people_scenario(cls.team)

	@classmethod
	def refuse_commit(cls):
		if cls.guarding:
			raise RuntimeError(f"{cls.__name__}: a commit would make the scenario's deletions last")

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		cls.guarding = False
		super().tearDownClass()
