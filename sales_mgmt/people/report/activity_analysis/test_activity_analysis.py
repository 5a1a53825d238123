# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Activity Analysis on a data set of its own, 2024-03-04 (Monday) … 2024-03-17 (Sunday):

	east1  03-04 09:00 Visit   Done Successful
	       03-04 14:00 Call    Done Unsuccessful
	       03-05 10:00 Visit   Done Follow-up Needed
	       03-06 10:00 Meeting Planned (ended 11:00: overdue)
	       03-12 10:00 Visit   Done Successful
	       03-13 10:00 Demo    Cancelled
	east2  03-04 11:00 Visit   Done Successful
	       03-18 10:00 Visit   Done Successful (after the range)
	west1  03-10 10:00 Email   Done Successful (a Sunday: the week of 03-04)

By day (salesperson, day): done, visit, call, email, successful, unsuccessful, follow-up, rate, planned,
overdue, cancelled:
	east1 03-04: 2, 1, 1, 0, 1, 1, 0, 50.0, 0, 0, 0
	east1 03-05: 1, 1, 0, 0, 0, 0, 1,  0.0, 0, 0, 0
	east1 03-06: 0, 0, 0, 0, 0, 0, 0, None, 1, 1, 0
	east1 03-12: 1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 0
	east1 03-13: 0, …                  None, 0, 0, 1
	east2 03-04: 1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 0
	west1 03-10: 1, 0, 0, 1, 1, 0, 0, 100.0, 0, 0, 0
By week (Monday):
	east1 03-04: 3, 2, 1, 0, 1, 1, 1, 33.3, 1, 1, 0
	east1 03-11: 1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 1
	east2 03-04: 1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 0
	west1 03-04: 1, 0, 0, 1, 1, 0, 0, 100.0, 0, 0, 0
