frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Pipeline Funnel"] = {
	method: "sales_mgmt.deals.dashboard_chart_source.pipeline_funnel.pipeline_funnel.get",
	filters: [
		{
			fieldname: "salesperson",
			label: __("Salesperson"),
			fieldtype: "Link",
			options: "SM Salesperson",
		},
	],
};
