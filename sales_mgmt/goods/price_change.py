"""Price history and change notices of SM Product.

Every change of a product's standard price appends a row to its price history (old, new, who, when,
why). When the standard price or the specification changes and SM Settings `notify_product_changes`
is on, every enabled user with the Sales User or Sales Manager role gets a Notification Log, in their
own language, saying what changed from what to what. Frappe e-mails it as well when an outgoing
e-mail account is set up and the user has not turned e-mail notifications off; without one it stays
an in-app notice. More than NOTIFY_INLINE_LIMIT recipients are notified by a background job.
"""

import frappe
from frappe import _
from frappe.utils import cstr, fmt_money, get_datetime, strip_html

from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import escape

NOTIFIED_ROLES = ("Sales User", "Sales Manager")
NOTIFY_INLINE_LIMIT = 5
# how much of a specification the notice quotes; the e-mail carries more
SPEC_EXCERPT = 80
SPEC_EMAIL_EXCERPT = 2000


def price_history_row(old, new, changed_by: str, changed_on, reason: str | None) -> dict:
	return {
		"old": old,
		"new": new,
		"changed_by": changed_by,
		"changed_on": changed_on,
		"reason": (reason or "").strip() or None,
	}


def excerpt(html: str | None, length: int) -> str:
	"""Plain text of a Text Editor value, shortened to `length` characters."""
	text = " ".join(strip_html(cstr(html)).split())
	return text if len(text) <= length else text[: length - 1] + "…"


def product_changes(doc) -> list[dict]:
	"""What changed in a saved product that salespeople must hear about."""
	before = doc.get_doc_before_save()
	if not before:
		return []
	changes = []
	if doc.has_value_changed("standard_price"):
		changes.append({"field": "standard_price", "old": before.standard_price, "new": doc.standard_price})
	if excerpt(before.specification, SPEC_EMAIL_EXCERPT) != excerpt(doc.specification, SPEC_EMAIL_EXCERPT):
		changes.append({"field": "specification", "old": before.specification, "new": doc.specification})
	return changes


def describe(product: dict, changes: list[dict], reason: str | None, lang: str | None) -> tuple[str, str]:
	"""Subject and e-mail body of a change notice, in `lang`; user text is escaped."""
	label = escape(f"{product['product_name']} ({product['name']})")
	sentences, details = [], []
	for change in changes:
		if change["field"] == "standard_price":
			sentences.append(
				_("Standard price of {0} changed from {1} to {2}.", lang=lang).format(
					f"<b>{label}</b>",
					fmt_money(change["old"], currency=product.get("currency")),
					fmt_money(change["new"], currency=product.get("currency")),
				)
			)
		else:
			sentences.append(
				_("Specification of {0} changed from “{1}” to “{2}”.", lang=lang).format(
					f"<b>{label}</b>",
					escape(excerpt(change["old"], SPEC_EXCERPT)) or _("(empty)", lang=lang),
					escape(excerpt(change["new"], SPEC_EXCERPT)) or _("(empty)", lang=lang),
				)
			)
			details.append(
				_("Specification before: {0}", lang=lang).format(
					escape(excerpt(change["old"], SPEC_EMAIL_EXCERPT))
				)
			)
			details.append(
				_("Specification now: {0}", lang=lang).format(
					escape(excerpt(change["new"], SPEC_EMAIL_EXCERPT))
				)
			)
	if reason:
		details.insert(0, _("Reason: {0}", lang=lang).format(escape(reason)))
	return " ".join(sentences), "<br>".join(details)


def get_recipients(exclude: str | None = None) -> list[tuple[str, str | None]]:
	"""(user, language) of every enabled desk user holding a notified role."""
	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	rows = (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name, user.language)
		.distinct()
		.where(
			(user.enabled == 1)
			& (user.user_type == "System User")
			& has_role.role.isin(NOTIFIED_ROLES)
			& (user.name != (exclude or ""))
		)
		.orderby(user.name)
	).run()
	return [(name, language) for name, language in rows]


def notify_product_change(doc, changes: list[dict]) -> None:
	"""Tell sales about `changes` of product `doc`, inline for a few users, by RQ job for many."""
	if not changes or not get_settings().notify_product_changes:
		return
	recipients = get_recipients(exclude=frappe.session.user)
	if not recipients:
		return
	notice = {
		"product": doc.name,
		"changes": changes,
		"reason": doc.flags.price_change_reason,
		"changed_by": frappe.session.user,
		"changed_on": str(doc.modified),
		"users": [user for user, _lang in recipients],
	}
	if len(recipients) <= NOTIFY_INLINE_LIMIT:
		send_change_notices(**notice)
		return
	frappe.enqueue(
		"sales_mgmt.goods.price_change.send_change_notices",
		queue="short",
		job_id=f"sm-product-change::{doc.name}::{doc.modified}",
		deduplicate=True,
		enqueue_after_commit=True,
		now=frappe.flags.in_test,
		**notice,
	)


def send_change_notices(
	product: str,
	changes: list[dict],
	reason: str | None,
	changed_by: str,
	changed_on: str,
	users: list[str],
) -> None:
	"""Create the Notification Logs of one product change; running it again adds none."""
	details = frappe.db.get_value("SM Product", product, ["name", "product_name"], as_dict=True)
	if not details:
		return
	details["currency"] = get_settings().base_currency
	languages = dict(
		frappe.get_all(
			"User", filters={"name": ("in", users), "enabled": 1}, fields=["name", "language"], as_list=True
		)
	)
	already = {
		(row.for_user, row.subject)
		for row in frappe.get_all(
			"Notification Log",
			filters={
				"document_type": "SM Product",
				"document_name": product,
				"for_user": ("in", users),
				"creation": (">=", get_datetime(changed_on)),
			},
			fields=["for_user", "subject"],
		)
	}
	notice_type = "" if email_configured() else "Alert"
	by_language: dict[str, tuple[str, str]] = {}
	for user in users:
		if user not in languages:
			continue
		lang = languages[user] or frappe.db.get_default("lang") or "en"
		if lang not in by_language:
			by_language[lang] = describe(details, changes, reason, lang)
		subject, content = by_language[lang]
		if (user, subject) in already:
			continue
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"from_user": changed_by,
				"type": notice_type,
				"document_type": "SM Product",
				"document_name": product,
				"subject": subject,
				"email_content": content,
			}
		).insert(ignore_permissions=True)


def email_configured() -> bool:
	"""Whether Frappe can send mail; otherwise a notice is in-app only (Frappe would log an error)."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_default_outgoing())
