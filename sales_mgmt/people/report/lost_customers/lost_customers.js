// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Lost Customers"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_end(),
		},
		{
			fieldname: "include_inactive",
			label: __("Include Customers Without Contact"),
			fieldtype: "Check",
			default: 0,
		},
		{
			fieldname: "inactive_days",
			label: __("No Contact For (Days)"),
			fieldtype: "Int",
			description: __("Default: Inactive Customer Days in SM Settings"),
			depends_on: "include_inactive",
		},
		...sales_mgmt.report.scope_filters(),
	],

	formatter: sales_mgmt.report.format,
};
