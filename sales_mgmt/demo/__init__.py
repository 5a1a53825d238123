"""Realistic demo and benchmark data for a Chinese small business selling electronics.

	from sales_mgmt.demo import generate
	generate("small", seed=42)    # a demo: 20 salespeople, 300 customers, one login per role,
	                              # 300 products in 3 warehouses, 15 months of stock movements,
	                              # 300 sales orders over 6 months with deliveries, invoices, payments,
	                              # a few hundred expenses with budgets, 10 cash accounts with entries,
                              # 3 months of visits, calls, meetings, e-mails and demos,
                              # 160 complaints handled by the service agent, a FAQ of 32 entries
	generate("large", seed=42)    # benchmarks: 200 salespeople, 100,000 customers, 5,000 products,
	                              # 20 warehouses, 500,000 stock ledger rows from stock entries,
	                              # 100,000 sales orders over a year, 200,000 expenses, 50 cash
	                              # accounts with 300,000 cash entries, 1,000,000 activities over
                              # the year, 300,000 complaints (bulk SQL)

The same size, seed and base date give the same data. The base date is the last day the data covers:
by default the day before the first load (so the demo's deals, stalls, forecasts and hot flags are
current), and the day of the loaded set when a site already holds one. Running it again adds only
what is missing.
It refuses to touch a site whose config does not say `sales_mgmt_site_kind` is demo or benchmark.
Each part of the data set lives in its own module and draws from its own random stream
(`random.Random(f"{seed}:<part>")`), so adding a part later does not change the existing ones.
"""

import sys
import time
from datetime import date

import frappe
from frappe.utils import add_days, getdate, nowdate, update_progress_bar

from sales_mgmt.demo import names
from sales_mgmt.demo.activities import PROGRESS_KEY as ACTIVITIES_PROGRESS
from sales_mgmt.demo.activities import (
	actors,
	customer_deals,
	customer_orders,
	insert_activities,
	plan_activities,
)
from sales_mgmt.demo.cash import PROGRESS_KEY as CASH_PROGRESS
from sales_mgmt.demo.cash import (
	ensure_cash_accounts,
	ensure_cross_rates,
	insert_cash,
	plan_accounts,
	plan_cash,
)
from sales_mgmt.demo.catalog import (
	SALES_ITEM,
	ensure_catalog,
	plan_catalog,
	plan_warehouses,
	warehouse_regions,
)
from sales_mgmt.demo.customers import bulk_insert_customers, insert_customers, plan_customers
from sales_mgmt.demo.deals import (
	bulk_insert_opportunities,
	demo_customers,
	insert_hot_flags,
	insert_leads,
	insert_opportunities,
	plan_leads,
	plan_opportunities,
)
from sales_mgmt.demo.expenses import PROGRESS_KEY as EXPENSES_PROGRESS
from sales_mgmt.demo.expenses import (
	ensure_budgets,
	insert_expenses,
	plan_expenses,
	spenders,
)
from sales_mgmt.demo.guard import OtherDemoDataError, check_site, loaded_demo, record_demo
from sales_mgmt.demo.logins import LOGINS, ensure_staff_logins
from sales_mgmt.demo.money import PROGRESS_KEY as MONEY_PROGRESS
from sales_mgmt.demo.money import (
	MoneyProduct,
	OrderPlan,
	ensure_rates,
	insert_money,
	money_customers,
	plan_money,
	won_deals,
)
from sales_mgmt.demo.people import ensure_salespeople, plan_salespeople
from sales_mgmt.demo.series import progress as load_progress
from sales_mgmt.demo.sizes import get_size
from sales_mgmt.demo.stock import bulk_insert_movements, insert_movements, plan_movements
from sales_mgmt.demo.users import DEMO_PASSWORD, creating_many_users, demo_email
from sales_mgmt.money.receivables import refresh_days_overdue
from sales_mgmt.money.setup import DEFAULT_EXPENSE_CATEGORIES


def default_base_date() -> date:
	"""The base date of the demo data set this site holds, or yesterday for a first load."""
	if loaded := loaded_demo():
		return getdate(loaded["base_date"])
	return add_days(getdate(nowdate()), -1)


