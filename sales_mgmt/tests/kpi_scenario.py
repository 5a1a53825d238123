"""The People scenario (people_scenario.py) with what the KPI tests add on top of it, in the class's
transaction (rolled back):

- the team's other records out of the way: orders, payments and activities of east, west and
  director; orders and payments of the team's other customers; those customers Dormant (the
  scenario's six customers Active), so only the scenario's records enter the figures;
- a Done Call to A3 (the lost customer) by east1 on 2026-08-28: A3's last contact;
- targets (fiscal year = calendar year):
	east1 Salesperson  Month   2026-09  contract 4,000  collection 2,000  gross profit 1,000
	                                    new customers 2  visits 4
	east1 Salesperson  Year    2026     contract 40,000 (never used where months exist)
	east  Team         Month   2026-09  contract 10,000 collection 5,000  gross profit 2,000
	                                    new customers 3  visits 10
	east2 Salesperson  Quarter 2026-Q3  contract 6,000  visits 9

Hand-computed figures over the scenario's two weeks (2026-09-07 .. 2026-09-20; previous comparable
period 2026-08-24 .. 2026-09-06; 10 working days), and over September (previous: August; 22
working days) — the same figures, as nothing else happens in September:

	         contract  gross profit        orders  signed  collected  visits (successful)
	east1    SO1 2,000 + SO2 1,200 = 3,200   800 + 480 = 1,280   2  A1, A2 = 2  800 + 200 = 1,000  a1 S, a4 S, a9 U: 3 (2)
	east2    SO3 3,000 (SO4 cancelled)      1,200              1  B1 = 1      3,000            b1 S, b3 S, b4 F: 3 (2)
	west1    SO5 1,500                      600                1  W1 = 1      500              w2 S: 1 (1)
	(gross profit = base total − qty × cost 60: SO1 2,000 − 1,200; SO2 1,200 − 720; SO3 3,000 − 1,800;
	SO5 1,500 − 900)

	new customers (first submitted order ever in the period): east1 A2 (A1 bought 08-31, A3 08-26);
	east2 B1; west1 W1. Lost (an order 08-24 .. 09-06, none in the period): east1 A3 (A1 bought again).
"""

import frappe

from sales_mgmt.tests.people_scenario import CUSTOMERS, PeopleScenarioTestCase

TARGET = "SM Sales Target"


class KPIScenarioTestCase(PeopleScenarioTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s, team = cls.s, cls.team
		frappe.db.set_single_value("SM Settings", "fiscal_year_start_month", "1")
		frappe.clear_document_cache("SM Settings", "SM Settings")
		others = [team.salespeople[key] for key in ("east", "west", "director")]
		for doctype in ("SM Activity", "SM Sales Order", "SM Payment"):
			frappe.db.delete(doctype, {"salesperson": ("in", others)})
		team_people = list(team.salespeople.values())
		mine = list(s.customers.values())
		other_customers = frappe.get_all(
			"SM Customer",
			filters={"salesperson": ("in", team_people), "name": ("not in", mine)},
			pluck="name",
		)
		if other_customers:
			for doctype in ("SM Sales Order", "SM Payment", "SM Activity"):
				frappe.db.delete(doctype, {"customer": ("in", other_customers)})
			frappe.db.set_value("SM Customer", {"name": ("in", other_customers)}, "status", "Dormant")
		frappe.db.set_value("SM Customer", {"name": ("in", mine)}, "status", "Active")
		cls.a3_call = (
			frappe.get_doc(
				{
					"doctype": "SM Activity",
					"activity_type": "Call",
					"subject": "A3 last call",
					"customer": s.customers["A3"],
					"salesperson": team.salespeople["east1"],
					"starts_on": "2026-08-28 15:00:00",
					"status": "Done",
					"outcome": "Unsuccessful",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		cls.targets = {}
		for key, holder, scope, period_type, start, values in (
			(
				"east1",
				"east1",
				"Salesperson",
				"Month",
				"2026-09-01",
				dict(
					contract_amount=4000, collection_amount=2000, gross_profit=1000, new_customers=2, visits=4
				),
			),
			("east1_year", "east1", "Salesperson", "Year", "2026-01-01", dict(contract_amount=40000)),
			(
				"east_team",
				"east",
				"Team",
				"Month",
				"2026-09-01",
				dict(
					contract_amount=10000,
					collection_amount=5000,
					gross_profit=2000,
					new_customers=3,
					visits=10,
				),
			),
			(
				"east2_quarter",
				"east2",
				"Salesperson",
				"Quarter",
				"2026-07-01",
				dict(contract_amount=6000, visits=9),
			),
		):
			doc = frappe.get_doc(
				{
					"doctype": TARGET,
					"salesperson": team.salespeople[holder],
					"scope": scope,
					"period_type": period_type,
					"period_start": start,
					**values,
				}
			).insert(ignore_permissions=True)
			cls.targets[key] = doc.name

	@classmethod
	def tearDownClass(cls):
		super().tearDownClass()
		frappe.clear_document_cache("SM Settings", "SM Settings")

	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		frappe.db.savepoint("kpi_test")

	def tearDown(self):
		frappe.db.rollback(save_point="kpi_test")
		super().tearDown()

	def as_user(self, key: str) -> None:
		frappe.set_user(self.team.users[key])

	def customer_key(self, name: str) -> str:
		return next(key for key in CUSTOMERS if self.s.customers[key] == name)
