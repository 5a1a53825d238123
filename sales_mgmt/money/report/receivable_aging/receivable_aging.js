// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Receivable Aging"] = {
	filters: [
		{
			fieldname: "report_date",
			label: __("Report Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "based_on",
			label: __("Based On"),
			fieldtype: "Select",
			options: ["Sales View", "Finance View"].map((value) => ({ value, label: __(value) })),
			default: "Sales View",
			description: __(
				"Sales View: delivered, not yet received. Finance View: invoiced, not yet received."
			),
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Customer", "Salesperson"].map((value) => ({ value, label: __(value) })),
			default: "Customer",
			reqd: 1,
		},
		{
			fieldname: "range",
			label: __("Aging Ranges (Days)"),
			fieldtype: "Data",
			description: __(
				"Upper bounds of the buckets, e.g. 30, 60, 90; blank: the buckets of SM Settings. Receivables not yet due count in the first bucket."
			),
		},
		{
			fieldname: "customer",
			label: __("Customer"),
			fieldtype: "Link",
			options: "SM Customer",
		},
		...sales_mgmt.report.scope_filters(),
	],

	formatter: sales_mgmt.report.format,
};
