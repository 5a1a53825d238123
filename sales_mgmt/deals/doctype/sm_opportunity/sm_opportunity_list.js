// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Opportunity"] = {
	add_fields: ["status", "stage", "stage_changed_on"],
	get_indicator(doc) {
		if (doc.status === "Won") return [__("Won", null, "SM Opportunity"), "green", "status,=,Won"];
		if (doc.status === "Lost") return [__("Lost", null, "SM Opportunity"), "gray", "status,=,Lost"];
		// stalled: more days in the stage than the stage's stall days (0 = never stalls)
		const stage = (frappe.boot.sm_sales_stages || {})[doc.stage];
		if (stage && stage.stall_days && doc.stage_changed_on) {
			const days = frappe.datetime.get_diff(
				frappe.datetime.get_today(),
				doc.stage_changed_on.slice(0, 10)
			);
			if (days > stage.stall_days) {
				return [__("Stalled"), "red", "status,=,Open"];
			}
		}
		return [__("Open", null, "SM Opportunity"), "blue", "status,=,Open"];
	},
};
