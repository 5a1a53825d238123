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
		// only a flag the viewer may read shows (see sales_mgmt.api.deals.hot_flags)
		sales_mgmt.hot_flags([frm.doc.name]).then((flags) => {
			const flag = flags[frm.doc.name];
			if (!flag || frm.is_new()) return;
			// the note is user text: escaped by flame_icon and here
			frm.dashboard.set_headline(
				`<div class="sm-hot-headline">${sales_mgmt.flame_icon(flag.note)} ${__(
					"Hot customer"
				)}: ${sales_mgmt.escape(flag.note || "")}</div>`,
				"orange"
			);
		});
	},
});
