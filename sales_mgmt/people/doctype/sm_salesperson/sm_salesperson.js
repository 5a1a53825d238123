// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Salesperson", {
	setup(frm) {
		frm.set_query("parent_sm_salesperson", () => ({
			filters: { name: ["!=", frm.doc.name || ""], enabled: 1 },
		}));
	},

	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Customers"), () =>
				frappe.set_route("List", "SM Customer", { salesperson: frm.doc.name })
			);
			frm.add_custom_button(__("Hierarchy"), () => frappe.set_route("Tree", "SM Salesperson"));
		}
	},
});
