"""What the Money module creates on a site, only when absent: the default approval workflows of sales
orders and expenses (a consultant may change or replace them in the UI; `bench migrate` never touches
them again) and the default expense categories (only on a site without any)."""

import frappe

SALES_ORDER = "SM Sales Order"
WORKFLOW_NAME = "SM Sales Order Approval"
EXPENSE = "SM Expense"
EXPENSE_WORKFLOW_NAME = "SM Expense Approval"
EXPENSE_CATEGORY = "SM Expense Category"

# (group, its expense type, the categories below it); zh.csv has their Chinese names
DEFAULT_EXPENSE_CATEGORIES = (
	("Management Expenses", "Management", ("Travel", "Office Supplies", "Entertainment")),
	("Promotion Expenses", "Promotion", ("Gifts", "Advertising", "Trade Shows")),
)

DRAFT, PENDING, APPROVED, REJECTED, CANCELLED = (
	"Draft",
	"Pending Approval",
	"Approved",
	"Rejected",
	"Cancelled",
)
STATE_STYLES = {DRAFT: "", PENDING: "Warning", APPROVED: "Success", REJECTED: "Danger", CANCELLED: "Inverse"}

SUBMIT, SEND, APPROVE, REJECT, REVISE, CANCEL = (
	"Submit",
	"Submit for Approval",
	"Approve",
	"Reject",
	"Revise",
	"Cancel",
)

SELLERS = ("Sales User", "Sales Manager")
APPROVERS = ("Sales Manager", "Business Owner")


def setup_money() -> None:
	create_sales_order_workflow()
	create_expense_workflow()
	create_default_expense_categories()


def ensure_states_and_actions(actions, styles: dict | None = None) -> None:
	"""The Workflow States (`styles`: state -> indicator style, by default the approval states) and
	Workflow Action Masters a workflow names, those absent."""
	for state, style in (STATE_STYLES if styles is None else styles).items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in actions:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)


def workflow_rows(states, transitions) -> tuple[list[dict], list[dict]]:
	"""A workflow's state and transition rows, one per role, from (state, docstatus, roles) and
	(state, action, next state, roles, condition)."""
	state_rows = [
		{"state": state, "doc_status": str(doc_status), "allow_edit": role}
		for state, doc_status, roles in states
		for role in roles
	]
	transition_rows = [
		{
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": role,
			"allow_self_approval": 1,
			"condition": condition,
		}
		for state, action, next_state, roles, condition in transitions
		for role in roles
	]
	return state_rows, transition_rows


def create_sales_order_workflow() -> None:
	"""Draft → Pending Approval → Approved (submitted), or Rejected; an order that needs no approval
	goes from Draft straight to Approved. Who may approve a given order (the salesperson's manager;
	Finance for an order over the credit limit only) is checked by the order itself, so the rule holds
	whatever the workflow is changed into."""
	if frappe.db.exists("Workflow", {"document_type": SALES_ORDER}):
		return
	ensure_states_and_actions((SUBMIT, SEND, APPROVE, REJECT, REVISE, CANCEL))
	needs = "doc.needs_approval"
	credit_only = "doc.needs_approval and doc.credit_exceeded and not doc.discount_exceeded"
	states, transitions = workflow_rows(
		(
			(DRAFT, 0, (*SELLERS, "Business Owner")),
			(PENDING, 0, (*APPROVERS, "Finance User")),
			(APPROVED, 1, (*APPROVERS, "Finance User")),
			(REJECTED, 0, (*SELLERS, "Business Owner")),
			(CANCELLED, 2, APPROVERS),
		),
		(
			(DRAFT, SUBMIT, APPROVED, (*SELLERS, "Business Owner"), "not doc.needs_approval"),
			(DRAFT, SEND, PENDING, (*SELLERS, "Business Owner"), needs),
			(PENDING, APPROVE, APPROVED, APPROVERS, None),
			(PENDING, APPROVE, APPROVED, ("Finance User",), credit_only),
			(PENDING, REJECT, REJECTED, APPROVERS, None),
			(PENDING, REJECT, REJECTED, ("Finance User",), credit_only),
			(REJECTED, REVISE, DRAFT, (*SELLERS, "Business Owner"), None),
			(APPROVED, CANCEL, CANCELLED, APPROVERS, None),
		),
	)
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": WORKFLOW_NAME,
			"document_type": SALES_ORDER,
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"states": states,
			"transitions": transitions,
		}
	).insert(ignore_permissions=True)


def create_expense_workflow() -> None:
	"""Draft → Pending Approval → Approved (submitted), or Rejected → Draft again. The salesperson's
	manager approves an expense within its budget, the Business Owner any; the expense itself checks
	who submits it (sales_mgmt.money.expense_approval), whatever the workflow is changed into."""
	if frappe.db.exists("Workflow", {"document_type": EXPENSE}):
		return
	ensure_states_and_actions((SEND, APPROVE, REJECT, REVISE, CANCEL))
	spenders = (*SELLERS, "Business Owner")
	states, transitions = workflow_rows(
		(
			(DRAFT, 0, spenders),
			(PENDING, 0, APPROVERS),
			(APPROVED, 1, APPROVERS),
			(REJECTED, 0, spenders),
			(CANCELLED, 2, APPROVERS),
		),
		(
			(DRAFT, SEND, PENDING, spenders, None),
			(PENDING, APPROVE, APPROVED, ("Sales Manager",), 'doc.budget_status != "Over"'),
			(PENDING, APPROVE, APPROVED, ("Business Owner",), None),
			(PENDING, REJECT, REJECTED, APPROVERS, None),
			(REJECTED, REVISE, DRAFT, spenders, None),
			(APPROVED, CANCEL, CANCELLED, APPROVERS, None),
		),
	)
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": EXPENSE_WORKFLOW_NAME,
			"document_type": EXPENSE,
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"states": states,
			"transitions": transitions,
		}
	).insert(ignore_permissions=True)


def create_default_expense_categories() -> None:
	"""Two groups with three categories each, on a site without any expense category: a consultant
	who renames or deletes them never gets them back on the next `bench migrate`."""
	if frappe.db.count(EXPENSE_CATEGORY):
		return
	for group, expense_type, children in DEFAULT_EXPENSE_CATEGORIES:
		frappe.get_doc(
			{"doctype": EXPENSE_CATEGORY, "category_name": group, "is_group": 1, "expense_type": expense_type}
		).insert(ignore_permissions=True)
		for child in children:
			frappe.get_doc(
				{"doctype": EXPENSE_CATEGORY, "category_name": child, "parent_sm_expense_category": group}
			).insert(ignore_permissions=True)
