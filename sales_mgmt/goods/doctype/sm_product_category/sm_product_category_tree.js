// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.treeview_settings["SM Product Category"] = {
	breadcrumb: "Goods",
	title: __("Product Categories"),
	root_label: __("All Product Categories"),
	fields: [
		{ fieldtype: "Data", fieldname: "category_name", label: __("Category Name"), reqd: true },
		{ fieldtype: "Check", fieldname: "is_group", label: __("Is Group") },
	],
};
