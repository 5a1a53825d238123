frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Pipeline Funnel"] = {
	method: "sales_mgmt.api.deals.pipeline_funnel",
	filters: [
		{
			fieldname: "salesperson",
			label: __("Salesperson"),
			fieldtype: "Link",
			options: "SM Salesperson",
		},
	],
};
