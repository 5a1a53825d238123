// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Receivable", {
	refresh(frm) {
		frm.add_custom_button(__("Sales Order"), () =>
			frappe.set_route("Form", "SM Sales Order", frm.doc.sales_order)
		);
		if (frm.doc.status === "Open" && frm.doc.sales_outstanding > 0 && frappe.model.can_create("SM Bad Debt Write Off")) {
			frm.add_custom_button(__("Write Off as Bad Debt"), () =>
				frappe.new_doc("SM Bad Debt Write Off", { receivable: frm.doc.name })
			);
		}
	},
});
