"""Converting a lead: find or create its customer, open an opportunity, mark the lead Converted.

All three records are linked (lead -> customer, lead -> opportunity, opportunity -> lead) and written
in one transaction: when any step fails, nothing of the conversion stays. The lead row is locked
first, so two users converting the same lead at once get one conversion and one clear refusal.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Lower
from frappe.utils import now_datetime

from sales_mgmt.deals.customer import clean_customer_name, customer_name_key, phone_key
from sales_mgmt.deals.ownership import own_salesperson
from sales_mgmt.deals.query_functions import RegexpReplace, Right
from sales_mgmt.exceptions import LeadConversionError
from sales_mgmt.permissions import can_pick
from sales_mgmt.user_text import bold

CONVERTED, DISQUALIFIED = "Converted", "Disqualified"
_PHONE_TAIL = 7
_SAVEPOINT = "sm_lead_conversion"


def lead_customer_name(lead) -> str:
	"""A lead becomes a company customer when it names a company, else a person."""
	return clean_customer_name(lead.company_name or lead.lead_name)


def find_customer(lead) -> str | None:
	"""An existing customer that is this lead and that the converting user may read: same name
	(ignoring case, width and spaces), else the same phone number (see `phone_key`), else the same
	email (ignoring case).

	A match the user may not read (another team's customer) is refused without naming it: linking it
	would hand the user someone else's customer, creating one would duplicate it."""
	for how, matches in (
		("name", _by_name(lead)),
		("phone", _by_phone(lead)),
		("email", _by_email(lead)),
	):
		if not matches:
			continue
		for name in matches:
			if can_pick("SM Customer", name):
				return name
		frappe.throw(_HIDDEN_MATCH[how](), LeadConversionError, title=_("Customer exists in another team"))
	return None


_HIDDEN_MATCH = {
	"name": lambda: _("A customer with this name exists in another team; ask your manager."),
	"phone": lambda: _("A customer with this phone number exists in another team; ask your manager."),
	"email": lambda: _("A customer with this email exists in another team; ask your manager."),
}


def _by_name(lead) -> list[str]:
	key = customer_name_key(lead_customer_name(lead))
	return frappe.get_all("SM Customer", filters={"customer_name_key": key}, pluck="name") if key else []


def _by_phone(lead) -> list[str]:
	if len(key := phone_key(lead.phone)) < _PHONE_TAIL:
		return []
	customer = frappe.qb.DocType("SM Customer")
	# narrow down by the last digits in SQL, compare whole numbers in Python
	candidates = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.phone)
		.where(Right(RegexpReplace(customer.phone, "[^0-9]", ""), _PHONE_TAIL) == key[-_PHONE_TAIL:])
		.orderby(customer.creation)
		.run()
	)
	return [name for name, phone in candidates if phone_key(phone) == key]


def _by_email(lead) -> list[str]:
	if not (email := (lead.email or "").strip().lower()):
		return []
	customer = frappe.qb.DocType("SM Customer")
	return (
		frappe.qb.from_(customer)
		.select(customer.name)
		.where(Lower(customer.email) == email)
		.orderby(customer.creation)
		.run(pluck=True)
	)


def check_convertible(lead) -> None:
	if lead.status == CONVERTED:
		frappe.throw(
			_("Lead {0} is already converted (customer {1}, opportunity {2}).").format(
				bold(lead.lead_name),
				bold(lead.customer or "-"),
				bold(lead.opportunity or "-"),
			),
			LeadConversionError,
			title=_("Already converted"),
		)
	if lead.status == DISQUALIFIED:
		frappe.throw(
			_("Lead {0} is disqualified; set it back to Qualified before converting it.").format(
				bold(lead.lead_name)
			),
			LeadConversionError,
			title=_("Disqualified lead"),
		)


def convert_lead(
	lead_name: str,
	title: str | None = None,
	amount: float | None = None,
	expected_close_date: str | None = None,
	stage: str | None = None,
) -> frappe._dict:
	"""Convert `lead_name`; returns the customer, the opportunity and whether the customer is new."""
	lead = frappe.get_doc("SM Lead", lead_name, for_update=True)
	lead.check_permission("write")
	check_convertible(lead)

	frappe.db.savepoint(_SAVEPOINT)
	try:
		customer = find_customer(lead)
		customer_created = not customer
		if customer_created:
			customer = _create_customer(lead)
		opportunity = frappe.get_doc(
			{
				"doctype": "SM Opportunity",
				"title": title or lead_customer_name(lead),
				"customer": customer,
				"salesperson": lead.salesperson,
				"stage": stage,
				"amount": amount,
				"expected_close_date": expected_close_date,
				"lead": lead.name,
			}
		).insert()
		lead.status = CONVERTED
		lead.customer = customer
		lead.opportunity = opportunity.name
		lead.converted_on = now_datetime()
		lead.flags.converting = True
		lead.save()
	except Exception:
		frappe.db.rollback(save_point=_SAVEPOINT)
		raise
	return frappe._dict(customer=customer, opportunity=opportunity.name, customer_created=customer_created)


def _create_customer(lead) -> str:
	customer = frappe.get_doc(
		{
			"doctype": "SM Customer",
			"customer_name": lead_customer_name(lead),
			"customer_type": "Company" if lead.company_name else "Individual",
			"salesperson": lead.salesperson or own_salesperson(),
			"phone": lead.phone,
			"email": lead.email,
			"source": lead.source,
			"status": "Prospect",
		}
	).insert()
	if lead.company_name:
		_create_contact(lead, customer.name)
	return customer.name


def _create_contact(lead, customer: str) -> None:
	"""The lead is a person at a company: keep them as the customer's contact."""
	contact = frappe.new_doc("Contact")
	contact.first_name = lead.lead_name
	if lead.email:
		contact.append("email_ids", {"email_id": lead.email, "is_primary": 1})
	if lead.phone:
		contact.append("phone_nos", {"phone": lead.phone, "is_primary_phone": 1})
	contact.append("links", {"link_doctype": "SM Customer", "link_name": customer})
	contact.insert()
