# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Receivable Aging on the data set of sales_mgmt/tests/money_scenario.py (read its table).

Open receivables on 2026-04-30, days past due (sales view / finance view outstanding):
	SO1 C1 due 01-20: 100 days (300 / 500)     SO2 C1 due 02-20: 69 days (800 / 200)
	SO3 C2 due 03-01: 60 days (700 / 350)      SO7 C3 due 05-31: not yet due (300 / 0)
SO5 (written off) and SO6 (settled) are not open; SO4 was cancelled."""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.money.report.receivable_aging.receivable_aging import bucket_labels, parse_ranges
from sales_mgmt.tests.money_scenario import REPORT_DATE, ScenarioTestCase

REPORT = "Receivable Aging"


class TestReceivableAging(ScenarioTestCase):
	def run_report(self, **filters):
		filters.setdefault("report_date", REPORT_DATE)
		filters.setdefault("range", "30, 60, 90")
		result = run_report(REPORT, filters=filters, ignore_prepared_report=True)
		return result, [row for row in result["result"] if isinstance(row, dict)]

	def set_ranges_setting(self, value):
		"""SM Settings' ranges for this test (settings are cached outside the transaction: restored and
		cleared before the test's rollback)."""

		def set_value(value):
			frappe.db.set_single_value("SM Settings", "aging_ranges", value)
			frappe.clear_document_cache("SM Settings", "SM Settings")

		self.addCleanup(set_value, frappe.db.get_single_value("SM Settings", "aging_ranges"))
		set_value(value)

	def buckets(self, result, rows, key="customer") -> dict:
		keys = [c["fieldname"] for c in result["columns"] if c["fieldname"].startswith("bucket_")]
		return {row[key]: ([row[k] for k in keys], row["outstanding"]) for row in rows}

	def summary(self, result) -> dict:
		return {entry["label"]: entry["value"] for entry in result["report_summary"]}

	def assert_buckets_add_up(self, result, rows):
		keys = [c["fieldname"] for c in result["columns"] if c["fieldname"].startswith("bucket_")]
		for row in rows:
			self.assertAlmostEqual(sum(row[k] for k in keys), row["outstanding"])
		summary = list(self.summary(result).values())
		self.assertAlmostEqual(sum(summary[:-1]), summary[-1])
		self.assertAlmostEqual(summary[-1], sum(row["outstanding"] for row in rows))

	def test_sales_view_per_customer(self):
		s = self.s
		result, rows = self.run_report()
		labels = [c["label"] for c in result["columns"] if c["fieldname"].startswith("bucket_")]
		self.assertEqual(labels, ["0-30 Days", "31-60 Days", "61-90 Days", "Over 90 Days"])
		# SO3's 60 days are in 31-60; SO7, not yet due, in 0-30
		self.assertEqual(
			self.buckets(result, rows),
			{
				s.c1: ([0, 0, 800, 300], 1100),
				s.c2: ([0, 700, 0, 0], 700),
				s.c3: ([300, 0, 0, 0], 300),
			},
		)
		self.assertEqual(
			{row["customer"]: row["receivable_count"] for row in rows}, {s.c1: 2, s.c2: 1, s.c3: 1}
		)
		self.assertEqual(rows[0]["salesperson"], self.team.salespeople["east1"])
		self.assertEqual(
			self.summary(result),
			{
				"0-30 Days": 300,
				"31-60 Days": 700,
				"61-90 Days": 800,
				"Over 90 Days": 300,
				"Total Outstanding": 2100,
			},
		)
		self.assertEqual(result["chart"]["data"]["labels"], labels)
		self.assertEqual(result["chart"]["data"]["datasets"][0]["values"], [300, 700, 800, 300])
		self.assertIn("a receivable not yet due counts in the first bucket", result["message"])
		self.assert_buckets_add_up(result, rows)

	def test_finance_view(self):
		s = self.s
		result, rows = self.run_report(based_on="Finance View")
		# SO7 has nothing invoiced: C3 has no finance view outstanding and no row
		self.assertEqual(
			self.buckets(result, rows),
			{s.c1: ([0, 0, 200, 500], 700), s.c2: ([0, 350, 0, 0], 350)},
		)
		self.assertEqual(self.summary(result)["Total Outstanding"], 1050)
		self.assertEqual(result["columns"][-1]["label"], "Finance View")
		self.assert_buckets_add_up(result, rows)

	def test_custom_ranges(self):
		s = self.s
		result, rows = self.run_report(range="60,100")
		labels = [c["label"] for c in result["columns"] if c["fieldname"].startswith("bucket_")]
		self.assertEqual(labels, ["0-60 Days", "61-100 Days", "Over 100 Days"])
		# the bounds belong to the lower bucket: SO3 (60 days) in 0-60, SO1 (100 days) in 61-100
		self.assertEqual(
			self.buckets(result, rows),
			{s.c1: ([0, 1100, 0], 1100), s.c2: ([700, 0, 0], 700), s.c3: ([300, 0, 0], 300)},
		)
		self.assert_buckets_add_up(result, rows)
		for based_on in ("Sales View", "Finance View"):
			for ranges in ("1", "15, 45, 75, 105, 135", "99，100"):
				with self.subTest(based_on=based_on, ranges=ranges):
					result, rows = self.run_report(based_on=based_on, range=ranges)
					self.assert_buckets_add_up(result, rows)

	def test_ranges_default_to_the_settings(self):
		self.set_ranges_setting("45, 100")
		result, rows = self.run_report(range="")
		labels = [c["label"] for c in result["columns"] if c["fieldname"].startswith("bucket_")]
		self.assertEqual(labels, ["0-45 Days", "46-100 Days", "Over 100 Days"])
		self.assertEqual(self.buckets(result, rows)[self.s.c1], ([0, 1100, 0], 1100))

	def test_per_salesperson(self):
		sp = self.team.salespeople
		result, rows = self.run_report(group_by="Salesperson")
		self.assertNotIn("customer", {c["fieldname"] for c in result["columns"]})
		self.assertEqual(
			self.buckets(result, rows, "salesperson"),
			{
				sp["east1"]: ([0, 0, 800, 300], 1100),
				sp["east2"]: ([0, 700, 0, 0], 700),
				sp["west1"]: ([300, 0, 0, 0], 300),
			},
		)
		self.assert_buckets_add_up(result, rows)

	def test_days_are_counted_to_the_report_date(self):
		s = self.s
		# on 03-31: SO1 70 days, SO2 39, SO3 30 (the bound: 0-30); SO7 is dated 04-01, after it
		result, rows = self.run_report(report_date="2026-03-31")
		self.assertEqual(
			self.buckets(result, rows),
			{s.c1: ([0, 800, 300, 0], 1100), s.c2: ([700, 0, 0, 0], 700)},
		)

	def test_viewers_see_their_receivables(self):
		s = self.s
		for user, customers in (
			("east1", {s.c1}),
			("east", {s.c1, s.c2}),
			("finance", {s.c1, s.c2, s.c3}),
		):
			with self.subTest(user=user):
				frappe.set_user(self.team.users[user])
				result, rows = self.run_report()
				self.assertEqual({row["customer"] for row in rows}, customers)
				frappe.set_user("Administrator")
		frappe.set_user(self.team.users["east1"])
		result, rows = self.run_report(group_by="Salesperson", salesperson=self.team.salespeople["east"])
		self.assertEqual([row["salesperson"] for row in rows], [self.team.salespeople["east1"]])
		self.assertEqual(self.summary(result)["Total Outstanding"], 1100)

	def test_bad_filters(self):
		for filters in (
			{"range": "60, 30"},
			{"range": "30, 30"},
			{"range": "0, 30"},
			{"range": "-5, 10"},
			{"range": "30,,60"},
			{"range": "thirty"},
			{"range": "1.5"},
			{"range": ", ".join(str(10 * i) for i in range(1, 12))},
			{"based_on": "Cash View"},
			{"group_by": "Region"},
			{"report_date": "not a date"},
			{"customer": "CUST-NOBODY"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, **filters)
		self.set_ranges_setting("90, 30")
		self.assertRaises(InvalidReportFilterError, self.run_report, range=None)

	def test_ranges_and_labels(self):
		self.assertEqual(parse_ranges(" 30 ,60, 90 "), [30, 60, 90])
		self.assertEqual(bucket_labels([7]), ["0-7 Days", "Over 7 Days"])
