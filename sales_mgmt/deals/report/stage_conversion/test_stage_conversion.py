# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Stage Conversion on the scripted pipeline of sales_mgmt/tests/pipeline.py (read its table first).

Stays per salesperson and stage over 2026-01-01..03-31 (entered -> how the stay ended, days):

A  ET: O1 ->PR 10, O2 ->PR 10, O4 open          entered 3 adv 2 lost 0 won 1 (O1) median 10
   PR: O1 ->QU 17, O2 ->Lost 21, O3 ->QU 9      entered 3 adv 2 lost 1 won 1       median 17
   QU: O1 ->Won 19, O3 open                     entered 2 adv 1 lost 0 won 1       median 19
B  ET: O5 ->PR 20, O7 ->Lost 18, O5 ->PR 10     entered 3 adv 2 lost 1 won 0       median 18
   PR: O5 ->ET 10 (back), O13 ->Lost 15,
       O14 ->Lost 17, O5 open                   entered 4 adv 0 lost 2 won 0       median 15
   QU: O6 ->BI 14                               entered 1 adv 1 lost 0 won 1       median 14
   BI: O6 ->Won 39, O8 open                     entered 2 adv 1 lost 0 won 1       median 39
C  ET: O9 ->PR 5, O12 ->PR 12, O11 open         entered 3 adv 2 lost 0 won 1 (O12) median 8.5
   PR: O9 ->QU 5, O10 ->Lost 38, O12 ->QU 9     entered 3 adv 2 lost 1 won 1       median 9
   QU: O12 ->BI 15, O9 open                     entered 2 adv 1 lost 0 won 1       median 15
   BI: O12 ->Won 8                              entered 1 adv 1 lost 0 won 1       median 8

Team: ET 9 entered, 6 advanced = 66.67%, days 5 10 10 10 12 18 20 -> median 10
      PR 10 entered, 4 advanced = 40%,   days 5 9 9 10 15 17 17 21 38 -> median 15
      QU 5 entered, 3 advanced = 60%,    days 14 15 19 -> 15
      BI 3 entered, 2 advanced = 66.67%, days 8 39 -> 23.5
Hints with at least 3 entries: PR team 40% -> coaching below 20%, share above 60%:
      B PR 0% coaching; A PR 66.67% and C PR 66.67% share practice. ET: all at the team's 66.67%.
