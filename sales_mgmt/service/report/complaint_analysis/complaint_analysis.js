// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Complaint Analysis"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -2),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Category", label: __("Category") },
				{ value: "Product", label: __("Product") },
				{ value: "Customer", label: __("Customer") },
				{ value: "Period", label: __("Period") },
			],
			default: "Category",
		},
		{
			fieldname: "period_type",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
			],
			default: "Month",
			depends_on: "eval:doc.group_by == 'Period'",
		},
		{
			fieldname: "severity",
			label: __("Severity"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Low", label: __("Low") },
				{ value: "Medium", label: __("Medium") },
				{ value: "High", label: __("High") },
				{ value: "Critical", label: __("Critical") },
			],
		},
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Link",
			options: "SM Complaint Category",
		},
		{
			fieldname: "customer",
			label: __("Customer"),
			fieldtype: "Link",
			options: "SM Customer",
		},
		...sales_mgmt.report.scope_filters(),
	],

	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (data && column.fieldname === "sla_breach_rate" && data.breached) {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
