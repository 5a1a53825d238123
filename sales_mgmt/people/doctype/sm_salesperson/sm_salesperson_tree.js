// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.treeview_settings["SM Salesperson"] = {
	breadcrumb: "People",
	title: __("Sales Hierarchy"),
	root_label: __("All Salespeople"),
	fields: [
		{ fieldtype: "Data", fieldname: "salesperson_name", label: __("Salesperson Name"), reqd: true },
		{ fieldtype: "Link", fieldname: "user", label: __("User"), options: "User" },
		{ fieldtype: "Data", fieldname: "team", label: __("Team") },
		{ fieldtype: "Check", fieldname: "is_group", label: __("Is Group") },
	],
	onrender(node) {
		// with one top-level salesperson Frappe labels the root node with its ID: show the name too
		if (!node.is_root || !node.data.value || node.data.value === __("All Salespeople")) return;
		frappe.db.get_value("SM Salesperson", node.data.value, "salesperson_name").then((r) => {
			const name = r.message && r.message.salesperson_name;
			if (name) {
				node.$tree_link
					.find(".tree-label")
					.html(
						`${sales_mgmt.escape(name)} <span class="text-muted">(${sales_mgmt.escape(
							node.data.value
						)})</span>`
					);
			}
		});
	},
};
