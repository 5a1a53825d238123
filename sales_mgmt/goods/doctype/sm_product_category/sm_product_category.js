// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Product Category", {
	setup(frm) {
		frm.set_query("parent_sm_product_category", () => ({
			filters: { name: ["!=", frm.doc.name || ""] },
		}));
	},

	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Products"), () =>
				frappe.set_route("List", "SM Product", { category: frm.doc.name })
			);
		}
	},
});
