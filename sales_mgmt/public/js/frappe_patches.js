// Workarounds of Frappe v15 desk bugs, in one place (the server side is sales_mgmt/frappe_patches.py).
// Each names the bug and is guarded: it is installed only on the Frappe major version that has it.
(() => {
	const frappe_major = parseInt((frappe.boot?.versions?.frappe || "").split(".")[0], 10);
	const on_frappe_15 = frappe_major === 15;

	// Frappe v15 draws a report's (or dashboard's) chart again into the same element without
	// destroying the previous chart, whose resize observer then fails on removed nodes ("removeChild
	// ... is not a child of this node"). Destroy the chart an element held before drawing a new one.
	if (on_frappe_15 && frappe.Chart && !frappe.Chart.sm_keeps_one_per_element) {
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
	}

	// Frappe v15's microtemplate names each loop's variables with three random letters; now and then
	// a name is a reserved word ("for", "new", "try", "var"), the compiled template is a syntax error
	// and the page breaks with "frappe.template.compile(...) is not a function". Compiling again draws
	// new names.
	const compile = frappe.template && frappe.template.compile;
	if (on_frappe_15 && compile && !compile.sm_retries) {
		frappe.template.compile = function (str, name) {
			let compiled = compile(str, name);
			for (let attempt = 0; typeof compiled !== "function" && attempt < 3; attempt++) {
				compiled = compile(str, name);
			}
			return compiled;
		};
		frappe.template.compile.sm_retries = true;
	}

	// Frappe v15's request handler answers an HTTP 403 by calling the request's error callback without
	// the response; the form's save callback then reads `r.exc` of undefined and throws a TypeError,
	// so a save or submit the server refuses for permissions (a reassignment outside the team, an
	// approval, posting to a cash account one may only view) leaves a JavaScript error behind the
	// "Not permitted" dialog. Hand the form's callback an error response instead. The save function
	// comes with the form bundle, loaded later: wrap it when it is set.
	frappe.provide("frappe.ui.form");
	if (on_frappe_15 && !Object.getOwnPropertyDescriptor(frappe.ui.form, "save")?.get) {
		let save = frappe.ui.form.save;
		const wrap = (original) =>
			original &&
			function (frm, action, callback, btn) {
				const answer = callback && ((r) => callback(r || { exc: "PermissionError" }));
				return original.call(this, frm, action, answer, btn);
			};
		save = wrap(save);
		Object.defineProperty(frappe.ui.form, "save", {
			configurable: true,
			enumerable: true,
			get: () => save,
			set: (value) => {
				save = wrap(value);
			},
		});
	}
})();
