"""Time SM Customer list, count and link search under hierarchy permissions, next to the same
operation as Administrator (the floor: no permission conditions at all); and the cost of the
field-level rules (sales_mgmt.field_security: every filter, sort and group-by checked against the
fields the user may read) on a list and a count call, next to the same call without them.

Run by benchmarks/run, from the bench's sites directory with the bench's python:

	../env/bin/python /path/to/benchmarks/customers.py --site sm-bench.localhost

Each operation is warmed up, then repeated; the operations take turns so that a slow moment of the
machine hits all of them alike. Prints a table and writes JSON to benchmarks/results/<timestamp>.json.
Not a test: nothing is asserted.
"""

import frappe
from harness import (
	Operation,
	measure,
	parse_args,
	print_user_rows,
	result_rows,
	run_on_site,
	server_info,
	server_line,
	write_results,
)

DOCTYPE = "SM Customer"
LIST_FIELDS = ["name", "customer_name", "status", "salesperson", "city"]
SEARCH_TEXT = "上海"
TARGET_RATIO = 1.5
FIELD_RULES_TARGET = 1.10  # the field-level check may cost a list or count call at most 10%


def list_customers():
	return frappe.get_list(DOCTYPE, fields=LIST_FIELDS, order_by="modified desc", limit_page_length=20)


def count_customers():
	# the list view's count: frappe.desk.reportview.get_count, which applies permission conditions
	# (frappe.db.count and frappe.client.get_count do not)
	from frappe.desk.reportview import get_count

	frappe.local.form_dict = frappe._dict(doctype=DOCTYPE)
	return get_count()


def search_customers():
	from frappe.desk.search import search_link

	return search_link(DOCTYPE, SEARCH_TEXT)


def without_field_rules(call):
	"""`call` with Frappe's own DatabaseQuery.prepare_args, as before sales_mgmt checked fields."""
	from frappe.model.db_query import DatabaseQuery

	from sales_mgmt.frappe_patches import install

	install()
	checked = DatabaseQuery.prepare_args

	def run():
		DatabaseQuery.prepare_args = checked.__wrapped__
		try:
			return call()
		finally:
			DatabaseQuery.prepare_args = checked

	return run


def filtered_list():
	"""The list view with a user's filter and sort (each checked against the readable fields)."""
	return frappe.get_list(
		DOCTYPE,
		fields=LIST_FIELDS,
		filters=[["status", "=", "Active"], ["city", "like", "%上海%"]],
		order_by="customer_name asc",
		limit_page_length=20,
	)


def operations(manager: str, rep: str, director: str, owner: str) -> list[Operation]:
	admin = "Administrator"
	list_op, count_op, search_op = "list 20, modified desc", "count (list view)", f"search_link {SEARCH_TEXT}"
	return [
		Operation(list_op, admin, list_customers),
		# sees every record like Administrator, but through Frappe's role checks: the part of any
		# gap that is Frappe's, not the hierarchy's
		Operation(list_op, owner, list_customers, floor=f"{list_op}/{admin}"),
		Operation(list_op, manager, list_customers, floor=f"{list_op}/{admin}"),
		Operation(list_op, rep, list_customers, floor=f"{list_op}/{admin}"),
		Operation(list_op, director, list_customers, floor=f"{list_op}/{admin}"),
		Operation(count_op, admin, count_customers),
		Operation(count_op, manager, count_customers, floor=f"{count_op}/{admin}"),
		Operation(search_op, admin, search_customers),
		Operation(search_op, manager, search_customers, floor=f"{search_op}/{admin}"),
		*field_rule_operations(manager, rep),
	]


def field_rule_operations(*users: str) -> list[Operation]:
	"""Each call with the field-level rules, next to the same call by the same user without them."""
	ops = []
	for label, call in (
		("list 20, modified desc", list_customers),
		("list 20, filtered and sorted", filtered_list),
		("count (list view)", count_customers),
	):
		for user in users:
			floor = Operation(f"{label} (no field rules)", user, without_field_rules(call))
			ops += [
				floor,
				Operation(f"{label} (field rules)", user, call, floor=floor.key, target=FIELD_RULES_TARGET),
			]
	return ops