def generate(size: str = "small", seed: int = 42, base_date: date | None = None) -> dict:
	"""Load the demo data set `size` into the current site; return counts of what exists and was added."""
	demo_size = get_size(size)
	base_date = base_date or default_base_date()
	check_site(demo_size.name, seed, base_date)

	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	record_demo(demo_size.name, seed, base_date)
	ensure_company()
	frappe.db.commit()

	salespeople = plan_salespeople(demo_size, seed)
	existing = frappe.db.count("SM Salesperson")
	with creating_many_users():
		by_key = ensure_salespeople(salespeople, progress=_progress("Salespeople"))
		added_logins = ensure_staff_logins(seed, {p.salesperson_name for p in salespeople})
	added_salespeople = frappe.db.count("SM Salesperson") - existing
	frappe.db.commit()
	_log(f"salespeople: {len(salespeople)} planned, {added_salespeople} added")

	customers = plan_customers(demo_size.customers, seed, base_date, salespeople)
	owners = {p.key: p.user for p in salespeople}
	insert = bulk_insert_customers if demo_size.bulk else insert_customers
	added_customers = insert(customers, by_key, owners, progress=_progress("Customers"))
	frappe.db.commit()
	_log(f"customers: {len(customers)} planned, {added_customers} added")

	deals = generate_deals(
		demo_size, seed, base_date, [by_key[p.key] for p in salespeople if not p.is_manager]
	)

	goods = demo_size.goods
	warehouses = plan_warehouses(goods.warehouses)
	catalog = plan_catalog(goods.sales_items, goods.promo_items, goods.gift_items, seed, base_date)
	products, entries = plan_movements(goods, seed, base_date, catalog, warehouses, salespeople, customers)
	keeper = demo_email("warehouse")
	added_products = ensure_catalog(products, warehouses, goods.bulk, keeper)
	frappe.db.commit()
	_log(f"products: {len(products)} planned, {added_products} added; {len(warehouses)} warehouses")
	customer_records = dict(frappe.db.sql("select customer_name, name from `tabSM Customer`"))
	if goods.bulk:
		added_entries = bulk_insert_movements(
			entries, products, customer_records, by_key, keeper, progress=_progress("Stock entries")
		)
	else:
		added_entries = insert_movements(
			entries, customer_records, by_key, keeper, progress=_progress("Stock entries")
		)
	_log(f"stock entries: {len(entries)} planned, {added_entries} added")

	regions = {p.key: p.region for p in salespeople}
	money = generate_money(
		demo_size,
		seed,
		base_date,
		money_customers(customers, salespeople, customer_records, warehouse_regions(warehouses)),
		[
			MoneyProduct(p.code, p.standard_price, p.weekly_demand)
			for p in products
			if p.product_type == SALES_ITEM
		],
		salespeople,
		{
			customer_records[c.customer_name]: regions[c.salesperson_key]
			for c in customers
			if c.customer_name in customer_records
		},
		(by_key, customers, customer_records),
	)

	activities = generate_activities(
		demo_size, seed, base_date, salespeople, by_key, customers, customer_records
	)
	service = generate_service(demo_size, seed, base_date)
	people = generate_people(demo_size, seed, base_date)

	frappe.clear_cache()
	return {
		**deals,
		**money,
		**activities,
		**service,
		**people,
		"size": demo_size.name,
		"seed": seed,
		"base_date": base_date.isoformat(),
		"salespeople": len(salespeople),
		"salespeople_added": added_salespeople,
		"logins_added": added_logins,
		"customers": len(customers),
		"customers_added": added_customers,
		"products": len(products),
		"products_added": added_products,
		"stock_entries": len(entries),
		"stock_entries_added": added_entries,
	}


