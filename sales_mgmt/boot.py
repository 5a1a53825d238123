"""What the desk needs to know about the logged-in user at boot."""

import frappe

from sales_mgmt.deals.stages import get_stages
from sales_mgmt.people.hierarchy import get_salesperson

WORKBENCH = "Sales Workbench"
# users with these roles land on the Sales Workbench unless they chose a default workspace themselves
WORKBENCH_ROLES = frozenset({"Sales User", "Sales Manager"})


def boot_session(bootinfo):
	if not bootinfo.get("user"):
		return
	# every Link field named `salesperson` defaults to the user's own salesperson in new forms
	salesperson = get_salesperson(bootinfo.user.name)
	if salesperson:
		bootinfo.user.defaults["salesperson"] = salesperson
	set_default_workspace(bootinfo)
	# the opportunity list reads stall days without a request per row; probabilities are not sent:
	# the server sets them from the stages as they are when a deal is saved
	bootinfo.sm_sales_stages = {
		s.name: {k: s[k] for k in ("stage_name", "stage_type", "stall_days")} for s in get_stages()
	}


def set_default_workspace(bootinfo):
	user = bootinfo.user
	if user.get("default_workspace") or WORKBENCH_ROLES.isdisjoint(user.get("roles") or []):
		return
	workspace = frappe.db.get_value("Workspace", WORKBENCH, ["name", "title", "public"], as_dict=True)
	if workspace:
		user.default_workspace = {
			"name": workspace.name,
			"public": workspace.public,
			"title": workspace.title,
		}
