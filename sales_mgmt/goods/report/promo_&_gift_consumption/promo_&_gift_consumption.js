// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Promo & Gift Consumption"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Product", "Customer", "Salesperson", "Purpose"].map((value) => ({
				value,
				label: __(value),
			})),
			default: "Product",
		},
		{
			fieldname: "product_type",
			label: __("Product Type"),
			fieldtype: "Select",
			options: ["", "Promotional Material", "Gift"].map((value) => ({ value, label: __(value) })),
		},
		{
			fieldname: "product",
			label: __("Product"),
			fieldtype: "Link",
			options: "SM Product",
			get_query: () => ({ filters: { product_type: ["in", ["Promotional Material", "Gift"]] } }),
		},
		{
			fieldname: "warehouse",
			label: __("Warehouse"),
			fieldtype: "Link",
			options: "SM Warehouse",
		},
	],


	formatter: sales_mgmt.report.format,
};
