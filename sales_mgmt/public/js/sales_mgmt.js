// Desk-wide helpers of sales_mgmt (loaded on every desk page through app_include_js).
frappe.provide("sales_mgmt.workbench");
frappe.provide("sales_mgmt.report");

// the one escaping helper for user text put into HTML (names, notes, titles); see user_text.py
sales_mgmt.escape = (value) => frappe.utils.escape_html(value == null ? "" : String(value));

// the reports' Data cells hold user text (names, notes, remarks): escaped before Frappe formats them
sales_mgmt.report.format = function (value, row, column, data, default_formatter) {
	if (column.fieldtype === "Data" && typeof value === "string") {
		value = sales_mgmt.escape(value);
	}
	return default_formatter(value, row, column, data);
};

// whose deals a Deals report covers; the server widens a salesperson to everyone reporting to them
sales_mgmt.report.scope_filters = function () {
	return [
		{
			fieldname: "salesperson",
			label: __("Salesperson"),
			fieldtype: "Link",
			options: "SM Salesperson",
			description: __("Includes everyone reporting to this salesperson"),
		},
		{
			fieldname: "team",
			label: __("Team"),
			fieldtype: "Data",
		},
	];
};

// a small flame, inline so it also renders inside a workspace block's shadow DOM
sales_mgmt.flame_icon = function (title) {
	const escaped = sales_mgmt.escape(title);
	return (
		`<span class="sm-flame" title="${escaped}" aria-label="${escaped}" style="margin-right:4px">` +
		`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" style="color:#e8590c">` +
		`<path fill="currentColor" d="M8.6 1c.3 2.2 2 3.4 3 5 .8 1.2 1.1 2.4.9 3.7A4.6 4.6 0 0 1 8 14a4.5 4.5 0 0 1-4.5-4.4c0-1.6.8-2.9 1.9-3.8.1 1 .5 1.9 1.3 2.4-.2-2.7.9-5.2 1.9-7.2z"/>` +
		`</svg></span>`
	);
};

// the most urgent active hot flag the viewer may read on each of `customers`: {customer: {note, ...}}
sales_mgmt.hot_flags = function (customers) {
	return frappe.xcall("sales_mgmt.api.deals.hot_flags", { customers });
};

sales_mgmt.workbench.render_hot_customers = function (root) {
	const escape = sales_mgmt.escape;
	const list = root.querySelector(".sm-hot-customers-list");
	if (!list) return;
	root.querySelector(".sm-hot-customers-title").textContent = __("Hot Customers");
	const new_button = root.querySelector(".sm-hot-customers-new");
	new_button.textContent = __("New Hot Flag");
	new_button.addEventListener("click", (e) => {
		e.preventDefault();
		frappe.new_doc("SM Hot Flag");
	});
	list.innerHTML = `<div class="sm-hot-customers-empty">${__("Loading...")}</div>`;

	frappe.xcall("sales_mgmt.api.workbench.get_hot_customers").then(({ salesperson, flags }) => {
		if (!salesperson) {
			list.innerHTML = `<div class="sm-hot-customers-empty">${__(
				"Your user is not linked to a salesperson, so you have no hot customers."
			)}</div>`;
			return;
		}
		if (!flags.length) {
			list.innerHTML = `<div class="sm-hot-customers-empty">${__(
				"No hot customers. Flag the customers you want to push with New Hot Flag."
			)}</div>`;
			return;
		}
		const today = frappe.datetime.get_today();
		list.innerHTML = flags
			.map((flag) => {
				const note = flag.note || "";
				let when = "";
				if (flag.expected_date) {
					const days = frappe.datetime.get_diff(flag.expected_date, today);
					const overdue = days < 0 ? " overdue" : "";
					const relative =
						{ 0: __("today"), 1: __("tomorrow"), "-1": __("yesterday") }[days] ||
						(days > 0 ? __("in {0} days", [days]) : __("{0} days ago", [-days]));
					when = `<span class="sm-hot-customer-date${overdue}">${escape(
						frappe.datetime.str_to_user(flag.expected_date)
					)} · ${escape(relative)}</span>`;
				}
				return `<a class="sm-hot-customer" href="/app/sm-customer/${encodeURIComponent(
					flag.customer
				)}" data-customer="${escape(flag.customer)}" title="${escape(note)}">
					<span class="sm-hot-customer-name">${sales_mgmt.flame_icon(note)}${escape(
					flag.customer_name || flag.customer
				)}</span>
					<span class="sm-hot-customer-note">${escape(note)}</span>
					${when}
				</a>`;
			})
			.join("");
		// links inside a shadow root escape Frappe's router: route them explicitly
		list.querySelectorAll(".sm-hot-customer").forEach((link) => {
			link.addEventListener("click", (e) => {
				e.preventDefault();
				frappe.set_route("Form", "SM Customer", link.dataset.customer);
			});
		});
	});
};
