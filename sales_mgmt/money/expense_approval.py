"""Who may approve (submit) an expense.

Every expense is approved before it is submitted: by the salesperson's manager (a Sales Manager above
the expense's salesperson in the tree, never the salesperson themself), the Business Owner or a
System Manager. An expense over its budget is approved only by the Business Owner or a System
Manager. The default workflow (setup.py) routes expenses to them; the check here holds whatever a
consultant turns the workflow into.
"""

import frappe
from frappe import _

from sales_mgmt.exceptions import ApprovalRequiredError
from sales_mgmt.money.approval import ALWAYS_APPROVE
from sales_mgmt.people.hierarchy import get_ancestors, get_salesperson

OVER = "Over"


def can_approve_expense(expense, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	if roles & ALWAYS_APPROVE:
		return True
	if expense.budget_status == OVER or "Sales Manager" not in roles:
		return False
	mine = get_salesperson(user)
	return bool(mine and expense.salesperson and mine in get_ancestors(expense.salesperson))


def validate_expense_approver(expense) -> None:
	"""Called on submit: the expense is submitted by someone who may approve it, who is recorded."""
	if not can_approve_expense(expense):
		who = (
			_("the Business Owner")
			if expense.budget_status == OVER
			else _("the salesperson's manager or the Business Owner")
		)
		frappe.throw(
			_("This expense needs approval by {0} before it is submitted.").format(who),
			ApprovalRequiredError,
			title=_("Approval required"),
		)
	expense.approved_by = frappe.session.user
