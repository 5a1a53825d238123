// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Expense", {
	setup(frm) {
		frm.set_query("category", () => ({ filters: { is_group: 0 } }));
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
		frm.set_query("paid_from", () => ({ filters: { enabled: 1 } }));
		frm.set_query("opportunity", () => ({
			filters: frm.doc.customer ? { customer: frm.doc.customer } : {},
		}));
	},

	refresh(frm) {
		show_flags(frm);
	},

	customer(frm) {
		if (frm.doc.opportunity) frm.set_value("opportunity", null);
	},
});

function show_flags(frm) {
	// the budget and the unreasonable-spend flags, computed by the server on save (frozen on submit)
	const escape = sales_mgmt.escape;
	const reasons = (frm.doc.flag_reasons || "")
		.split("\n")
		.filter(Boolean)
		.map((line) => escape(line))
		.join("<br>");
	// the desk appends to the headline: clear it first (a form refreshes more than once on save)
	frm.dashboard.clear_headline();
	if (frm.doc.is_flagged) {
		frm.dashboard.set_headline_alert(`<b>${__("Flagged")}</b>: ${reasons}`, "red");
	} else if (frm.doc.budget_status === "Within") {
		frm.dashboard.set_headline_alert(
			`${__("Within budget")}: ${escape(
				format_currency(flt(frm.doc.budget_spent) + flt(frm.doc.base_amount))
			)} / ${escape(format_currency(frm.doc.budget_amount))}`,
			"green"
		);
	}
}
