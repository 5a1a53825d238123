"""`SM Customer.customer_name_key` is computed from the name as Frappe stores it (after its sanitiser)
and is no longer sanitised itself. Recompute the keys of names that went through the sanitiser, so a
new customer with the same name is found by the duplicate check. A recomputed key that another
customer already holds is left as it was, and reported: those two customers are duplicates to merge."""

import frappe

from sales_mgmt.deals.customer import customer_name_key


def execute():
	rows = frappe.db.sql(
		"""select name, customer_name, customer_name_key from `tabSM Customer`
		where customer_name like '%<%' or customer_name like '%>%' or customer_name like '%&%'
			or customer_name_key like '%&%'""",
		as_dict=True,
	)
	for row in rows:
		key = customer_name_key(row.customer_name)
		if key == row.customer_name_key:
			continue
		if frappe.db.exists("SM Customer", {"customer_name_key": key, "name": ("!=", row.name)}):
			print(f"SM Customer {row.name}: name key {key!r} is another customer's; merge the two")
			continue
		frappe.db.set_value("SM Customer", row.name, "customer_name_key", key, update_modified=False)
