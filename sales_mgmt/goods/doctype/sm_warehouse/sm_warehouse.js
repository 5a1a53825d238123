// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Warehouse", {
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Stock Balance"), () =>
				frappe.set_route("query-report", "Stock Balance", { warehouse: frm.doc.name })
			);
			frm.add_custom_button(__("Stock Ledger"), () =>
				frappe.set_route("query-report", "Stock Ledger", { warehouse: frm.doc.name })
			);
		}
	},
});
