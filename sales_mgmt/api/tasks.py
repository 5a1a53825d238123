"""Number cards on tasks (Frappe ToDos): the user's own overdue tasks and their team's."""

import frappe

from sales_mgmt.people import tasks


@frappe.whitelist()
def my_overdue_tasks(filters: str | dict | None = None) -> dict:
	"""Open tasks allocated to the user with a due date before today; opens the user's ToDo list."""
	user = frappe.session.user
	return {
		"value": tasks.overdue_counts([user]).get(user, 0),
		"fieldtype": "Int",
		"route": ["List", "ToDo"],
		"route_options": {"allocated_to": user, "status": "Open"},
	}


@frappe.whitelist()
def team_overdue_tasks(filters: str | dict | None = None) -> dict:
	"""Overdue tasks of the user's team (sales_mgmt.people.tasks); opens Team Tasks."""
	counts = tasks.overdue_counts(list(tasks.team_salespeople()))
	return {
		"value": sum(counts.values()),
		"fieldtype": "Int",
		"route": ["query-report", "Team Tasks"],
		"route_options": {"only_overdue": 1},
	}