def generate_deals(demo_size, seed: int, base_date: date, reps: list[str]) -> dict:
	"""Opportunities with stage histories, leads and hot flags (see demo/deals.py)."""
	plans = plan_opportunities(
		demo_size.opportunities, seed, base_date, demo_size.deal_history_days, demo_customers()
	)
	added_logs = None
	if demo_size.bulk:
		added, added_logs = bulk_insert_opportunities(plans, progress=_progress("Opportunities"))
	else:
		added = insert_opportunities(plans, progress=_progress("Opportunities"))
	frappe.db.commit()
	logs = f", {added_logs:,} stage log rows" if added_logs is not None else ""
	_log(f"opportunities: {len(plans)} planned, {added} added{logs}")

	added_leads = insert_leads(plan_leads(demo_size.leads, seed, base_date, reps)) if demo_size.leads else 0
	frappe.db.commit()
	added_flags = insert_hot_flags(seed, base_date, demo_size.hot_flags_per_rep)
	frappe.db.commit()
	_log(f"leads: {demo_size.leads} planned, {added_leads} added; hot flags: {added_flags} added")
	return {
		"opportunities": len(plans),
		"opportunities_added": added,
		"leads": demo_size.leads,
		"leads_added": added_leads,
		"hot_flags_added": added_flags,
	}


def generate_money(
	demo_size, seed: int, base_date: date, customers, products, salespeople, customer_regions, spending_inputs
) -> dict:
	"""Sales orders and their deliveries, invoices, payments and write-offs (see demo/money.py), the
	salespeople's expenses and budgets (demo/expenses.py) and the cash book the payments arrive in and
	some expenses are paid from (demo/cash.py)."""
	from sales_mgmt.demo.money_bulk import bulk_insert_money

	size = demo_size.money
	started = time.monotonic()
	plan = plan_money(size, seed, base_date, customers, products, won_deals())
	spending = plan_spending(demo_size, seed, base_date, plan, salespeople, *spending_inputs)
	cash = plan_cash(demo_size.cash, seed, base_date, salespeople, plan, customer_regions, spending.payouts())
	_log(
		f"money: {len(plan.events):,} events, {len(spending.events):,} expense events and "
		f"{len(cash.events):,} cash events planned in {time.monotonic() - started:.0f} s"
	)
	added_rates = ensure_rates(plan.rates) + ensure_cross_rates(cash.rates)
	# the accounts first: the payments and expenses the controllers submit post into them
	added_accounts = ensure_cash_accounts(cash)
	added_budgets = ensure_budgets(spending)
	frappe.db.commit()
	done = load_progress(MONEY_PROGRESS)
	if size.bulk:
		if done and done != len(plan.events):
			raise OtherDemoDataError(
				f"Site {frappe.local.site} holds {done:,} money events of a different plan ({len(plan.events):,}); "
				"load the demo into a new site."
			)
		added = 0 if done else bulk_insert_money(plan, progress=_progress("Money"), log=_log)
	else:
		added = insert_money(plan, done, progress=_progress("Money"), receipts=cash.receiving())
	# days overdue as of today, as the daily job keeps them
	refresh_days_overdue()
	frappe.db.commit()
	orders = len(plan.of(OrderPlan))
	_log(
		f"sales orders: {orders} planned; {len(plan.events):,} money events (orders, receipts, deliveries, "
		f"invoices, payments, cancellations, write-offs), {added:,} added; {added_rates} exchange rates added "
		f"in {time.monotonic() - started:.0f} s"
	)
	return {
		"sales_orders": orders,
		"money_events": len(plan.events),
		"money_events_added": added,
		**generate_expenses(demo_size, spending, added_budgets),
		**generate_cash(demo_size, cash, plan, spending, added_accounts),
	}


def plan_spending(
	demo_size, seed: int, base_date: date, money, salespeople, by_key, customers, customer_records
):
	"""The expenses of the salespeople (demo/expenses.py), on the site's default expense categories."""
	categories = {name: name for _group, _type, children in DEFAULT_EXPENSE_CATEGORIES for name in children}
	missing = [c for c in categories if not frappe.db.exists("SM Expense Category", c)]
	if missing:
		raise OtherDemoDataError(
			f"Site {frappe.local.site} lacks the default expense categories {', '.join(missing)}; "
			"load the demo into a new site."
		)
	ordered = {}
	for order in money.of(OrderPlan):
		first, total = ordered.get(order.customer, (order.moment.date(), 0.0))
		ordered[order.customer] = (first, total + sum(qty * rate for _product, qty, rate in order.items))
	accounts = plan_accounts(demo_size.cash.layout, seed, salespeople)
	return plan_expenses(
		demo_size.expenses,
		seed,
		base_date,
		demo_size.money.months,
		spenders(salespeople, by_key, customers, customer_records, ordered, accounts),
		categories,
	)


