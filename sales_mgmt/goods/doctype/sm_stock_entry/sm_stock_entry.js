// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

// entry type -> [uses a source warehouse, uses a target warehouse]
const SM_WAREHOUSES_USED = {
	Receipt: [false, true],
	Issue: [true, false],
	Transfer: [true, true],
	Adjustment: [true, true],
};

frappe.ui.form.on("SM Stock Entry", {
	setup(frm) {
		const enabled = () => ({ filters: { enabled: 1 } });
		frm.set_query("from_warehouse", enabled);
		frm.set_query("to_warehouse", enabled);
		frm.set_query("salesperson", enabled);
		frm.set_query("from_warehouse", "items", enabled);
		frm.set_query("to_warehouse", "items", enabled);
		frm.set_query("product", "items", () => ({ filters: { enabled: 1, is_stock_item: 1 } }));
	},

	refresh(frm) {
		frm.trigger("entry_type");
		if (frm.doc.docstatus > 0) {
			frm.add_custom_button(__("Stock Ledger"), () =>
				frappe.set_route("query-report", "Stock Ledger", {
					voucher_no: frm.doc.name,
					from_date: frm.doc.posting_date,
				})
			);
		}
	},

	entry_type(frm) {
		// show only the warehouse columns the entry type uses
		const [uses_from, uses_to] = SM_WAREHOUSES_USED[frm.doc.entry_type] || [true, true];
		let changed = false;
		for (const [fieldname, show] of [
			["from_warehouse", uses_from],
			["to_warehouse", uses_to],
		]) {
			const df = frappe.meta.get_docfield("SM Stock Entry Item", fieldname, frm.doc.name);
			if (df && !df.hidden !== show) {
				df.hidden = show ? 0 : 1;
				changed = true;
			}
		}
		if (changed) {
			frm.fields_dict.items.grid.reset_grid();
		}
	},

	set_posting_time(frm) {
		// unchecked: the entry posts when it is submitted, as the server sets it
		if (!frm.doc.set_posting_time) {
			frm.set_value("posting_date", frappe.datetime.now_date());
			frm.set_value("posting_time", frappe.datetime.now_time());
		}
	},

	from_warehouse(frm) {
		fill_warehouse(frm, "from_warehouse");
	},

	to_warehouse(frm) {
		fill_warehouse(frm, "to_warehouse");
	},
});

frappe.ui.form.on("SM Stock Entry Item", {
	items_add(frm, cdt, cdn) {
		const [uses_from, uses_to] = SM_WAREHOUSES_USED[frm.doc.entry_type] || [true, true];
		const row = locals[cdt][cdn];
		if (uses_from && frm.doc.from_warehouse && frm.doc.entry_type !== "Adjustment") {
			frappe.model.set_value(cdt, cdn, "from_warehouse", frm.doc.from_warehouse);
		}
		if (uses_to && frm.doc.to_warehouse && frm.doc.entry_type !== "Adjustment") {
			frappe.model.set_value(cdt, cdn, "to_warehouse", frm.doc.to_warehouse);
		}
		return row;
	},

	qty(frm, cdt, cdn) {
		set_amount(frm, cdt, cdn);
	},

	rate(frm, cdt, cdn) {
		set_amount(frm, cdt, cdn);
	},
});

function fill_warehouse(frm, fieldname) {
	if (frm.doc.entry_type === "Adjustment" || !frm.doc[fieldname]) return;
	(frm.doc.items || []).forEach((row) => {
		if (!row[fieldname]) {
			frappe.model.set_value(row.doctype, row.name, fieldname, frm.doc[fieldname]);
		}
	});
}

function set_amount(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty) * flt(row.rate));
}
