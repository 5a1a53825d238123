// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Salesperson KPI"] = {
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
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: ["Salesperson", "Team"].map((value) => ({ value, label: __(value) })),
			default: "Salesperson",
		},
		...sales_mgmt.report.scope_filters(),
	],

	formatter: sales_mgmt.report.format,
};
