frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Contract vs Target This Month"] = {
	method: "sales_mgmt.api.people.contract_vs_target",
	filters: [],
};
