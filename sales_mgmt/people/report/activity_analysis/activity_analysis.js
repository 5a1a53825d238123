// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Activity Analysis"] = {
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
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "group_by_period",
			label: __("Group By Period"),
			fieldtype: "Select",
			options: [
				{ value: "Day", label: __("Day") },
				{ value: "Week", label: __("Week") },
			],
			default: "Day",
		},
		{
			fieldname: "activity_type",
			label: __("Activity Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				...["Visit", "Call", "Meeting", "Email", "Demo", "Other"].map((t) => ({
					value: t,
					label: __(t),
				})),
			],
		},
		...sales_mgmt.report.scope_filters(),
	],

	// the server sends the heatmap's range as text; frappe-charts needs Date objects
	get_chart_data() {
		const chart = frappe.query_report.raw_data && frappe.query_report.raw_data.chart;
		if (!chart || chart.type !== "heatmap") return chart;
		return {
			...chart,
			data: {
				...chart.data,
				start: frappe.datetime.str_to_obj(chart.data.start),
				end: frappe.datetime.str_to_obj(chart.data.end),
			},
		};
	},

	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (column.fieldname === "overdue" && data && data.overdue) {
			value = `<span class="text-danger" style="font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
