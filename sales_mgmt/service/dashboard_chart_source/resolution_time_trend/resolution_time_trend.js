frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Resolution Time Trend"] = {
	method: "sales_mgmt.api.service.resolution_time_trend",
	filters: [],
};
