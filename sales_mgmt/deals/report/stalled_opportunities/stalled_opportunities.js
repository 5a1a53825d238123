// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Stalled Opportunities"] = {
	filters: [
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
			fieldname: "stage",
			label: __("Stage"),
			fieldtype: "Link",
			options: "SM Sales Stage",
			get_query: () => ({ filters: { stage_type: "Open" } }),
		},
	],
	// names, titles and next steps are user text
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldtype === "Data") value = frappe.utils.escape_html(value);
		return default_formatter(value, row, column, data);
	},
};
