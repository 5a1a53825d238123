"""What the Money module creates on a site, only when absent: the default approval workflow of sales
orders (a consultant may change or replace it in the UI; `bench migrate` never touches it again)."""

import frappe

SALES_ORDER = "SM Sales Order"
WORKFLOW_NAME = "SM Sales Order Approval"

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


def create_sales_order_workflow() -> None:
	"""Draft → Pending Approval → Approved (submitted), or Rejected; an order that needs no approval
	goes from Draft straight to Approved. Who may approve a given order (the salesperson's manager;
	Finance for an order over the credit limit only) is checked by the order itself, so the rule holds
	whatever the workflow is changed into."""
	if frappe.db.exists("Workflow", {"document_type": SALES_ORDER}):
		return
	for state, style in STATE_STYLES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)
	for action in (SUBMIT, SEND, APPROVE, REJECT, REVISE, CANCEL):
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)

	states = []
	for state, doc_status, roles in (
		(DRAFT, 0, (*SELLERS, "Business Owner")),
		(PENDING, 0, (*APPROVERS, "Finance User")),
		(APPROVED, 1, (*APPROVERS, "Finance User")),
		(REJECTED, 0, (*SELLERS, "Business Owner")),
		(CANCELLED, 2, APPROVERS),
	):
		states += [{"state": state, "doc_status": str(doc_status), "allow_edit": role} for role in roles]

	needs = "doc.needs_approval"
	credit_only = "doc.needs_approval and doc.credit_exceeded and not doc.discount_exceeded"
	transitions = []
	for state, action, next_state, roles, condition in (
		(DRAFT, SUBMIT, APPROVED, (*SELLERS, "Business Owner"), "not doc.needs_approval"),
		(DRAFT, SEND, PENDING, (*SELLERS, "Business Owner"), needs),
		(PENDING, APPROVE, APPROVED, APPROVERS, None),
		(PENDING, APPROVE, APPROVED, ("Finance User",), credit_only),
		(PENDING, REJECT, REJECTED, APPROVERS, None),
		(PENDING, REJECT, REJECTED, ("Finance User",), credit_only),
		(REJECTED, REVISE, DRAFT, (*SELLERS, "Business Owner"), None),
		(APPROVED, CANCEL, CANCELLED, APPROVERS, None),
	):
		transitions += [
			{
				"state": state,
				"action": action,
				"next_state": next_state,
				"allowed": role,
				"allow_self_approval": 1,
				"condition": condition,
			}
			for role in roles
		]
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
