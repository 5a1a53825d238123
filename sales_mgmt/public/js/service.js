// Service: the Service Console's list of key customers' complaints (a Custom HTML Block calls this)
frappe.provide("sales_mgmt.service");

sales_mgmt.service.render_key_customer_complaints = function (root) {
	const escape = sales_mgmt.escape;
	const title = root.querySelector(".sm-key-complaints-title");
	const list = root.querySelector(".sm-key-complaints-list");
	title.textContent = __("Recent Complaints of Key Customers");
	frappe.xcall("sales_mgmt.api.service.key_customer_complaints").then((rows) => {
		if (!rows || !rows.length) {
			list.innerHTML = `<div class="sm-key-complaints-empty">${escape(
				__("No complaints of key customers.")
			)}</div>`;
			return;
		}
		list.innerHTML = rows
			.map(
				(row) => `<a class="sm-key-complaint" href="/app/sm-complaint/${encodeURIComponent(row.name)}">
					<span>${escape(row.subject)}</span>
					<span class="sm-muted">${escape(row.customer_name)}</span>
					<span>${escape(__(row.severity))}</span>
					<span class="${row.sla_status === "Breached" ? "sm-breached" : ""}">${escape(
						__(row.status)
					)}${row.sla_status ? " · " + escape(__(row.sla_status)) : ""}</span>
					<span class="sm-muted">${escape(frappe.datetime.str_to_user(row.opened_on))}</span>
				</a>`
			)
			.join("");
	});
};
