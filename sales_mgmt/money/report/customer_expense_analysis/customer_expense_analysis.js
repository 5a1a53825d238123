// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Customer Expense Analysis"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			description: __("Blank: the start of the current fiscal year"),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "customer",
			label: __("Customer"),
			fieldtype: "Link",
			options: "SM Customer",
		},
		...sales_mgmt.report.scope_filters(),
		{
			fieldname: "only_flagged",
			label: __("Only Customers With Flagged Expenses"),
			fieldtype: "Check",
		},
	],

	onload(report) {
		// the current fiscal year (SM Settings' start month), unless the route set a date
		if (!report.get_filter_value("from_date")) {
			frappe
				.xcall("sales_mgmt.api.expenses.current_fiscal_year_start")
				.then((day) => report.set_filter_value("from_date", day));
		}
		// a customer's expense count opens its submitted expenses of the range
		report.page.wrapper
			.off("click.sm_open_expenses")
			.on("click.sm_open_expenses", ".sm-open-expenses", (event) => {
				event.preventDefault();
				frappe.set_route("List", "SM Expense", {
					customer: event.currentTarget.dataset.customer,
					docstatus: 1,
					expense_date: [
						"between",
						[report.get_filter_value("from_date"), report.get_filter_value("to_date")],
					],
				});
			});
	},

	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (!data || !data.customer) return value;
		if (column.fieldname === "expense_count") {
			value = `<a class="sm-open-expenses" data-customer="${sales_mgmt.escape(
				data.customer
			)}" title="${sales_mgmt.escape(__("Open the expenses"))}">${value}</a>`;
		}
		if ((column.fieldname === "spend_ratio" && data.above_share) || (column.fieldname === "flagged_count" && data.flagged_count)) {
			value = `<span class="text-danger" style="font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
