// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Bad Debt Write Off", {
	setup(frm) {
		frm.set_query("receivable", () => ({ filters: { status: "Open", sales_outstanding: [">", 0] } }));
	},
});
