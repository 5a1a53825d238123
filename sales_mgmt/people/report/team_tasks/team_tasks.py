# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Team Tasks: the tasks (Frappe ToDos from "Assign To") of the viewer's team, one row per task or
counts per person.

The team is the users of the salespeople whose records the viewer sees (a rep: themself; a manager:
their subtree; Business Owner: everyone), narrowed by the salesperson/team filters. Tasks removed from
their record (status Cancelled) are left out.

- *Tasks* view, Status Open: open tasks; Closed: tasks completed (closed) between From Date and To
  Date, by the time the task was last modified (Frappe keeps no closing date); All: both.
  *Overdue* = open with a due date before today. *Only Overdue* keeps those.
- *Per Person* view: per team member, *Open* = open tasks, *Overdue* = open tasks due before today,
  *Completed* = tasks closed between the dates (as above).
"""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, strip_html, today

from sales_mgmt import reporting
from sales_mgmt.people import tasks

TASKS, PER_PERSON = "Tasks", "Per Person"
OPEN, CLOSED, ALL = "Open", "Closed", "All"
DESCRIPTION_CHARS = 140


@reporting.script_report("Team Tasks")
def execute(filters=None):
	return TeamTasks(filters).run()


class TeamTasks:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		self.view = reporting.choice(self.filters, "view", _("View"), (TASKS, PER_PERSON), default=TASKS)
		self.status = reporting.choice(self.filters, "status", _("Status"), (OPEN, CLOSED, ALL), default=OPEN)
		self.from_date, self.to_date = reporting.date_range(self.filters)
		self.only_overdue = cint(self.filters.get("only_overdue"))
		self.today = getdate(today())
		team = tasks.team_salespeople()
		selected = reporting.salespeople_in_scope(self.filters)
		if selected is not None:
			team = {user: sp for user, sp in team.items() if sp in selected}
		self.team = team
		self.names = reporting.salesperson_names(team.values())

	def run(self):
		counts = tasks.task_counts(list(self.team), self.from_date, self.to_date, self.today)
		data = self.person_rows(counts) if self.view == PER_PERSON else self.task_rows()
		return self.columns(), data, None, self.chart(counts), self.summary(counts)

	def person_rows(self, counts) -> list[frappe._dict]:
		by_user = {row.allocated_to: row for row in counts}
		rows = []
		for user, salesperson in self.team.items():
			row = by_user.get(user) or {}
			rows.append(
				frappe._dict(
					salesperson=salesperson,
					salesperson_name=self.names.get(salesperson),
					user=user,
					open=cint(row.get("open")),
					overdue=cint(row.get("overdue")),
					completed=cint(row.get("completed")),
				)
			)
		return sorted(rows, key=lambda r: (-r.overdue, -r.open, r.salesperson_name or ""))

	def task_rows(self) -> list[frappe._dict]:
		if not self.team:
			return []
		todo = frappe.qb.DocType("ToDo")
		is_open = todo.status == OPEN
		completed = (
			(todo.status == CLOSED)
			& (todo.modified >= self.from_date)
			& (todo.modified < add_days(self.to_date, 1))
		)
		wanted = {OPEN: is_open, CLOSED: completed, ALL: is_open | completed}[self.status]
		query = (
			frappe.qb.from_(todo)
			.select(
				todo.name.as_("task"),
				todo.allocated_to.as_("user"),
				todo.description,
				todo.reference_type,
				todo.reference_name,
				todo.date,
				todo.priority,
				todo.status,
				todo.assigned_by,
				todo.modified,
			)
			.where(todo.allocated_to.isin(list(self.team)))
			.where(wanted)
			.orderby(todo.date)
			.orderby(todo.creation)
		)
		if self.only_overdue:
			query = query.where(is_open & (todo.date < self.today))
		rows = query.run(as_dict=True)
		readable = {}
		for row in rows:
			row.salesperson = self.team[row.user]
			row.salesperson_name = self.names.get(row.salesperson)
			description = strip_html(row.pop("description") or "").strip()
			if row.reference_type and row.reference_name:
				key = (row.reference_type, row.reference_name)
				if key not in readable:
					readable[key] = bool(frappe.db.exists(*key)) and frappe.has_permission(
						key[0], "read", doc=key[1]
					)
				if not readable[key]:
					# a team member's task on a record shared with them alone: its text and record are theirs
					description = _("A task on a record you may not read")
					row.reference_name = None
			row.description = (
				description[:DESCRIPTION_CHARS] + "…" if len(description) > DESCRIPTION_CHARS else description
			)
			row.overdue = int(tasks.is_overdue(row.status, row.date, self.today))
			row.completed_on = row.pop("modified") if row.status == CLOSED else None
			row.assigned_by_name = frappe.utils.get_fullname(row.assigned_by) if row.assigned_by else None
		return rows

	def columns(self) -> list[dict]:
		if self.view == PER_PERSON:
			return [
				*reporting.salesperson_columns(),
				{"fieldname": "user", "label": _("User"), "fieldtype": "Data", "width": 200},
				{"fieldname": "open", "label": _("Open"), "fieldtype": "Int", "width": 90},
				{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 90},
				{"fieldname": "completed", "label": _("Completed"), "fieldtype": "Int", "width": 100},
			]
		return [
			*reporting.salesperson_columns(),
			{"fieldname": "description", "label": _("Task"), "fieldtype": "Data", "width": 240},
			{"fieldname": "reference_type", "label": _("Record Type"), "fieldtype": "Data", "width": 120},
			{"fieldname": "reference_name", "label": _("Record"), "fieldtype": "Data", "width": 130},
			{"fieldname": "date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
			{"fieldname": "priority", "label": _("Priority"), "fieldtype": "Data", "width": 80},
			{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 80},
			{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Check", "width": 80},
			{"fieldname": "completed_on", "label": _("Completed On"), "fieldtype": "Datetime", "width": 150},
			{"fieldname": "assigned_by_name", "label": _("Assigned By"), "fieldtype": "Data", "width": 130},
			{"fieldname": "task", "label": _("Task ID"), "fieldtype": "Data", "width": 110},
		]

	def chart(self, counts) -> dict | None:
		rows = [row for row in self.person_rows(counts) if row.open or row.completed]
		if not rows:
			return None
		return {
			"data": {
				"labels": [row.salesperson_name or row.salesperson for row in rows],
				"datasets": [
					{"name": _("Open"), "values": [row.open for row in rows]},
					{"name": _("Overdue"), "values": [row.overdue for row in rows]},
					{"name": _("Completed"), "values": [row.completed for row in rows]},
				],
			},
			"type": "bar",
			"colors": ["#5E64FF", "#E24C4C", "#29CD42"],
		}

	def summary(self, counts) -> list[dict]:
		overdue = sum(cint(row.overdue) for row in counts)
		return [
			{"value": sum(cint(row.open) for row in counts), "label": _("Open"), "datatype": "Int"},
			{
				"value": overdue,
				"label": _("Overdue"),
				"datatype": "Int",
				"indicator": "Red" if overdue else "Green",
			},
			{
				"value": sum(cint(row.completed) for row in counts),
				"label": _("Completed"),
				"datatype": "Int",
				"indicator": "Green",
			},
		]
