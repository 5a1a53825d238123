# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Complaint Analysis over the fixed history of sales_mgmt/tests/complaint_history.py (hours by hand
there), run as the desk runs it."""

import frappe
from frappe.desk.query_report import run

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.complaint_history import ComplaintHistoryCase

RANGE = {"from_date": "2026-03-01", "to_date": "2026-04-30"}
COLUMNS = (
	"group_label",
	"complaints",
	"unresolved",
	"median_first_response_hours",
	"median_resolution_hours",
	"breached",
	"sla_breach_rate",
	"answered",
	"average_satisfaction",
	"reopened",
	"reopen_rate",
)


class TestComplaintAnalysis(ComplaintHistoryCase):
	def report(self, user="service", **filters):
		frappe.set_user(self.team.users[user])
		result = run("Complaint Analysis", filters={**RANGE, **filters}, ignore_prepared_report=True)
		frappe.set_user("Administrator")
		rows = [tuple(row.get(c) for c in COLUMNS) for row in result["result"]]
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		return rows, summary

	def test_by_category(self):
		rows, summary = self.report(group_by="Category")
		self.assertEqual(
			rows,
			[
				# C and D: first response 2 h (C only), resolution 4 h, C breached: 1 of 2
				("Logistics", 2, 1, 2.0, 4.0, 1, 50.0, 0, None, 0, 0.0),
				# A and B: median(1, 3) = 2 h, median(6, 60) = 33 h; (4 + 2) / 2 = 3 stars; B reopened
				("Product Quality", 2, 0, 2.0, 33.0, 0, 0.0, 2, 3.0, 1, 50.0),
				# E: responded in 0.5 h, unresolved
				("(Not Set)", 1, 1, 0.5, None, 0, 0.0, 0, None, 0, 0.0),
			],
		)
		# all five: median(1, 3, 2, 0.5) = 1.5 h, median(6, 60, 4) = 6 h, 1 of 5 breached, 1 of 5 reopened
		self.assertEqual(
			summary,
			{
				"Complaints": 5,
				"Median First Response (Hours)": 1.5,
				"Median Resolution (Hours)": 6.0,
				"SLA Breach Rate %": 20.0,
				"Average Satisfaction": 3.0,
				"Reopen Rate %": 20.0,
			},
		)

	def test_by_month_and_quarter(self):
		rows, _summary = self.report(group_by="Period", period_type="Month")
		self.assertEqual(
			rows,
			[
				# A, B, C, E: median(1, 3, 2, 0.5) = 1.5, median(6, 60, 4) = 6; C breached (1 of 4)
				("2026-03", 4, 1, 1.5, 6.0, 1, 25.0, 2, 3.0, 1, 25.0),
				("2026-04", 1, 1, None, None, 0, 0.0, 0, None, 0, 0.0),
			],
		)
		rows, _summary = self.report(
			group_by="Period", period_type="Quarter", from_date="2026-01-01", to_date="2026-06-30"
		)
		self.assertEqual([r[:3] for r in rows], [("2026 Q1", 4, 1), ("2026 Q2", 1, 1)])

	def test_by_product_and_customer(self):
		rows, _summary = self.report(group_by="Product")
		self.assertEqual([r[:3] for r in rows], [("(Not Set)", 3, 2), ("液压泵", 2, 0)])
		rows, _summary = self.report(group_by="Customer")
		self.assertEqual(
			[r[:3] for r in rows], [("Matrix Customer east1", 3, 1), ("Matrix Customer west1", 2, 1)]
		)

	def test_scope_and_filters(self):
		# a rep sees their customer's complaints only: A, B, E
		rows, summary = self.report("east1", group_by="Customer")
		self.assertEqual([r[:2] for r in rows], [("Matrix Customer east1", 3)])
		# median(1, 3, 0.5) = 1, median(6, 60) = 33
		self.assertEqual(
			(summary["Median First Response (Hours)"], summary["Median Resolution (Hours)"]), (1.0, 33.0)
		)
		rows, _summary = self.report("west1", group_by="Customer")
		self.assertEqual([r[:2] for r in rows], [("Matrix Customer west1", 2)])
		rows, _summary = self.report(group_by="Category", severity="High")
		self.assertEqual([r[:2] for r in rows], [("Product Quality", 1)])
		rows, _summary = self.report(group_by="Category", salesperson=self.team.salespeople["east"])
		self.assertEqual([r[:2] for r in rows], [("Product Quality", 2), ("(Not Set)", 1)])
		frappe.set_user(self.team.users["finance"])
		self.assertRaises(
			frappe.PermissionError, run, "Complaint Analysis", RANGE, ignore_prepared_report=True
		)

	def test_bad_filters(self):
		frappe.set_user(self.team.users["service"])
		for filters in (
			{"group_by": "Salesperson"},
			{"group_by": "Period", "period_type": "Week"},
			{"severity": "Urgent"},
			{"category": "No Such Category"},
			{"from_date": "2026-05-01", "to_date": "2026-04-01"},
			{"from_date": "not a date"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(
					InvalidReportFilterError,
					run,
					"Complaint Analysis",
					{**RANGE, **filters},
					ignore_prepared_report=True,
				)
