"""Record visibility along the salesperson hierarchy, in one place.

Every DocType listed in HIERARCHY_DOCTYPES carries a Link to SM Salesperson (`salesperson` unless
stated) and is wired in hooks.py to `get_permission_query_conditions` (list view, report view,
link search, export, /api/resource, number cards: everything that goes through `frappe.get_list`)
and to `has_permission` (form, `get_doc`, save, print: everything that checks one document).

Rules, on top of the role permissions (DocPerm) that decide *what* a role may do:

- System Manager and Business Owner see every record; so do the roles a DocType lists in
  `see_all_roles` (e.g. Finance User on customers, whose credit they manage).
- A Sales Manager sees records of their own salesperson and of everyone below them in the tree.
- A Sales User sees records whose salesperson is their own.
- Anyone else sees nothing through the hierarchy.
- Frappe's explicit sharing (DocShare) still grants access on top of these rules.

Frappe's Contact and Address (linked to customers through Dynamic Links) follow the customer: a
contact or address linked to SM Customers is visible to a hierarchy-restricted user only when at
least one of those customers is; one linked to no SM Customer is left to Frappe's own rules.
"""

from dataclasses import dataclass

import frappe
from frappe import _

from sales_mgmt.exceptions import AssignmentNotAllowedError
from sales_mgmt.people.hierarchy import get_salesperson, get_salesperson_count, get_scope

ALL_RECORDS_ROLES = frozenset({"System Manager", "Business Owner"})
MANAGER_ROLE = "Sales Manager"
SALES_USER_ROLE = "Sales User"


@dataclass(frozen=True)
class HierarchyRule:
	field: str = "salesperson"
	see_all_roles: frozenset[str] = frozenset()


HIERARCHY_DOCTYPES: dict[str, HierarchyRule] = {
	# finance manages credit, service answers any customer; warehouse staff may only pick a customer
	# in a link field (their role permission is "select")
	"SM Customer": HierarchyRule(
		see_all_roles=frozenset({"Finance User", "Service Agent", "Warehouse User"})
	),
	"SM Lead": HierarchyRule(),
	# finance reads every deal (contracts and receivables will start from won opportunities)
	"SM Opportunity": HierarchyRule(see_all_roles=frozenset({"Finance User"})),
	"SM Hot Flag": HierarchyRule(),
	# stock entries name the salesperson who handed out promotional materials and gifts; warehouse
	# staff post every entry and finance audits them all
	"SM Stock Entry": HierarchyRule(see_all_roles=frozenset({"Warehouse User", "Finance User"})),
}


# visible through the SM Customer they are linked to (Dynamic Link)
CUSTOMER_LINKED_DOCTYPES = ("Contact", "Address")


def _rule(doctype: str) -> HierarchyRule:
	return HIERARCHY_DOCTYPES.get(doctype) or HierarchyRule()


def sees_all(user: str, doctype: str) -> bool:
	if user == "Administrator":
		return True
	roles = frappe.get_roles(user)
	return not ALL_RECORDS_ROLES.isdisjoint(roles) or not _rule(doctype).see_all_roles.isdisjoint(roles)


def get_visible_salespeople(user: str | None = None, doctype: str | None = None) -> list[str] | None:
	"""Salespeople whose records `user` may see; None means every record (no restriction)."""
	user = user or frappe.session.user
	if sees_all(user, doctype or ""):
		return None
	salesperson, subtree = get_scope(user)
	if not salesperson:
		return []
	roles = frappe.get_roles(user)
	if MANAGER_ROLE in roles:
		return subtree
	if SALES_USER_ROLE in roles:
		return [salesperson]
	return []


def can_assign(salesperson: str | None, user: str | None = None, doctype: str | None = None) -> bool:
	"""Whether `user` may make `salesperson` the owner of a record."""
	visible = get_visible_salespeople(user, doctype)
	return visible is None or (salesperson in visible)


def get_permission_query_conditions(user: str | None = None, doctype: str = "SM Customer") -> str:
	user = user or frappe.session.user
	doctype = doctype or "SM Customer"
	visible = get_visible_salespeople(user, doctype)
	if visible is None:
		return ""
	table = f"`tab{doctype}`"
	column = f"{table}.`{_rule(doctype).field}`"
	if visible and len(visible) == get_salesperson_count():
		# the user's subtree is the whole tree (a sales director): every assigned record, without
		# a long `in (...)` list
		condition = f"ifnull({column}, '') != ''"
	elif visible:
		values = ", ".join(frappe.db.escape(name, percent=False) for name in visible)
		condition = f"{column} in ({values})"
	else:
		condition = "1=0"
	# Frappe adds explicitly shared records only for if-owner or user-permission rules, so add them here
	if shared := _shared_names(doctype, user):
		names = ", ".join(frappe.db.escape(name, percent=False) for name in shared)
		condition = f"({condition} or {table}.`name` in ({names}))"
	return condition


