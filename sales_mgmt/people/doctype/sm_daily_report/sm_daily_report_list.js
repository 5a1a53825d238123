// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.listview_settings["SM Daily Report"] = {
	onload(listview) {
		listview.page.add_inner_button(__("Generate Reports"), () => generate_reports(listview));
	},
};

function generate_reports(listview) {
	const dialog = new frappe.ui.Dialog({
		title: __("Generate Reports"),
		fields: [
			{
				fieldname: "report_date",
				fieldtype: "Date",
				label: __("Report Date"),
				default: frappe.datetime.get_today(),
				reqd: 1,
			},
			{
				fieldname: "period_type",
				fieldtype: "Select",
				label: __("Period"),
				options: [
					{ value: "Daily", label: __("Daily") },
					{ value: "Weekly", label: __("Weekly") },
					{ value: "Monthly", label: __("Monthly") },
				],
				default: "Daily",
				reqd: 1,
			},
		],
		primary_action_label: __("Generate"),
		primary_action(values) {
			frappe.call({
				method: "sales_mgmt.api.daily_reports.generate_reports",
				args: values,
				freeze: true,
				freeze_message: __("Generating..."),
				callback: (r) => {
					dialog.hide();
					frappe.show_alert({
						message: __("Reports generated: {0}", [r.message.count]),
						indicator: "green",
					});
					listview.refresh();
				},
			});
		},
	});
	dialog.show();
}
