"""Lost Customers on the People scenario (kpi_scenario.py): who is lost, who has had no contact, with
their last order and last contact, as each role."""

import datetime

import frappe
from frappe.desk.query_report import run

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.kpi_scenario import KPIScenarioTestCase

REPORT = "Lost Customers"
TWO_WEEKS = {"from_date": "2026-09-07", "to_date": "2026-09-20"}


class TestLostCustomers(KPIScenarioTestCase):
	def run_report(self, user: str, **filters) -> dict:
		self.as_user(user)
		return run(REPORT, filters=filters, ignore_prepared_report=True)

	def rows(self, result) -> dict:
		mine = set(self.s.customers.values())
		return {self.customer_key(r["customer"]): r for r in result["result"] if r["customer"] in mine}

	def test_the_lost_customer(self):
		# A3 bought on 08-26 (SOP1, 1,000) in the previous two weeks and nothing since; A1 bought on 08-31
		# and again on 09-08, so it is not lost; B1, W1 and A2 first bought in the two weeks
		result = self.run_report("director", **TWO_WEEKS)
		rows = self.rows(result)
		self.assertEqual(set(rows), {"A3"})
		a3 = rows["A3"]
		self.assertEqual(a3["salesperson"], self.team.salespeople["east1"])
		self.assertEqual(a3["salesperson_name"], "East Rep 1")
		self.assertEqual((a3["previous_orders"], a3["previous_amount"]), (1, 1000))
		self.assertEqual((a3["last_order_date"], a3["last_order_amount"]), (datetime.date(2026, 8, 26), 1000))
		# last contact: the Done call of 08-28 (a3 is only Planned, a6 Cancelled); 09-20 − 08-28 = 23 days
		self.assertEqual(a3["last_contact_date"], datetime.date(2026, 8, 28))
		self.assertEqual(a3["last_contact_type"], "Call")
		self.assertEqual(a3["days_without_contact"], 23)
		self.assertEqual(a3["reason"], "No order this period")
		summary = {item["label"]: item["value"] for item in result["report_summary"]}
		self.assertEqual(summary["Lost Customers"], 1)
		self.assertEqual(summary["Amount in Previous Period"], 1000)
		# whole months compare with the months before: September against August gives the same answer
		rows = self.rows(self.run_report("director", from_date="2026-09-01", to_date="2026-09-30"))
		self.assertEqual(set(rows), {"A3"})
		# August against July: nobody bought in July, so nobody is lost
		rows = self.rows(self.run_report("director", from_date="2026-08-01", to_date="2026-08-31"))
		self.assertEqual(rows, {})

	def test_the_kpi_counts_the_same_customers(self):
		from sales_mgmt.people.kpi import KPI

		figures = KPI("2026-09-07", "2026-09-20").by_salesperson()
		self.assertEqual(figures[self.team.salespeople["east1"]].lost_customers, 1)
		team = self.team.salespeople.values()
		self.assertEqual(sum(figures[name].lost_customers for name in team if name in figures), 1)

	def test_each_role_sees_the_customers_of_their_part_of_the_tree(self):
		for user, expected in (
			("east1", {"A3"}),
			("east", {"A3"}),
			("owner", {"A3"}),
			("east2", set()),
			("west", set()),
			("west1", set()),
		):
			with self.subTest(user=user):
				self.assertEqual(set(self.rows(self.run_report(user, **TWO_WEEKS))), expected)
		for user in ("finance", "service", "warehouse"):
			with self.subTest(user=user):
				self.assertRaises(frappe.PermissionError, self.run_report, user, **TWO_WEEKS)

	def test_customers_without_contact(self):
		# no Done activity after 09-13 (7 days up to 09-20): A3 (last 08-28 call) and B1 (last b3, Visit
		# 09-08, 12 days; b6 is only Planned). A1 (a8 09-14, a10 09-16), A2 (a9 09-15), B2 (b5 09-15)
		# and W1 (w2 09-16, w3 09-17) had one. Only Active customers count.
		result = self.run_report("director", include_inactive=1, inactive_days=7, **TWO_WEEKS)
		rows = self.rows(result)
		self.assertEqual(set(rows), {"A3", "B1"})
		self.assertEqual(rows["A3"]["reason"], "No order this period, No contact")
		b1 = rows["B1"]
		self.assertEqual(b1["reason"], "No contact")
		self.assertEqual(
			(b1["last_contact_date"], b1["last_contact_type"]), (datetime.date(2026, 9, 8), "Visit")
		)
		self.assertEqual(b1["days_without_contact"], 12)
		# B1's last order: SO3 09-08 3,000 (SO4 of 09-15 is cancelled); not lost, so no previous figures
		self.assertEqual((b1["last_order_date"], b1["last_order_amount"]), (datetime.date(2026, 9, 8), 3000))
		self.assertIsNone(b1.get("previous_orders"))
		summary = {item["label"]: item["value"] for item in result["report_summary"]}
		self.assertEqual((summary["Lost Customers"], summary["No Contact"]), (1, 2))
		# a Dormant customer is not expected to be contacted
		frappe.set_user("Administrator")
		frappe.db.set_value("SM Customer", self.s.customers["B1"], "status", "Dormant")
		self.assertEqual(
			set(self.rows(self.run_report("director", include_inactive=1, inactive_days=7, **TWO_WEEKS))),
			{"A3"},
		)
		# 4 days (after 09-16): W1 had w3 and w4 on 09-17; A1's last is a10 of 09-16, so A1 joins A2, A3, B1, B2
		frappe.set_user("Administrator")
		frappe.db.set_value("SM Customer", self.s.customers["B1"], "status", "Active")
		rows = self.rows(self.run_report("director", include_inactive=1, inactive_days=4, **TWO_WEEKS))
		self.assertEqual(set(rows), {"A1", "A2", "A3", "B1", "B2"})
		self.assertEqual(rows["A1"]["last_contact_type"], "Other")  # a10
		# east2's rep sees their own customers only
		rows = self.rows(self.run_report("east2", include_inactive=1, inactive_days=4, **TWO_WEEKS))
		self.assertEqual(set(rows), {"B1", "B2"})

	def test_days_default_to_the_settings(self):
		frappe.db.set_single_value("SM Settings", "inactive_customer_days", 7)
		frappe.clear_document_cache("SM Settings", "SM Settings")
		self.addCleanup(frappe.clear_document_cache, "SM Settings", "SM Settings")
		rows = self.rows(self.run_report("director", include_inactive=1, **TWO_WEEKS))
		self.assertEqual(set(rows), {"A3", "B1"})

	def test_bad_filters(self):
		for filters in (
			{"include_inactive": 1, "inactive_days": 0},
			{"include_inactive": 1, "inactive_days": -4},
			{"include_inactive": 1, "inactive_days": 2.5},
			{"from_date": "2026-09-20", "to_date": "2026-09-07"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, "director", **filters)
