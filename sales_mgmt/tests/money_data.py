"""Small, named building blocks for Money tests: sales orders, deliveries, invoices, payments and
write-offs, each inserted and (by default) submitted as the current user."""

import frappe
from frappe.utils import flt

from sales_mgmt.tests.goods_data import make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase


def stocked_product(warehouse: str, qty: float = 1000, **kwargs) -> str:
	"""A stock product with `qty` in `warehouse` (received as Administrator)."""
	product = make_product(**kwargs)
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		receive(product, warehouse, qty)
	finally:
		frappe.set_user(user)
	return product


def make_order(customer: str, items: list[tuple[str, float, float]], submit: bool = True, **kwargs):
	"""An SM Sales Order of (product, qty, rate) rows."""
	doc = frappe.get_doc(
		{
			"doctype": "SM Sales Order",
			"customer": customer,
			"order_date": kwargs.pop("order_date", "2026-01-05"),
			"items": [{"product": p, "qty": q, "rate": r} for p, q, r in items],
			**kwargs,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def make_delivery(order, rows: list[tuple[str, float]], warehouse: str, submit: bool = True, **kwargs):
	"""An SM Delivery of (product, qty) rows of `order`."""
	doc = frappe.get_doc(
		{
			"doctype": "SM Delivery",
			"sales_order": order.name if hasattr(order, "name") else order,
			"warehouse": warehouse,
			"set_posting_time": 1,
			"posting_date": kwargs.pop("posting_date", "2026-01-10"),
			"posting_time": kwargs.pop("posting_time", "10:00:00"),
			"items": [{"product": p, "qty": q} for p, q in rows],
			**kwargs,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def make_invoice(order, amount: float, submit: bool = True, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "SM Invoice",
			"sales_order": order.name if hasattr(order, "name") else order,
			"invoice_no": kwargs.pop("invoice_no", unique("FP")),
			"invoice_date": kwargs.pop("invoice_date", "2026-01-12"),
			"amount": amount,
			**kwargs,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def make_payment(customer: str, amount: float, allocations: list[tuple], submit: bool = True, **kwargs):
	"""An SM Payment; `allocations` rows are (order, amount) or (order, amount, invoice)."""
	rows = []
	for allocation in allocations:
		order, allocated, *invoice = allocation
		rows.append(
			{
				"sales_order": order.name if hasattr(order, "name") else order,
				"allocated_amount": allocated,
				"invoice": (invoice[0].name if hasattr(invoice[0], "name") else invoice[0])
				if invoice
				else None,
			}
		)
	doc = frappe.get_doc(
		{
			"doctype": "SM Payment",
			"customer": customer,
			"payment_date": kwargs.pop("payment_date", "2026-01-20"),
			"amount": amount,
			"allocations": rows,
			**kwargs,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def receivable(order) -> frappe._dict:
	name = order.name if hasattr(order, "name") else order
	return frappe.db.get_value("SM Receivable", name, "*", as_dict=True)


def figures(order, *fields: str) -> tuple:
	row = receivable(order)
	return tuple(flt(row[field]) if isinstance(row[field], int | float) else row[field] for field in fields)


def fresh_warehouse() -> str:
	return make_warehouse(unique("MWH"))


class MoneyTestCase(SalesTeamTestCase):
	"""A warehouse with two stocked products — A (standard price 100, cost 60) and B (50, cost 20),
	100 of each received on 2025-01-01 — and a customer of east1 without a credit limit, made once per
	class. Each test runs in a savepoint rolled back afterwards."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.warehouse = fresh_warehouse()
		cls.a = stocked_product(cls.warehouse, 100, standard_price=100, cost_price=60)
		cls.b = stocked_product(cls.warehouse, 100, standard_price=50, cost_price=20)
		cls.customer = make_customer(cls.team.salespeople["east1"])

	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		frappe.db.savepoint("money_test")

	def tearDown(self):
		frappe.db.rollback(save_point="money_test")
		super().tearDown()


def make_customer(salesperson: str | None = None, credit_limit: float = 0) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "SM Customer",
			"customer_name": unique("Money Customer"),
			"salesperson": salesperson,
			"credit_limit": credit_limit,
		}
	)
	doc.flags.ignore_permissions = True
	return doc.insert().name


def only_rates(currency: str, *rates: tuple[str, float]) -> None:
	"""`currency`'s rates to CNY are exactly `rates` ((day, rate) pairs): others, such as the demo
	data's, are deleted in the test's transaction."""
	frappe.db.delete("Currency Exchange", {"from_currency": currency, "to_currency": "CNY"})
	for day, rate in rates:
		set_rate(currency, day, rate)


def set_rate(currency: str, day: str, rate: float) -> None:
	frappe.db.set_value("Currency", currency, "enabled", 1)
	frappe.get_doc(
		{
			"doctype": "Currency Exchange",
			"date": day,
			"from_currency": currency,
			"to_currency": "CNY",
			"exchange_rate": rate,
		}
	).insert(ignore_permissions=True)


def make_cash_account(
	currency: str = "CNY",
	opening_balance: float = 0,
	opening_date: str = "2026-01-01",
	access: list[tuple[str, str]] = (),
	**kwargs,
) -> str:
	"""An SM Cash Account; `access` rows are (user, "View" | "Manage"). Inserted as Administrator."""
	doc = frappe.get_doc(
		{
			"doctype": "SM Cash Account",
			"account_name": kwargs.pop("account_name", unique(f"{currency} Account")),
			"account_type": kwargs.pop("account_type", "Bank"),
			"currency": currency,
			"opening_balance": opening_balance,
			"opening_date": opening_date,
			"access": [{"user": user, "level": level} for user, level in access],
			**kwargs,
		}
	)
	doc.flags.ignore_permissions = True
	return doc.insert().name


def make_cash_entry(
	account: str,
	entry_type: str,
	amount: float,
	posting_date: str = "2026-01-05",
	submit: bool = True,
	**kwargs,
):
	"""An SM Cash Entry, inserted and (by default) submitted as the current user."""
	doc = frappe.get_doc(
		{
			"doctype": "SM Cash Entry",
			"cash_account": account,
			"entry_type": entry_type,
			"amount": amount,
			"posting_date": posting_date,
			**kwargs,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def set_cross_rate(from_currency: str, to_currency: str, day: str, rate: float) -> None:
	"""A Currency Exchange between two currencies (neither need be the base currency)."""
	for currency in (from_currency, to_currency):
		frappe.db.set_value("Currency", currency, "enabled", 1)
	frappe.db.delete("Currency Exchange", {"from_currency": from_currency, "to_currency": to_currency})
	frappe.get_doc(
		{
			"doctype": "Currency Exchange",
			"date": day,
			"from_currency": from_currency,
			"to_currency": to_currency,
			"exchange_rate": rate,
		}
	).insert(ignore_permissions=True)
