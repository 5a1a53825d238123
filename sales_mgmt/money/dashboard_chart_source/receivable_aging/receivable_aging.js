frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Receivable Aging"] = {
	method: "sales_mgmt.money.dashboard_chart_source.receivable_aging.receivable_aging.get",
	filters: [
		{
			fieldname: "salesperson",
			label: __("Salesperson"),
			fieldtype: "Link",
			options: "SM Salesperson",
		},
	],
};
