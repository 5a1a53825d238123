// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Product", {
	setup(frm) {
		frm.set_query("category", () => ({ filters: {} }));
	},

	refresh(frm) {
		frm.toggle_enable("product_code", frm.is_new());
		render_stock(frm);
		if (!frm.is_new()) {
			frm.add_custom_button(__("Stock Balance"), () =>
				frappe.set_route("query-report", "Stock Balance", { product: frm.doc.name })
			);
			if (frm.doc.is_stock_item) {
				frm.add_custom_button(__("Stock Ledger"), () =>
					frappe.set_route("query-report", "Stock Ledger", { product: frm.doc.name })
				);
			}
		}
	},

	standard_price(frm) {
		if (!frm.is_new()) {
			frm.scroll_to_field("price_change_reason");
		}
	},
});

function render_stock(frm) {
	const stock = (frm.doc.__onload && frm.doc.__onload.stock) || [];
	if (frm.is_new() || !frm.doc.is_stock_item) {
		return;
	}
	const esc = sales_mgmt.escape;
	const total = stock.reduce((sum, row) => sum + flt(row.actual_qty), 0);
	const rows = stock
		.map(
			(row) => `<tr><td>${esc(row.warehouse)}</td>
				<td class="text-right">${format_number(row.actual_qty, null, 2)}</td></tr>`
		)
		.join("");
	const below = flt(frm.doc.reorder_level) > 0 && total < flt(frm.doc.reorder_level);
	frm.dashboard.add_section(
		`<table class="table table-sm table-bordered" style="max-width: 420px">
			<thead><tr><th>${__("Warehouse")}</th><th class="text-right">${__("Quantity")}</th></tr></thead>
			<tbody>${rows || `<tr><td colspan="2" class="text-muted">${__("No stock yet")}</td></tr>`}</tbody>
			<tfoot><tr><th>${__("Total")}</th><th class="text-right">${format_number(total, null, 2)}</th></tr></tfoot>
		</table>`,
		__("Stock")
	);
	frm.dashboard.set_headline_alert(
		below ? __("Stock is below the reorder level of {0}.", [format_number(frm.doc.reorder_level, null, 2)]) : "",
		below ? "orange" : ""
	);
}
