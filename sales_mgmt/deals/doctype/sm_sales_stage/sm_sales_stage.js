// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Sales Stage", {
	refresh(frm) {
		frm.set_intro(
			__("A new probability applies to opportunities entering this stage from now on; stall days apply at once."),
			"blue"
		);
	},
});
