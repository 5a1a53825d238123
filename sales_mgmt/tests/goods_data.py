"""Small, named building blocks for Goods tests: warehouses, products and stock entries.

Every test gives its records names of its own (`unique`), so tests that commit (concurrency, API,
browser) never collide with tests that roll back.
"""

import threading
from collections.abc import Callable
from contextlib import contextmanager

import frappe

from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

PAST = "2025-01-01"


def unique(prefix: str) -> str:
	return f"{prefix}-{frappe.generate_hash(length=6).upper()}"


def make_warehouse(name: str | None = None, **kwargs) -> str:
	name = name or unique("WH")
	if not frappe.db.exists("SM Warehouse", name):
		frappe.get_doc({"doctype": "SM Warehouse", "warehouse_name": name, **kwargs}).insert(
			ignore_permissions=True
		)
	return name


def make_category(name: str, parent: str | None = None) -> str:
	if not frappe.db.exists("SM Product Category", name):
		frappe.get_doc(
			{"doctype": "SM Product Category", "category_name": name, "parent_sm_product_category": parent}
		).insert(ignore_permissions=True)
	return name


def make_product(code: str | None = None, **kwargs) -> str:
	code = code or unique("P")
	values = {
		"doctype": "SM Product",
		"product_code": code,
		"product_name": kwargs.pop("product_name", f"Product {code}"),
		"product_type": "Sales Item",
		"uom": "台",
		"standard_price": 100,
		"cost_price": 60,
		**kwargs,
	}
	frappe.get_doc(values).insert(ignore_permissions=True)
	return code


def make_entry(entry_type: str, items: list[dict], submit: bool = True, **kwargs):
	"""An SM Stock Entry; `items` rows are dicts of product, qty and warehouses. Its posting date and time
	are set by hand (PAST, 09:00 unless given), or with `set_posting_time=0` left to follow the moment it
	is saved and submitted, as the desk does by default."""
	values = {
		"doctype": "SM Stock Entry",
		"entry_type": entry_type,
		"items": items,
		"set_posting_time": kwargs.pop("set_posting_time", 1),
	}
	if values["set_posting_time"]:
		values["posting_date"] = kwargs.pop("posting_date", PAST)
		values["posting_time"] = kwargs.pop("posting_time", "09:00:00")
	doc = frappe.get_doc({**values, **kwargs})
	doc.insert()
	if submit:
		doc.submit()
	return doc


def receive(product: str, warehouse: str, qty: float, **kwargs):
	return make_entry("Receipt", [{"product": product, "qty": qty, "to_warehouse": warehouse}], **kwargs)


def issue(product: str, warehouse: str, qty: float, purpose: str = "Sales Delivery", **kwargs):
	return make_entry(
		"Issue", [{"product": product, "qty": qty, "from_warehouse": warehouse}], purpose=purpose, **kwargs
	)


def transfer(product: str, source: str, target: str, qty: float, **kwargs):
	return make_entry(
		"Transfer",
		[{"product": product, "qty": qty, "from_warehouse": source, "to_warehouse": target}],
		**kwargs,
	)


def bin_qty(product: str, warehouse: str) -> float:
	return frappe.db.get_value("SM Bin", {"product": product, "warehouse": warehouse}, "actual_qty") or 0.0


def ledger(product: str, warehouse: str | None = None) -> list[dict]:
	filters = {"product": product}
	if warehouse:
		filters["warehouse"] = warehouse
	return frappe.get_all(
		"SM Stock Ledger Entry",
		filters=filters,
		fields=[
			"name",
			"warehouse",
			"posting_datetime",
			"qty_change",
			"qty_after",
			"is_cancelled",
			"voucher_no",
		],
		order_by="posting_datetime, name",
	)


def set_settings(**values) -> dict:
	"""Set SM Settings values; return the previous ones (to restore)."""
	previous = {field: get_settings().get(field) for field in values}
	for field, value in values.items():
		frappe.db.set_single_value("SM Settings", field, value)
	return previous


def in_parallel(*works: Callable, timeout: float = 120) -> list:
	"""Run each function on a thread of its own with its own database connection, as a request would:
	committed when it returns, rolled back when it raises. Returns what each returned or raised."""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	outcomes = [None] * len(works)

	def run(index: int, work: Callable) -> None:
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			frappe.set_user("Administrator")
			outcomes[index] = work()
			frappe.db.commit()
		except Exception as e:
			frappe.db.rollback()
			outcomes[index] = e
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=run, args=(i, work)) for i, work in enumerate(works)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=timeout)
	return outcomes


@contextmanager
def only_new_products():
	"""Within: no product exists but those created within, so that site-wide numbers (number cards) can
	be compared with exact, hand-computed ones. The other products are deleted in the transaction and
	restored by rolling back to a savepoint at the end; a commit meanwhile is refused."""
	guarding = True

	def refuse_commit():
		if guarding:
			raise RuntimeError("only_new_products: a commit would make the deletion of every product last")

	frappe.db.savepoint("only_new_products")
	frappe.db.before_commit.add(refuse_commit)
	try:
		frappe.db.sql("delete from `tabSM Product`")
		yield
	finally:
		frappe.db.rollback(save_point="only_new_products")
		guarding = False


def fresh_ledger_rows(voucher_no: str) -> list[dict]:
	"""The live ledger rows of a voucher."""
	return frappe.get_all(
		"SM Stock Ledger Entry",
		filters={"voucher_no": voucher_no, "is_cancelled": 0},
		fields=["product", "warehouse", "qty_change", "purpose", "customer", "salesperson"],
		order_by="name",
	)
