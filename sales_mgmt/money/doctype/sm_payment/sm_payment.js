// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Payment", {
	setup(frm) {
		frm.set_query("cash_account", () => ({ filters: { enabled: 1 } }));
		frm.set_query("sales_order", "allocations", () => ({
			filters: {
				docstatus: 1,
				customer: frm.doc.customer || "",
				currency: frm.doc.currency || "",
				payment_status: ["!=", "Paid"],
			},
		}));
		frm.set_query("invoice", "allocations", (doc, cdt, cdn) => ({
			filters: { docstatus: 1, sales_order: locals[cdt][cdn].sales_order || "" },
		}));
	},

	amount: (frm) => set_unallocated(frm),
});

frappe.ui.form.on("SM Payment Allocation", {
	allocated_amount: (frm) => set_unallocated(frm),
	allocations_remove: (frm) => set_unallocated(frm),
});

function set_unallocated(frm) {
	// the server recomputes both on save; this only keeps the form readable while typing
	const allocated = (frm.doc.allocations || []).reduce((sum, row) => sum + flt(row.allocated_amount), 0);
	frm.set_value("total_allocated", allocated);
	frm.set_value("unallocated_amount", flt(frm.doc.amount) - allocated);
}
