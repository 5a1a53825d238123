// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Settings", {
	setup(frm) {
		frm.set_query("base_currency", () => ({ filters: { enabled: 1 } }));
	},
});
