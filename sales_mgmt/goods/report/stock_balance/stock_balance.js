// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Stock Balance"] = {
	filters: [
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Link",
			options: "SM Product Category",
		},
		{
			fieldname: "product_type",
			label: __("Product Type"),
			fieldtype: "Select",
			options: ["", "Sales Item", "Promotional Material", "Gift"].map((value) => ({
				value,
				label: __(value),
			})),
		},
		{
			fieldname: "product",
			label: __("Product"),
			fieldtype: "Link",
			options: "SM Product",
		},
		{
			fieldname: "warehouse",
			label: __("Warehouse"),
			fieldtype: "Link",
			options: "SM Warehouse",
		},
		{
			fieldname: "layout",
			label: __("Layout"),
			fieldtype: "Select",
			options: ["Warehouses as Columns", "Warehouses as Rows"].map((value) => ({
				value,
				label: __(value),
			})),
			default: "Warehouses as Columns",
		},
		{
			fieldname: "below_reorder_only",
			label: __("Below Reorder Level Only"),
			fieldtype: "Check",
		},
		{
			fieldname: "show_zero",
			label: __("Show Products Without Stock"),
			fieldtype: "Check",
		},
	],


	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		if (data && data.below_reorder && ["product", "total_qty", "qty"].includes(column.fieldname)) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
};
