// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Stock Ledger"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
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
			fieldname: "voucher_no",
			label: __("Voucher No"),
			fieldtype: "Data",
		},
		{
			fieldname: "hide_cancelled",
			label: __("Hide Cancelled"),
			fieldtype: "Check",
		},
	],


	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "voucher_type" && value) {
			value = default_formatter(__(value), row, column, data);
		} else {
			value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		}
		if (data && data.is_opening && column.fieldname === "product_name") {
			value = `<b>${value}</b>`;
		} else if (data && data.is_cancelled) {
			value = `<span class="text-muted">${value}</span>`;
		}
		return value;
	},
};
