"""What the Service module creates on a site, only when absent: the default complaint workflow (a
consultant may change or replace it in the UI; `bench migrate` never touches it again) and the default
complaint categories (only on a site without any)."""

import os

import frappe

from sales_mgmt.money.setup import ensure_states_and_actions, workflow_rows
from sales_mgmt.service.sla import CLOSED, IN_PROGRESS, OPEN, RESOLVED

COMPLAINT = "SM Complaint"
WORKFLOW_NAME = "SM Complaint Workflow"
CATEGORY = "SM Complaint Category"

# zh.csv has their Chinese names (SM Complaint Category is a translated DocType)
DEFAULT_CATEGORIES = (
	"Product Quality",
	"Logistics",
	"Installation",
	"Service Attitude",
	"Billing",
	"Other",
)

STATE_STYLES = {OPEN: "Danger", IN_PROGRESS: "Warning", RESOLVED: "Success", CLOSED: "Inverse"}
START, RESOLVE, CLOSE, REOPEN = "Start", "Resolve", "Close", "Reopen"

HANDLERS = ("Service Agent", "Sales Manager")
EDITORS = (*HANDLERS, "Sales User", "Business Owner")


BLOCK = "Key Customer Complaints"
_BLOCK_DIR = os.path.join(os.path.dirname(__file__), "console_blocks")
_BLOCK_ROLES = ("Service Agent", "Sales User", "Sales Manager", "Business Owner", "System Manager")


def setup_service() -> None:
	create_complaint_workflow()
	create_default_categories()
	create_key_customer_block()


def create_key_customer_block() -> None:
	"""The Service Console's list of key customers' complaints: a Custom HTML Block whose script calls
	the app's code (sales_mgmt/public/js/service.js), so the rendering updates with the app."""
	if frappe.db.exists("Custom HTML Block", BLOCK):
		return
	block = frappe.new_doc("Custom HTML Block")
	block.name = BLOCK
	for extension, field in (("html", "html"), ("js", "script"), ("css", "style")):
		with open(os.path.join(_BLOCK_DIR, f"key_customer_complaints.{extension}")) as f:
			block.set(field, f.read())
	block.private = 0
	for role in _BLOCK_ROLES:
		block.append("roles", {"role": role})
	block.insert(ignore_permissions=True, set_name=BLOCK)


def remove_key_customer_block() -> None:
	frappe.delete_doc("Custom HTML Block", BLOCK, ignore_permissions=True, ignore_missing=True, force=True)


def create_complaint_workflow() -> None:
	"""Open → In Progress → Resolved → Closed; Resolve also straight from Open; Reopen from Resolved or
	Closed back to In Progress. Service Agents and Sales Managers move complaints; salespeople and the
	Business Owner may edit them (add details) in Open. The complaint itself requires a resolution text
	to resolve and keeps its times (sales_mgmt.service.complaints), whatever the workflow becomes."""
	if frappe.db.exists("Workflow", {"document_type": COMPLAINT}):
		return
	ensure_states_and_actions((START, RESOLVE, CLOSE, REOPEN), STATE_STYLES)
	states, transitions = workflow_rows(
		(
			(OPEN, 0, EDITORS),
			(IN_PROGRESS, 0, (*HANDLERS, "Business Owner")),
			(RESOLVED, 0, (*HANDLERS, "Business Owner")),
			(CLOSED, 0, (*HANDLERS, "Business Owner")),
		),
		(
			(OPEN, START, IN_PROGRESS, HANDLERS, None),
			(OPEN, RESOLVE, RESOLVED, HANDLERS, None),
			(IN_PROGRESS, RESOLVE, RESOLVED, HANDLERS, None),
			(RESOLVED, CLOSE, CLOSED, HANDLERS, None),
			(RESOLVED, REOPEN, IN_PROGRESS, HANDLERS, None),
			(CLOSED, REOPEN, IN_PROGRESS, HANDLERS, None),
		),
	)
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": WORKFLOW_NAME,
			"document_type": COMPLAINT,
			"workflow_state_field": "status",
			"is_active": 1,
			"send_email_alert": 0,
			"states": states,
			"transitions": transitions,
		}
	).insert(ignore_permissions=True)


def create_default_categories() -> None:
	if frappe.db.count(CATEGORY):
		return
	for name in DEFAULT_CATEGORIES:
		frappe.get_doc({"doctype": CATEGORY, "category_name": name}).insert(ignore_permissions=True)
