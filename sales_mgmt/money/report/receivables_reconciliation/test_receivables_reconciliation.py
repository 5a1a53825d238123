# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Receivables Reconciliation on the data set of sales_mgmt/tests/money_scenario.py (read its table)."""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.money_scenario import ScenarioTestCase

REPORT = "Receivables Reconciliation"
FIELDS = (
	"order_count",
	"order_amount",
	"delivered_amount",
	"invoiced_amount",
	"received_amount",
	"sales_outstanding",
	"finance_outstanding",
	"difference",
	"delivered_not_invoiced",
	"invoiced_not_delivered",
)


class TestReceivablesReconciliation(ScenarioTestCase):
	def run_report(self, **filters):
		result = run_report(REPORT, filters=filters, ignore_prepared_report=True)
		return result, [row for row in result["result"] if isinstance(row, dict)]

	def figures(self, row) -> tuple:
		return tuple(row[field] for field in FIELDS)

	def test_per_customer(self):
		s = self.s
		result, rows = self.run_report()
		# open receivables only: C1 SO1 + SO2; C2 SO3 (SO4 cancelled: none); C3 SO7 (SO5 written off,
		# SO6 settled). SO1: dni 0 / ind 200 and SO2: dni 600 / ind 0 give C1 both parts.
		self.assertEqual(
			{row["customer"]: self.figures(row) for row in rows},
			{
				s.c1: (2, 2000, 1600, 1200, 500, 1100, 700, 400, 600, 200),
				s.c2: (1, 1400, 1400, 1050, 700, 700, 350, 350, 350, 0),
				s.c3: (1, 500, 300, 0, 0, 300, 0, 300, 300, 0),
			},
		)
		# largest sales view outstanding first; the customer's current salesperson
		self.assertEqual([row["customer"] for row in rows], [s.c1, s.c2, s.c3])
		self.assertEqual(rows[0]["salesperson"], self.team.salespeople["east1"])
		self.assertEqual(rows[0]["salesperson_name"], "East Rep 1")
		self.assertTrue(rows[0]["customer_name"].startswith("Money Customer"))

		summary = {entry["label"]: entry["value"] for entry in result["report_summary"]}
		self.assertEqual(
			summary,
			{
				"Sales View Outstanding": 2100,
				"Finance View Outstanding": 1050,
				"Difference": 1050,
				"Delivered Not Invoiced": 1250,
				"Invoiced Not Delivered": 200,
				"Orders": 4,
			},
		)
		self.assertEqual(result["chart"]["data"]["datasets"][0]["values"], [2100, 1050, 1250, 200])

	def test_sales_minus_finance_is_dni_minus_ind(self):
		for filters in ({}, {"include_settled": 1}, {"group_by": "Sales Order", "include_settled": 1}):
			_result, rows = self.run_report(**filters)
			for row in rows:
				with self.subTest(filters=filters, row=row.get("sales_order") or row["customer"]):
					difference = row["sales_outstanding"] - row["finance_outstanding"]
					self.assertAlmostEqual(difference, row["difference"])
					self.assertAlmostEqual(
						difference, row["delivered_not_invoiced"] - row["invoiced_not_delivered"]
					)

	def test_include_settled(self):
		s = self.s
		result, rows = self.run_report(include_settled=1)
		rows = {row["customer"]: self.figures(row) for row in rows}
		# C3 adds SO5 (written off: 2000 delivered and invoiced, 500 received, nothing outstanding)
		# and SO6 (settled: 200 all along)
		self.assertEqual(rows[s.c3], (3, 2700, 2500, 2200, 700, 300, 0, 300, 300, 0))
		self.assertEqual(rows[s.c1], (2, 2000, 1600, 1200, 500, 1100, 700, 400, 600, 200))
		summary = {entry["label"]: entry["value"] for entry in result["report_summary"]}
		self.assertEqual((summary["Orders"], summary["Sales View Outstanding"]), (6, 2100))

	def test_per_order_drills_into_a_customer(self):
		s = self.s
		result, rows = self.run_report(group_by="Sales Order", customer=s.c1)
		self.assertIn("sales_order", {column["fieldname"] for column in result["columns"]})
		self.assertEqual(
			[(row["sales_order"], row["status"], str(row["due_date"]), *self.figures(row)) for row in rows],
			[
				(s.so1.name, "Open", "2026-01-20", 1, 1000, 600, 800, 300, 300, 500, -200, 0, 200),
				(s.so2.name, "Open", "2026-02-20", 1, 1000, 1000, 400, 200, 800, 200, 600, 600, 0),
			],
		)
		_result, rows = self.run_report(group_by="Sales Order", customer=s.c3, include_settled=1)
		self.assertEqual(
			{row["sales_order"]: row["status"] for row in rows},
			{s.so5.name: "Written Off", s.so6.name: "Settled", s.so7.name: "Open"},
		)

	def test_salesperson_stands_for_the_team(self):
		s = self.s
		_result, rows = self.run_report(salesperson=self.team.salespeople["east"])
		self.assertEqual({row["customer"] for row in rows}, {s.c1, s.c2})
		_result, rows = self.run_report(salesperson=self.team.salespeople["east2"])
		self.assertEqual({row["customer"] for row in rows}, {s.c2})
		_result, rows = self.run_report(team="West")
		self.assertEqual({row["customer"] for row in rows}, {s.c3})

	def test_viewers_see_their_receivables(self):
		s = self.s
		for user, customers in (
			("east1", {s.c1}),
			("east", {s.c1, s.c2}),
			("west", {s.c3}),
			("finance", {s.c1, s.c2, s.c3}),
			("owner", {s.c1, s.c2, s.c3}),
		):
			with self.subTest(user=user):
				frappe.set_user(self.team.users[user])
				for group_by in ("Customer", "Sales Order"):
					_result, rows = self.run_report(group_by=group_by)
					self.assertEqual({row["customer"] for row in rows}, customers)
				frappe.set_user("Administrator")
		frappe.set_user(self.team.users["east1"])
		result, rows = self.run_report(group_by="Sales Order", include_settled=1)
		self.assertEqual({row["sales_order"] for row in rows}, {s.so1.name, s.so2.name})
		summary = {entry["label"]: entry["value"] for entry in result["report_summary"]}
		self.assertEqual(summary["Sales View Outstanding"], 1100)
		for user in ("service", "warehouse"):
			frappe.set_user(self.team.users[user])
			self.assertRaises(frappe.PermissionError, self.run_report)

	def test_bad_filters(self):
		for filters in (
			{"group_by": "Region"},
			{"customer": "CUST-NOBODY"},
			{"salesperson": "SP-NOBODY"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, **filters)
