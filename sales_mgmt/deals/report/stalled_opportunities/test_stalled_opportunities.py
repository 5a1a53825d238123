# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Stalled Opportunities on the scripted pipeline of sales_mgmt/tests/pipeline.py.

Open deals on 2026-03-10 (days in stage = calendar days since entering; stall days ET 30, PR 21,
QU 14, BI 14):
	O3  QU since 02-10: 28 days > 14 -> stalled 14 days, 80000
	O4  ET since 02-15: 23 days <= 30
	O5  PR since 02-15: 23 days > 21 -> stalled 2 days, 200000
	O8  BI since 02-20: 18 days > 14 -> stalled 4 days, 90000
	O9  QU since 01-13: 56 days > 14 -> stalled 42 days, 120000
	O11 ET since 02-25: 13 days <= 30
=> 4 stalled, 490000, longest 42 days; sorted by days stalled: O9, O3, O8, O5
"""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.api.deals import stalled_opportunity_count
from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.people.hierarchy import clear_scope_cache
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.pipeline import QU, build_pipeline, day, frozen
from sales_mgmt.tests.sales_team import ensure_sales_team, ensure_user


class TestStalledOpportunities(IntegrationTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_sales_team()
		cls.pipeline = build_pipeline()
		cls.key_of = {v: k for k, v in cls.pipeline.opportunities.items()}

	def run_stalled(self, on="03-10", **filters):
		filters.setdefault("salesperson", self.pipeline.manager)
		with frozen(day(on)):
			result = run_report("Stalled Opportunities", filters=filters, ignore_prepared_report=True)
		# the report returns tuples in column order; frappe.desk.query_report.run maps them onto the
		# columns as the desk does
		self.assertTrue(all(isinstance(row, dict) for row in result["result"]))
		return result

	def test_stalled_on_march_10(self):
		result = self.run_stalled()
		rows = [
			(self.key_of[r["opportunity"]], r["days_in_stage"], r["days_stalled"], r["amount"])
			for r in result["result"]
		]
		self.assertEqual(
			rows,
			[("O9", 56, 42, 120000), ("O3", 28, 14, 80000), ("O8", 18, 4, 90000), ("O5", 23, 2, 200000)],
		)
		o9 = result["result"][0]
		self.assertEqual(
			(str(o9["stage_changed_on"]), o9["stall_days"], o9["salesperson_name"]),
			("2026-01-13", 14, "Pipeline Carol"),
		)
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		self.assertEqual(summary["Stalled Deals"], 4)
		self.assertAlmostEqual(summary["Stalled Amount"], 490000)
		self.assertEqual(summary["Longest Stall (Days)"], 42)
		# chart: stalled deals per stage in pipeline order: Proposal 1 (O5), Quotation 2, Bidding 1
		chart = result["chart"]["data"]
		self.assertEqual(chart["labels"], ["Proposal", "Quotation", "Bidding"])
		self.assertEqual(chart["datasets"][0]["values"], [1, 2, 1])

	def test_boundary_day_is_not_stalled(self):
		# O5 entered Proposal (21 stall days) on 02-15: 21 days on 03-08 is not stalled, 22 on 03-09 is
		o5 = self.pipeline.opportunities["O5"]
		self.assertNotIn(o5, [r["opportunity"] for r in self.run_stalled(on="03-08")["result"]])
		self.assertIn(o5, [r["opportunity"] for r in self.run_stalled(on="03-09")["result"]])

	def test_stage_filter_and_retuned_stall_days(self):
		result = self.run_stalled(stage=QU)
		self.assertEqual([self.key_of[r["opportunity"]] for r in result["result"]], ["O9", "O3"])
		# a consultant allows 30 days in Quotation: O3 (28 days) is no longer stalled, O9 (56) still is
		frappe.get_doc("SM Sales Stage", QU).update({"stall_days": 30}).save()
		try:
			result = self.run_stalled(stage=QU)
			self.assertEqual(
				[(self.key_of[r["opportunity"]], r["days_stalled"]) for r in result["result"]], [("O9", 26)]
			)
		finally:
			frappe.get_doc("SM Sales Stage", QU).update({"stall_days": 14}).save()

	def test_number_card_counts_what_the_user_sees(self):
		# the pipeline team's manager sees exactly the pipeline's 4 stalled deals; a rep of another
		# team sees none of them
		manager = ensure_user("pipeline.manager", "Pipeline Manager", ["Sales Manager"])
		frappe.db.set_value("SM Salesperson", self.pipeline.manager, "user", manager)
		clear_scope_cache()
		try:
			for user, expected in ((manager, 4), ("sm.test.east1@example.com", 0)):
				with self.subTest(user=user):
					frappe.set_user(user)
					with frozen(day("03-10")):
						self.assertEqual(stalled_opportunity_count()["value"], expected)
		finally:
			frappe.set_user("Administrator")
			frappe.db.set_value("SM Salesperson", self.pipeline.manager, "user", None)
			clear_scope_cache()

	def test_unknown_stage_is_refused(self):
		self.assertRaises(InvalidReportFilterError, self.run_stalled, stage="No Such Stage")
