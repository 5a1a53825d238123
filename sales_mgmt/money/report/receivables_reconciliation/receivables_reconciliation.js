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

	onload(report) {
		// a customer's order count opens that customer's orders (the filters change in place)
		report.page.wrapper.off("click.sm_open_orders").on("click.sm_open_orders", ".sm-open-orders", (event) => {
			event.preventDefault();
			report.set_filter_value({
				group_by: "Sales Order",
				customer: event.currentTarget.dataset.customer,
			});
		});
	},

	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (column.fieldname === "order_count" && data && data.customer && !data.sales_order) {
			value = `<a class="sm-open-orders" data-customer="${sales_mgmt.escape(
				data.customer
			)}" title="${sales_mgmt.escape(__("Open the orders"))}">${value}</a>`;
		}
		return value;
	},
};
