// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Complaint"] = {
	add_fields: ["status", "sla_status", "severity"],
	get_indicator(doc) {
		const colors = { Open: "red", "In Progress": "orange", Resolved: "green", Closed: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
