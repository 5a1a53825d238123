"""SM Stock Entry's "Edit Posting Date and Time": a draft now posts when it is submitted unless the box
is checked. Drafts dated on another day than they were created on had their date set by hand: check
the box, so that they keep it."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabSM Stock Entry` set set_posting_time = 1
		where docstatus = 0 and posting_date != date(creation)"""
	)
