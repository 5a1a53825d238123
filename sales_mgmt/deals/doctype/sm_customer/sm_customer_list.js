// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Customer"] = {
	add_fields: ["status", "salesperson"],
	get_indicator(doc) {
		const colors = { Prospect: "blue", Active: "green", Dormant: "orange", Lost: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
