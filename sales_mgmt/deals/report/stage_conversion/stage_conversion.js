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
		{
			fieldname: "min_entries",
			label: __("Minimum Entries for Hints"),
			fieldtype: "Int",
			default: 5,
			description: __("A salesperson gets a hint at a stage only with at least this many entries"),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldtype === "Data") value = frappe.utils.escape_html(value);
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "hint" && data && data.hint_type) {
			const color = data.hint_type === "coaching" ? "orange" : "green";
			value = `<span class="indicator-pill ${color}">${value}</span>`;
		}
		return value;
	},
};
