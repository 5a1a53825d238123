"""The permission matrix: what every role of the test sales team may see, create, change and delete,
and which fields it may not read, for every DocType of sales_mgmt (and Contact and Address, which
follow customers). `test_permission_matrix.py` runs every line through every Frappe path.

A new DocType joins with one `Line` in MATRIX: how to make its records, who sees which, who may
create / change / delete, which fields some roles may not read, a valid new record and a harmless
change.

Record keys: for DocTypes with a salesperson, one record per salesperson of the team and one with
none (`EVERYTHING`); for shared master data, one record under the key "shared".
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
from frappe.utils import add_days, nowdate

from sales_mgmt.tests.goods_data import make_warehouse
from sales_mgmt.tests.sales_team import ALL_ASSIGNED, EVERYTHING, HIERARCHY, UNASSIGNED

ROLES = ("east1", "east", "director", "owner", "finance", "service", "warehouse")
SHARED = "shared"
PREFIX = "PM"

# values of fields some roles may not read, recognisable in any response, also as Frappe formats
# them for version history (below 1,000: no thousands separator)
CREDIT_LIMIT, CREDIT_LIMIT_2 = 987.65, 876.54
COST_PRICE, COST_PRICE_2 = 654.32, 543.21
ITEM_RATE = 321.09
ACCOUNT_NO = "6222987650001"
MARKERS = ("987.65", "876.54", "654.32", "543.21", "321.09", ACCOUNT_NO)

SALES = {"east1", "east", "director", "owner"}
RATES = {"owner", "finance"}
MANAGERS = {"east", "director", "owner"}
EVERY_ROLE = set(ROLES)

# visibility values: a set of record keys, None (no permission at all) or PICK (may only pick the
# records in link fields: select permission)
PICK = "pick"


def hierarchy(**others) -> dict:
	"""Who sees which records of a DocType with the salesperson rule: the hierarchy for sales roles
	and the owner, `others` for the rest (None when not given)."""
	sees = {key: set(HIERARCHY[key]) for key in ("east1", "east", "director", "owner")}
	for key in ("finance", "service", "warehouse"):
		sees[key] = others.get(key)
	return sees


def everyone(*without: str) -> dict:
	"""Shared master data: every role reads it, except `without`."""
	return {key: (None if key in without else {SHARED}) for key in ROLES}


ALL = set(EVERYTHING)


@dataclass
class Line:
	doctype: str
	make: Callable  # make(team, data) -> {record key: name}
	sees: dict  # user key -> set of record keys | None | PICK
	create: set = field(default_factory=set)
	write: set = field(default_factory=set)
	delete: set = field(default_factory=set)
	hidden: dict = field(default_factory=dict)  # fieldname (or "table.field") -> users who may not read it
	new: Callable | None = None  # new(team, data, user key) -> a valid new record (dict)
	edit: dict | None = None  # a harmless change for PUT
	version_edit: dict | None = None  # a change recorded in version history, with the hidden fields


def unique(prefix: str = PREFIX) -> str:
	return f"{prefix} {frappe.generate_hash(length=8)}"


def own_customer(team, user_key: str) -> str:
	return team.customers[user_key if user_key in team.salespeople else UNASSIGNED]


# --- records ------------------------------------------------------------------------------------------


def _insert(values: dict, salesperson: str | None = None):
	doc = frappe.get_doc(values)
	doc.flags.ignore_permissions = True
	doc.insert()
	return doc


def customers(team, data) -> dict:
	for name in team.customers.values():
		frappe.db.set_value("SM Customer", name, "credit_limit", CREDIT_LIMIT, update_modified=False)
	return dict(team.customers)


def leads(team, data) -> dict:
	out = {}
	for key in EVERYTHING:
		doc = _insert({"doctype": "SM Lead", "lead_name": unique(), "salesperson": team.salespeople.get(key)})
		out[key] = doc.name
	return out


def opportunities(team, data) -> dict:
	out = {}
	for key in EVERYTHING:
		doc = _insert(
			{
				"doctype": "SM Opportunity",
				"title": unique(),
				"customer": team.customers[key],
				"salesperson": team.salespeople.get(key),
				"stage": "Proposal",
				"amount": 1000,
				"expected_close_date": add_days(nowdate(), 10),
			}
		)
		out[key] = doc.name
	return out


def hot_flags(team, data) -> dict:
	out = {}
	for key in EVERYTHING:
		doc = _insert(
			{
				"doctype": "SM Hot Flag",
				"customer": team.customers[key],
				"salesperson": team.salespeople.get(key),
				"note": unique(),
				"active": 0,
			}
		)
		out[key] = doc.name
	return out


def lost_reasons(team, data) -> dict:
	return {SHARED: _insert({"doctype": "SM Lost Reason", "reason": unique()}).name}


def sales_stages(team, data) -> dict:
	doc = _insert(
		{"doctype": "SM Sales Stage", "stage_name": unique(), "stage_type": "Open", "sequence": 999}
	)
	return {SHARED: doc.name}


def salespeople(team, data) -> dict:
	return dict(team.salespeople)


def categories(team, data) -> dict:
	return {SHARED: data.category}


def products(team, data) -> dict:
	return {SHARED: data.product}


def warehouses(team, data) -> dict:
	return {SHARED: data.warehouse}


def bins(team, data) -> dict:
	return {SHARED: frappe.db.get_value("SM Bin", {"product": data.product, "warehouse": data.warehouse})}


def sales_budgets(team, data) -> dict:
	doc = _insert(
		{"doctype": "SM Sales Budget", "product": data.product, "period": "2031-01", "budget_qty": 3}
	)
	return {SHARED: doc.name}


def stock_entries(team, data) -> dict:
	return dict(data.entries)


def ledger_entries(team, data) -> dict:
	return {
		key: str(frappe.db.get_value("SM Stock Ledger Entry", {"voucher_no": entry, "is_cancelled": 0}))
		for key, entry in data.entries.items()
	}


def currency_exchanges(team, data) -> dict:
	frappe.db.set_value("Currency", "USD", "enabled", 1)
	doc = _insert(
		{
			"doctype": "Currency Exchange",
			"date": "2031-01-01",
			"from_currency": "USD",
			"to_currency": "CNY",
			"exchange_rate": 7,
		}
	)
	return {SHARED: doc.name}


def new_currency_exchange(team, data, user):
	# one rate per pair and day: a day of its own (a century of days to pick from)
	return {
		"date": add_days("2040-01-01", int(frappe.generate_hash(length=6), 16) % 36500),
		"from_currency": "USD",
		"to_currency": "CNY",
		"exchange_rate": 7.1,
	}


def contacts(team, data) -> dict:
	return dict(data.contacts)


def addresses(team, data) -> dict:
	return dict(data.addresses)


# --- money: contracts and what is delivered, invoiced and paid against them ---------------------------

ORDER_RATE = 20000  # the product's standard price: no discount


def make_money_data(team, data) -> None:
	"""Per record key: a draft order, and a submitted order with a delivery, an invoice, a payment
	and a draft write-off of what stays unpaid (as Administrator)."""
	data.draft_orders, data.orders, data.deliveries, data.invoices = {}, {}, {}, {}
	data.payments, data.write_offs = {}, {}
	for key in EVERYTHING:
		values = {
			"doctype": "SM Sales Order",
			"customer": team.customers[key],
			"salesperson": team.salespeople.get(key),
			"order_date": nowdate(),
			"items": [{"product": data.product, "qty": 10, "rate": ORDER_RATE}],
		}
		data.draft_orders[key] = _insert(values).name
		order = _insert(values)
		order.submit()
		data.orders[key] = order.name
		delivery = _insert(
			{
				"doctype": "SM Delivery",
				"sales_order": order.name,
				"warehouse": data.warehouse,
				"items": [{"product": data.product, "qty": 1}],
			}
		)
		delivery.submit()
		data.deliveries[key] = delivery.name
		invoice = _insert(
			{
				"doctype": "SM Invoice",
				"sales_order": order.name,
				"invoice_no": unique("PM-FP"),
				"amount": 1000,
			}
		)
		invoice.submit()
		data.invoices[key] = invoice.name
		payment = _insert(
			{
				"doctype": "SM Payment",
				"customer": team.customers[key],
				"amount": 600,
				"allocations": [
					{"sales_order": order.name, "invoice": invoice.name, "allocated_amount": 500}
				],
			}
		)
		payment.submit()
		data.payments[key] = payment.name
		data.write_offs[key] = _insert(
			{"doctype": "SM Bad Debt Write Off", "receivable": order.name, "reason": unique()}
		).name


# cash accounts: "a" managed by finance and viewed by east1, "b" managed by east and viewed by director,
# "c" listed for nobody; one income per account and a transfer from a to b ("ab")
CASH_ACCESS = {
	"a": (("finance", "Manage"), ("east1", "View")),
	"b": (("east", "Manage"), ("director", "View")),
	"c": (),
}


def cash_sees(**keys) -> dict:
	"""Who sees which cash records: the listed users what `keys` gives them, owner everything, the rest
	nothing (None for roles without permission on cash at all)."""
	sees = {key: set(keys.get(key, ())) for key in ROLES}
	sees["owner"] = set(keys["owner"])
	sees["service"] = sees["warehouse"] = None
	return sees


def make_cash_data(team, data) -> None:
	"""Three CNY accounts with the access lists of CASH_ACCESS, an income on each and a transfer from a
	to b, submitted (as Administrator)."""
	data.cash_accounts, data.cash_entries, data.cash_ledger = {}, {}, {}
	for key, access in CASH_ACCESS.items():
		data.cash_accounts[key] = _insert(
			{
				"doctype": "SM Cash Account",
				"account_name": unique("PM Cash"),
				"currency": "CNY",
				"opening_date": "2020-01-01",
				"opening_balance": 100,
				"account_no": ACCOUNT_NO,
				"access": [{"user": team.users[user], "level": level} for user, level in access],
			}
		).name
	for key, values in {
		**{
			key: {"entry_type": "Income", "cash_account": account}
			for key, account in data.cash_accounts.items()
		},
		"ab": {
			"entry_type": "Transfer",
			"cash_account": data.cash_accounts["a"],
			"to_account": data.cash_accounts["b"],
		},
	}.items():
		entry = _insert({"doctype": "SM Cash Entry", "posting_date": nowdate(), "amount": 10, **values})
		entry.submit()
		data.cash_entries[key] = entry.name
	for row in frappe.get_all(
		"SM Cash Ledger Entry",
		filters={"voucher_no": ("in", list(data.cash_entries.values()))},
		fields=["name", "voucher_no", "amount"],
	):
		key = next(k for k, name in data.cash_entries.items() if name == row.voucher_no)
		if key == "ab":
			key = "ab_in" if row.amount > 0 else "ab_out"
		data.cash_ledger[key] = str(row.name)


def delete_cash_data(data) -> None:
	"""Test data only: ledgers are never deleted by the product."""
	entries = list(data.cash_entries.values())
	frappe.db.delete("SM Cash Ledger Entry", {"voucher_no": ("in", entries)})
	frappe.db.delete("SM Cash Entry", {"name": ("in", entries)})
	for name in data.cash_accounts.values():
		frappe.delete_doc("SM Cash Account", name, force=True, ignore_permissions=True)


def new_cash_account(team, data, user):
	return {"account_name": unique("PM Cash"), "currency": "CNY", "opening_date": "2020-01-01"}


def new_cash_entry(team, data, user):
	"""On the account `user` manages, else one they view, else one they may not see."""
	levels = {u: (key, level) for key, access in CASH_ACCESS.items() for u, level in access}
	key = levels[user][0] if user in levels else "c"
	return {
		"cash_account": data.cash_accounts[key],
		"entry_type": "Income",
		"amount": 1,
		"posting_date": nowdate(),
	}


def cancel_money_data(data) -> None:
	for names in (data.payments, data.invoices, data.deliveries, data.orders):
		for name in names.values():
			for candidate in ("SM Payment", "SM Invoice", "SM Delivery", "SM Sales Order"):
				if frappe.db.exists(candidate, name):
					doctype = candidate
			doc = frappe.get_doc(doctype, name)
			doc.flags.ignore_permissions = True
			doc.cancel()


# --- money: expenses and their budgets ---------------------------------------------------------------

EXPENSE_YEAR = 2031  # a fiscal year of the matrix's budgets only


def make_expense_data(team, data) -> None:
	"""A Management category group and a leaf below it; per record key a draft and a submitted expense
	(dated today, for the key's customer) and a salesperson budget (none for "unassigned"), and a
	company budget, for the fiscal year EXPENSE_YEAR (as Administrator)."""
	data.expense_group = _insert(
		{
			"doctype": "SM Expense Category",
			"category_name": unique(),
			"is_group": 1,
			"expense_type": "Management",
		}
	).name
	data.expense_category = _insert(
		{
			"doctype": "SM Expense Category",
			"category_name": unique(),
			"parent_sm_expense_category": data.expense_group,
		}
	).name
	data.draft_expenses, data.expenses, data.budgets = {}, {}, {}
	for key in EVERYTHING:
		values = {
			"doctype": "SM Expense",
			"category": data.expense_category,
			"amount": 100,
			"expense_date": nowdate(),
			"customer": team.customers[key],
			"salesperson": team.salespeople.get(key),
		}
		data.draft_expenses[key] = _insert(values).name
		expense = _insert(values)
		expense.submit()
		data.expenses[key] = expense.name
		budget = {"doctype": "SM Expense Budget", "fiscal_year": EXPENSE_YEAR, "category": data.expense_group}
		if key in team.salespeople:
			budget.update(scope="Salesperson", salesperson=team.salespeople[key])
		else:
			budget.update(scope="Company")
		data.budgets[key] = _insert(budget).name


def remove_expense_data(data) -> None:
	for name in data.expenses.values():
		doc = frappe.get_doc("SM Expense", name)
		doc.flags.ignore_permissions = True
		doc.cancel()
	for names, doctype in (
		(data.expenses, "SM Expense"),
		(data.draft_expenses, "SM Expense"),
		(data.budgets, "SM Expense Budget"),
	):
		for name in names.values():
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for name in (data.expense_category, data.expense_group):
		frappe.delete_doc("SM Expense Category", name, force=True, ignore_permissions=True)


_budget_years = itertools.count()


def new_expense_budget(team, data, user):
	# one budget per fiscal year, scope and category: a year of its own
	return {
		"fiscal_year": EXPENSE_YEAR + 1 + next(_budget_years),
		"category": data.expense_group,
		"scope": "Company",
	}


def new_expense(team, data, user):
	return {"category": data.expense_category, "amount": 10}


def own_key(team, user_key: str) -> str:
	return user_key if user_key in team.salespeople else UNASSIGNED


def new_sales_order(team, data, user):
	return {
		"customer": own_customer(team, user),
		"items": [{"product": data.product, "qty": 1, "rate": ORDER_RATE}],
	}


def new_delivery(team, data, user):
	return {
		"sales_order": data.orders[own_key(team, user)],
		"warehouse": data.warehouse,
		"items": [{"product": data.product, "qty": 1}],
	}


def new_invoice(team, data, user):
	return {"sales_order": data.orders[own_key(team, user)], "invoice_no": unique("PM-FP"), "amount": 1}


def new_payment(team, data, user):
	return {"customer": own_customer(team, user), "amount": 1}


def new_write_off(team, data, user):
	return {"receivable": data.orders[own_key(team, user)], "reason": unique()}


def make_shared_data(team) -> frappe._dict:
	"""Master data and the stock entries the matrix's lines refer to (as Administrator)."""
	data = frappe._dict()
	data.category = _insert({"doctype": "SM Product Category", "category_name": unique()}).name
	data.product = _insert(
		{
			"doctype": "SM Product",
			"product_code": unique("PM-P").replace(" ", "-"),
			"product_name": unique(),
			"product_type": "Gift",
			"category": data.category,
			"uom": "个",
			"standard_price": 20000,
			"cost_price": COST_PRICE,
		}
	).name
	data.warehouse = make_warehouse(unique("PM-WH").replace(" ", "-"))
	receipt = _entry(data.product, "Receipt", {"to_warehouse": data.warehouse, "qty": 100})
	data.entries = {UNASSIGNED: receipt.name}
	for key in ALL_ASSIGNED:
		entry = _entry(
			data.product,
			"Issue",
			{"from_warehouse": data.warehouse, "qty": 1},
			purpose="Gift",
			customer=team.customers[key],
			salesperson=team.salespeople[key],
		)
		data.entries[key] = entry.name
	data.contacts, data.addresses = {}, {}
	for key in EVERYTHING:
		link = [{"link_doctype": "SM Customer", "link_name": team.customers[key]}]
		data.contacts[key] = _insert({"doctype": "Contact", "first_name": unique(), "links": link}).name
		data.addresses[key] = _insert(
			{
				"doctype": "Address",
				"address_title": unique(),
				"address_line1": "南京东路 1 号",
				"city": "上海",
				"country": "China",
				"links": link,
			}
		).name
	make_money_data(team, data)
	make_expense_data(team, data)
	make_cash_data(team, data)
	return data


def _entry(product: str, entry_type: str, row: dict, **values):
	doc = frappe.get_doc(
		{
			"doctype": "SM Stock Entry",
			"entry_type": entry_type,
			"posting_date": nowdate(),
			"posting_time": "00:00:01",
			"items": [{"product": product, "rate": ITEM_RATE, **row}],
			**values,
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	doc.submit()
	return doc


# --- what a role may create (REST POST) -----------------------------------------------------------------


def new_customer(team, data, user):
	return {"customer_name": unique()}


def new_lead(team, data, user):
	return {"lead_name": unique()}


def new_opportunity(team, data, user):
	return {"customer": own_customer(team, user), "title": unique(), "amount": 10}


def activities(team, data) -> dict:
	out = {}
	for key in EVERYTHING:
		doc = _insert(
			{
				"doctype": "SM Activity",
				"activity_type": "Visit",
				"subject": unique(),
				"customer": team.customers[key],
				"salesperson": team.salespeople.get(key),
				"starts_on": f"{add_days(nowdate(), 3)} 10:00:00",
			}
		)
		out[key] = doc.name
	return out


def new_activity(team, data, user):
	return {
		"activity_type": "Call",
		"subject": unique(),
		"customer": own_customer(team, user),
		"starts_on": f"{add_days(nowdate(), 2)} 09:00:00",
	}


def daily_reports(team, data) -> dict:
	from sales_mgmt.people.daily_report import generate_many

	names = generate_many([team.salespeople[key] for key in ALL_ASSIGNED], "Daily", "2026-01-05")
	return dict(zip(ALL_ASSIGNED, names, strict=True))


def new_daily_report(team, data, user):
	return {"salesperson": team.salespeople.get(user), "period_type": "Daily", "report_date": "2026-01-06"}


def sales_targets(team, data) -> dict:
	"""A monthly target of this month per salesperson (a target always has one), with a gross profit
	target only some roles may read."""
	out = {}
	for key in ALL_ASSIGNED:
		doc = _insert(
			{
				"doctype": "SM Sales Target",
				"salesperson": team.salespeople[key],
				"period_type": "Month",
				"period_start": nowdate(),
				"contract_amount": 400000,
				"gross_profit": CREDIT_LIMIT,
				"visits": 20,
			}
		)
		out[key] = doc.name
	return out


_target_months = itertools.count()


def new_sales_target(team, data, user):
	# one target per salesperson, scope and month: a month of its own
	n = next(_target_months)
	return {
		"salesperson": team.salespeople.get(user) or team.salespeople["east1"],
		"period_type": "Month",
		"period_start": f"{2050 + n // 12}-{n % 12 + 1:02d}-01",
		"contract_amount": 1000,
	}


def new_hot_flag(team, data, user):
	return {"customer": own_customer(team, user), "note": unique(), "active": 0}


def new_contact(team, data, user):
	return {
		"first_name": unique(),
		"links": [{"link_doctype": "SM Customer", "link_name": own_customer(team, user)}],
	}


def new_address(team, data, user):
	return {
		"address_title": unique(),
		"address_line1": "人民路 2 号",
		"city": "杭州",
		"country": "China",
		"links": [{"link_doctype": "SM Customer", "link_name": own_customer(team, user)}],
	}


def new_stock_entry(team, data, user):
	return {
		"entry_type": "Receipt",
		"items": [{"product": data.product, "qty": 1, "to_warehouse": data.warehouse}],
	}


_periods = itertools.count()


def new_sales_budget(team, data, user):
	n = next(_periods)
	return {"product": data.product, "period": f"{2040 + n // 12}-{n % 12 + 1:02d}", "budget_qty": 1}


def new_product(team, data, user):
	return {
		"product_code": unique("PM-N").replace(" ", "-"),
		"product_name": unique(),
		"product_type": "Sales Item",
		"uom": "台",
		"standard_price": 10,
	}


# --- service: complaints, their categories and the FAQ ---------------------------------------------


def complaints(team, data) -> dict:
	out = {}
	for key in EVERYTHING:
		out[key] = _insert(
			{
				"doctype": "SM Complaint",
				"customer": team.customers[key],
				"subject": unique(),
				"severity": "Low",
			}
		).name
	return out


def new_complaint(team, data, user):
	return {"customer": own_customer(team, user), "subject": unique(), "severity": "Low"}


def complaint_categories(team, data) -> dict:
	return {SHARED: _insert({"doctype": "SM Complaint Category", "category_name": unique()}).name}


def faqs(team, data) -> dict:
	return {SHARED: _insert({"doctype": "SM FAQ", "question": unique(), "answer": "<p>答案</p>"}).name}


SERVICE_DESK = {"owner", "service"}

MATRIX = [
	# doctype, records, who sees which, create, change, delete, hidden fields -> who may not read them
	Line("SM Customer", customers, hierarchy(finance=ALL, service=ALL, warehouse=PICK), SALES, SALES, MANAGERS, {"credit_limit": {"east1", "service", "warehouse"}}, new_customer, {"city": "杭州"}, {"credit_limit": CREDIT_LIMIT_2, "industry": "电子"}),
	Line("SM Lead", leads, hierarchy(), SALES, SALES, MANAGERS, {}, new_lead, {"source": "展会"}),
	Line("SM Opportunity", opportunities, hierarchy(finance=ALL), SALES, SALES, MANAGERS, {}, new_opportunity, {"next_step": "拜访"}),
	Line("SM Hot Flag", hot_flags, hierarchy(), SALES, SALES, SALES, {}, new_hot_flag, {"note": "本周跟进"}),
	Line("SM Lost Reason", lost_reasons, everyone("service", "warehouse"), MANAGERS, MANAGERS, {"owner"}, {}, lambda t, d, u: {"reason": unique()}, {"description": "价格"}),
	Line("SM Sales Stage", sales_stages, everyone("service", "warehouse"), {"owner"}, {"owner"}, {"owner"}, {}, lambda t, d, u: {"stage_name": unique(), "stage_type": "Open", "enabled": 0}, {"description": "说明"}),
	Line("SM Salesperson", salespeople, {k: (set(ALL_ASSIGNED)) for k in ROLES}, {"owner"}, {"owner"}, {"owner"}, {}, lambda t, d, u: {"salesperson_name": unique(), "enabled": 0}, None),
	Line("SM Product Category", categories, everyone(), {"east", "director", "owner", "warehouse"}, {"east", "director", "owner", "warehouse"}, {"east", "director", "owner", "warehouse"}, {}, lambda t, d, u: {"category_name": unique()}, {"description": "说明"}),
	Line("SM Product", products, everyone(), {"east", "director", "owner", "warehouse"}, {"east", "director", "owner", "warehouse"}, {"owner"}, {"cost_price": {"east1", "service"}}, new_product, {"reorder_level": 1}, {"cost_price": COST_PRICE_2, "reorder_level": 2}),
	Line("SM Warehouse", warehouses, everyone(), {"owner", "warehouse"}, {"owner", "warehouse"}, {"owner", "warehouse"}, {}, lambda t, d, u: {"warehouse_name": unique()}, {"location": "上海"}),
	Line("SM Bin", bins, everyone(), set(), set(), set(), {}, lambda t, d, u: {"product": d.product, "warehouse": d.warehouse}, None),
	Line("SM Sales Budget", sales_budgets, everyone("service"), MANAGERS, MANAGERS, MANAGERS, {}, new_sales_budget, {"notes": "备注"}),
	Line("SM Stock Entry", stock_entries, hierarchy(finance=ALL, warehouse=ALL), {"owner", "warehouse"}, {"owner", "warehouse"}, {"owner", "warehouse"}, {"total_amount": {"east1"}, "items.rate": {"east1"}, "items.amount": {"east1"}}, new_stock_entry, {"remarks": "备注"}),
	Line("SM Stock Ledger Entry", ledger_entries, hierarchy(finance=ALL, warehouse=ALL), set(), set(), set(), {"customer": {"east1", "east", "director"}}, lambda t, d, u: {"product": d.product, "warehouse": d.warehouse, "qty_change": 1}, None),
	Line("SM Sales Order", lambda t, d: dict(d.draft_orders), hierarchy(finance=ALL, warehouse=PICK, service=PICK), SALES, SALES | {"finance"}, SALES, {f: {"east1"} for f in ("total_cost", "gross_profit", "margin_percent", "credit_limit", "credit_excess", "items.cost_rate", "items.cost_amount")}, new_sales_order, {"remarks": "备注"}),
	Line("SM Delivery", lambda t, d: dict(d.deliveries), hierarchy(finance=ALL, warehouse=ALL), {"owner", "warehouse"}, {"owner", "warehouse"}, {"owner", "warehouse"}, {}, new_delivery, {"remarks": "备注"}),
	Line("SM Invoice", lambda t, d: dict(d.invoices), hierarchy(finance=ALL), {"owner", "finance"}, {"owner", "finance"}, {"owner", "finance"}, {}, new_invoice, {"remarks": "备注"}),
	Line("SM Payment", lambda t, d: dict(d.payments), hierarchy(finance=ALL), {"owner", "finance"}, {"owner", "finance"}, {"owner", "finance"}, {}, new_payment, {"remarks": "备注"}),
	Line("SM Receivable", lambda t, d: dict(d.orders), hierarchy(finance=ALL), set(), set(), set(), {}, lambda t, d, u: {"sales_order": d.orders[UNASSIGNED]}, {"write_off_reason": "x"}),
	Line("SM Bad Debt Write Off", lambda t, d: dict(d.write_offs), hierarchy(finance=ALL), {"east", "director", "owner", "finance"}, {"east", "director", "owner", "finance"}, {"east", "director", "owner", "finance"}, {}, new_write_off, {"reason": "客户破产"}),
	Line("SM Expense Category", lambda t, d: {SHARED: d.expense_category}, everyone("service", "warehouse"), {"owner", "finance"}, {"owner", "finance"}, {"owner", "finance"}, {}, lambda t, d, u: {"category_name": unique(), "expense_type": "Management"}, {"description": "说明"}),
	Line("SM Expense Budget", lambda t, d: {SHARED: d.budgets[UNASSIGNED]}, everyone("east1", "service", "warehouse"), {"owner", "finance"}, {"owner", "finance"}, {"owner", "finance"}, {}, new_expense_budget, {"notes": "备注"}),
	Line("SM Expense", lambda t, d: dict(d.draft_expenses), hierarchy(finance=ALL), SALES, SALES, SALES, {}, new_expense, {"description": "备注"}),
	Line("SM Activity", activities, hierarchy(), SALES, SALES, SALES, {}, new_activity, {"location": "杭州"}),
	# generated only; the changed record is the director's report, on which only the owner is a manager above
	Line("SM Daily Report", daily_reports, hierarchy(), set(), {"owner"}, set(), {}, new_daily_report, {"manager_comment": "评语"}),
	Line("SM Sales Target", sales_targets, hierarchy(), MANAGERS, MANAGERS, MANAGERS, {"gross_profit": {"east1"}}, new_sales_target, {"notes": "备注"}, {"gross_profit": CREDIT_LIMIT_2, "visits": 21}),
	Line("SM Cash Account", lambda t, d: dict(d.cash_accounts), cash_sees(owner=("a", "b", "c"), finance=("a",), east1=("a",), east=("b",), director=("b",)), {"owner"}, {"owner"}, {"owner"}, {"account_no": {"east1", "east", "director", "finance"}, "access": {"east1", "east", "director", "finance"}}, new_cash_account, {"description": "说明"}, {"account_no": "6222987650002", "bank_name": "招商银行"}),
	Line("SM Cash Entry", lambda t, d: dict(d.cash_entries), cash_sees(owner=("a", "b", "c", "ab"), finance=("a", "ab"), east1=("a", "ab"), east=("b", "ab"), director=("b", "ab")), {"owner", "finance", "east"}, {"owner", "finance", "east"}, {"owner", "finance", "east"}, {}, new_cash_entry, {"remarks": "备注"}),
	Line("SM Cash Ledger Entry", lambda t, d: dict(d.cash_ledger), cash_sees(owner=("a", "b", "c", "ab_in", "ab_out"), finance=("a", "ab_out"), east1=("a", "ab_out"), east=("b", "ab_in"), director=("b", "ab_in")), set(), set(), set(), {}, lambda t, d, u: {"cash_account": d.cash_accounts["a"], "amount": 1}, None),
	Line("Currency Exchange", currency_exchanges, everyone("service", "warehouse"), RATES, RATES, RATES, {}, new_currency_exchange, {"for_buying": 0}),
	# Frappe lets everyone delete the contacts they created themselves (Contact's "if owner" rule)
	Line("Contact", contacts, hierarchy(finance=ALL, service=ALL, warehouse=set()), EVERY_ROLE, EVERY_ROLE - {"warehouse"}, {"owner"}, {}, new_contact, {"company_name": "测试公司"}),
	Line("SM Complaint", complaints, hierarchy(service=ALL), SALES | {"service"}, SALES | {"service"}, MANAGERS, {}, new_complaint, {"channel": "Email"}),
	Line("SM Complaint Category", complaint_categories, everyone("finance", "warehouse"), SERVICE_DESK, SERVICE_DESK, SERVICE_DESK, {}, lambda t, d, u: {"category_name": unique()}, {"description": "说明"}),
	Line("SM FAQ", faqs, everyone("finance", "warehouse"), SERVICE_DESK, SERVICE_DESK, SERVICE_DESK, {}, lambda t, d, u: {"question": unique(), "answer": "<p>答案</p>"}, {"question": "如何退货？"}),
	Line("Address", addresses, hierarchy(finance=ALL, service=ALL, warehouse=set()), EVERY_ROLE, EVERY_ROLE - {"warehouse"}, {"owner"}, {}, new_address, {"address_line2": "2 楼"}),
]  # fmt: skip
