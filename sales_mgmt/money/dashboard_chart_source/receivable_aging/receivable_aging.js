frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Receivable Aging"] = {
	method: "sales_mgmt.api.money.receivable_aging",
	filters: [
		{
			fieldname: "salesperson",
			label: __("Salesperson"),
			fieldtype: "Link",
			options: "SM Salesperson",
		},
	],
};
