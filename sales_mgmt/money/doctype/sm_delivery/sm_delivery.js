// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

frappe.ui.form.on("SM Delivery", {
	setup(frm) {
		frm.set_query("sales_order", () => ({
			filters: { docstatus: 1, delivery_status: ["!=", "Fully Delivered"] },
		}));
		const enabled = () => ({ filters: { enabled: 1 } });
		frm.set_query("warehouse", enabled);
		frm.set_query("warehouse", "items", enabled);
	},

	refresh(frm) {
		if (frm.doc.docstatus > 0) {
			frm.add_custom_button(__("Stock Ledger"), () =>
				frappe.set_route("query-report", "Stock Ledger", {
					voucher_no: frm.doc.name,
					from_date: frm.doc.posting_date,
				})
			);
		}
	},

	sales_order(frm) {
		// a new delivery picked for an order starts with everything the order has left to deliver
		if (!frm.is_new() || !frm.doc.sales_order) return;
		frappe
			.xcall("sales_mgmt.api.money.make_delivery", { source_name: frm.doc.sales_order })
			.then((delivery) => {
				for (const field of ["customer", "customer_name", "salesperson", "currency"]) {
					frm.set_value(field, delivery[field]);
				}
				frm.clear_table("items");
				for (const row of delivery.items || []) {
					const item = frm.add_child("items");
					for (const field of ["sales_order_item", "product", "product_name", "uom", "qty", "rate", "amount"]) {
						item[field] = row[field];
					}
				}
				frm.refresh_field("items");
			});
	},

	set_posting_time(frm) {
		// unchecked: the delivery posts when it is submitted, as the server sets it
		if (!frm.doc.set_posting_time) {
			frm.set_value("posting_date", frappe.datetime.now_date());
			frm.set_value("posting_time", frappe.datetime.now_time());
		}
	},
});
