// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Opportunity", {
	setup(frm) {
		frm.set_query("salesperson", () => ({ filters: { enabled: 1 } }));
		frm.set_query("stage", () => ({ filters: { enabled: 1 } }));
		frm.set_query("product", "items", () => ({ filters: { enabled: 1 } }));
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.opportunity_date) {
			frm.set_value("opportunity_date", frappe.datetime.get_today());
		}
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
		if (!frm.is_new() && frm.doc.status !== "Lost" && frappe.model.can_create("SM Sales Order")) {
			frm.add_custom_button(
				__("Sales Order"),
				() =>
					frappe.model.open_mapped_doc({
						method: "sales_mgmt.api.money.make_sales_order",
						frm,
					}),
				__("Create")
			);
		}
	},

	// the server sets the probability from the stage's current values when the deal is saved
	stage(frm) {
		frm.trigger("toggle_lost_reason");
	},

	toggle_lost_reason(frm) {
		current_stage(frm.doc.stage).then((stage) => {
			const lost = stage ? stage.stage_type === "Lost" : frm.doc.status === "Lost";
			frm.toggle_display("lost_reason", lost);
			frm.toggle_reqd("lost_reason", lost);
		});
	},

	show_stall(frm) {
		current_stage(frm.doc.stage).then((stage) => {
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
		});
	},

	currency(frm) {
		frm.trigger("set_exchange_rate");
	},

	opportunity_date(frm) {
		frm.trigger("set_exchange_rate");
	},

	// what the server will save: the latest Currency Exchange on or before the opportunity date
	set_exchange_rate(frm) {
		if (!frm.doc.currency) return;
		frappe
			.xcall("sales_mgmt.api.deals.exchange_rate", {
				currency: frm.doc.currency,
				date: frm.doc.opportunity_date,
			})
			.then(({ exchange_rate, base_currency }) => {
				frm.set_value("exchange_rate", exchange_rate || 0);
				if (!exchange_rate) {
					frappe.show_alert(
						{
							message: __(
								"There is no exchange rate from {0} to {1} on or before {2}; add one in Currency Exchange.",
								[
									sales_mgmt.escape(frm.doc.currency),
									sales_mgmt.escape(base_currency),
									frappe.datetime.str_to_user(frm.doc.opportunity_date),
								]
							),
							indicator: "orange",
						},
						10
					);
				}
			});
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

// the stage as it is now in the database, not as it was when the desk loaded
function current_stage(name) {
	if (!name) return Promise.resolve(null);
	return frappe.db.get_value("SM Sales Stage", name, [
		"stage_name",
		"stage_type",
		"stall_days",
	]).then((r) => r.message && r.message.stage_name ? r.message : null);
}
