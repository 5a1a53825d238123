// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.provide("sales_mgmt.activity");

// a planned activity whose end has passed (ends_on is in system time, like now_datetime())
sales_mgmt.activity.is_overdue = function (doc) {
	return (
		doc.status === "Planned" &&
		!!doc.ends_on &&
		doc.ends_on < frappe.datetime.now_datetime()
	);
};

sales_mgmt.activity.indicator = function (doc) {
	if (doc.status === "Cancelled") return [__("Cancelled"), "gray", "status,=,Cancelled"];
	if (doc.status === "Done") {
		const colour = { Successful: "green", Unsuccessful: "red", "Follow-up Needed": "orange" };
		return [
			__("Done: {0}", [__(doc.outcome)]),
			colour[doc.outcome] || "green",
			`status,=,Done|outcome,=,${doc.outcome}`,
		];
	}
	if (sales_mgmt.activity.is_overdue(doc)) {
		return [__("Overdue"), "red", `status,=,Planned|ends_on,<,${frappe.datetime.now_datetime()}`];
	}
	return [__("Planned"), "blue", "status,=,Planned"];
};

frappe.listview_settings["SM Activity"] = {
	add_fields: ["status", "outcome", "starts_on", "ends_on", "activity_type"],
	get_indicator: (doc) => sales_mgmt.activity.indicator(doc),
	// the calendar opens on the user's own schedule (a manager removes the filter to see the team's)
	get filters() {
		const salesperson = frappe.defaults.get_user_default("salesperson");
		const route = frappe.get_route() || [];
		return route[2] === "Calendar" && salesperson ? [["salesperson", "=", salesperson]] : [];
	},
};
