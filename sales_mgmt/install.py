"""Idempotent setup run after install and after every migrate: only what is absent is created,
so what an administrator changed in the UI survives `bench migrate`."""

import frappe

from sales_mgmt.deals.setup import remove_hot_customers_block, setup_deals
from sales_mgmt.money.setup import setup_money
from sales_mgmt.service.setup import remove_key_customer_block, setup_service

ROLES = (
	"Sales User",
	"Sales Manager",
	"Service Agent",
	"Warehouse User",
	"Finance User",
	"Business Owner",
)

DEFAULT_CURRENCY = "CNY"

_FULL = ("read", "write", "create", "delete", "report", "export", "print", "email", "share")
_KEEP = ("read", "write", "create", "report", "print", "email")

# Frappe's Contact and Address name ERPNext's roles; grant ours what they need to work with
# customers' contacts (record visibility still follows the customer, see permissions.py).
CONTACT_PERMISSIONS = {
	"Contact": {"Business Owner": _FULL, "Finance User": _KEEP, "Service Agent": _KEEP},
	"Address": {
		"Business Owner": _FULL,
		"Sales Manager": (*_KEEP, "share"),
		"Finance User": _KEEP,
		"Service Agent": _KEEP,
	},
}

# Frappe's Currency is readable by Sales User only (of ours): the roles that keep accounts, orders and
# expenses in several currencies pick one in link fields
CURRENCY_PERMISSIONS = {
	"Currency": {role: ("read",) for role in ("Business Owner", "Finance User", "Sales Manager")}
}


# SM Settings added after the first release, set once: a single's new field has no value on an
# existing site
ADDED_SETTINGS = {
	"allow_negative_stock": 0,
	"allow_backdated_stock_posting": 0,
	"notify_product_changes": 1,
	"overstock_months": 3,
	"max_discount_percent": 10,
	"aging_ranges": "30, 60, 90",
	"expense_budget_action": "Warn",
	"expense_spend_ratio_percent": 10,
	"expense_dormant_months": 6,
	"expense_outlier_factor": 3,
	"expense_outlier_min_count": 5,
	"daily_report_time": "20:00:00",
	"daily_reports_enabled": 1,
	"send_team_digest": 1,
	"activity_reminder_minutes": 15,
	"inactive_customer_days": 30,
	# Service: complaint targets in hours (first response, resolution) per severity
	**{
		f"complaint_{kind}_hours_{severity}": hours
		for kind, targets in (
			("response", {"low": 24, "medium": 8, "high": 4, "critical": 1}),
			("resolution", {"low": 120, "medium": 72, "high": 24, "critical": 8}),
		)
		for severity, hours in targets.items()
	},
}


def after_install():
	ensure_roles()
	ensure_settings()
	ensure_added_settings()
	ensure_address_template()
	grant_contact_permissions()
	setup_deals()
	setup_money()
	setup_service()


def after_migrate():
	ensure_roles()
	ensure_added_settings()
	setup_deals()
	setup_money()
	setup_service()


def before_uninstall():
	remove_hot_customers_block()
	remove_key_customer_block()


def ensure_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def ensure_settings():
	if frappe.db.exists("Currency", DEFAULT_CURRENCY):
		frappe.db.set_value("Currency", DEFAULT_CURRENCY, "enabled", 1)
	settings = frappe.get_single("SM Settings")
	if not settings.base_currency:
		settings.base_currency = DEFAULT_CURRENCY
	if not settings.fiscal_year_start_month:
		settings.fiscal_year_start_month = "1"
	settings.flags.ignore_permissions = True
	settings.save()


def ensure_added_settings():
	stored = set(
		frappe.qb.get_query(table="Singles", filters={"doctype": "SM Settings"}, fields="field").run(
			pluck=True
		)
	)
	for field, value in ADDED_SETTINGS.items():
		if field not in stored:
			frappe.db.set_single_value("SM Settings", field, value, update_modified=False)


def ensure_address_template():
	"""Customers' addresses need a default Address Template; Frappe ships none for China."""
	from frappe.contacts.doctype.address_template.address_template import get_default_address_template

	if frappe.db.exists("Address Template", {"is_default": 1}) or not frappe.db.exists("Country", "China"):
		return
	frappe.get_doc(
		{
			"doctype": "Address Template",
			"country": "China",
			"is_default": 1,
			"template": get_default_address_template(),
		}
	).insert(ignore_permissions=True, ignore_if_duplicate=True)


def grant_contact_permissions():
	"""Add our roles to Contact, Address and Currency permissions, once: an administrator may change
	them later."""
	from frappe.permissions import add_permission, update_permission_property

	for doctype, roles in {**CONTACT_PERMISSIONS, **CURRENCY_PERMISSIONS}.items():
		for role, rights in roles.items():
			if frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": role, "permlevel": 0}):
				continue
			add_permission(doctype, role, 0)
			for right in rights:
				update_permission_property(doctype, role, 0, right, 1, validate=False)
