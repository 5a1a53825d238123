"""Field-level security: a field a user may not read is invisible through every path.

A field sits at a permission level (`permlevel`); a user reads it when one of their roles has read
(or select) permission at that level. Frappe v15 hides such a field from the form and from the
columns a query selects, but not from the other ways a user can learn a value. For every DocType of
sales_mgmt (and their child tables) and for Frappe's Contact and Address, which follow customers,
this module closes them:

- **Queries.** Everything built on `frappe.get_list` — list and report view, counts, group-by counts,
  link search, export, `/api/resource`, `frappe.client.get_value`, Kanban, Calendar, number cards and
  dashboard charts — refuses a filter, a sort or a group-by on a field the user may not read with a
  PermissionError ("…you may not read that field"). The refusal is consistent: it never silently
  drops the condition. A hidden field asked for in the selected columns is left out, as Frappe does.
- **Version history.** The form's timeline, the document-follow e-mail digest and the Version list
  never show the old or new value of a hidden field: changes to hidden fields are removed from each
  version (a version with nothing left is not shown), rows added or removed lose their hidden
  fields, and a hidden table loses all its rows.
- **Exports and print.** Data Export and the Data Import template leave out columns the user may
  not read, child tables included; a document is printed without them, whatever the print format.
- **Reports.** A script report column (or summary entry) that names its source field
  (`"source": "SM Product.cost_price"`) is dropped for a viewer who may not read that field, with
  its values (`sales_mgmt.reporting.script_report`).

New DocTypes are covered by being in one of the app's modules: no code per DocType. Where this hooks
into Frappe is `sales_mgmt.frappe_patches`.
"""

import json
import re
from functools import cache
from pathlib import Path

import frappe
from frappe import _
from frappe.model import child_table_fields, default_fields, display_fieldtypes, optional_fields
from frappe.utils.caching import request_cache

from sales_mgmt.user_text import bold

# Frappe's own DocTypes that follow the customer they are linked to (see sales_mgmt.permissions)
FOLLOWS_CUSTOMER = frozenset({"Contact", "Address"})
_STANDARD_FIELDS = frozenset((*default_fields, *optional_fields, *child_table_fields))


@cache
def app_modules() -> frozenset[str]:
	"""The modules of sales_mgmt (modules.txt), as DocTypes name them."""
	modules = Path(__file__).with_name("modules.txt").read_text(encoding="utf-8").splitlines()
	return frozenset(m.strip() for m in modules if m.strip())


def is_covered(doctype: str) -> bool:
	"""Whether the field rules of this module apply to `doctype`."""
	if doctype in FOLLOWS_CUSTOMER:
		return True
	try:
		return frappe.get_meta(doctype).module in app_modules()
	except frappe.DoesNotExistError:
		return False


