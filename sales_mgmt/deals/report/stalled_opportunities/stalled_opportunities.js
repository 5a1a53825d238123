// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.query_reports["Stalled Opportunities"] = {
	filters: [
		...sales_mgmt.report.scope_filters(),
		{
			fieldname: "stage",
			label: __("Stage"),
			fieldtype: "Link",
			options: "SM Sales Stage",
			get_query: () => ({ filters: { stage_type: "Open" } }),
		},
	],
	// names, titles and next steps are user text
	formatter: sales_mgmt.report.format,
};
