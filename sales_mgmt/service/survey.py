"""The satisfaction survey of a resolved complaint: a link with a signed token, answered once, without
login, at /complaint-feedback?token=… (sales_mgmt/www/complaint-feedback.py).

Token: `<complaint name, base64url>.<expiry, unix seconds>.<nonce>.<signature>`, the signature an
HMAC-SHA256 of the name, expiry and nonce with a key derived from the site's encryption key. The
complaint keeps the nonce, the expiry and the SHA-256 of the token (never the token itself); a token is
accepted only when its signature is right (not tampered, not guessed), it has not expired, and its hash
is the complaint's current one (so it is for this complaint and this resolution, and unused: answering
clears the hash). The link can be rebuilt for a phone follow-up from the nonce and expiry by whoever may
change the complaint.

A survey is issued when a complaint is resolved and has no satisfaction yet; it is valid for
SURVEY_VALID_DAYS. Answering writes `satisfaction` (Frappe stores a rating of n out of 5 stars as n/5)
and `feedback` (escaped as stored), under a row lock, so two submissions of one token write once.
"""

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import add_days, cint, get_datetime, get_url, now_datetime

from sales_mgmt.exceptions import InvalidSurveyError
from sales_mgmt.user_text import escape

COMPLAINT = "SM Complaint"
SURVEY_VALID_DAYS = 30
MAX_FEEDBACK_LENGTH = 2000
STARS = 5
PATH = "/complaint-feedback"


def _key() -> bytes:
	from frappe.utils.password import get_encryption_key

	return hashlib.sha256(f"sales_mgmt.complaint_survey:{get_encryption_key()}".encode()).digest()


def _encode(text: str) -> str:
	return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(text: str) -> str:
	return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


def _signature(name: str, expires: int, nonce: str) -> str:
	message = f"{name}|{expires}|{nonce}".encode()
	return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def make_token(name: str, expires: int, nonce: str) -> str:
	return ".".join((_encode(name), str(expires), nonce, _signature(name, expires, nonce)))


def token_hash(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def issue(doc, now) -> None:
	"""A new survey on `doc` (replacing any earlier one)."""
	expires_on = add_days(get_datetime(now), SURVEY_VALID_DAYS).replace(microsecond=0)
	doc.survey_nonce = secrets.token_hex(16)
	doc.survey_expires_on = expires_on
	doc.survey_token_hash = token_hash(make_token(doc.name, int(expires_on.timestamp()), doc.survey_nonce))


def withdraw(doc) -> None:
	doc.survey_nonce = doc.survey_token_hash = doc.survey_expires_on = None


def current_token(doc) -> str | None:
	"""The token of `doc`'s open survey (None when there is none)."""
	if not (doc.survey_nonce and doc.survey_token_hash and doc.survey_expires_on):
		return None
	expires = int(get_datetime(doc.survey_expires_on).timestamp())
	token = make_token(doc.name, expires, doc.survey_nonce)
	return token if hmac.compare_digest(token_hash(token), doc.survey_token_hash) else None


def link(token: str) -> str:
	return get_url(f"{PATH}?{urlencode({'token': token})}")


def _refuse(message: str) -> None:
	frappe.throw(message, InvalidSurveyError, title=_("Survey link not valid"))


def read_token(token, for_update: bool = False) -> frappe._dict:
	"""The complaint (name, subject, customer_name) a valid, unused token is for; refuses any other."""
	parts = token.split(".") if isinstance(token, str) and len(token) < 500 else []
	if len(parts) != 4 or not parts[1].isdigit():
		_refuse(_("This survey link is not valid."))
	encoded, expires, nonce, signature = parts
	try:
		name = _decode(encoded)
	except (binascii.Error, UnicodeDecodeError, ValueError):
		_refuse(_("This survey link is not valid."))
	if not hmac.compare_digest(_signature(name, int(expires), nonce), signature):
		_refuse(_("This survey link is not valid."))
	if int(expires) < now_datetime().timestamp():
		_refuse(_("This survey link has expired."))
	complaint = frappe.db.get_value(
		COMPLAINT,
		name,
		["name", "subject", "customer", "survey_token_hash", "satisfaction"],
		as_dict=True,
		for_update=for_update,
	)
	if not complaint or not complaint.survey_token_hash or complaint.satisfaction:
		_refuse(_("This survey has already been answered, or the link is no longer valid."))
	if not hmac.compare_digest(complaint.survey_token_hash, token_hash(token)):
		_refuse(_("This survey has already been answered, or the link is no longer valid."))
	complaint.customer_name = frappe.db.get_value("SM Customer", complaint.customer, "customer_name")
	return complaint


def parse_rating(rating) -> int:
	text = str(rating if rating is not None else "").strip()
	if not re.fullmatch(r"[1-5]", text):
		frappe.throw(_("Choose a rating from 1 to 5 stars."), InvalidSurveyError, title=_("Invalid rating"))
	return int(text)


def submit(token: str, rating, comment: str | None = None) -> str:
	"""Write the answer once; returns the complaint's name."""
	stars = parse_rating(rating)
	comment = (comment or "").strip()
	if len(comment) > MAX_FEEDBACK_LENGTH:
		frappe.throw(
			_("Please keep the comment under {0} characters.").format(MAX_FEEDBACK_LENGTH),
			InvalidSurveyError,
			title=_("Comment too long"),
		)
	complaint = read_token(token, for_update=True)
	frappe.db.set_value(
		COMPLAINT,
		complaint.name,
		{
			"satisfaction": stars / STARS,
			"feedback": escape(comment),
			"survey_token_hash": None,
			"survey_nonce": None,
		},
	)
	# on the complaint's timeline, for the account manager and the agent
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": COMPLAINT,
			"reference_name": complaint.name,
			"content": _("The customer answered the survey: {0} of 5 stars.").format(stars),
		}
	).insert(ignore_permissions=True)
	return complaint.name


def rating_of(satisfaction) -> int:
	"""Stars (0–5) of a stored Rating value."""
	return cint(round(float(satisfaction or 0) * STARS))


# --- sending --------------------------------------------------------------------------------------


def recipient(doc) -> str | None:
	"""The contact's email, else the customer's."""
	email = frappe.db.get_value("Contact", doc.contact, "email_id") if doc.contact else None
	return email or frappe.db.get_value("SM Customer", doc.customer, "email")


def send(doc) -> bool:
	"""Email the survey link when the complaint has one, the customer an email address and the site an
	outgoing email account; returns whether it was queued."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	token = current_token(doc)
	email = recipient(doc)
	if not (token and email and EmailAccount.find_outgoing()):
		return False
	url = link(token)
	frappe.sendmail(
		recipients=[email],
		subject=_("How did we do? {0}").format(escape(doc.subject)),
		message=_(
			"<p>Your complaint <strong>{0}</strong> has been resolved.</p>"
			'<p>Please tell us how satisfied you are: <a href="{1}">{1}</a></p>'
		).format(escape(doc.subject), escape(url)),
		reference_doctype=COMPLAINT,
		reference_name=doc.name,
		now=False,
	)
	return True