"""

from frappe.desk.query_report import run as run_report

from sales_mgmt.deals.report.stage_conversion.stage_conversion import COACHING, SHARE, hint_for
from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests import IntegrationTestCase, UnitTestCase
from sales_mgmt.tests.pipeline import BI, ET, PR, QU, build_pipeline, day, frozen
from sales_mgmt.tests.sales_team import ensure_sales_team

# (salesperson key, stage): entered, advanced, lost, to next %, to won %, median days
EXPECTED = {
	("A", ET): (3, 2, 0, 66.67, 33.33, 10),
	("A", PR): (3, 2, 1, 66.67, 33.33, 17),
	("A", QU): (2, 1, 0, 50.0, 50.0, 19),
	("B", ET): (3, 2, 1, 66.67, 0.0, 18),
	("B", PR): (4, 0, 2, 0.0, 0.0, 15),
	("B", QU): (1, 1, 0, 100.0, 100.0, 14),
	("B", BI): (2, 1, 0, 50.0, 50.0, 39),
	("C", ET): (3, 2, 0, 66.67, 33.33, 8.5),
	("C", PR): (3, 2, 1, 66.67, 33.33, 9),
	("C", QU): (2, 1, 0, 50.0, 50.0, 15),
	("C", BI): (1, 1, 0, 100.0, 100.0, 8),
}
TEAM = {ET: (66.67, 10), PR: (40.0, 15), QU: (60.0, 15), BI: (66.67, 23.5)}


class TestStageConversion(IntegrationTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		ensure_sales_team()
		cls.pipeline = build_pipeline()
		cls.key_of = {v: k for k, v in cls.pipeline.salespeople.items()}

	def run_conversion(self, **filters):
		filters.setdefault("salesperson", self.pipeline.manager)
		filters.setdefault("from_date", "2026-01-01")
		filters.setdefault("to_date", "2026-03-31")
		with frozen(day("03-10")):
			return run_report("Stage Conversion", filters=filters, ignore_prepared_report=True)

	def rows(self, result):
		return {(self.key_of[r["salesperson"]], r["stage"]): r for r in result["result"]}

	def test_rates_and_medians(self):
		result = self.run_conversion(min_entries=3)
		rows = self.rows(result)
		self.assertEqual(set(rows), set(EXPECTED))
		for key, (entered, advanced, lost, rate, win_rate, median) in EXPECTED.items():
			row = rows[key]
			with self.subTest(row=key):
				self.assertEqual((row["entered"], row["advanced"], row["lost"]), (entered, advanced, lost))
				self.assertAlmostEqual(row["conversion_rate"], rate, places=2)
				self.assertAlmostEqual(row["win_rate"], win_rate, places=2)
				self.assertAlmostEqual(row["median_days"], median)
				self.assertAlmostEqual(row["team_rate"], TEAM[key[1]][0], places=2)
				self.assertAlmostEqual(row["team_median_days"], TEAM[key[1]][1])

		hints = {key: row["hint_type"] for key, row in rows.items() if row["hint_type"]}
		self.assertEqual(hints, {("B", PR): COACHING, ("A", PR): SHARE, ("C", PR): SHARE})

		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		# entries at open stages: A 8, B 10, C 9; entries into Won: O1, O6, O12
		self.assertEqual(summary["Stage Entries"], 27)
		self.assertEqual(summary["Deals Won in Range"], 3)
		self.assertEqual(summary["Coaching Hints"], 1)
		self.assertEqual(summary["Practices to Share"], 2)

		chart = result["chart"]["data"]
		self.assertEqual(chart["labels"], [ET, PR, QU, BI])
		self.assertEqual(chart["datasets"][0]["values"], [9, 10, 5, 3])  # entered
		self.assertEqual(chart["datasets"][1]["values"], [6, 4, 3, 2])  # advanced
		self.assertEqual(chart["datasets"][2]["values"], [1, 4, 0, 0])  # lost

	def test_default_minimum_gives_no_hint_on_few_entries(self):
		rows = self.rows(self.run_conversion())
		self.assertEqual(set(rows), set(EXPECTED))
		self.assertEqual([key for key, row in rows.items() if row["hint_type"]], [])

	def test_february_counts_only_stays_begun_in_february(self):
		# A in February: entries O4 ET 02-15; O3 PR 02-01; O1 QU 02-01 and O3 QU 02-10.
		# Of the stays begun in February only O3 PR->QU (9 days) and O1 QU->Won (19 days) ended;
		# O2's Proposal stay began 01-20, so its loss on 02-10 is not February's.
		result = self.run_conversion(
			from_date="2026-02-01", to_date="2026-02-28", salesperson=self.pipeline.salespeople["A"]
		)
		rows = self.rows(result)
		self.assertEqual(set(rows), {("A", ET), ("A", PR), ("A", QU)})
		self.assertEqual((rows["A", ET]["entered"], rows["A", ET]["advanced"]), (1, 0))
		self.assertEqual(
			(rows["A", PR]["entered"], rows["A", PR]["advanced"], rows["A", PR]["lost"]), (1, 1, 0)
		)
		self.assertAlmostEqual(rows["A", PR]["median_days"], 9)
		self.assertEqual((rows["A", QU]["entered"], rows["A", QU]["advanced"]), (2, 1))
		self.assertAlmostEqual(rows["A", QU]["win_rate"], 50.0)
		self.assertAlmostEqual(rows["A", QU]["median_days"], 19)

	def test_invalid_filters(self):
		self.assertRaises(
			InvalidReportFilterError, self.run_conversion, from_date="2026-03-01", to_date="2026-02-01"
		)
		self.assertRaises(InvalidReportFilterError, self.run_conversion, min_entries=-1)


class TestHintRule(UnitTestCase):
	def test_thresholds(self):
		self.assertEqual(hint_for(5, 19.9, 40), COACHING)
		self.assertIsNone(hint_for(5, 20, 40))
		self.assertIsNone(hint_for(5, 60, 40))
		self.assertEqual(hint_for(5, 60.1, 40), SHARE)
		self.assertIsNone(hint_for(4, 0, 40))  # too few entries to judge
		self.assertIsNone(hint_for(10, 0, 0))  # no team rate to compare with
		self.assertEqual(hint_for(2, 0, 40, min_entries=2), COACHING)
