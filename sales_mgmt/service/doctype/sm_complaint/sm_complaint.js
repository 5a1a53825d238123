// Copyright (c) 2026, sales_mgmt contributors
// For license information, please see license.txt

const SM_SLA_COLORS = { "On Track": "green", "At Risk": "orange", Breached: "red", Met: "blue" };

frappe.ui.form.on("SM Complaint", {
	setup(frm) {
		frm.set_query("assigned_to", () => ({
			query: "sales_mgmt.service.complaints.service_agent_query",
		}));
		frm.set_query("contact", () => ({
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: { link_doctype: "SM Customer", link_name: frm.doc.customer || "" },
		}));
		frm.set_query("sales_order", () => ({
			filters: { customer: frm.doc.customer || "", docstatus: 1 },
		}));
	},

	refresh(frm) {
		// the field is for those who may pick a sales order (a Service Agent only picks them)
		frm.toggle_display(
			"sales_order",
			frappe.model.can_select("SM Sales Order") ||
				frappe.model.can_read("SM Sales Order") ||
				!!frm.doc.sales_order
		);
		show_sla(frm);
		show_faq_suggestions(frm);
		if (!frm.is_new() && ["Resolved", "Closed"].includes(frm.doc.status) && !frm.doc.satisfaction && frm.perm[0]?.write) {
			frm.add_custom_button(__("Copy Survey Link"), () => copy_survey_link(frm));
		}
	},

	customer(frm) {
		frm.set_value("contact", null);
		frm.set_value("sales_order", null);
	},

	category(frm) {
		show_faq_suggestions(frm);
	},

	subject(frm) {
		show_faq_suggestions(frm);
	},
});

function show_sla(frm) {
	frm.dashboard.clear_headline();
	if (frm.is_new() || !frm.doc.sla_status) return;
	const due = [];
	if (frm.doc.response_due && !frm.doc.first_response_on) {
		due.push(`${__("Response Due")}: ${frappe.datetime.str_to_user(frm.doc.response_due)}`);
	}
	if (frm.doc.resolution_due && !frm.doc.resolved_on) {
		due.push(`${__("Resolution Due")}: ${frappe.datetime.str_to_user(frm.doc.resolution_due)}`);
	}
	frm.dashboard.set_headline_alert(
		`<b>${__("SLA")}: ${__(frm.doc.sla_status)}</b>${due.length ? " · " + due.join(" · ") : ""}`,
		SM_SLA_COLORS[frm.doc.sla_status] || "gray"
	);
}

function show_faq_suggestions(frm) {
	// published FAQ answers matching the category and subject; an agent inserts one into the resolution
	const field = frm.get_field("faq_suggestions");
	if (!field || ["Resolved", "Closed"].includes(frm.doc.status) || (!frm.doc.category && !frm.doc.subject)) {
		field && field.$wrapper.empty();
		return;
	}
	frappe
		.xcall("sales_mgmt.api.service.faq_suggestions", {
			complaint: frm.is_new() ? null : frm.doc.name,
			category: frm.doc.category || null,
			subject: frm.doc.subject || null,
		})
		.then((entries) => render_suggestions(frm, field, entries || []));
}

function render_suggestions(frm, field, entries) {
	const escape = sales_mgmt.escape;
	field.$wrapper.empty();
	if (!entries.length) return;
	const can_insert = !frm.is_new() && frm.perm[0]?.write;
	const $list = $(`<div class="sm-faq-suggestions">
		<div class="text-muted small" style="margin-bottom: 6px">${__("Suggested FAQ Answers")}</div>
	</div>`).appendTo(field.$wrapper);
	entries.forEach((entry) => {
		const $item = $(`<div class="sm-faq-entry" style="border: 1px solid var(--border-color); border-radius: 6px; padding: 8px; margin-bottom: 6px">
			<div><b>${escape(entry.question)}</b>
				<span class="text-muted small">${escape(__("Helpful"))}: ${cint(entry.helpful_count)}</span></div>
			<div class="small sm-faq-answer" style="margin: 4px 0">${escape(frappe.utils.html2text(entry.answer || "").slice(0, 300))}</div>
		</div>`).appendTo($list);
		if (can_insert) {
			$(`<button class="btn btn-xs btn-default sm-insert-faq">${__("Insert into Resolution")}</button>`)
				.appendTo($item)
				.on("click", () => insert_answer(frm, entry.name));
		}
	});
}

function insert_answer(frm, faq_entry) {
	frappe
		.xcall("sales_mgmt.api.service.use_faq", { complaint: frm.doc.name, faq_entry })
		.then((answer) => {
			const current = frm.doc.resolution || "";
			frm.set_value("resolution", current ? `${current}${answer}` : answer);
			frappe.show_alert({ message: __("Answer inserted into the resolution"), indicator: "green" });
		});
}

function copy_survey_link(frm) {
	frappe
		.xcall("sales_mgmt.api.service.survey_link", { complaint: frm.doc.name })
		.then((link) => {
			frappe.utils.copy_to_clipboard(link);
			frappe.msgprint({
				title: __("Survey Link"),
				message: `<p>${__("Read or send this link to the customer:")}</p><p><code class="sm-survey-link">${sales_mgmt.escape(link)}</code></p>`,
			});
			frm.reload_doc();
		});
}
