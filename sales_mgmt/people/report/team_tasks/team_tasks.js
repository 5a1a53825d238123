// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Team Tasks"] = {
	filters: [
		{
			fieldname: "view",
			label: __("View"),
			fieldtype: "Select",
			options: [
				{ value: "Tasks", label: __("Tasks") },
				{ value: "Per Person", label: __("Per Person") },
			],
			default: "Tasks",
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "Open", label: __("Open") },
				{ value: "Closed", label: __("Closed") },
				{ value: "All", label: __("All") },
			],
			default: "Open",
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			description: __("Completed tasks: closed from this day"),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		...sales_mgmt.report.scope_filters(),
		{
			fieldname: "only_overdue",
			label: __("Only Overdue"),
			fieldtype: "Check",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		if (data && ["status", "priority", "reference_type"].includes(column.fieldname) && value) {
			value = __(value);
		}
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (!data) return value;
		// the record the task is on (opens if the viewer may read it)
		if (column.fieldname === "reference_name" && data.reference_type && data.reference_name) {
			const href = frappe.utils.get_form_link(data.reference_type, data.reference_name);
			value = `<a href="${sales_mgmt.escape(href)}">${value}</a>`;
		}
		// the Per Person view's overdue count
		if (column.fieldname === "overdue" && column.fieldtype === "Int" && data.overdue) {
			value = `<span class="text-danger" style="font-weight: bold">${value}</span>`;
		}
		if (column.fieldname === "date" && data.overdue) {
			value = `<span class="text-danger" style="font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
