"""Hot customers: a salesperson's short list of customers to push now (SM Hot Flag).

A flag is active from when it is set until `expires_on` (inclusive); a daily job switches expired
flags off. Each customer carries the note of its most urgent active flag (`SM Customer.is_hot`,
`hot_note`) so the customer list can show a flame with the note as its tooltip without a query per
row. Notes are plain text: markup is refused on save, and every place that renders a note escapes it.
"""

import re

import frappe
from frappe import _
from frappe.query_builder import Order
from frappe.query_builder.functions import Coalesce
from frappe.utils import add_days, cint, getdate

from sales_mgmt.exceptions import HotFlagNoteError
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

NOTE_MAX_LENGTH = 140
DEFAULT_EXPIRY_DAYS = 14
# an HTML tag, comment or declaration starts with "<" directly followed by a name, "/", "!" or "?"
_MARKUP = re.compile(r"<[a-zA-Z/!?]")
_FAR_FUTURE = "9999-12-31"


def clean_note(note: str | None) -> str:
	return (note or "").strip()


def note_error(note: str) -> str | None:
	"""Why `note` cannot be stored, or None."""
	if len(note) > NOTE_MAX_LENGTH:
		return _("The note has {0} characters; keep it to {1}.").format(len(note), NOTE_MAX_LENGTH)
	if _MARKUP.search(note):
		return _("The note must be plain text: remove the HTML tags (text starting with <).")
	return None


def validate_note(note: str) -> None:
	if error := note_error(note):
		frappe.throw(error, HotFlagNoteError, title=_("Invalid note"))


def expiry_days() -> int:
	days = get_settings().hot_flag_expiry_days
	return cint(days) if cint(days) > 0 else DEFAULT_EXPIRY_DAYS


def default_expiry(today=None):
	return add_days(getdate(today), expiry_days())


def active_key(customer: str, salesperson: str | None) -> str:
	return f"{customer}::{salesperson or ''}"


def _active_flags_query(today=None):
	"""Active, unexpired flags, most urgent first: soonest expected date, then soonest expiry."""
	flag = frappe.qb.DocType("SM Hot Flag")
	today = getdate(today)
	return (
		frappe.qb.from_(flag)
		.where((flag.active == 1) & (Coalesce(flag.expires_on, _FAR_FUTURE) >= today))
		.orderby(Coalesce(flag.expected_date, _FAR_FUTURE), order=Order.asc)
		.orderby(Coalesce(flag.expires_on, _FAR_FUTURE), order=Order.asc)
		.orderby(flag.creation, order=Order.asc)
	), flag


def get_active_flags(salesperson: str, today=None) -> list[dict]:
	"""A salesperson's hot customers for the workbench, most urgent first."""
	query, flag = _active_flags_query(today)
	customer = frappe.qb.DocType("SM Customer")
	return (
		query.inner_join(customer)
		.on(customer.name == flag.customer)
		.select(
			flag.name,
			flag.customer,
			customer.customer_name,
			flag.opportunity,
			flag.note,
			flag.expected_date,
			flag.expires_on,
		)
		.where(flag.salesperson == salesperson)
		.run(as_dict=True)
	)


def refresh_customer_hot_note(*customers: str | None, today=None) -> None:
	"""Copy the most urgent active flag's note onto each customer (or clear it)."""
	for customer in {c for c in customers if c}:
		query, flag = _active_flags_query(today)
		rows = query.select(flag.note).where(flag.customer == customer).limit(1).run()
		values = {"is_hot": 1, "hot_note": rows[0][0] or ""} if rows else {"is_hot": 0, "hot_note": None}
		current = frappe.db.get_value("SM Customer", customer, ["is_hot", "hot_note"], as_dict=True)
		if current and (cint(current.is_hot), current.hot_note or None) != (
			values["is_hot"],
			values["hot_note"] or None,
		):
			frappe.db.set_value("SM Customer", customer, values, update_modified=False)


def expire_hot_flags(today=None) -> list[str]:
	"""Switch off flags whose expiry day has passed; idempotent. Returns the flags switched off."""
	today = getdate(today)
	expired = frappe.get_all(
		"SM Hot Flag",
		filters={"active": 1, "expires_on": ("<", today)},
		fields=["name", "customer"],
	)
	for row in expired:
		frappe.db.set_value("SM Hot Flag", row.name, {"active": 0, "active_key": None})
	refresh_customer_hot_note(*(row.customer for row in expired), today=today)
	return [row.name for row in expired]


def run_expiry_job() -> None:
	expire_hot_flags()
	frappe.db.commit()


def enqueue_expiry() -> None:
	"""Daily scheduler entry: one deduplicated job per site."""
	frappe.enqueue(
		"sales_mgmt.deals.hot_flags.run_expiry_job",
		queue="short",
		job_id="sales_mgmt:expire_hot_flags",
		deduplicate=True,
	)
