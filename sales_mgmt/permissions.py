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

A ledger row (SM Stock Ledger Entry) follows the voucher it came from: it carries the voucher's
salesperson, so the voucher's rule applies to it, and a voucher shared with a user shares its rows.

Links: a record a user saves may only link to records that user may read or pick (`can_pick`);
any other value is refused as if it did not exist (`validate_readable_links`, a `before_validate`
hook on every document), so nothing of the other record is ever echoed back.

Cash accounts follow a second rule kind, a per-record access list (ACCESS_LIST_DOCTYPES): an SM Cash
Account is seen only by System Manager, Business Owner and the users its `access` table lists; its
entries and ledger rows follow the account they post to. A listed user with level View reads; one
with level Manage also posts (create, submit, cancel). Roles still decide what a role may do at all;
sharing grants nothing here (the list is the only way in).

Fields: what a user may not read at a field's permission level is handled by
sales_mgmt.field_security; the Version list follows it here (`version_query_conditions`).
"""

from dataclasses import dataclass

import frappe
from frappe import _

from sales_mgmt.exceptions import AssignmentNotAllowedError
from sales_mgmt.people.hierarchy import get_salesperson, get_salesperson_count, get_scope
from sales_mgmt.user_text import bold, escape

ALL_RECORDS_ROLES = frozenset({"System Manager", "Business Owner"})
MANAGER_ROLE = "Sales Manager"
SALES_USER_ROLE = "Sales User"


@dataclass(frozen=True)
class HierarchyRule:
	field: str = "salesperson"
	see_all_roles: frozenset[str] = frozenset()
	# (type field, name field) of the record this one follows: sharing that record shares this one
	follows: tuple[str, str] | None = None


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
	# a ledger row carries its voucher's salesperson and is seen by whoever sees the voucher
	"SM Stock Ledger Entry": HierarchyRule(
		see_all_roles=frozenset({"Warehouse User", "Finance User"}), follows=("voucher_type", "voucher_no")
	),
	# Money: finance sees every contract and what was delivered, invoiced and paid against it;
	# warehouse staff deliver any order and service agents name the order a complaint is about (both
	# may only pick orders in links: select permission)
	"SM Sales Order": HierarchyRule(
		see_all_roles=frozenset({"Finance User", "Warehouse User", "Service Agent"})
	),
	"SM Delivery": HierarchyRule(see_all_roles=frozenset({"Finance User", "Warehouse User"})),
	"SM Invoice": HierarchyRule(see_all_roles=frozenset({"Finance User"})),
	"SM Payment": HierarchyRule(see_all_roles=frozenset({"Finance User"})),
	"SM Receivable": HierarchyRule(see_all_roles=frozenset({"Finance User"})),
	"SM Bad Debt Write Off": HierarchyRule(see_all_roles=frozenset({"Finance User"})),
	# a salesperson's expenses; finance reviews every expense
	"SM Expense": HierarchyRule(see_all_roles=frozenset({"Finance User"})),
	# People: a salesperson's visits, calls and meetings
	"SM Activity": HierarchyRule(),
	# a salesperson's generated daily, weekly and monthly reports
	"SM Daily Report": HierarchyRule(),
	# targets: a manager sets those of their team, a rep reads their own (role permissions: read only)
	"SM Sales Target": HierarchyRule(),
	# Service: a customer's complaints are seen by their account manager (and up the tree) and by
	# every Service Agent
	"SM Complaint": HierarchyRule(see_all_roles=frozenset({"Service Agent"})),
}


@dataclass(frozen=True)
class AccessListRule:
	"""Records visible only to the users listed on the access-list record they name."""

	# fields of the record holding the access-list record's name ("name": the record itself); a
	# user listed on any of them reads the record, one who may manage all of them changes it
	fields: tuple[str, ...]
	list_doctype: str = "SM Cash Account"
	table: str = "SM Cash Account Access"


MANAGE, VIEW = "Manage", "View"

ACCESS_LIST_DOCTYPES: dict[str, AccessListRule] = {
	"SM Cash Account": AccessListRule(fields=("name",)),
	# a transfer is seen from both accounts it moves money between
	"SM Cash Entry": AccessListRule(fields=("cash_account", "to_account")),
	"SM Cash Ledger Entry": AccessListRule(fields=("cash_account",)),
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
	if follows := _rule(doctype).follows:
		type_field, name_field = follows
		shares = (
			"select share_doctype, share_name from `tabDocShare` where `read` = 1 "
			f"and (`user` = {frappe.db.escape(user, percent=False)} or everyone = 1)"
		)
		condition = f"({condition} or ({table}.`{type_field}`, {table}.`{name_field}`) in ({shares}))"
	elif shared := _shared_names(doctype, user):
		names = ", ".join(frappe.db.escape(name, percent=False) for name in shared)
		condition = f"({condition} or {table}.`name` in ({names}))"
	return condition


def record_query_conditions(doctype: str, user: str | None = None) -> str:
	"""The list conditions of whichever rule `doctype` follows (reports apply them as list views do)."""
	if doctype in ACCESS_LIST_DOCTYPES:
		return get_access_list_query_conditions(user, doctype)
	return get_permission_query_conditions(user, doctype)


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
	rule = _rule(doc.doctype)
	salesperson = doc.get(rule.field)
	if ptype != "read" and not doc.is_new() and doc.name:
		# judge a save by the record as stored: validate() explains a refused reassignment better
		# than a bare permission error would
		salesperson = frappe.db.get_value(doc.doctype, doc.name, rule.field)
	if bool(salesperson) and salesperson in visible:
		return True
	if rule.follows and ptype in ("read", "select"):
		type_field, name_field = rule.follows
		doctype, name = doc.get(type_field), doc.get(name_field)
		shared = (
			doctype
			and name
			and frappe.share.get_shared(
				doctype, user, rights=["read"], filters=[["share_name", "=", name]], limit=1
			)
		)
		return bool(shared)
	return False


def _customer_scope(user: str) -> list[str] | None:
	"""Salespeople whose customers' contacts and addresses `user` may see (None: all). A role that may
	only pick customers in links (select) sees none of their contact details."""
	if not frappe.has_permission("SM Customer", "read", user=user):
		return []
	return get_visible_salespeople(user, "SM Customer")


def get_customer_linked_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	visible = _customer_scope(user or frappe.session.user)
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
	if ptype == "create":
		return None  # whom a new record links to is checked by validate_readable_links
	visible = _customer_scope(user or frappe.session.user)
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
				bold(user)
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
			_(doc.doctype), bold(salesperson or _("nobody"))
		),
		AssignmentNotAllowedError,
		title=_("Not allowed"),
	)


# --- per-record access lists (cash accounts) ----------------------------------------------------------


def sees_every_listed_record(user: str) -> bool:
	return user == "Administrator" or not ALL_RECORDS_ROLES.isdisjoint(frappe.get_roles(user))


def access_levels(user: str | None = None, list_doctype: str = "SM Cash Account") -> dict[str, str]:
	"""{record name: "View" | "Manage"} of the access-list records listing `user` (not the records an
	all-seeing role reads without being listed)."""
	user = user or frappe.session.user
	cache = getattr(frappe.local, "sm_access_levels", None)
	if cache is None:
		cache = frappe.local.sm_access_levels = {}
	if (user, list_doctype) not in cache:
		cache[(user, list_doctype)] = _load_access_levels(user, list_doctype)
	return cache[(user, list_doctype)]


def clear_access_cache(*args, **kwargs) -> None:
	"""Forget the access levels read in this request: an access list changed (or may roll back)."""
	_forget_access_levels()
	if getattr(frappe.local, "db", None):
		frappe.db.after_rollback.add(_forget_access_levels)


def _forget_access_levels() -> None:
	frappe.local.sm_access_levels = {}


def _load_access_levels(user: str, list_doctype: str) -> dict[str, str]:
	rule = next(r for r in ACCESS_LIST_DOCTYPES.values() if r.list_doctype == list_doctype)
	levels = {}
	for parent, level in frappe.db.sql(
		f"select parent, level from `tab{rule.table}` where parenttype = %s and `user` = %s",
		(list_doctype, user),
	):
		# listed twice: the higher level counts
		if levels.get(parent) != MANAGE:
			levels[parent] = level
	return levels


def can_manage(name: str | None, user: str | None = None, list_doctype: str = "SM Cash Account") -> bool:
	"""Whether `user` may post to the access-list record `name` (a cash account)."""
	user = user or frappe.session.user
	return bool(name) and (
		sees_every_listed_record(user) or access_levels(user, list_doctype).get(name) == MANAGE
	)


def can_view(name: str | None, user: str | None = None, list_doctype: str = "SM Cash Account") -> bool:
	user = user or frappe.session.user
	return bool(name) and (sees_every_listed_record(user) or name in access_levels(user, list_doctype))


def get_access_list_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if sees_every_listed_record(user):
		return ""
	rule = ACCESS_LIST_DOCTYPES[doctype]
	listed = (
		f"select acl.parent from `tab{rule.table}` acl where acl.parenttype = "
		f"{frappe.db.escape(rule.list_doctype, percent=False)} and acl.`user` = {frappe.db.escape(user, percent=False)}"
	)
	return "(" + " or ".join(f"`tab{doctype}`.`{field}` in ({listed})" for field in rule.fields) + ")"


def has_access_list_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool:
	"""Read a record listed for you at any level; change it only when you may manage every account it
	names. Creating is decided by role permissions and the controller, which explains a refusal."""
	user = user or frappe.session.user
	if sees_every_listed_record(user) or ptype == "create":
		return True
	rule = ACCESS_LIST_DOCTYPES[doc.doctype]
	names = [doc.get(field) for field in rule.fields]
	if (
		ptype not in ("read", "select", "print", "email", "report", "export")
		and not doc.is_new()
		and doc.name
	):
		# a change is judged by the record as stored
		stored = frappe.db.get_value(doc.doctype, doc.name, list(rule.fields), as_dict=True)
		if stored:
			names = [stored.get(field) for field in rule.fields]
	names = [name for name in names if name]
	levels = access_levels(user, rule.list_doctype)
	if ptype in ("read", "select", "print", "email", "report", "export"):
		return any(name in levels for name in names)
	return bool(names) and all(levels.get(name) == MANAGE for name in names)


# --- records a user may pick in a link --------------------------------------------------------------


def is_record_restricted(doctype: str) -> bool:
	"""Whether some users may read only some records of `doctype` (a rule of this module)."""
	return (
		doctype in HIERARCHY_DOCTYPES
		or doctype in CUSTOMER_LINKED_DOCTYPES
		or doctype in ACCESS_LIST_DOCTYPES
	)


def can_pick(doctype: str, name: str, user: str | None = None) -> bool:
	"""Whether `user` may read record `name`, or pick it in a link field (select permission)."""
	user = user or frappe.session.user
	if not frappe.db.exists(doctype, name):
		return False
	return frappe.has_permission(doctype, "select", doc=name, user=user) or frappe.has_permission(
		doctype, "read", doc=name, user=user
	)


def _restricted_links(doc):
	"""(label, target DocType, value) of every filled link of `doc` (and its rows) to a DocType with
	record rules."""
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.get_link_fields() + row.meta.get_dynamic_link_fields():
			value = row.get(df.fieldname)
			target = df.options if df.fieldtype == "Link" else row.get(df.options)
			if value and target and is_record_restricted(target):
				label = _(df.label or df.fieldname, context=row.doctype)
				if row is not doc:
					label = _("Row #{0}: {1}").format(row.idx, label)
				yield label, target, value


def validate_readable_links(doc, method=None) -> None:
	"""Refuse a new or changed link to a record the current user may not read or pick, with the
	message Frappe gives for a record that does not exist (a `before_validate` hook on every
	document of sales_mgmt and on Contact and Address)."""
	from sales_mgmt.field_security import is_covered

	user = frappe.session.user
	if (
		user == "Administrator"
		or doc.flags.ignore_permissions
		or frappe.flags.in_install
		or frappe.flags.in_migrate
		or frappe.flags.in_patch
		or not is_covered(doc.doctype)
	):
		return
	before = doc.get_doc_before_save() if not doc.is_new() else None
	kept = {(target, value) for _label, target, value in _restricted_links(before)} if before else set()
	for label, target, value in _restricted_links(doc):
		if (target, value) not in kept and not can_pick(target, value, user):
			frappe.throw(
				_("Could not find {0}").format(f"{label}: {escape(value)}"),
				frappe.LinkValidationError,
				title=_("Not found"),
			)


# --- the Version list -------------------------------------------------------------------------------


def version_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Raw versions of a DocType with fields the user may not read are not listed to them: they read
	that history on the document's timeline, without those fields (sales_mgmt.field_security)."""
	from sales_mgmt.field_security import restricted_version_doctypes

	if (user or frappe.session.user) == "Administrator":
		return ""
	restricted = restricted_version_doctypes(user)
	if not restricted:
		return ""
	names = ", ".join(frappe.db.escape(d, percent=False) for d in restricted)
	return f"`tabVersion`.`ref_doctype` not in ({names})"


def has_version_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	from sales_mgmt.field_security import restricted_version_doctypes

	if (user or frappe.session.user) != "Administrator" and doc.ref_doctype in restricted_version_doctypes(
		user
	):
		return False
	return None


# --- number cards -----------------------------------------------------------------------------------

# cards whose number is computed from a field some roles may not read: shown only to those who may
CARD_SOURCE_FIELDS = {"Stock Value": ("SM Product", "cost_price")}


def has_number_card_permission(doc, ptype=None, user=None, debug=False) -> bool | None:
	"""Hide a card computed from a field the user may not read; leave every other card to Frappe."""
	from sales_mgmt.field_security import can_read

	if source := CARD_SOURCE_FIELDS.get(doc.name):
		if not can_read(*source, user=user):
			return False
	return None
