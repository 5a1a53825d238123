// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.provide("sales_mgmt.activity");

frappe.ui.form.on("SM Activity", {
	setup(frm) {
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
		// only the chosen customer's opportunities
		frm.set_query("opportunity", () =>
			frm.doc.customer ? { filters: { customer: frm.doc.customer } } : {}
		);
	},

	onload(frm) {
		// a new activity (also one created from the calendar) is reminded as SM Settings say
		if (frm.is_new() && [undefined, null, ""].includes(frm.doc.remind_before_minutes)) {
			frappe.db
				.get_single_value("SM Settings", "activity_reminder_minutes")
				.then((minutes) => frm.set_value("remind_before_minutes", cint(minutes)));
		}
	},

	refresh(frm) {
		frm.dashboard.clear_headline();
		if (frm.is_new()) return;
		if (sales_mgmt.activity.is_overdue(frm.doc)) {
			frm.dashboard.set_headline_alert(
				__("This activity was planned to end at {0} and is not done yet.", [
					frappe.datetime.str_to_user(frm.doc.ends_on),
				]),
				"red"
			);
		}
		if (frm.doc.status === "Planned" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Mark Done"), () => sales_mgmt.activity.mark_done(frm)).addClass(
				"btn-primary"
			);
		}
		for (const [field, label] of [
			["previous_activity", __("Previous Activity")],
			["next_activity", __("Next Activity")],
		]) {
			if (frm.doc[field]) {
				frm.add_custom_button(
					label,
					() => frappe.set_route("Form", "SM Activity", frm.doc[field]),
					__("View")
				);
			}
		}
	},

	customer(frm) {
		if (!frm.doc.customer) frm.set_value("opportunity", null);
	},
});

// ask for the result and the next step, complete the activity on the server, show the next one
sales_mgmt.activity.mark_done = function (frm) {
	const ask = () => {
		const dialog = new frappe.ui.Dialog({
			title: __("Mark Done"),
			fields: [
				{
					fieldname: "outcome",
					label: __("Outcome"),
					fieldtype: "Select",
					reqd: 1,
					options: ["Successful", "Unsuccessful", "Follow-up Needed"].map((value) => ({
						value,
						label: __(value),
					})),
				},
				{ fieldname: "summary", label: __("Summary"), fieldtype: "Small Text", default: frm.doc.summary },
				{ fieldname: "next_step", label: __("Next Step"), fieldtype: "Data", default: frm.doc.next_step },
				{
					fieldname: "next_activity_on",
					label: __("Next Activity On"),
					fieldtype: "Datetime",
					description: __("Plans the next activity at this time"),
				},
			],
			primary_action_label: __("Mark Done"),
			primary_action(values) {
				frappe
					.xcall("sales_mgmt.api.activities.mark_done", { activity: frm.doc.name, ...values })
					.then((result) => {
						dialog.hide();
						frm.reload_doc();
						if (result.next_activity) {
							frappe.show_alert({
								message: __("Next activity planned: {0}", [
									`<a href="${sales_mgmt.escape(
										frappe.utils.get_form_link("SM Activity", result.next_activity)
									)}">${sales_mgmt.escape(result.next_activity)}</a>`,
								]),
								indicator: "green",
							});
						}
					});
			},
		});
		dialog.show();
	};
	// unsaved edits are saved first, so that the dialog completes what the form shows
	if (frm.is_dirty()) frm.save().then(ask);
	else ask();
};
