// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

// The schedule (日程): Frappe's calendar reads the activities through frappe.desk.calendar.get_events,
// i.e. frappe.get_list, so a rep sees their own and a manager their team's (the hierarchy rules).
frappe.views.calendar["SM Activity"] = {
	field_map: {
		start: "starts_on",
		end: "ends_on",
		id: "name",
		title: "subject",
	},
	fields: ["name", "subject", "starts_on", "ends_on", "status", "outcome", "activity_type", "salesperson"],
	// Frappe maps these keys to colours; "muted" (cancelled) is added here
	get_css_class(doc) {
		this.color_map.muted = "gray";
		if (doc.status === "Cancelled") return "muted";
		if (doc.status === "Done") return doc.outcome === "Unsuccessful" ? "warning" : "success";
		return sales_mgmt.activity.is_overdue(doc) ? "danger" : "default";
	},
};
