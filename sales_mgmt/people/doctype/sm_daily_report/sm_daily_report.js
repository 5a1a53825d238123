// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Daily Report", {
	refresh(frm) {
		// the server decides (and enforces) who writes what: show it on the form too
		const onload = frm.doc.__onload || {};
		frm.set_df_property("plan_for_next", "read_only", onload.is_own ? 0 : 1);
		frm.set_df_property("remarks", "read_only", onload.is_own ? 0 : 1);
		frm.set_df_property("manager_comment", "read_only", onload.can_comment ? 0 : 1);
		if (!frm.is_new() && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Regenerate"), () => regenerate(frm));
		}
	},
});

function regenerate(frm) {
	const run = () =>
		frappe.call({
			method: "sales_mgmt.api.daily_reports.regenerate",
			args: { name: frm.doc.name },
			freeze: true,
			freeze_message: __("Generating..."),
			callback: () =>
				frm.reload_doc().then(() =>
					frappe.show_alert({ message: __("Report regenerated"), indicator: "green" })
				),
		});
	// unsaved plan or comment would be lost on reload: save them first
	if (frm.is_dirty()) {
		frm.save().then(run);
	} else {
		run();
	}
}
