frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Cash Income and Expense"] = {
	method: "sales_mgmt.api.money.cash_income_and_expense",
	filters: [],
};
