"""Frappe's own whitelisted methods, as sales_mgmt answers them (wired by
`override_whitelisted_methods`, listed in sales_mgmt.frappe_patches): each calls Frappe's original and
leaves out what the user may not read."""

import frappe
import frappe.client
import frappe.desk.form.load
import frappe.desk.listview
import frappe.desk.search
from frappe.query_builder import DocType, Order
from frappe.query_builder.functions import Count
from frappe.utils import get_safe_filters
from pypika.terms import LiteralValue

from sales_mgmt.field_security import is_covered, strip_versions
from sales_mgmt.permissions import can_pick, is_record_restricted


@frappe.whitelist()
def getdoc(doctype: str, name: str, user: str | None = None):
	"""The form's document: Frappe's, with version history and link titles the user may read."""
	frappe.desk.form.load.getdoc(doctype, name, user)
	_strip_docinfo(doctype)
	titles = frappe.response.get("_link_titles")
	if titles:
		frappe.response["_link_titles"] = {
			key: title for key, title in titles.items() if _title_visible(*key.split("::", 1))
		}


@frappe.whitelist()
def get_docinfo(doc=None, doctype: str | None = None, name: str | None = None):
	frappe.desk.form.load.get_docinfo(doc, doctype, name)
	_strip_docinfo(doctype or doc.doctype)


def _strip_docinfo(doctype: str) -> None:
	docinfo = frappe.response.get("docinfo")
	if docinfo and is_covered(doctype):
		docinfo["versions"] = strip_versions(doctype, docinfo.get("versions"))


def _title_visible(doctype: str, name: str) -> bool:
	return not is_record_restricted(doctype) or can_pick(doctype, name)


@frappe.whitelist()
def get_link_title(doctype: str, docname: str):
	"""A link's title only for a record the user may read; otherwise its name, as for a DocType that
	shows no titles."""
	if not _title_visible(doctype, docname):
		return docname
	return frappe.desk.search.get_link_title(doctype, docname)


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	"""Link search. Frappe reads "ignore user permissions" (a Link field's option, but also any
	request's parameter) as "ignore every permission", which would list every record of every team:
	for DocTypes with record rules the rules always apply."""
	return frappe.desk.search.search_link(
		doctype,
		txt,
		query,
		filters,
		page_length,
		searchfield,
		reference_doctype,
		_ignore_user_permissions(doctype, ignore_user_permissions),
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters=None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	return frappe.desk.search.search_widget(
		doctype,
		txt,
		query,
		searchfield,
		start,
		page_length,
		filters,
		filter_fields,
		as_dict,
		reference_doctype,
		_ignore_user_permissions(doctype, ignore_user_permissions),
	)


def _ignore_user_permissions(doctype: str, asked) -> bool:
	return False if is_record_restricted(doctype) else asked


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""Whether a typed link value exists: a record the user may not read does not (nothing of it,
	not even its spelling, is returned)."""
	if isinstance(doctype, str) and isinstance(docname, str) and is_record_restricted(doctype):
		name = frappe.db.get_value(doctype, docname, cache=True)
		if name and not can_pick(doctype, name):
			return frappe._dict()
	return frappe.client.validate_link(doctype, docname, fields)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's counts. Frappe counts assignments ("Assigned To") over every record matching
	the filters; count only the records the user may read."""
	if field != "assigned_to" or not is_covered(doctype):
		return frappe.desk.listview.get_group_by_count(doctype, current_filters, field)
	visible = frappe.get_list(
		doctype, filters=get_safe_filters(current_filters), fields=["name"], run=False, order_by=None
	)
	todo, user = DocType("ToDo"), DocType("User")
	count = Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.from_(user)
		.select(todo.allocated_to.as_("name"), count)
		.where(
			(todo.status != "Cancelled")
			& (todo.allocated_to == user.name)
			& (user.user_type == "System User")
			& (todo.reference_type == doctype)
			& todo.reference_name.isin(LiteralValue(f"({visible})"))
		)
		.groupby(todo.allocated_to)
		.orderby(count, order=Order.desc)
		.limit(50)
		.run(as_dict=True)
	)


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug: bool = False, cache: bool = False) -> int:
	"""`frappe.client.get_count`, counting only the records the user may read (list conditions,
	hierarchy, shares). `cache` is accepted for compatibility and ignored: counts are per user."""
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=["count(*) as total"],
		order_by=None,
		debug=debug,
	)
	return rows[0].total if rows else 0
