# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Sales Forecast on the scripted pipeline of sales_mgmt/tests/pipeline.py (read its table first).

Probabilities: ET 10%, PR 30%, QU 50%, BI 70%; O8 was overridden to 80% on 02-21."""

import threading

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.pipeline import build_pipeline, day, frozen
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestSalesForecast(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pipeline = build_pipeline()

	def run_forecast(self, **filters):
		filters.setdefault("salesperson", self.pipeline.manager)
		with frozen(day("03-10")):
			return run_report("Sales Forecast", filters=filters, ignore_prepared_report=True)

	def by_salesperson(self, result):
		return {row["salesperson"]: row for row in result["result"] if isinstance(row, dict)}

	def test_march(self):
		# open deals expected to close in March 2026 (status Open):
		#   O3 A QU 80000 x 50% = 40000 | O5 B PR 200000 x 30% = 60000 | O8 B BI 90000 x 80% = 72000
		#   O9 C QU 120000 x 50% = 60000          (O4 closes 02-28, O11 04-20: other periods)
		# won in March (closed_on): O6 B 60000 (03-02), O12 C 45000 (03-05); O1 won 02-20 is February
		result = self.run_forecast(period="Month", date="2026-03-10")
		rows = self.by_salesperson(result)
		sp = self.pipeline.salespeople
		expected = {
			# salesperson: open count, open amount, weighted, won count, won amount, forecast
			sp["A"]: (1, 80000, 40000, 0, 0, 40000),
			sp["B"]: (2, 290000, 132000, 1, 60000, 192000),
			sp["C"]: (1, 120000, 60000, 1, 45000, 105000),
		}
		self.assertEqual(set(rows), set(expected))
		for salesperson, (count, amount, weighted, won_count, won, forecast) in expected.items():
			row = rows[salesperson]
			with self.subTest(salesperson=salesperson):
				self.assertEqual(row["open_count"], count)
				self.assertAlmostEqual(row["open_amount"], amount)
				self.assertAlmostEqual(row["weighted_amount"], weighted)
				self.assertEqual(row["won_count"], won_count)
				self.assertAlmostEqual(row["won_amount"], won)
				self.assertAlmostEqual(row["forecast"], forecast)

		# counts by stage: A 1 Quotation; B 1 Proposal + 1 Bidding; C 1 Quotation
		columns = {c["label"]: c["fieldname"] for c in result["columns"]}
		self.assertEqual(rows[sp["B"]][columns["Proposal"]], 1)
		self.assertEqual(rows[sp["B"]][columns["Bidding"]], 1)
		self.assertEqual(rows[sp["B"]][columns["Quotation"]], 0)
		self.assertEqual(rows[sp["A"]][columns["Quotation"]], 1)
		self.assertEqual(rows[sp["C"]][columns["Early Tracking"]], 0)

		# totals: open 490000, weighted 232000, won 105000, forecast 337000, 4 open deals
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		self.assertEqual(
			summary,
			{
				"Won So Far": 105000,
				"Weighted Pipeline in Period": 232000,
				"Forecast": 337000,
				"Open Pipeline in Period": 490000,
				"Open in Period": 4,
				"No Expected Close Date": 0,
			},
		)

		# chart: open and weighted amount per stage, in pipeline order
		# Proposal 200000/60000, Quotation 200000/100000, Bidding 90000/72000
		chart = result["chart"]["data"]
		self.assertEqual(chart["labels"], ["Proposal", "Quotation", "Bidding"])
		self.assertEqual(chart["datasets"][0]["values"], [200000, 200000, 90000])
		self.assertEqual(chart["datasets"][1]["values"], [60000, 100000, 72000])

		# O4 (expected 02-28) is still open: overdue on 03-10
		self.assertEqual(
			result["message"],
			"Period 2026-03-01 to 2026-03-31: forecast = won in the period + weighted open deals expected "
			"to close in it. 1 open deals have an expected close date before today (overdue); update them.",
		)

	def test_first_quarter(self):
		# Q1 adds O4 (A, ET 40000 x 10% = 4000, expected 02-28) and O1 (A, won 100000 on 02-20):
		#   A: open 2 (120000), weighted 44000, won 1 (100000), forecast 144000
		#   B and C as in March. Totals: weighted 236000, won 205000, forecast 441000
		result = self.run_forecast(period="Quarter", date="2026-02-14")
		rows = self.by_salesperson(result)
		a = rows[self.pipeline.salespeople["A"]]
		self.assertEqual((a["open_count"], a["won_count"]), (2, 1))
		self.assertAlmostEqual(a["open_amount"], 120000)
		self.assertAlmostEqual(a["weighted_amount"], 44000)
		self.assertAlmostEqual(a["forecast"], 144000)
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		self.assertAlmostEqual(summary["Weighted Pipeline in Period"], 236000)
		self.assertAlmostEqual(summary["Won So Far"], 205000)
		self.assertAlmostEqual(summary["Forecast"], 441000)

	def test_next_month(self):
		# April: only O11 (C, ET 25000 x 10% = 2500) is expected to close; nothing won yet
		result = self.run_forecast(period="Month", date="2026-04-01")
		rows = self.by_salesperson(result)
		self.assertEqual(list(rows), [self.pipeline.salespeople["C"]])
		self.assertAlmostEqual(rows[self.pipeline.salespeople["C"]]["forecast"], 2500)

	def test_next_period_directly(self):
		# on 03-10, Next Month is April (only O11: C, ET 25000 x 10% = 2500) and Next Quarter is Q2 (the
		# same); O3, O8, O9 are expected later in March: not overdue, so the message counts only O4
		for period in ("Next Month", "next quarter"):
			with self.subTest(period=period):
				result = self.run_forecast(period=period, date="2026-03-10")
				rows = self.by_salesperson(result)
				self.assertEqual(list(rows), [self.pipeline.salespeople["C"]])
				self.assertAlmostEqual(rows[self.pipeline.salespeople["C"]]["forecast"], 2500)
				self.assertIn(" 1 open deals have an expected close date before today", result["message"])
				self.assertTrue(result["message"].startswith("Period 2026-04-01 to "))

	def test_deals_without_close_date_are_listed_and_counted(self):
		# B opens O15 (Proposal, 15000, no expected close date), C opens O16 (Quotation, 5000, none)
		frappe.db.savepoint("sm_forecast_undated")
		try:
			with frozen(day("03-09")):
				for owner, stage, amount in (("B", "Proposal", 15000), ("C", "Quotation", 5000)):
					frappe.get_doc(
						{
							"doctype": "SM Opportunity",
							"customer": self.pipeline.customers[owner],
							"salesperson": self.pipeline.salespeople[owner],
							"stage": stage,
							"amount": amount,
						}
					).insert(ignore_permissions=True)
			result = self.run_forecast(period="Month", date="2026-03-10")
			rows = self.by_salesperson(result)
			sp = self.pipeline.salespeople
			self.assertEqual(
				{k: (r["undated_count"], r["undated_amount"]) for k, r in rows.items()},
				{sp["A"]: (0, 0), sp["B"]: (1, 15000), sp["C"]: (1, 5000)},
			)
			# in no period's forecast: March's numbers are unchanged
			self.assertEqual((rows[sp["B"]]["open_count"], rows[sp["B"]]["forecast"]), (2, 192000))
			summary = {s["label"]: s["value"] for s in result["report_summary"]}
			self.assertEqual((summary["No Expected Close Date"], summary["Forecast"]), (2, 337000))
			self.assertTrue(
				result["message"].endswith(
					"2 open deals have no expected close date and are in no period's forecast."
				)
			)
		finally:
			frappe.db.rollback(save_point="sm_forecast_undated")

	def test_salesperson_filter_and_team(self):
		result = self.run_forecast(
			period="Month", date="2026-03-10", salesperson=self.pipeline.salespeople["B"]
		)
		self.assertEqual(list(self.by_salesperson(result)), [self.pipeline.salespeople["B"]])
		result = self.run_forecast(period="Month", date="2026-03-10", salesperson=None, team="Pipeline")
		self.assertEqual(set(self.by_salesperson(result)), set(self.pipeline.salespeople.values()))

	def test_rep_sees_only_own_deals(self):
		# Alice's login sees only her row, whatever the filter asks for
		user = "sm.test.pipeline.alice@example.com"
		if not frappe.db.exists("User", user):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": user,
					"first_name": "Alice",
					"send_welcome_email": 0,
					"roles": [{"role": "Sales User"}],
				}
			).insert(ignore_permissions=True)
		frappe.db.set_value("SM Salesperson", self.pipeline.salespeople["A"], "user", user)
		from sales_mgmt.people.hierarchy import clear_scope_cache

		clear_scope_cache()
		frappe.set_user(user)
		result = self.run_forecast(period="Month", date="2026-03-10")
		self.assertEqual(list(self.by_salesperson(result)), [self.pipeline.salespeople["A"]])
		frappe.set_user("Administrator")
		frappe.db.set_value("SM Salesperson", self.pipeline.salespeople["A"], "user", None)
		clear_scope_cache()

	def test_invalid_filters(self):
		for filters in (
			{"period": "Week", "date": "2026-03-10"},
			{"period": "Month", "date": "not a date"},
			{"period": "Month", "date": "2026-03-10", "salesperson": "SP-NOBODY"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_forecast, **filters)
		# Frappe's timer that would turn the report into a background report 15 s later is stopped
		pending = [
			t
			for t in threading.enumerate()
			if isinstance(t, threading.Timer)
			and t.kwargs.get("report") == "Sales Forecast"
			and not t.finished.is_set()
		]
		self.assertEqual(pending, [])
