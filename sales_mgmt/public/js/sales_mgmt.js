// Desk-wide helpers of sales_mgmt (loaded on every desk page through app_include_js).
frappe.provide("sales_mgmt.workbench");
frappe.provide("sales_mgmt.report");

// the reports' Data cells hold user text (names, notes, remarks): escaped before Frappe formats them
sales_mgmt.report.format = function (value, row, column, data, default_formatter) {
	if (column.fieldtype === "Data" && typeof value === "string") {
		value = frappe.utils.escape_html(value);
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
	const escaped = frappe.utils.escape_html(title || "");
	return (
		`<span class="sm-flame" title="${escaped}" aria-label="${escaped}" style="margin-right:4px">` +
		`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" style="color:#e8590c">` +
		`<path fill="currentColor" d="M8.6 1c.3 2.2 2 3.4 3 5 .8 1.2 1.1 2.4.9 3.7A4.6 4.6 0 0 1 8 14a4.5 4.5 0 0 1-4.5-4.4c0-1.6.8-2.9 1.9-3.8.1 1 .5 1.9 1.3 2.4-.2-2.7.9-5.2 1.9-7.2z"/>` +
		`</svg></span>`
	);
};

sales_mgmt.workbench.render_hot_customers = function (root) {
	const escape = frappe.utils.escape_html;
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

// Frappe v15 draws a report's (or dashboard's) chart again into the same element without destroying
// the previous chart, whose resize observer then fails on removed nodes ("removeChild ... is not a
// child of this node"). Destroy the chart an element held before drawing a new one into it.
(() => {
	if (!frappe.Chart || frappe.Chart.sm_keeps_one_per_element) return;
	const charts = new WeakMap();
	const FrappeChart = frappe.Chart;
	frappe.Chart = class extends FrappeChart {
		constructor(parent, options) {
			const element = typeof parent === "string" ? document.querySelector(parent) : parent;
			charts.get(element)?.destroy?.();
			super(parent, options);
			if (element) charts.set(element, this);
		}
	};
	frappe.Chart.sm_keeps_one_per_element = true;
})();

// Frappe's microtemplate names each loop's variables with three random letters; now and then a name
// is a reserved word ("for", "new", "try", "var"), the compiled template is a syntax error and the
// page breaks with "frappe.template.compile(...) is not a function". Compiling again draws new names.
(() => {
	const compile = frappe.template && frappe.template.compile;
	if (!compile || compile.sm_retries) return;
	frappe.template.compile = function (str, name) {
		let compiled = compile(str, name);
		for (let attempt = 0; typeof compiled !== "function" && attempt < 3; attempt++) {
			compiled = compile(str, name);
		}
		return compiled;
	};
	frappe.template.compile.sm_retries = true;
})();
