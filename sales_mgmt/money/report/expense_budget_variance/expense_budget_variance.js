// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Expense Budget Variance"] = {
	filters: [
		{
			fieldname: "fiscal_year",
			label: __("Fiscal Year"),
			fieldtype: "Int",
			description: __("The fiscal year starting in this calendar year; blank: the current one"),
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Period", "Budget"].map((value) => ({ value, label: __(value) })),
			default: "Period",
			reqd: 1,
		},
		{
			fieldname: "scope",
			label: __("Scope"),
			fieldtype: "Select",
			options: ["", "Company", "Team", "Salesperson"].map((value) => ({ value, label: __(value) })),
		},
		{
			fieldname: "category",
			label: __("Expense Category"),
			fieldtype: "Link",
			options: "SM Expense Category",
			description: __("Budgets of this category and the categories below it"),
		},
		{
			fieldname: "budget",
			label: __("Budget"),
			fieldtype: "Link",
			options: "SM Expense Budget",
		},
		...sales_mgmt.report.scope_filters(),
		{
			fieldname: "only_over",
			label: __("Only Over Budget"),
			fieldtype: "Check",
		},
	],

	onload(report) {
		// the current fiscal year (SM Settings' start month), unless the route set one
		if (!report.get_filter_value("fiscal_year")) {
			frappe
				.xcall("sales_mgmt.api.expenses.current_fiscal_year")
				.then((year) => report.set_filter_value("fiscal_year", year));
		}
	},

	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		// over budget in red
		if (data && data.over && ["actual", "variance", "used_percent"].includes(column.fieldname)) {
			value = `<span class="text-danger" style="font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