def generate_expenses(demo_size, spending, added_budgets: int) -> dict:
	"""The expenses, entered, sent and approved or rejected (see demo/expenses.py)."""
	from sales_mgmt.demo.expenses_bulk import bulk_insert_expenses

	started = time.monotonic()
	done = load_progress(EXPENSES_PROGRESS)
	if demo_size.expenses.bulk:
		if done and done != len(spending.events):
			raise OtherDemoDataError(
				f"Site {frappe.local.site} holds {done:,} expense events of a different plan "
				f"({len(spending.events):,}); load the demo into a new site."
			)
		added = 0 if done else bulk_insert_expenses(spending, progress=_progress("Expenses"), log=_log)
	else:
		added = insert_expenses(spending, done, progress=_progress("Expenses"))
	count = frappe.db.count("SM Expense")
	flagged = frappe.db.count("SM Expense", {"is_flagged": 1})
	_log(
		f"expenses: {len(spending.budgets)} budgets ({added_budgets} added), {len(spending.events):,} events, "
		f"{added:,} added; {count:,} expenses in all ({flagged:,} flagged) in {time.monotonic() - started:.0f} s"
	)
	return {
		"expense_budgets": len(spending.budgets),
		"expense_events": len(spending.events),
		"expense_events_added": added,
		"expenses": count,
		"expenses_flagged": flagged,
	}


def generate_cash(demo_size, cash, money, spending, added_accounts: int) -> dict:
	"""The cash book's own entries; in bulk, the payments' receipts and the expenses' payouts too (see
	demo/cash.py)."""
	from sales_mgmt.demo.cash_bulk import bulk_insert_cash

	started = time.monotonic()
	done = load_progress(CASH_PROGRESS)
	if demo_size.cash.bulk:
		if done and done != len(cash.events):
			raise OtherDemoDataError(
				f"Site {frappe.local.site} holds {done:,} cash events of a different plan ({len(cash.events):,}); "
				"load the demo into a new site."
			)
		added = 0 if done else bulk_insert_cash(cash, money, spending, progress=_progress("Cash"), log=_log)
	else:
		added = insert_cash(cash, done, progress=_progress("Cash"))
	entries = frappe.db.count("SM Cash Entry")
	_log(
		f"cash: {len(cash.accounts)} accounts ({added_accounts} added), {len(cash.events):,} events of the book, "
		f"{added:,} added; {entries:,} cash entries in all in {time.monotonic() - started:.0f} s"
	)
	return {
		"cash_accounts": len(cash.accounts),
		"cash_events": len(cash.events),
		"cash_events_added": added,
		"cash_entries": entries,
	}


def generate_activities(
	demo_size, seed: int, base_date: date, salespeople, by_key, customers, customer_records
) -> dict:
	"""The salespeople's visits, calls, meetings, e-mails and demos with their outcomes and follow-ups
	(see demo/activities.py), on the customers and opportunities of the site."""
	from sales_mgmt.demo.activities_bulk import bulk_insert_activities

	size = demo_size.activities
	started = time.monotonic()
	plan = plan_activities(
		size,
		seed,
		base_date,
		actors(salespeople, by_key, customers, customer_records),
		customer_orders(base_date),
		customer_deals(base_date),
	)
	_log(
		f"activities: {len(plan.activities):,} activities in {len(plan.events):,} events planned in "
		f"{time.monotonic() - started:.0f} s"
	)
	started = time.monotonic()
	done = load_progress(ACTIVITIES_PROGRESS)
	if size.bulk:
		if done and done != len(plan.events):
			raise OtherDemoDataError(
				f"Site {frappe.local.site} holds {done:,} activity events of a different plan "
				f"({len(plan.events):,}); load the demo into a new site."
			)
		added = 0 if done else bulk_insert_activities(plan, progress=_progress("Activities"), log=_log)
	else:
		added = insert_activities(plan, done, progress=_progress("Activities"))
	count = frappe.db.count("SM Activity")
	_log(
		f"activities: {len(plan.events):,} events, {added:,} added; {count:,} activities in all "
		f"in {time.monotonic() - started:.0f} s"
	)
	return {"activities": count, "activity_events": len(plan.events), "activity_events_added": added}


