// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Lead", {
	setup(frm) {
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
	},

	refresh(frm) {
		if (frm.doc.status === "Converted" && frm.doc.opportunity) {
			frm.add_custom_button(__("Open Opportunity"), () =>
				frappe.set_route("Form", "SM Opportunity", frm.doc.opportunity)
			);
		}
		if (frm.is_new() || ["Converted", "Disqualified"].includes(frm.doc.status)) return;
		frm.add_custom_button(__("Convert"), () => frm.trigger("convert"), null).addClass(
			"btn-primary"
		);
	},

	convert(frm) {
		const dialog = new frappe.ui.Dialog({
			title: __("Convert Lead"),
			fields: [
				{
					fieldname: "title",
					fieldtype: "Data",
					label: __("Opportunity Title"),
					default: frm.doc.company_name || frm.doc.lead_name,
				},
				{
					fieldname: "stage",
					fieldtype: "Link",
					label: __("Stage"),
					options: "SM Sales Stage",
					get_query: () => ({ filters: { enabled: 1, stage_type: "Open" } }),
				},
				{ fieldname: "amount", fieldtype: "Currency", label: __("Amount") },
				{
					fieldname: "expected_close_date",
					fieldtype: "Date",
					label: __("Expected Close Date"),
				},
			],
			primary_action_label: __("Convert"),
			primary_action(values) {
				frappe
					.xcall("sales_mgmt.api.deals.convert_lead", { lead: frm.doc.name, ...values })
					.then((result) => {
						dialog.hide();
						// stay on the lead: it now shows its customer and opportunity
						frm.reload_doc();
						const message = result.customer_created
							? __("Created customer {0} and opportunity {1}", [
									result.customer,
									result.opportunity,
							  ])
							: __("Linked to existing customer {0}; created opportunity {1}", [
									result.customer,
									result.opportunity,
							  ]);
						frappe.show_alert({ message: sales_mgmt.escape(message), indicator: "green" }, 7);
					});
			},
		});
		dialog.show();
	},
});
