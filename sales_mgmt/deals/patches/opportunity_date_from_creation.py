"""SM Opportunity.opportunity_date (the day its exchange rate is taken from) is new: an existing
opportunity was opened the day it was created."""

import frappe


def execute():
	frappe.db.sql(
		"update `tabSM Opportunity` set opportunity_date = date(creation) where opportunity_date is null"
	)
