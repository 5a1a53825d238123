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
				{ value: "Next Month", label: __("Next Month") },
				{ value: "Next Quarter", label: __("Next Quarter") },
			],
			default: "Month",
			reqd: 1,
		},
		{
			fieldname: "date",
			label: __("Period Containing"),
			description: __("Next Month / Next Quarter: the period after the one containing this day"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		...sales_mgmt.report.scope_filters(),
	],
	// names, titles and next steps are user text
	formatter: sales_mgmt.report.format,
};
