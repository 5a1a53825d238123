// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Receivables Reconciliation"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Customer", "Sales Order"].map((value) => ({ value, label: __(value) })),
			default: "Customer",
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
			fieldname: "include_settled",
			label: __("Include Settled"),
			fieldtype: "Check",
			description: __("Also settled and written-off receivables"),
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		// a customer's order count opens that customer's orders
		if (column.fieldname === "order_count" && data && data.customer && !data.sales_order) {
			const params = new URLSearchParams({
				group_by: "Sales Order",
				customer: data.customer,
				include_settled: frappe.query_report.get_filter_value("include_settled") ? 1 : 0,
			});
			value = `<a href="/app/query-report/${encodeURIComponent("Receivables Reconciliation")}?${params}" title="${sales_mgmt.escape(
				__("Open the orders")
			)}">${value}</a>`;
		}
		return value;
	},
};
