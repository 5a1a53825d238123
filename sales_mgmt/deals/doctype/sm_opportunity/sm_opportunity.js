// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Opportunity", {
	setup(frm) {
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
		frm.set_query("stage", () => ({ filters: { enabled: 1 } }));
	},

	refresh(frm) {
		frm.trigger("toggle_lost_reason");
		frm.dashboard.clear_headline();
		if (!frm.is_new() && frm.doc.status === "Open") {
			frm.trigger("show_stall");
		}
		if (!frm.is_new()) {
			frm.add_custom_button(__("Flag Customer as Hot"), () =>
				frappe.new_doc("SM Hot Flag", {
					customer: frm.doc.customer,
					opportunity: frm.doc.name,
				})
			);
		}
	},

	stage(frm) {
		// the server resets the probability on a stage change; show it right away
		const stage = sales_mgmt_stage(frm.doc.stage);
		if (stage) {
			frm.set_value("probability", stage.probability);
		}
		frm.trigger("toggle_lost_reason");
	},

	toggle_lost_reason(frm) {
		const stage = sales_mgmt_stage(frm.doc.stage);
		const lost = stage ? stage.stage_type === "Lost" : frm.doc.status === "Lost";
		frm.toggle_display("lost_reason", lost);
		frm.toggle_reqd("lost_reason", lost);
	},

	show_stall(frm) {
		const stage = sales_mgmt_stage(frm.doc.stage);
		if (stage && stage.stall_days && frm.doc.days_in_stage > stage.stall_days) {
			frm.dashboard.set_headline(
				__("Stalled: {0} days in stage {1}, the limit is {2} days.", [
					frm.doc.days_in_stage,
					sales_mgmt.escape(__(stage.stage_name, null, "SM Sales Stage")),
					stage.stall_days,
				]),
				"red"
			);
		}
	},

	items_remove(frm) {
		frm.trigger("set_amount_from_items");
	},

	set_amount_from_items(frm) {
		if (frm.doc.items && frm.doc.items.length) {
			const total = frm.doc.items.reduce((sum, item) => sum + flt(item.amount), 0);
			frm.set_value("amount", total);
		}
	},
});

frappe.ui.form.on("SM Opportunity Item", {
	qty(frm, cdt, cdn) {
		set_item_amount(frm, cdt, cdn);
	},
	rate(frm, cdt, cdn) {
		set_item_amount(frm, cdt, cdn);
	},
});

function set_item_amount(frm, cdt, cdn) {
	const item = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(item.qty) * flt(item.rate));
	frm.trigger("set_amount_from_items");
}

function sales_mgmt_stage(name) {
	return name && frappe.boot.sm_sales_stages ? frappe.boot.sm_sales_stages[name] : null;
}
