// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Delivery", {
	setup(frm) {
		frm.set_query("sales_order", () => ({
			filters: { docstatus: 1, delivery_status: ["!=", "Fully Delivered"] },
		}));
		const enabled = () => ({ filters: { enabled: 1 } });
		frm.set_query("warehouse", enabled);
		frm.set_query("warehouse", "items", enabled);
	},

	refresh(frm) {
		if (frm.doc.docstatus > 0) {
			frm.add_custom_button(__("Stock Ledger"), () =>
				frappe.set_route("query-report", "Stock Ledger", {
					voucher_no: frm.doc.name,
					from_date: frm.doc.posting_date,
				})
			);
		}
	},

	set_posting_time(frm) {
		// unchecked: the delivery posts when it is submitted, as the server sets it
		if (!frm.doc.set_posting_time) {
			frm.set_value("posting_date", frappe.datetime.now_date());
			frm.set_value("posting_time", frappe.datetime.now_time());
		}
	},
});
