// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Cash Entry"] = {
	add_fields: ["entry_type", "docstatus"],
	get_indicator(doc) {
		if (doc.docstatus === 2) return [__("Cancelled"), "red", "docstatus,=,2"];
		if (doc.docstatus === 0) return [__("Draft"), "gray", "docstatus,=,0"];
		const colour = { Income: "green", Expense: "orange", Transfer: "blue" }[doc.entry_type];
		return [__(doc.entry_type), colour, `entry_type,=,${doc.entry_type}`];
	},
};