def explain_list(user: str) -> dict:
	from sales_mgmt.people.hierarchy import clear_scope_cache

	frappe.set_user(user)
	clear_scope_cache()
	query = frappe.get_list(
		DOCTYPE, fields=LIST_FIELDS, order_by="modified desc", limit_page_length=20, run=0
	)
	plan = frappe.db.sql(f"explain {query}", as_dict=True)
	frappe.set_user("Administrator")
	return {"query": query if len(query) < 600 else query[:600] + "…", "plan": plan}


def describe_site(manager: str, rep: str) -> dict:
	from sales_mgmt.people.hierarchy import get_salesperson, get_subtree

	frappe.set_user("Administrator")
	subtree = get_subtree(get_salesperson(manager))
	# levels of the manager's subtree: the most nodes of the subtree on one path down from the manager
	levels = frappe.db.sql(
		"""select count(p.name) from `tabSM Salesperson` c
		join `tabSM Salesperson` p on p.lft <= c.lft and p.rgt >= c.rgt
		where c.name in %(names)s and p.name in %(names)s
		group by c.name order by 1 desc limit 1""",
		{"names": subtree},
	)[0][0]
	return {
		"customers": frappe.db.count(DOCTYPE),
		"salespeople": frappe.db.count("SM Salesperson"),
		"manager": manager,
		"manager_subtree_salespeople": len(subtree),
		"manager_subtree_levels": levels,
		"manager_visible_customers": frappe.db.count(DOCTYPE, {"salesperson": ("in", subtree)}),
		"rep": rep,
		"rep_visible_customers": frappe.db.count(DOCTYPE, {"salesperson": get_salesperson(rep)}),
		**server_info(),
	}


def main() -> None:
	def add_users(parser):
		parser.add_argument(
			"--manager", default="manager@demo.sales", help="a Sales Manager (regional manager)"
		)
		parser.add_argument("--rep", default="sales@demo.sales", help="a Sales User")
		parser.add_argument("--director", default="director@demo.sales", help="the Sales Manager at the top")
		parser.add_argument(
			"--owner", default="owner@demo.sales", help="a Business Owner (sees every record)"
		)

	run_on_site(parse_args(__doc__.splitlines()[0], repeat=50, warmup=5, add_arguments=add_users), run)


def run(args) -> None:
	site = describe_site(args.manager, args.rep)
	ops = operations(args.manager, args.rep, args.director, args.owner)
	measure(ops, args.warmup, args.repeat)
	rows = result_rows(ops)
	explain = {user: explain_list(user) for user in ("Administrator", args.manager, args.rep, args.director)}
	print_report(site, rows, explain, args)

	list_ratio = next(
		r["ratio"] for r in rows if r["user"] == args.manager and r["operation"].startswith("list")
	)
	field_rules = {
		f"{r['operation']}/{r['user']}": r["ratio"] for r in rows if r["operation"].endswith("(field rules)")
	}
	path = write_results(
		"",
		args,
		data=site,
		results=rows,
		target={
			"manager_list_ratio_max": TARGET_RATIO,
			"manager_list_ratio": list_ratio,
			"field_rules_ratio_max": FIELD_RULES_TARGET,
			"field_rules_ratios": field_rules,
		},
		explain=explain,
	)
	print(
		f"\nmanager list / floor = {list_ratio}× (target ≤ {TARGET_RATIO}×: {'met' if list_ratio <= TARGET_RATIO else 'NOT met'})"
	)
	for key, ratio in field_rules.items():
		met = "met" if ratio <= FIELD_RULES_TARGET else "NOT met"
		print(f"{key}: {ratio}× its call without them (target ≤ {FIELD_RULES_TARGET}×: {met})")
	print(f"results written to {path}")


def print_report(site: dict, rows: list[dict], explain: dict, args) -> None:
	print(
		f"{site['customers']:,} customers, {site['salespeople']} salespeople; "
		f"{site['manager']} sees {site['manager_visible_customers']:,} customers of "
		f"{site['manager_subtree_salespeople']} salespeople ({site['manager_subtree_levels']} levels); "
		f"{site['rep']} sees {site['rep_visible_customers']:,}"
	)
	print(server_line(site, args))
	print_user_rows(rows, widths=(26, 22, 10, 8, 9, 6))
	print("\nEXPLAIN of the list query (table tabSM Customer):")
	for user, info in explain.items():
		for step in info["plan"]:
			print(
				f"  {user:<22} type={step.get('type')} key={step.get('key')} rows={step.get('rows')} "
				f"extra={step.get('Extra')}"
			)


if __name__ == "__main__":
	main()
