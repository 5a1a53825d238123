"""Tasks are Frappe's own ToDos (the form's "Assign To"): who, what, due date (`date`), priority and
status (Open / Closed; Cancelled when the assignment is removed). This module adds the team view.

- A user's *team* is the users linked to the salespeople whose records the user sees by the hierarchy
  (sales_mgmt.permissions.get_visible_salespeople): a rep their own user, a manager the users of their
  subtree, Business Owner and System Manager every salesperson's user; a user linked to no salesperson
  has no team.
- A task is *overdue* when it is Open and its due date is before today.
- A task is *completed* when Closed; Frappe keeps no closing date on a ToDo, so its completion time is
  the ToDo's last modification (`modified`).
"""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, IfNull, Sum
from frappe.utils import add_days, getdate, today

from sales_mgmt.permissions import get_visible_salespeople

OPEN, CLOSED = "Open", "Closed"


def team_salespeople(user: str | None = None) -> dict[str, str]:
	"""{user: salesperson} of the user's team (see the module docstring)."""
	visible = get_visible_salespeople(user or frappe.session.user, "ToDo")
	sp = frappe.qb.DocType("SM Salesperson")
	query = frappe.qb.from_(sp).select(sp.user, sp.name).where(IfNull(sp.user, "") != "")
	if visible is not None:
		query = query.where(sp.name.isin(visible or [""]))
	return dict(query.run())


def overdue_counts(users: list[str], day=None) -> dict[str, int]:
	"""{user: open tasks due before `day` (today)} for `users`, in one query."""
	if not users:
		return {}
	todo = frappe.qb.DocType("ToDo")
	return dict(
		frappe.qb.from_(todo)
		.select(todo.allocated_to, Count(todo.name))
		.where(todo.allocated_to.isin(users))
		.where(todo.status == OPEN)
		.where(todo.date < getdate(day or today()))
		.groupby(todo.allocated_to)
		.run()
	)


def is_overdue(status: str, due_date, day=None) -> bool:
	return status == OPEN and bool(due_date) and getdate(due_date) < getdate(day or today())


def task_counts(users: list[str], from_date, to_date, day=None) -> list[frappe._dict]:
	"""Per user: open tasks, overdue tasks, and tasks completed between the dates (by `modified`)."""
	if not users:
		return []
	todo = frappe.qb.DocType("ToDo")
	day = getdate(day or today())
	is_open = todo.status == OPEN

	def count_if(condition):
		return Sum(Case().when(condition, 1).else_(0))

	completed = (
		(todo.status == CLOSED)
		& (todo.modified >= getdate(from_date))
		& (todo.modified < add_days(getdate(to_date), 1))
	)
	return (
		frappe.qb.from_(todo)
		.select(
			todo.allocated_to,
			count_if(is_open).as_("open"),
			count_if(is_open & (todo.date < day)).as_("overdue"),
			count_if(completed).as_("completed"),
		)
		.where(todo.allocated_to.isin(users))
		.groupby(todo.allocated_to)
		.run(as_dict=True)
	)
