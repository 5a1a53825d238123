// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Cash Entry", {
	setup(frm) {
		frm.set_query("cash_account", () => ({ filters: { enabled: 1 } }));
		frm.set_query("to_account", () => ({
			filters: { enabled: 1, name: ["!=", frm.doc.cash_account || ""] },
		}));
	},

	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.reference_name) {
			frm.set_intro(
				__("Posted by {0} {1}: cancel that document to reverse this entry.", [
					__(frm.doc.reference_doctype),
					frappe.utils.escape_html(frm.doc.reference_name),
				])
			);
		}
	},

	amount: (frm) => set_to_amount(frm),
	exchange_rate: (frm) => set_to_amount(frm),
	to_account: (frm) => frm.set_value("exchange_rate", 0),
});

function set_to_amount(frm) {
	// the server recomputes it (and fills a missing rate from Currency Exchange) on save
	if (frm.doc.entry_type === "Transfer" && flt(frm.doc.exchange_rate)) {
		frm.set_value("to_amount", flt(frm.doc.amount) * flt(frm.doc.exchange_rate));
	}
}