_SHARES_KEY = "sales_mgmt:shared_names"  # "doctype::user" -> names shared with the user for reading


def _shared_names(doctype: str, user: str) -> list[str]:
	"""Names of `doctype` records shared with `user` for reading (what frappe.share.get_shared
	returns). This runs on every list request, so it is cached until a share changes."""

	def load():
		return frappe.db.sql_list(
			"""select share_name from `tabDocShare`
			where share_doctype = %s and `read` = 1 and (`user` = %s or everyone = 1)""",
			(doctype, user),
		)

	return frappe.cache.hget(_SHARES_KEY, f"{doctype}::{user}", load)


def clear_share_cache(*args, **kwargs) -> None:
	"""Wired to DocShare changes; cleared again when the transaction ends (see hierarchy.py)."""
	frappe.cache.delete_value(_SHARES_KEY)
	if getattr(frappe.local, "db", None):
		frappe.db.after_commit.add(_clear_shares)
		frappe.db.after_rollback.add(_clear_shares)


def _clear_shares() -> None:
	frappe.cache.delete_value(_SHARES_KEY)


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	"""Deny access to a record outside the user's part of the hierarchy (shares are checked after)."""
	user = user or frappe.session.user
	visible = get_visible_salespeople(user, doc.doctype)
	if visible is None or ptype == "create":
		# creating is decided by role permissions; validate() checks whom the record is assigned to
		return True
	field = _rule(doc.doctype).field
	salesperson = doc.get(field)
	if ptype != "read" and not doc.is_new() and doc.name:
		# judge a save by the record as stored: validate() explains a refused reassignment better
		# than a bare permission error would
		salesperson = frappe.db.get_value(doc.doctype, doc.name, field)
	return bool(salesperson) and salesperson in visible


def get_customer_linked_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	visible = get_visible_salespeople(user or frappe.session.user, "SM Customer")
	if visible is None:
		return ""
	table = f"`tab{doctype}`"
	customer_links = (
		"select 1 from `tabDynamic Link` dl "
		f"where dl.parenttype = {frappe.db.escape(doctype, percent=False)} and dl.parent = {table}.`name` "
		"and dl.link_doctype = 'SM Customer'"
	)
	if not visible:
		return f"not exists ({customer_links})"
	values = ", ".join(frappe.db.escape(name, percent=False) for name in visible)
	return (
		f"(not exists ({customer_links}) or exists ({customer_links} and dl.link_name in "
		f"(select c.`name` from `tabSM Customer` c where c.`salesperson` in ({values}))))"
	)


def has_customer_linked_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""Deny a contact/address linked only to customers the user may not see; otherwise let Frappe
	decide (None: Frappe consults only the last hook that returns a value)."""
	visible = get_visible_salespeople(user or frappe.session.user, "SM Customer")
	if visible is None:
		return None
	customers = [link.link_name for link in doc.get("links") or [] if link.link_doctype == "SM Customer"]
	if not customers:
		return None
	if visible and frappe.db.exists(
		"SM Customer", {"name": ("in", customers), "salesperson": ("in", visible)}
	):
		return None
	return False


def validate_assignment(doc) -> None:
	"""Refuse to save a record assigned to a salesperson outside the current user's scope."""
	field = _rule(doc.doctype).field
	if frappe.flags.in_install or frappe.flags.in_migrate or doc.flags.ignore_permissions:
		return
	if not (doc.is_new() or doc.has_value_changed(field)):
		return
	user = frappe.session.user
	salesperson = doc.get(field)
	if can_assign(salesperson, user, doc.doctype):
		return
	if not get_salesperson(user):
		frappe.throw(
			_("Your user {0} is not linked to a salesperson; ask an administrator to link it.").format(
				frappe.bold(user)
			),
			AssignmentNotAllowedError,
			title=_("Not allowed"),
		)
	if not doc.is_new() and MANAGER_ROLE not in frappe.get_roles(user):
		frappe.throw(
			_("Only a Sales Manager can reassign this {0} to another salesperson.").format(_(doc.doctype)),
			AssignmentNotAllowedError,
			title=_("Not allowed"),
		)
	frappe.throw(
		_("You cannot assign this {0} to {1}: that salesperson is outside your team.").format(
			_(doc.doctype), frappe.bold(salesperson or _("nobody"))
		),
		AssignmentNotAllowedError,
		title=_("Not allowed"),
	)
