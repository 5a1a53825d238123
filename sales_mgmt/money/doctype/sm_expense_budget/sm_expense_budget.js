// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Expense Budget", {
	setup(frm) {
		frm.set_query("team", () => ({ filters: { enabled: 1 } }));
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.fiscal_year) {
			frappe
				.xcall("sales_mgmt.api.expenses.current_fiscal_year")
				.then((year) => frm.set_value("fiscal_year", year));
		}
	},

	refresh(frm) {
		// the periods follow the fiscal year and the budget period: only their amounts are typed
		const grid = frm.get_field("periods").grid;
		grid.cannot_add_rows = true;
		grid.cannot_delete_rows = true;
		grid.refresh();
		if (!frm.is_new()) {
			frm.add_custom_button(__("Expense Budget Variance"), () =>
				frappe.set_route("query-report", "Expense Budget Variance", {
					fiscal_year: frm.doc.fiscal_year,
					budget: frm.doc.name,
				})
			);
		}
	},

	fiscal_year: (frm) => fill_periods(frm),
	period_type: (frm) => fill_periods(frm),
});

frappe.ui.form.on("SM Expense Budget Period", {
	amount(frm) {
		frm.set_value(
			"total_amount",
			(frm.doc.periods || []).reduce((total, row) => total + flt(row.amount), 0)
		);
	},
});

function fill_periods(frm) {
	// a saved budget keeps its periods (the server recomputes them on save)
	if (!frm.is_new() || !frm.doc.fiscal_year || !frm.doc.period_type) return;
	frappe
		.xcall("sales_mgmt.api.expenses.budget_periods", {
			fiscal_year: frm.doc.fiscal_year,
			period_type: frm.doc.period_type,
		})
		.then((periods) => {
			frm.clear_table("periods");
			periods.forEach((period) => frm.add_child("periods", period));
			frm.refresh_field("periods");
		});
}
