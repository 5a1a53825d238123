// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Sales Order", {
	setup(frm) {
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
		frm.set_query("product", "items", () => ({ filters: { enabled: 1 } }));
		frm.set_query("opportunity", () => ({
			filters: { customer: frm.doc.customer || "", status: ["!=", "Lost"] },
		}));
	},

	refresh(frm) {
		// the desk appends to the headline: clear it first (a form refreshes more than once on save)
		frm.dashboard.clear_headline();
		if (frm.doc.docstatus === 0 && frm.doc.needs_approval) {
			frm.dashboard.set_headline_alert(
				`${__("Needs approval")}: ${sales_mgmt
					.escape(frm.doc.approval_reason || "")
					.replace(/\n/g, "<br>")}`,
				"orange"
			);
		}
		if (frm.doc.docstatus !== 1) return;
		const make = (label, method, permission_doctype) => {
			if (!frappe.model.can_create(permission_doctype)) return;
			frm.add_custom_button(
				__(label),
				() => frappe.model.open_mapped_doc({ method: `sales_mgmt.api.money.${method}`, frm }),
				__("Create")
			);
		};
		if (frm.doc.delivery_status !== "Fully Delivered") make("Delivery", "make_delivery", "SM Delivery");
		if (frm.doc.billing_status !== "Fully Billed") make("Invoice", "make_invoice", "SM Invoice");
		if (frm.doc.payment_status !== "Paid") make("Payment", "make_payment", "SM Payment");
		frm.add_custom_button(__("Receivable"), () =>
			frappe.set_route("Form", "SM Receivable", frm.doc.name)
		);
	},
});

frappe.ui.form.on("SM Sales Order Item", {
	product(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!row.product) return;
		frappe.db.get_value("SM Product", row.product, "standard_price").then(({ message }) => {
			if (message && !row.rate) {
				frappe.model.set_value(cdt, cdn, "rate", message.standard_price);
			}
		});
	},
	qty: (frm, cdt, cdn) => set_amount(frm, cdt, cdn),
	rate: (frm, cdt, cdn) => set_amount(frm, cdt, cdn),
});

function set_amount(frm, cdt, cdn) {
	// the server computes every total on save; this only keeps the row readable while typing
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty) * flt(row.rate));
}
