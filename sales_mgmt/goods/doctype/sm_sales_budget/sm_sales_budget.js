// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Sales Budget", {
	setup(frm) {
		frm.set_query("product", () => ({ filters: { enabled: 1 } }));
	},

	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Sales Budget"), () =>
				frappe.set_route("query-report", "Sales Budget", {
					period: frm.doc.period,
					product: frm.doc.product,
				})
			);
		}
	},
});
