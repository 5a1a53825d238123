"""Every place sales_mgmt changes Frappe's own behaviour, in one module (the desk side is
`public/js/frappe_patches.js`).

Two kinds:

- **Security** (field_security, permissions): Frappe paths that would otherwise reveal a field or a
  record the user may not read. They stay on in every Frappe version; `install()` fails loudly when
  a Frappe upgrade moved what they wrap, instead of silently leaving the path open.
- **Workarounds** of Frappe v15 bugs: each names the bug and carries a guard that turns it off on a
  Frappe whose code no longer has it.

Monkeypatches are installed by `install()`, which the `before_request` and `before_job` hooks call
(hooks.py), so they hold in every web request and background job; tests install them in
`before_tests`. Whitelisted methods are replaced through `override_whitelisted_methods` (Frappe's
own hook), with the replacements in `sales_mgmt.api.frappe_overrides`.
"""

import functools
import inspect
import threading

import frappe

_INSTALLED = "_sales_mgmt_patch"


def _wrap(owner, name: str, make_wrapper) -> None:
	"""Replace `owner.name` by `make_wrapper(original)`, once."""
	original = getattr(owner, name, None)
	if original is None:
		raise RuntimeError(f"sales_mgmt: Frappe no longer has {owner.__name__}.{name}; update frappe_patches")
	if getattr(original, _INSTALLED, False):
		return
	wrapper = functools.wraps(original)(make_wrapper(original))
	setattr(wrapper, _INSTALLED, True)
	setattr(owner, name, wrapper)


# --- security --------------------------------------------------------------------------------------


def _patch_database_query() -> None:
	"""Every permission-checked `frappe.get_list` query is built by DatabaseQuery.prepare_args; check
	its filters, sort and group-by against the fields the user may read before it runs: as asked
	(before Frappe validates them) and as built (a DocType's default sort)."""
	from frappe.model.db_query import DatabaseQuery

	from sales_mgmt.field_security import check_default_sort, check_query

	def make(original):
		def prepare_args(self):
			check_query(self)
			args = original(self)
			check_default_sort(self, args.order_by or "")
			return args

		return prepare_args

	_wrap(DatabaseQuery, "prepare_args", make)


def _patch_document_follow() -> None:
	"""The daily/weekly "documents you follow" e-mail lists each followed document's version
	history; show a follower only what they may read."""
	from frappe.desk.form import document_follow

	from sales_mgmt.field_security import hidden_fields, is_covered, strip_version_data

	def make(original):
		def get_version(doctype, doc_name, frequency, user):
			if not is_covered(doctype) or not _anything_hidden(doctype, user):
				return original(doctype, doc_name, frequency, user)
			# Frappe's get_version (v15), reading each version through strip_version_data
			timeline = []
			versions = frappe.get_all(
				"Version",
				filters=[
					["ref_doctype", "=", doctype],
					["docname", "=", doc_name],
					*document_follow._get_filters(frequency, user),
				],
				fields=["data", "modified", "modified_by"],
			)
			for v in versions:
				data = strip_version_data(doctype, v.data, user)
				if data is None:
					continue
				change = frappe.parse_json(data)
				time = frappe.utils.format_datetime(v.modified, "hh:mm a")
				if change.changed:
					timeline += document_follow.get_field_changed(change.changed, time, doctype, doc_name, v)
				if change.row_changed:
					timeline += document_follow.get_row_changed(
						change.row_changed, time, doctype, doc_name, v
					)
				if change.added:
					timeline += document_follow.get_added_row(change.added, time, doctype, doc_name, v)
			return timeline

		return get_version

	def _anything_hidden(doctype, user):
		meta = frappe.get_meta(doctype)
		return bool(hidden_fields(doctype, user)) or any(
			hidden_fields(df.options, user, doctype) for df in meta.get_table_fields()
		)

	_wrap(document_follow, "get_version", make)


def _patch_exports() -> None:
	"""Data Export and the Data Import template's "export with data" read child rows without
	permissions (`select *` / frappe.get_all): leave out the columns the user may not read."""
	from frappe.core.doctype.data_export.exporter import DataExporter
	from frappe.core.doctype.data_import.exporter import Exporter

	from sales_mgmt.field_security import hidden_fields, is_covered

	def hidden(doctype: str, parent: str, fieldname: str) -> bool:
		parenttype = parent if doctype != parent else None
		return is_covered(doctype) and fieldname in hidden_fields(doctype, parenttype=parenttype)

	def make_column(original):
		def append_field_column(self, docfield, for_mandatory):
			if docfield and hidden(docfield.parent, self.parent_doctype, docfield.fieldname):
				return
			return original(self, docfield, for_mandatory)

		return append_field_column

	def make_fields(original):
		def get_exportable_fields(self, doctype, fieldnames):
			fields = original(self, doctype, fieldnames)
			return [df for df in fields if not hidden(doctype, self.doctype, df.fieldname)]

		return get_exportable_fields

	_wrap(DataExporter, "append_field_column", make_column)
	_wrap(Exporter, "get_exportable_fields", make_fields)


# --- workarounds of Frappe v15 bugs -------------------------------------------------------------------


def report_timer_leaks() -> bool:
	"""Frappe v15's Report.execute_script_report starts a 15-second timer that marks the report
	"prepared" (background only, for every user) and cancels it only when the report returns: a
	report that raises (a refused filter) leaves the timer running (frappe/frappe#31362). Needed while
	the timer is started without a `finally` that cancels it."""
	from frappe.core.doctype.report.report import Report

	source = inspect.getsource(Report.execute_script_report)
	return "threading.Timer" in source and "finally" not in source


def cancel_report_timer(report_name: str) -> None:
	"""Stop the auto-prepare timer Frappe started for `report_name` on this site (see above)."""
	if not report_timer_leaks():
		return
	for thread in threading.enumerate():
		if (
			isinstance(thread, threading.Timer)
			and getattr(thread.function, "__name__", "") == "enable_prepared_report"
			and thread.kwargs.get("report") == report_name
			and thread.kwargs.get("site") == frappe.local.site
		):
			thread.cancel()


def get_count_leaks() -> bool:
	"""Frappe v15's frappe.client.get_count counts with frappe.db.count, without the user's
	permission conditions: any user learns how many records exist, of any team. Needed while it does."""
	import frappe.client

	return "frappe.db.count(" in inspect.getsource(frappe.client.get_count)


def whitelisted_overrides() -> dict[str, str]:
	"""`override_whitelisted_methods` for hooks.py."""
	api = "sales_mgmt.api.frappe_overrides"
	overrides = {
		# security: version history, link titles and link checks of what the user may not read
		"frappe.desk.form.load.getdoc": f"{api}.getdoc",
		"frappe.desk.form.load.get_docinfo": f"{api}.get_docinfo",
		"frappe.desk.search.get_link_title": f"{api}.get_link_title",
		"frappe.desk.search.search_link": f"{api}.search_link",
		"frappe.desk.search.search_widget": f"{api}.search_widget",
		"frappe.client.validate_link": f"{api}.validate_link",
		# Frappe counts assignments over every record (frappe.qb.get_query, no permission conditions)
		"frappe.desk.listview.get_group_by_count": f"{api}.get_group_by_count",
	}
	if get_count_leaks():
		overrides["frappe.client.get_count"] = f"{api}.get_count"
	return overrides


def install(*args, **kwargs) -> None:
	"""Install the monkeypatches (idempotent); the before_request / before_job hook."""
	_patch_database_query()
	_patch_document_follow()
	_patch_exports()
