"""Idempotent setup run after install and after every migrate: only what is absent is created,
so what an administrator changed in the UI survives `bench migrate`."""

import frappe

ROLES = (
	"Sales User",
	"Sales Manager",
	"Service Agent",
	"Warehouse User",
	"Finance User",
	"Business Owner",
)

DEFAULT_CURRENCY = "CNY"


def after_install():
	ensure_roles()
	ensure_settings()


def after_migrate():
	ensure_roles()


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
