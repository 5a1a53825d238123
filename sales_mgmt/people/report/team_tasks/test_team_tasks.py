# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Team Tasks and the task cards, on ToDos of the test team (their other ToDos removed first):

	T1 east1  Open,   due today - 2   (overdue)
	T2 east1  Open,   due today + 3
	T3 east1  Closed, due today - 1   (completed today)
	T4 east2  Open,   due today - 1   (overdue)
	T5 west1  Open,   due today - 5   (overdue)
	T6 east   Open,   no due date
	T7 east1  Cancelled (assignment removed: never counted)

Per person (open, overdue, completed today): east1 (2, 1, 1), east2 (1, 1, 0), east (1, 0, 0),
west1 (1, 1, 0). The East Manager's team is east, east1, east2: open 4, overdue 2, completed 1; the
director's everyone: open 5, overdue 3. A rep's team is themself.
"""

import frappe
from frappe.desk.form.assign_to import add as assign
from frappe.desk.query_report import run as run_report
from frappe.utils import add_days, today

from sales_mgmt.api.tasks import my_overdue_tasks, team_overdue_tasks
from sales_mgmt.tests.sales_team import SalesTeamTestCase

REPORT = "Team Tasks"


class TestTeamTasks(SalesTeamTestCase):
	def setUp(self):
		frappe.db.savepoint("team_tasks_test")
		frappe.set_user("Administrator")
		frappe.db.delete("ToDo", {"allocated_to": ("in", list(self.team.users.values()))})
		self.tasks = {}
		for key, who, status, due in (
			("T1", "east1", "Open", -2),
			("T2", "east1", "Open", 3),
			("T3", "east1", "Closed", -1),
			("T4", "east2", "Open", -1),
			("T5", "west1", "Open", -5),
			("T6", "east", "Open", None),
			("T7", "east1", "Cancelled", -3),
		):
			self.tasks[key] = (
				frappe.get_doc(
					{
						"doctype": "ToDo",
						"allocated_to": self.team.users[who],
						"description": f"<p>任务 {key} <b>x</b></p>",
						"status": status,
						"date": add_days(today(), due) if due is not None else None,
						"reference_type": "SM Customer",
						"reference_name": self.team.customers[who],
						"assigned_by": "Administrator",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="team_tasks_test")

	def run_as(self, key, **filters):
		frappe.set_user(self.team.users[key])
		return run_report(REPORT, filters={"from_date": today(), "to_date": today(), **filters})

	def per_person(self, key, **filters) -> dict:
		result = self.run_as(key, view="Per Person", **filters)
		names = {v: k for k, v in self.team.salespeople.items()}
		return {
			names[row["salesperson"]]: (row["open"], row["overdue"], row["completed"])
			for row in result["result"]
			if row["salesperson"] in names
		}

	def test_per_person(self):
		self.assertEqual(self.per_person("east"), {"east": (1, 0, 0), "east1": (2, 1, 1), "east2": (1, 1, 0)})
		self.assertEqual(self.per_person("east1"), {"east1": (2, 1, 1)})
		self.assertEqual(
			self.per_person("director"),
			{
				"director": (0, 0, 0),
				"east": (1, 0, 0),
				"east1": (2, 1, 1),
				"east2": (1, 1, 0),
				"west": (0, 0, 0),
				"west1": (1, 1, 0),
			},
		)
		summary = {s["label"]: s["value"] for s in self.run_as("east")["report_summary"]}
		self.assertEqual((summary["Open"], summary["Overdue"], summary["Completed"]), (4, 2, 1))
		# the manager narrowed to one rep
		self.assertEqual(
			self.per_person("east", salesperson=self.team.salespeople["east2"]), {"east2": (1, 1, 0)}
		)
		# a manager cannot widen their team with the filter
		self.assertEqual(self.per_person("east", salesperson=self.team.salespeople["west1"]), {})

	def test_task_rows(self):
		t = self.tasks
		rows = {r["task"]: r for r in self.run_as("east")["result"]}
		self.assertEqual(set(rows), {t["T1"], t["T2"], t["T4"], t["T6"]})
		self.assertEqual({name for name, r in rows.items() if r["overdue"]}, {t["T1"], t["T4"]})
		self.assertEqual(rows[t["T1"]]["description"], "任务 T1 x")
		self.assertEqual(rows[t["T1"]]["salesperson"], self.team.salespeople["east1"])
		overdue = {r["task"] for r in self.run_as("east", only_overdue=1)["result"]}
		self.assertEqual(overdue, {t["T1"], t["T4"]})
		closed = self.run_as("east", status="Closed")["result"]
		self.assertEqual([r["task"] for r in closed], [t["T3"]])
		self.assertIsNotNone(closed[0]["completed_on"])
		# completed yesterday and before: not in today's range
		self.assertEqual(
			self.run_as(
				"east", status="Closed", from_date=add_days(today(), -9), to_date=add_days(today(), -1)
			)["result"],
			[],
		)
		self.assertEqual(
			{r["task"] for r in self.run_as("east1", status="All")["result"]}, {t["T1"], t["T2"], t["T3"]}
		)
		self.assertEqual({r["task"] for r in self.run_as("west1")["result"]}, {t["T5"]})

	def test_cards(self):
		expected = {"east1": (1, 1), "east2": (1, 1), "east": (0, 2), "director": (0, 3), "west1": (1, 1)}
		for key, (mine, team) in expected.items():
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				self.assertEqual((my_overdue_tasks()["value"], team_overdue_tasks()["value"]), (mine, team))

	def test_assign_to_counts(self):
		"""Frappe's Assign To (manager to subordinate) makes a task the team view counts; closing it
		completes it."""
		visit = frappe.get_doc(
			{
				"doctype": "SM Activity",
				"activity_type": "Visit",
				"subject": "回访",
				"customer": self.team.customers["east2"],
				"starts_on": f"{add_days(today(), 1)} 10:00:00",
			}
		).insert()
		frappe.set_user(self.team.users["east"])
		assign(
			{
				"assign_to": [self.team.users["east2"]],
				"doctype": "SM Activity",
				"name": visit.name,
				"description": "回访客户",
				"date": add_days(today(), -1),
				"priority": "High",
			}
		)
		self.assertEqual(self.per_person("east")["east2"], (2, 2, 0))
		todo = frappe.get_last_doc(
			"ToDo", filters={"allocated_to": self.team.users["east2"], "description": ("like", "%回访客户%")}
		)
		frappe.set_user(self.team.users["east2"])
		todo.reload()
		todo.status = "Closed"
		todo.save()
		self.assertEqual(self.per_person("east")["east2"], (1, 1, 1))

	def test_peer_assignment(self):
		"""A rep assigns a colleague of another team a task on their own customer: Frappe shares the
		customer with the colleague, whose team view lists the task; the rep's does not."""
		frappe.set_user(self.team.users["east1"])
		assign(
			{
				"assign_to": [self.team.users["west1"]],
				"doctype": "SM Customer",
				"name": self.team.customers["east1"],
				"description": "帮忙报价",
				"date": add_days(today(), 2),
			}
		)
		frappe.set_user(self.team.users["west1"])
		self.assertTrue(frappe.has_permission("SM Customer", "read", doc=self.team.customers["east1"]))
		self.assertEqual(self.per_person("west1")["west1"], (2, 1, 0))
		self.assertEqual(self.per_person("east1")["east1"], (2, 1, 1))
		# west1's manager counts the task but reads neither its text nor the record it is on
		rows = [r for r in self.run_as("west")["result"] if r.get("user") == self.team.users["west1"]]
		peer = next(r for r in rows if r["reference_type"] == "SM Customer" and not r["reference_name"])
		self.assertEqual(peer["description"], "A task on a record you may not read")
		self.assertNotIn("帮忙报价", frappe.as_json(rows))
		self.assertEqual(len(rows), 2)
