// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Customer"] = {
	add_fields: ["status", "salesperson", "is_hot", "hot_note"],
	get_indicator(doc) {
		const colors = { Prospect: "blue", Active: "green", Dormant: "orange", Lost: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
	formatters: {
		// a flame for hot customers; the note (user text) is escaped into its tooltip
		is_hot(value, df, doc) {
			return value ? sales_mgmt.flame_icon(doc.hot_note || __("Hot")) : "";
		},
	},
};
