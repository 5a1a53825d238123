"""SM Customer no longer carries a copy of its most urgent hot flag (`is_hot`, `hot_note`): everyone who
read the customer read the note. The list and form now ask for the flags the viewer may read
(sales_mgmt.api.deals.hot_flags). Drop the copied columns, and with them the stored notes."""

import frappe


def execute():
	table = "tabSM Customer"
	for column in ("hot_note", "is_hot"):
		if frappe.db.has_column("SM Customer", column):
			frappe.db.sql_ddl(f"alter table `{table}` drop column `{column}`")
