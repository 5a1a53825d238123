// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Customer"] = {
	add_fields: ["status", "salesperson"],
	get_indicator(doc) {
		const colors = { Prospect: "blue", Active: "green", Dormant: "orange", Lost: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
	// a flame before each customer with a hot flag the viewer may read, its note (user text, escaped
	// by flame_icon) as the tooltip; asked per page, so nobody sees a note they could not read on the flag
	refresh(listview) {
		const names = (listview.data || []).map((doc) => doc.name);
		listview.$result.find(".sm-flame").remove();
		if (!names.length) return;
		sales_mgmt.hot_flags(names).then((flags) => {
			listview.$result.find(".sm-flame").remove();
			for (const [customer, flag] of Object.entries(flags)) {
				listview.$result
					.find(".list-row-checkbox")
					.filter((_, el) => el.dataset.name === customer)
					.closest(".list-subject")
					.find("a")
					.first()
					.before(sales_mgmt.flame_icon(flag.note || __("Hot customer")));
			}
		});
	},
};
