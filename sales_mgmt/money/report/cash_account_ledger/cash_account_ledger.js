// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Cash Account Ledger"] = {
	filters: [
		{
			fieldname: "cash_account",
			label: __("Cash Account"),
			fieldtype: "Link",
			options: "SM Cash Account",
		},
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
			fieldname: "show_cancelled",
			label: __("Show Cancelled Entries"),
			fieldtype: "Check",
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = sales_mgmt.report.format(value, row, column, data, default_formatter);
		return data && data.is_boundary ? `<b>${value}</b>` : value;
	},
};
