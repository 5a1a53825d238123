// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Stage Conversion"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		...sales_mgmt.report.scope_filters(),
		{
			fieldname: "min_entries",
			label: __("Minimum Entries for Hints"),
			fieldtype: "Int",
			default: 5,
			description: __("A salesperson gets a hint at a stage only with at least this many entries"),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (column.fieldname === "hint" && data && data.hint_type) {
			const color = data.hint_type === "coaching" ? "orange" : "green";
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};
