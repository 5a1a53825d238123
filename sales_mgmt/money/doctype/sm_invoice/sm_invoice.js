// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Invoice", {
	setup(frm) {
		frm.set_query("sales_order", () => ({
			filters: { docstatus: 1, billing_status: ["!=", "Fully Billed"] },
		}));
	},
});