def hidden_fields(doctype: str, user: str | None = None, parenttype: str | None = None) -> frozenset[str]:
	"""Fields of `doctype` that `user` may not read (a child table's fields are read with the
	permissions of `parenttype`)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return frozenset()
	return _hidden_fields(doctype, user, parenttype)


@request_cache  # every query checks: once per request (cleared when roles or permissions change)
def _hidden_fields(doctype: str, user: str, parenttype: str | None) -> frozenset[str]:
	meta = frappe.get_meta(doctype)
	levels = {df.permlevel for df in meta.fields if df.permlevel}
	if meta.istable and parenttype:
		if _table_hidden(parenttype, doctype, user):
			return frozenset(df.fieldname for df in meta.fields)
	elif meta.istable:
		return frozenset()  # a child table alone is read through its parent
	if not levels:
		return frozenset()
	readable = set(meta.get_permlevel_access("read", parenttype, user=user))
	readable |= set(meta.get_permlevel_access("select", parenttype, user=user))
	return frozenset(
		df.fieldname
		for df in meta.fields
		if df.permlevel not in readable and df.fieldtype not in display_fieldtypes
	)


def _table_hidden(parenttype: str, child_doctype: str, user: str) -> bool:
	"""Whether every table field of `parenttype` holding `child_doctype` is hidden from `user`."""
	tables = [df for df in frappe.get_meta(parenttype).get_table_fields() if df.options == child_doctype]
	hidden = hidden_fields(parenttype, user)
	return bool(tables) and all(df.fieldname in hidden for df in tables)


def can_read(doctype: str, fieldname: str, user: str | None = None, parenttype: str | None = None) -> bool:
	return fieldname not in hidden_fields(doctype, user, parenttype)


# --- queries ---------------------------------------------------------------------------------------

_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_REFERENCE = re.compile(
	r"""
	(?:`tab(?P<btable>[^`]+)`|\btab(?P<table>\w+))\s*\.\s*(?:`(?P<tcol>[^`]+)`|(?P<tcol2>\w+))
	|\b(?P<prefix>[A-Za-z_]\w*)\s*\.\s*(?:`(?P<pcol>[^`]+)`|(?P<pcol2>\w+))
	|`(?P<quoted>[^`]+)`
	|\b(?P<word>[A-Za-z_]\w*)\b
	""",
	re.VERBOSE,
)


def referenced_fields(sql: str, doctype: str) -> list[tuple[str, str]]:
	"""The (doctype, fieldname) pairs an SQL fragment of a query on `doctype` names: `tabX`.`col`,
	`col`, col, or link_field.col (the linked DocType's field). Words that are no field (keywords,
	functions, aliases) are left out."""
	meta = frappe.get_meta(doctype)
	found = []
	for match in _REFERENCE.finditer(_STRING_LITERAL.sub("''", sql or "")):
		table = match.group("btable") or match.group("table")
		if table:
			found.append((table, match.group("tcol") or match.group("tcol2")))
		elif prefix := match.group("prefix"):
			column = match.group("pcol") or match.group("pcol2")
			link = meta.get_field(prefix)
			if link and link.fieldtype == "Link" and link.options:
				found.append((link.options, column))
			elif meta.has_field(prefix):
				found.append((doctype, prefix))
		else:
			word = match.group("quoted") or match.group("word")
			if meta.has_field(word):
				found.append((doctype, word))
	return found


def _filter_fields(doctype: str, filters) -> list[tuple[str, str]]:
	"""The (doctype, fieldname) pairs filters name, in any of the forms Frappe accepts: a dict, lists of
	[field, op, value] or [doctype, field, op, value], or SQL condition strings."""
	if not filters:
		return []
	if isinstance(filters, str):
		filters = json.loads(filters)
	if isinstance(filters, dict):
		filters = [[doctype, key, "=", value] for key, value in filters.items()]
	found = []
	for f in filters:
		if isinstance(f, str):
			found += referenced_fields(f, doctype)
		elif isinstance(f, dict):
			found += _filter_fields(doctype, f)
		elif isinstance(f, list | tuple) and len(f) >= 3:
			field_doctype, fieldname = (doctype, f[0]) if len(f) == 3 else (f[0] or doctype, f[1])
			fieldname = str(fieldname)
			if re.fullmatch(r"\w+", fieldname):
				found.append((_owner_of(field_doctype, fieldname), fieldname))
			else:
				found += referenced_fields(fieldname, field_doctype)
	return found


def _owner_of(doctype: str, fieldname: str) -> str:
	"""The DocType a filter's bare fieldname belongs to: `doctype`, else one of its child tables (as
	Frappe resolves it)."""
	meta = frappe.get_meta(doctype)
	if meta.has_field(fieldname) or fieldname in _STANDARD_FIELDS:
		return doctype
	for df in meta.get_table_fields():
		if frappe.get_meta(df.options).has_field(fieldname):
			return df.options
	return doctype


def check_query(query) -> None:
	"""Refuse a filter, sort or group-by of a permission-checked `frappe.get_list` query on a field the
	user may not read, as asked. `query` is Frappe's DatabaseQuery."""
	if query.flags.ignore_permissions:
		return
	doctype = query.doctype
	order_by = query.order_by if isinstance(query.order_by, str) else ""
	_refuse_hidden(
		query,
		[
			*_filter_fields(doctype, query.filters),
			*_filter_fields(doctype, query.or_filters),
			*referenced_fields(order_by, doctype),
			*referenced_fields(query.group_by or "", doctype),
		],
	)


def check_default_sort(query, order_by: str) -> None:
	"""The same for the sort a query ends up with (`order_by`, as Frappe prepared it) when it asked for
	none: the DocType's default."""
	order_by = order_by.removeprefix(" order by ")
	if query.flags.ignore_permissions or order_by == query.order_by:
		return
	_refuse_hidden(query, referenced_fields(order_by, query.doctype))


def _refuse_hidden(query, used: list[tuple[str, str]]) -> None:
	doctype = query.doctype
	# a child table queried on its own is read with its parent's permissions
	own_parent = query.parent_doctype if frappe.get_meta(doctype).istable else None
	for field_doctype, fieldname in used:
		if fieldname in _STANDARD_FIELDS or not is_covered(field_doctype):
			continue
		if field_doctype == doctype:
			parenttype = own_parent
		else:
			parenttype = doctype if frappe.get_meta(field_doctype).istable else None
		if fieldname in hidden_fields(field_doctype, query.user, parenttype):
			refuse_field(field_doctype, fieldname)


def refuse_field(doctype: str, fieldname: str) -> None:
	label = frappe.get_meta(doctype).get_label(fieldname)
	frappe.throw(
		_("You may not read {0} of {1}, so you cannot filter, sort or group by it.").format(
			bold(_(label)), bold(_(doctype))
		),
		frappe.PermissionError,
		title=_("Not permitted"),
	)


# --- version history ---------------------------------------------------------------------------------


def strip_version_data(ref_doctype: str, data, user: str | None = None):
	"""A Version's `data` (JSON text or dict) without what `user` may not read; None when nothing of
	the change is left to show. Returns the same type it was given."""
	if not is_covered(ref_doctype):
		return data
	hidden = hidden_fields(ref_doctype, user)
	tables = {df.fieldname: df.options for df in frappe.get_meta(ref_doctype).get_table_fields()}
	child_hidden = {fieldname: hidden_fields(child, user, ref_doctype) for fieldname, child in tables.items()}
	if not hidden and not any(child_hidden.values()):
		return data
	as_text = isinstance(data, str)
	change = frappe._dict(json.loads(data) if as_text else data or {})

	def visible_row(table, row):
		return {k: v for k, v in (row or {}).items() if k not in child_hidden.get(table, ())}

	change.changed = [c for c in change.get("changed") or [] if c[0] not in hidden]
	change.added = [[t, visible_row(t, row)] for t, row in change.get("added") or [] if t not in hidden]
	change.removed = [[t, visible_row(t, row)] for t, row in change.get("removed") or [] if t not in hidden]
	row_changed = []
	for table, idx, row_name, changes in change.get("row_changed") or []:
		if table in hidden:
			continue
		changes = [c for c in changes if c[0] not in child_hidden.get(table, ())]
		if changes:
			row_changed.append([table, idx, row_name, changes])
	change.row_changed = row_changed
	if not (change.changed or change.added or change.removed or change.row_changed or change.get("creation")):
		return None
	return frappe.as_json(change, indent=None, separators=(",", ":")) if as_text else change


def strip_versions(ref_doctype: str, versions: list[dict], user: str | None = None) -> list[dict]:
	"""Version rows (with `data`) as `user` may see them; rows with nothing left are dropped."""
	visible = []
	for version in versions or []:
		data = strip_version_data(ref_doctype, version.get("data"), user)
		if data is not None:
			version["data"] = data
			visible.append(version)
	return visible


def restricted_version_doctypes(user: str | None = None) -> list[str]:
	"""Covered DocTypes with fields `user` may not read: their raw Version records are not for
	`user` (they see the history, stripped, on the document's timeline)."""
	user = user or frappe.session.user
	doctypes = frappe.get_all(
		"DocType",
		filters={"track_changes": 1, "module": ("in", list(app_modules()))},
		pluck="name",
	)
	return [d for d in [*doctypes, *FOLLOWS_CUSTOMER] if hidden_fields(d, user)]


# --- print ------------------------------------------------------------------------------------------


def mask_for_print(doc, method=None, *args, **kwargs) -> None:
	"""`before_print` of every document: Frappe's standard print format leaves hidden fields out, a
	print format written in Jinja would not; clear them from the document printed."""
	if is_covered(doc.doctype):
		doc.apply_fieldlevel_read_permissions()


# --- script reports ---------------------------------------------------------------------------------


def _source_hidden(source: str | None, user: str) -> bool:
	if not source:
		return False
	doctype, fieldname = source.split(".", 1)
	return fieldname in hidden_fields(doctype, user)


def strip_report(result, user: str | None = None):
	"""A script report's result (columns, data, message, chart, summary) without the columns and
	summary entries whose `source` field `user` may not read."""
	user = user or frappe.session.user
	if not isinstance(result, list | tuple) or not result:
		return result
	result = list(result)
	columns = result[0] or []
	dropped = {
		c.get("fieldname") for c in columns if isinstance(c, dict) and _source_hidden(c.get("source"), user)
	}
	if dropped:
		result[0] = [c for c in columns if not (isinstance(c, dict) and c.get("fieldname") in dropped)]
		if len(result) > 1:
			result[1] = [
				{k: v for k, v in row.items() if k not in dropped} if isinstance(row, dict) else row
				for row in result[1] or []
			]
	if len(result) > 4 and result[4]:
		result[4] = [s for s in result[4] if not _source_hidden(s.get("source"), user)]
	return tuple(result)
