// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Expense Category", {
	setup(frm) {
		frm.set_query("parent_sm_expense_category", () => ({
			filters: { is_group: 1, name: ["!=", frm.doc.name || ""] },
		}));
	},

	refresh(frm) {
		if (!frm.is_new() && !frm.doc.is_group) {
			frm.add_custom_button(__("Expenses"), () =>
				frappe.set_route("List", "SM Expense", { category: frm.doc.name })
			);
		}
	},
});
