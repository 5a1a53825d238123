"""Rules about customers that need no database: name normalisation and contact data checks (used by
SM Customer and SM Lead)."""

import re
import unicodedata

import frappe
from frappe import _
from frappe.utils import validate_email_address
from frappe.utils.html_utils import sanitize_html

from sales_mgmt.user_text import bold

_PHONE_CHARS = re.compile(r"^\+?[0-9\s\-()]+$")
_WHITESPACE = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"\D")


def customer_name_key(name: str | None) -> str:
	"""The form of a customer name under which two names count as the same customer.

	Case, full-width/half-width forms and all whitespace are ignored, so "ACME  Co", " acme co "
	and "ＡＣＭＥ Ｃｏ" are one customer.
	"""
	normalized = unicodedata.normalize("NFKC", name or "")
	return _WHITESPACE.sub("", normalized).casefold()


def clean_customer_name(name: str | None) -> str:
	"""A customer or lead name as it will be stored: trimmed, runs of whitespace collapsed, and passed
	through Frappe's sanitiser as `Document._sanitize_content` does for a Data field, so that keys and
	comparisons are computed from the stored value (`<img src=x onerror=...>` is stored as
	`<img src="x">`)."""
	return as_stored(_WHITESPACE.sub(" ", (name or "").strip()))


def as_stored(value: str) -> str:
	"""`value` as Frappe stores it in a Data field without `ignore_xss_filter`: Frappe sanitises only
	text containing < or >, with `frappe.utils.html_utils.sanitize_html` (idempotent)."""
	if "<" in value or ">" in value:
		return sanitize_html(value)
	return value


def phone_key(phone: str | None) -> str:
	"""The digits under which two phone numbers count as the same line: no punctuation, no China
	country code (+86 / 0086) and no trunk 0, so "+86 755 2345 6789" = "0755-23456789"."""
	digits = _NON_DIGITS.sub("", phone or "")
	if digits.startswith("0086"):
		digits = digits[4:]
	elif digits.startswith("86") and len(digits) > 11:
		digits = digits[2:]
	return digits.removeprefix("0")


def is_valid_phone(phone: str) -> bool:
	"""Accept landline, mobile and international numbers: digits with + - ( ) and spaces.

	A number has 7 to 15 digits (15 is the E.164 maximum; 7 is a local landline without area code).
	"""
	phone = phone.strip()
	if not _PHONE_CHARS.match(phone):
		return False
	digits = sum(ch.isdigit() for ch in phone)
	return 7 <= digits <= 15


def validate_contact_data(doc) -> None:
	"""Trim `doc`'s email and phone and refuse either when it is not valid."""
	if doc.email:
		doc.email = doc.email.strip()
		validate_email_address(doc.email, throw=True)
	if doc.phone:
		doc.phone = doc.phone.strip()
		if not is_valid_phone(doc.phone):
			frappe.throw(
				_("{0} is not a valid phone number.").format(bold(doc.phone)),
				frappe.InvalidPhoneNumberError,
				title=_("Invalid phone number"),
			)
