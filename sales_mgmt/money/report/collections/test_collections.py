# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Collections on the data set of sales_mgmt/tests/money_scenario.py (read its table).

Submitted payments, base currency at each payment's rate:
	02-10 PAY2 East Rep 2  100 USD x 7.2 = 720, all allocated
	02-25 PAY1 East Rep 1  600: 500 allocated, 100 unallocated
	03-05 PAY3 West Rep 1  700, all allocated
	03-20 PAY4 West Rep 1  400, unallocated (an advance)
PAY5 (03-10, East Rep 1, 50) was cancelled."""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.money_scenario import ScenarioTestCase

REPORT = "Collections"
Q1 = {"from_date": "2026-01-01", "to_date": "2026-03-31"}


class TestCollections(ScenarioTestCase):
	def run_report(self, **filters):
		result = run_report(REPORT, filters={**Q1, **filters}, ignore_prepared_report=True)
		return result, [row for row in result["result"] if isinstance(row, dict)]

	def figures(self, rows) -> list[tuple]:
		return [
			(
				row["period"],
				row["salesperson"],
				row["payment_count"],
				row["received_amount"],
				row["allocated_amount"],
				row["unallocated_amount"],
			)
			for row in rows
		]

	def test_per_month(self):
		sp = self.team.salespeople
		result, rows = self.run_report(period="Month")
		self.assertEqual(
			self.figures(rows),
			[
				("2026-02", sp["east2"], 1, 720, 720, 0),
				("2026-02", sp["east1"], 1, 600, 500, 100),
				("2026-03", sp["west1"], 2, 1100, 700, 400),
			],
		)
		self.assertEqual(str(rows[0]["period_start"]), "2026-02-01")
		self.assertEqual(rows[0]["salesperson_name"], "East Rep 2")
		self.assertEqual(
			{entry["label"]: entry["value"] for entry in result["report_summary"]},
			{"Received": 2420, "Allocated to Orders": 1920, "Unallocated (Advance)": 500, "Payments": 4},
		)
		# every month of the range, January without collections too
		chart = result["chart"]["data"]
		self.assertEqual(chart["labels"], ["2026-01", "2026-02", "2026-03"])
		self.assertEqual(
			[(d["name"], d["values"]) for d in chart["datasets"]],
			[("Allocated to Orders", [0, 1220, 700]), ("Unallocated (Advance)", [0, 100, 400])],
		)
		self.assertNotIn("target", {c["fieldname"] for c in result["columns"]})

	def test_per_quarter(self):
		sp = self.team.salespeople
		result, rows = self.run_report(period="Quarter", to_date="2026-04-30")
		self.assertEqual(
			self.figures(rows),
			[
				("2026 Q1", sp["west1"], 2, 1100, 700, 400),
				("2026 Q1", sp["east2"], 1, 720, 720, 0),
				("2026 Q1", sp["east1"], 1, 600, 500, 100),
			],
		)
		chart = result["chart"]["data"]
		self.assertEqual(chart["labels"], ["2026 Q1", "2026 Q2"])
		self.assertEqual([d["values"] for d in chart["datasets"]], [[1920, 0], [500, 0]])

	def test_filters(self):
		s, sp = self.s, self.team.salespeople
		_result, rows = self.run_report(from_date="2026-03-01")
		self.assertEqual([row["salesperson"] for row in rows], [sp["west1"]])
		_result, rows = self.run_report(salesperson=sp["east"])
		self.assertEqual({row["salesperson"] for row in rows}, {sp["east1"], sp["east2"]})
		_result, rows = self.run_report(customer=s.c1)
		self.assertEqual(self.figures(rows), [("2026-02", sp["east1"], 1, 600, 500, 100)])

	def test_viewers_see_their_collections(self):
		sp = self.team.salespeople
		for user, salespeople in (
			("east1", {sp["east1"]}),
			("east", {sp["east1"], sp["east2"]}),
			("finance", {sp["east1"], sp["east2"], sp["west1"]}),
		):
			with self.subTest(user=user):
				frappe.set_user(self.team.users[user])
				_result, rows = self.run_report()
				self.assertEqual({row["salesperson"] for row in rows}, salespeople)
				frappe.set_user("Administrator")
		frappe.set_user(self.team.users["east1"])
		result, _rows = self.run_report()
		summary = {entry["label"]: entry["value"] for entry in result["report_summary"]}
		self.assertEqual(summary["Received"], 600)
		for user in ("service", "warehouse"):
			frappe.set_user(self.team.users[user])
			self.assertRaises(frappe.PermissionError, self.run_report)

	def test_bad_filters(self):
		for filters in (
			{"period": "Week"},
			{"from_date": "2026-04-01", "to_date": "2026-03-01"},
			{"to_date": "tomorrow"},
			{"customer": "CUST-NOBODY"},
			{"team": "East", "salesperson": "SP-NOBODY"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, **filters)
