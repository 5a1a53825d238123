"""Print what sales_mgmt installs into a site, canonically, so two snapshots can be diffed.

Run from the bench's sites directory with the bench's python: `python snapshot.py SITE`.
"""

import sys

import frappe

SM_DOCTYPES = "SM %"


def rows(query, *values):
	return [tuple(str(v) for v in row) for row in frappe.db.sql(query, values)]


def main(site):
	frappe.init(site=site)
	frappe.connect()
	try:
		modules = frappe.get_all("Module Def", filters={"app_name": "sales_mgmt"}, pluck="name")
		sections = {
			"doctypes": rows(
				"select name, modified from tabDocType where module in %s order by name", modules
			),
			"fields": rows(
				"select parent, fieldname, fieldtype, options, `default`, permlevel, search_index, idx "
				"from tabDocField where parent like %s order by parent, fieldname",
				SM_DOCTYPES,
			),
			"docperms": rows(
				"select parent, role, permlevel, `read`, `write`, `create`, `delete`, `select` "
				"from tabDocPerm where parent like %s order by parent, role, permlevel",
				SM_DOCTYPES,
			),
			"custom docperms": rows(
				"select parent, role, permlevel from `tabCustom DocPerm` where parent like %s order by 1, 2, 3",
				SM_DOCTYPES,
			),
			"roles": rows("select name, desk_access, modified from tabRole order by name"),
			"workspaces": rows(
				"select name, modified from tabWorkspace where module in %s order by name", modules
			),
			"number cards": rows(
				"select name, modified from `tabNumber Card` where module in %s order by name", modules
			),
			"charts": rows(
				"select name, modified from `tabDashboard Chart` where module in %s order by name", modules
			),
			"reports": rows("select name, modified from tabReport where module in %s order by name", modules),
			"notifications": rows(
				"select name, modified, enabled from tabNotification where module in %s order by name",
				modules,
			),
			"singles": rows(
				"select doctype, field, value from tabSingles where doctype like %s order by 1, 2",
				SM_DOCTYPES,
			),
			"custom fields": rows("select name, modified from `tabCustom Field` order by name"),
			"property setters": rows("select name, value from `tabProperty Setter` order by name"),
		}
		for table in frappe.db.sql_list("show tables like 'tabSM %%'"):
			sections[f"schema {table}"] = [(frappe.db.sql(f"show create table `{table}`")[0][1],)]
		for title, items in sections.items():
			print(f"## {title}")
			for item in items:
				print("\t".join(item))
	finally:
		frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1])
