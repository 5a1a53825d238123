"""User text in what sales_mgmt shows: the one escaping helper.

Names, notes, titles and any other value a user typed are escaped before they are put into HTML that
the desk renders: messages (`frappe.throw`, `msgprint`), report cells and chart labels, workbench
blocks and timeline entries. Frappe's sanitiser runs only when a document is saved, after our checks,
so a message quoting a value must escape it itself. Translated text and numbers need no escaping.

The desk side is `sales_mgmt.escape` (sales_mgmt.js), which is Frappe's `escape_html`.
"""

from frappe.utils import escape_html


def escape(value) -> str:
	"""`value` as text that renders literally inside HTML ("" for None)."""
	return escape_html("" if value is None else str(value))


def bold(value) -> str:
	"""`value` escaped and in bold, for quoting user text in a message."""
	return f"<strong>{escape(value)}</strong>"
