// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Sales Budget"] = {
	filters: [
		{
			fieldname: "period",
			label: __("Budget Month"),
			fieldtype: "Data",
			default: moment().add(1, "months").format("YYYY-MM"),
			description: __("YYYY-MM"),
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Product", "Category"].map((value) => ({ value, label: __(value) })),
			default: "Product",
		},
		{
			fieldname: "product_type",
			label: __("Product Type"),
			fieldtype: "Select",
			options: ["Sales Item", "Promotional Material", "Gift"].map((value) => ({
				value,
				label: __(value),
			})),
			default: "Sales Item",
		},
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Link",
			options: "SM Product Category",
		},
		{
			fieldname: "product",
			label: __("Product"),
			fieldtype: "Link",
			options: "SM Product",
		},
	],


	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (data && column.fieldname === "flag" && data.flag) {
			const color = data.flag === "Order now" ? "var(--red-600)" : "var(--orange-600)";
			value = `<span style="color: ${color}; font-weight: 600">${value}</span>`;
		}
		return value;
	},
};
