"""SM Opportunity Item.product (a Link to SM Product) is new: link the existing rows whose product text
names exactly one product, by its code first, else by its name (ignoring case and surrounding
spaces). Rows matching no product, or a name several products share, keep their text only."""

import frappe


def execute():
	products = frappe.get_all("SM Product", fields=["name", "product_name"])
	by_code = {p.name.strip().casefold(): p.name for p in products}
	by_name: dict[str, list[str]] = {}
	for p in products:
		by_name.setdefault((p.product_name or "").strip().casefold(), []).append(p.name)

	rows = frappe.db.sql(
		"""select distinct product_name from `tabSM Opportunity Item`
		where ifnull(product, '') = '' and ifnull(product_name, '') != ''""",
		pluck=True,
	)
	for text in rows:
		key = text.strip().casefold()
		named = by_name.get(key, [])
		product = by_code.get(key) or (named[0] if len(named) == 1 else None)
		if product:
			frappe.db.sql(
				"""update `tabSM Opportunity Item` set product = %s
				where ifnull(product, '') = '' and product_name = %s""",
				(product, text),
			)
