"""Who owns a customer, a lead, an opportunity or a hot flag: defaults and checks on the `salesperson`
field."""

import frappe
from frappe import _

from sales_mgmt.exceptions import DisabledSalespersonError
from sales_mgmt.people.hierarchy import get_salesperson
from sales_mgmt.user_text import bold


def customer_salesperson(customer: str | None) -> str | None:
	return frappe.db.get_value("SM Customer", customer, "salesperson") if customer else None


def validate_enabled_salesperson(doc) -> None:
	"""Refuse a disabled salesperson on a new record or when the salesperson changes."""
	if not doc.salesperson or not (doc.is_new() or doc.has_value_changed("salesperson")):
		return
	name, enabled = frappe.db.get_value(
		"SM Salesperson", doc.salesperson, ["salesperson_name", "enabled"]
	) or (None, None)
	if not enabled:
		frappe.throw(
			_("Salesperson {0} is disabled; choose an active salesperson.").format(
				bold(name or doc.salesperson)
			),
			DisabledSalespersonError,
			title=_("Disabled salesperson"),
		)


def own_salesperson() -> str | None:
	return get_salesperson(frappe.session.user)


def customer_readable(doc) -> bool:
	"""Whether a record's defaults may come from its customer: only when the user may read (or pick)
	it — another team's customer is refused by the link check, and nothing of it may end up in the
	record or a message."""
	from sales_mgmt.permissions import can_pick

	return bool(doc.customer) and bool(doc.flags.ignore_permissions or can_pick("SM Customer", doc.customer))


def default_salesperson(doc, readable: bool) -> str | None:
	"""A new record's salesperson: its customer's (when `readable`), else the user's own."""
	return (customer_salesperson(doc.customer) if readable else None) or own_salesperson()
