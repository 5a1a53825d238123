"""Hot customers: a salesperson's short list of customers to push now (SM Hot Flag).

A flag is active from when it is set until `expires_on` (inclusive); a daily job switches expired
flags off. The customer list and form show a flame with the note of the most urgent active flag the
*viewer* may read (`visible_hot_flags`, one `frappe.get_list` for the customers of a list page): a
note is never copied onto the customer, where everyone who reads the customer would read it. Notes are
plain text: markup is refused on save, and every place that renders a note escapes it.
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


def visible_hot_flags(customers: list[str], today=None) -> dict[str, dict]:
	"""customer -> the most urgent active flag on it that the current user may read (its note, expected
	date and expiry); customers without such a flag are left out. Goes through `frappe.get_list`, so the
	hierarchy rule of SM Hot Flag decides, as in the flag's own list."""
	if not customers:
		return {}
	flags = frappe.get_list(
		"SM Hot Flag",
		filters=[["customer", "in", customers], ["active", "=", 1]],
		or_filters=[["expires_on", ">=", getdate(today)], ["expires_on", "is", "not set"]],
		fields=["customer", "note", "expected_date", "expires_on", "creation"],
		order_by="creation asc",
		limit_page_length=0,
	)
	result = {}
	for flag in sorted(flags, key=_urgency):
		result.setdefault(flag.customer, {k: flag[k] for k in ("note", "expected_date", "expires_on")})
	return result


def _urgency(flag) -> tuple:
	"""The order of `_active_flags_query`: soonest expected date, then soonest expiry (none last)."""
	far = getdate(_FAR_FUTURE)
	return (getdate(flag.expected_date or far), getdate(flag.expires_on or far), flag.creation)


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
