// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Sales Forecast"] = {
	filters: [
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
			],
			default: "Month",
			reqd: 1,
		},
		{
			fieldname: "date",
			label: __("Period Containing"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "salesperson",
			label: __("Salesperson"),
			fieldtype: "Link",
			options: "SM Salesperson",
			description: __("Includes everyone reporting to this salesperson"),
		},
		{
			fieldname: "team",
			label: __("Team"),
			fieldtype: "Data",
		},
	],
	// names, titles and next steps are user text
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldtype === "Data") value = frappe.utils.escape_html(value);
		return default_formatter(value, row, column, data);
	},
};
