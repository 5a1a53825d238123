"""What the Deals module installs on a site, idempotently (after install and every migrate):
only what is absent is created, so consultants' edits in the UI survive `bench migrate`."""

import os

import frappe

from sales_mgmt.deals.exchange_rates import create_currency_exchange
from sales_mgmt.deals.stages import create_default_stages

DEFAULT_LOST_REASONS = (
	"Price too high",
	"Lost to a competitor",
	"No budget",
	"Project cancelled",
	"No decision",
)

HOT_CUSTOMERS_BLOCK = "Hot Customers"
_BLOCK_DIR = os.path.join(os.path.dirname(__file__), "workbench_blocks")
_BLOCK_ROLES = ("Sales User", "Sales Manager", "Business Owner", "System Manager")


def setup_deals() -> None:
	create_currency_exchange()
	create_default_stages()
	create_default_lost_reasons()
	set_default_settings()
	create_hot_customers_block()


def create_default_lost_reasons() -> None:
	if frappe.db.count("SM Lost Reason"):
		return
	for reason in DEFAULT_LOST_REASONS:
		frappe.get_doc({"doctype": "SM Lost Reason", "reason": reason}).insert(ignore_permissions=True)


def set_default_settings() -> None:
	"""Fill the Deals settings a site upgraded from an earlier version does not have yet."""
	singles = frappe.qb.DocType("Singles")
	for field, value in (("hot_flag_expiry_days", 14), ("stall_alerts_enabled", 1)):
		stored = (
			frappe.qb.from_(singles)
			.select(singles.value)
			.where((singles.doctype == "SM Settings") & (singles.field == field))
			.run()
		)
		if not stored or stored[0][0] in (None, ""):
			frappe.db.set_single_value("SM Settings", field, value)


def _read_block_file(extension: str) -> str:
	with open(os.path.join(_BLOCK_DIR, f"hot_customers.{extension}")) as f:
		return f.read()


def create_hot_customers_block() -> None:
	"""The workbench's hot-customer list: a Custom HTML Block whose script calls the app's code."""
	if frappe.db.exists("Custom HTML Block", HOT_CUSTOMERS_BLOCK):
		return
	block = frappe.new_doc("Custom HTML Block")
	block.name = HOT_CUSTOMERS_BLOCK
	block.html = _read_block_file("html")
	block.script = _read_block_file("js")
	block.style = _read_block_file("css")
	block.private = 0
	for role in _BLOCK_ROLES:
		block.append("roles", {"role": role})
	block.insert(ignore_permissions=True, set_name=HOT_CUSTOMERS_BLOCK)


def remove_hot_customers_block() -> None:
	frappe.delete_doc(
		"Custom HTML Block", HOT_CUSTOMERS_BLOCK, ignore_permissions=True, ignore_missing=True, force=True
	)