def generate_people(demo_size, seed: int, base_date: date) -> dict:
	"""The salespeople's monthly targets and their daily, weekly and monthly reports (see
	demo/targets.py, demo/daily_reports.py), from the records loaded above."""
	from sales_mgmt.demo.daily_reports import first_day, generate_reports
	from sales_mgmt.demo.targets import generate_targets

	started = time.monotonic()
	planned, added = generate_targets(seed, base_date, progress=_progress("Targets"))
	frappe.db.commit()
	_log(f"sales targets: {planned} planned, {added} added in {time.monotonic() - started:.0f} s")
	started = time.monotonic()
	periods, reports = generate_reports(
		first_day(demo_size.name, base_date, demo_size.activities.months),
		base_date,
		progress=_progress("Daily reports"),
	)
	_log(f"daily reports: {periods} periods, {reports:,} reports added in {time.monotonic() - started:.0f} s")
	return {"sales_targets": planned, "sales_targets_added": added, "daily_reports_added": reports}


def generate_service(demo_size, seed: int, base_date: date) -> dict:
	"""The FAQ, and the customers' complaints with their handling and satisfaction surveys (see
	demo/complaints.py)."""
	from sales_mgmt.demo import complaints
	from sales_mgmt.demo.complaints_bulk import bulk_insert_complaints
	from sales_mgmt.service.complaints import refresh_sla_statuses

	size = demo_size.service
	if not size:
		return {}
	started = time.monotonic()
	added_faq = complaints.ensure_faq(seed)
	frappe.db.commit()
	plan = complaints.plan_complaints(
		size.complaints,
		size.months,
		seed,
		base_date,
		complaints.service_accounts(base_date),
		complaints.service_agents() or ["Administrator"],
		complaints.complaint_products(),
		complaints.sla_targets(),
	)
	done = load_progress(complaints.PROGRESS_KEY)
	if size.bulk:
		if done and done != len(plan.events):
			raise OtherDemoDataError(
				f"Site {frappe.local.site} holds {done:,} complaint events of a different plan "
				f"({len(plan.events):,}); load the demo into a new site."
			)
		added = 0 if done else bulk_insert_complaints(plan, progress=_progress("Complaints"), log=_log)
	else:
		added = complaints.insert_complaints(plan, done, progress=_progress("Complaints"))
	# the SLA status of the unresolved ones as of now, as the hourly job keeps it
	refresh_sla_statuses()
	frappe.db.commit()
	count = frappe.db.count("SM Complaint")
	_log(
		f"complaints: {len(plan.complaints()):,} planned in {len(plan.events):,} events, {added:,} added; "
		f"{count:,} complaints in all, {added_faq} FAQ entries added in {time.monotonic() - started:.0f} s"
	)
	return {
		"complaints": count,
		"complaint_events": len(plan.events),
		"complaint_events_added": added,
		"faq_added": added_faq,
	}


def ensure_company() -> None:
	settings = frappe.get_single("SM Settings")
	if not settings.company_name:
		settings.company_name = names.COMPANY_NAME
		settings.save()


def demo_logins() -> list[tuple[str, str, str, str]]:
	"""(user, password, role, what they see) for every demo login."""
	return [(login.user, DEMO_PASSWORD, login.role, login.sees) for login in LOGINS]


def _progress(label: str):
	"""Progress of one stage: a bar on a terminal; in a log or a pipe one line when the stage is done
	(a bar redrawn there would be one line per update)."""
	on_terminal = sys.stdout.isatty()

	def report(i: int, total: int) -> None:
		if not on_terminal:
			if i == total - 1:
				_log(f"{label}: {total:,} done")
			return
		# redraw once per percent, not once per record
		if i == total - 1 or (i * 100 // total) != ((i + 1) * 100 // total):
			update_progress_bar(label, i, total)
		if i == total - 1:
			sys.stdout.write("\n")

	return report


def _log(message: str) -> None:
	print(message, flush=True)
