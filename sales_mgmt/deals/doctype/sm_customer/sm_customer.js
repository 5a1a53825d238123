// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Customer", {
	setup(frm) {
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
	},

	refresh(frm) {
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "SM Customer" };
		frm.toggle_display("address_contacts_section", !frm.is_new());

		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
		} else {
			frappe.contacts.render_address_and_contact(frm);
			frm.trigger("show_hot_flag");
		}
	},

	show_hot_flag(frm) {
		frm.dashboard.clear_headline();
		if (!frm.doc.is_hot) return;
		// the note is user text: escaped by flame_icon and here
		frm.dashboard.set_headline(
			`<div class="sm-hot-headline">${sales_mgmt.flame_icon(frm.doc.hot_note)} ${__(
				"Hot customer"
			)}: ${sales_mgmt.escape(frm.doc.hot_note || "")}</div>`,
			"orange"
		);
	},
});
