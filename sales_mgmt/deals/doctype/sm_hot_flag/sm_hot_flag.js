// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Hot Flag", {
	setup(frm) {
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
		frm.set_query("opportunity", () => ({
			filters: { customer: frm.doc.customer || "", status: "Open" },
		}));
	},

	customer(frm) {
		if (frm.doc.opportunity) frm.set_value("opportunity", null);
	},
});