Heatmap (done per day, everyone): 03-04: 3, 03-05: 1, 03-10: 1, 03-12: 1.
"""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.sales_team import SalesTeamTestCase

REPORT = "Activity Analysis"
RANGE = {"from_date": "2024-03-04", "to_date": "2024-03-17"}
FIGURES = (
	"done",
	"visit",
	"call",
	"email",
	"successful",
	"unsuccessful",
	"follow_up",
	"success_rate",
	"planned",
	"overdue",
	"cancelled",
)


class TestActivityAnalysis(SalesTeamTestCase):
	def setUp(self):
		frappe.db.savepoint("activity_analysis_test")
		frappe.set_user("Administrator")
		# only this test's activities in its range, whatever other tests left there
		frappe.db.delete("SM Activity", {"activity_date": ("between", ["2024-03-01", "2024-03-31"])})
		for key, starts_on, activity_type, status, outcome in (
			("east1", "2024-03-04 09:00", "Visit", "Done", "Successful"),
			("east1", "2024-03-04 14:00", "Call", "Done", "Unsuccessful"),
			("east1", "2024-03-05 10:00", "Visit", "Done", "Follow-up Needed"),
			("east1", "2024-03-06 10:00", "Meeting", "Planned", None),
			("east1", "2024-03-12 10:00", "Visit", "Done", "Successful"),
			("east1", "2024-03-13 10:00", "Demo", "Cancelled", None),
			("east2", "2024-03-04 11:00", "Visit", "Done", "Successful"),
			("east2", "2024-03-18 10:00", "Visit", "Done", "Successful"),
			("west1", "2024-03-10 10:00", "Email", "Done", "Successful"),
		):
			frappe.get_doc(
				{
					"doctype": "SM Activity",
					"activity_type": activity_type,
					"subject": f"{activity_type} {starts_on}",
					"customer": self.team.customers[key],
					"salesperson": self.team.salespeople[key],
					"starts_on": starts_on,
					"status": status,
					"outcome": outcome,
				}
			).insert()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="activity_analysis_test")

	def run_as(self, key, **filters):
		frappe.set_user(self.team.users[key] if key != "Administrator" else key)
		return run_report(REPORT, filters={**RANGE, **filters}, ignore_prepared_report=True)

	def table(self, result) -> dict:
		names = {v: k for k, v in self.team.salespeople.items()}
		return {
			(names[row["salesperson"]], str(row["period"])): tuple(row[f] for f in FIGURES)
			for row in result["result"]
			if isinstance(row, dict) and row["salesperson"] in names
		}

	def test_by_day(self):
		result = self.run_as("Administrator")
		self.assertEqual(
			self.table(result),
			{
				("east1", "2024-03-04"): (2, 1, 1, 0, 1, 1, 0, 50.0, 0, 0, 0),
				("east1", "2024-03-05"): (1, 1, 0, 0, 0, 0, 1, 0.0, 0, 0, 0),
				("east1", "2024-03-06"): (0, 0, 0, 0, 0, 0, 0, None, 1, 1, 0),
				("east1", "2024-03-12"): (1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 0),
				("east1", "2024-03-13"): (0, 0, 0, 0, 0, 0, 0, None, 0, 0, 1),
				("east2", "2024-03-04"): (1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 0),
				("west1", "2024-03-10"): (1, 0, 0, 1, 1, 0, 0, 100.0, 0, 0, 0),
			},
		)
		chart = result["chart"]
		self.assertEqual(chart["type"], "heatmap")
		self.assertEqual(
			chart["data"]["dataPoints"], {"2024-03-04": 3, "2024-03-05": 1, "2024-03-10": 1, "2024-03-12": 1}
		)
		self.assertEqual((chart["data"]["start"], chart["data"]["end"]), ("2024-03-04", "2024-03-17"))
		summary = {s["label"]: s["value"] for s in result["report_summary"]}
		# done: east1 4 (03-04 ×2, 03-05, 03-12) + east2 1 + west1 1 = 6; successful: east1 2 + east2 1
		# + west1 1 = 4; rate 4 / 6 = 66.7 %; overdue: east1's meeting
		self.assertEqual((summary["Done"], summary["Successful"], summary["Overdue"]), (6, 4, 1))
		self.assertEqual(summary["Success Rate %"], 66.7)

	def test_by_week(self):
		result = self.run_as("Administrator", group_by_period="Week")
		self.assertEqual(
			self.table(result),
			{
				("east1", "2024-03-04"): (3, 2, 1, 0, 1, 1, 1, 33.3, 1, 1, 0),
				("east1", "2024-03-11"): (1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 1),
				("east2", "2024-03-04"): (1, 1, 0, 0, 1, 0, 0, 100.0, 0, 0, 0),
				("west1", "2024-03-04"): (1, 0, 0, 1, 1, 0, 0, 100.0, 0, 0, 0),
			},
		)
		self.assertEqual(result["columns"][2]["label"], "Week Starting")

	def test_hierarchy_and_filters(self):
		self.assertEqual({k for k, _d in self.table(self.run_as("east1"))}, {"east1"})
		self.assertEqual({k for k, _d in self.table(self.run_as("east"))}, {"east1", "east2"})
		self.assertEqual({k for k, _d in self.table(self.run_as("west"))}, {"west1"})
		self.assertEqual(
			{k for k, _d in self.table(self.run_as("director", salesperson=self.team.salespeople["east"]))},
			{"east1", "east2"},
		)
		# a rep's heatmap counts only their own done activities
		self.assertEqual(
			self.run_as("east1")["chart"]["data"]["dataPoints"],
			{"2024-03-04": 2, "2024-03-05": 1, "2024-03-12": 1},
		)
		visits = self.table(self.run_as("Administrator", activity_type="Visit"))
		self.assertEqual(visits[("east1", "2024-03-04")][:2], (1, 1))
		self.assertNotIn(("west1", "2024-03-10"), visits)

	def test_bad_filters(self):
		for filters in (
			{"group_by_period": "Month"},
			{"activity_type": "Lunch"},
			{"from_date": "2024-04-01"},
		):
			with self.subTest(filters=filters), self.assertRaises(InvalidReportFilterError):
				self.run_as("Administrator", **filters)
