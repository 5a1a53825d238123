// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.treeview_settings["SM Salesperson"] = {
	breadcrumb: "People",
	title: __("Sales Hierarchy"),
	root_label: __("All Salespeople"),
	fields: [
		{ fieldtype: "Data", fieldname: "salesperson_name", label: __("Salesperson Name"), reqd: true },
		{ fieldtype: "Link", fieldname: "user", label: __("User"), options: "User" },
		{ fieldtype: "Data", fieldname: "team", label: __("Team") },
		{ fieldtype: "Check", fieldname: "is_group", label: __("Is Group") },
	],
};
