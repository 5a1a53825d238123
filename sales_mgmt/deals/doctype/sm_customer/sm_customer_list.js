// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Customer"] = {
	add_fields: ["status", "salesperson", "is_hot", "hot_note"],
	get_indicator(doc) {
		const colors = { Prospect: "blue", Active: "green", Dormant: "orange", Lost: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
	// a flame before each hot customer's name, the note (user text, escaped) as its tooltip
	refresh(listview) {
		listview.$result.find(".sm-flame").remove();
		for (const doc of listview.data || []) {
			if (!doc.is_hot) continue;
			const checkbox = listview.$result
				.find(".list-row-checkbox")
				.filter((_, el) => el.dataset.name === doc.name);
			checkbox
				.closest(".list-subject")
				.find("a")
				.first()
				.before(sales_mgmt.flame_icon(doc.hot_note || __("Hot customer")));
		}
	},
};
