// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Cash Account", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Cash Account Ledger"), () =>
			frappe.set_route("query-report", "Cash Account Ledger", { cash_account: frm.doc.name })
		);
		if (frappe.model.can_create("SM Cash Entry") && frm.doc.enabled) {
			frm.add_custom_button(__("New Cash Entry"), () =>
				frappe.new_doc("SM Cash Entry", { cash_account: frm.doc.name })
			);
		}
		frm.dashboard.set_headline(
			__("Current balance: {0}", [
				format_currency(frm.doc.current_balance, frm.doc.currency),
			])
		);
	},
});
