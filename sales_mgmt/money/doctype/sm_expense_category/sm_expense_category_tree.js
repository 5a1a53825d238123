// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.treeview_settings["SM Expense Category"] = {
	breadcrumb: "Money",
	title: __("Expense Categories"),
	root_label: __("All Expense Categories"),
	fields: [
		{ fieldtype: "Data", fieldname: "category_name", label: __("Category Name"), reqd: true },
		{ fieldtype: "Check", fieldname: "is_group", label: __("Is Group") },
		{
			fieldtype: "Select",
			fieldname: "expense_type",
			label: __("Expense Type"),
			options: ["", "Management", "Promotion"].map((value) => ({ value, label: __(value) })),
			description: __("Left empty: the parent category's"),
		},
	],
};
