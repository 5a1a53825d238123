"""The demo cash plan (pure), the small book through the controllers, and the bulk writer against the
controllers: the same plan submitted document by document and written with bulk SQL gives the same
rows, and every account's balance is its opening balance plus its ledger rows."""

import collections
from dataclasses import replace
from datetime import date, datetime, timedelta

import frappe
from frappe.utils import flt

from sales_mgmt.demo.cash import (
	DEPOSIT,
	FINANCE,
	MANAGE,
	PETTY,
	PROGRESS_KEY,
	VIEW,
	AccountPlan,
	CashPlan,
	EntryCancelPlan,
	EntryPlan,
	ensure_cash_accounts,
	insert_cash,
	plan_accounts,
	plan_cash,
)
from sales_mgmt.demo.cash_bulk import bulk_insert_cash
from sales_mgmt.demo.customers import plan_customers
from sales_mgmt.demo.money import PROGRESS_KEY as MONEY_PROGRESS_KEY
from sales_mgmt.demo.money import CancelPlan, MoneyPlan, PaymentPlan, insert_money
from sales_mgmt.demo.money_bulk import bulk_insert_money
from sales_mgmt.demo.people import MANAGER_LOGIN, REP_LOGIN, plan_salespeople
from sales_mgmt.demo.sizes import SIZES
from sales_mgmt.demo.test_demo_money import BASE, small_plan
from sales_mgmt.money.cash_ledger import recompute_balance
from sales_mgmt.tests import UnitTestCase
from sales_mgmt.tests.goods_data import unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase, ensure_user


def small_cash_plan(seed: int = 42) -> tuple[CashPlan, MoneyPlan, list]:
	"""The small data set's cash plan, over its money plan (sales_mgmt.demo.test_demo_money) and its
	expenses' payouts (sales_mgmt.demo.test_demo_expenses)."""
	from sales_mgmt.demo.test_demo_expenses import small_spending

	size = SIZES["small"]
	people = plan_salespeople(size, seed)
	customers = plan_customers(size.customers, seed, BASE, people)
	records = {c.customer_name: f"CUST-{i:05d}" for i, c in enumerate(customers, 1)}
	regions = {p.key: p.region for p in people}
	money, _warehouses = small_plan(seed)
	customer_regions = {records[c.customer_name]: regions[c.salesperson_key] for c in customers}
	payouts = small_spending(seed)[0].payouts()
	return plan_cash(size.cash, seed, BASE, people, money, customer_regions, payouts), money, payouts


def replay(plan: CashPlan, money: MoneyPlan, rate, payouts=()) -> tuple[dict, dict]:
	"""Every account's balance after the plan and the lowest it ever was, the payments' receipts and the
	expenses' payouts included, in time order; `rate(from, to, day)` converts a transfer."""
	currency = {a.name: a.currency for a in plan.accounts}
	balance = {a.name: a.opening_balance for a in plan.accounts}
	into, payments, entries = plan.receiving(), {}, {}
	timeline = []
	for event in money.events:
		if isinstance(event, PaymentPlan):
			payments[event.key] = event
			timeline.append((event.moment, 0, 0, [(into[event.key], event.amount)]))
		elif isinstance(event, CancelPlan) and event.doctype == "SM Payment":
			timeline.append((event.moment, 0, 0, [(into[event.key], -payments[event.key].amount)]))
	for _key, moment, account, amount in payouts:
		timeline.append((moment, 0, 0, [(account, -amount)]))
	for i, event in enumerate(plan.events):
		entry, sign = (entries[event.key], -1) if isinstance(event, EntryCancelPlan) else (event, 1)
		entries[entry.key] = entry
		if entry.entry_type == "Income":
			moves = [(entry.account, sign * entry.amount)]
		else:
			moves = [(entry.account, -sign * entry.amount)]
			if entry.to_account:
				day = entry.moment.date()
				converted = flt(
					entry.amount * rate(currency[entry.account], currency[entry.to_account], day), 2
				)
				moves.append((entry.to_account, sign * converted))
		timeline.append((event.moment, 1, i, moves))
	lowest = dict(balance)
	for _moment, _kind, _i, moves in sorted(timeline, key=lambda t: t[:3]):
		for account, amount in moves:
			balance[account] = flt(balance[account] + amount, 2)
			lowest[account] = min(lowest[account], balance[account])
	return balance, lowest


def plan_rate(plan: CashPlan, money: MoneyPlan):
	rates = collections.defaultdict(list)
	for r in money.rates:
		rates[(r.currency, "CNY")].append((r.day, r.rate))
	for r in plan.rates:
		rates[(r.from_currency, r.to_currency)].append((r.day, r.rate))

	def rate(from_currency, to_currency, day):
		if from_currency == to_currency:
			return 1.0
		return max(r for r in rates[(from_currency, to_currency)] if r[0] <= day)[1]

	return rate


class TestDemoCashPlan(UnitTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.plan, cls.money, cls.payouts = small_cash_plan()

	def test_same_seed_same_plan(self):
		self.assertEqual(small_cash_plan()[0], self.plan)
		self.assertNotEqual(small_cash_plan(seed=7)[0].events, self.plan.events)

	def test_small_accounts_and_who_may_use_them(self):
		accounts = {a.name: a for a in self.plan.accounts}
		self.assertEqual(len(accounts), 10)
		self.assertEqual({a.currency for a in accounts.values()}, {"CNY", "USD", "EUR"})
		self.assertEqual({a.account_type for a in accounts.values()}, {"Bank", "Cash", "Other"})
		for account in accounts.values():
			level = VIEW if account.role == DEPOSIT else MANAGE
			self.assertIn((FINANCE, level), account.access, account.name)
		east = accounts["备用金（华东）"]
		self.assertIn((REP_LOGIN, MANAGE), east.access)
		self.assertIn((MANAGER_LOGIN, VIEW), east.access)
		self.assertEqual(east.keeper, REP_LOGIN)
		# the regional manager sees one account, the rep manages one
		self.assertEqual(
			[a.name for a in accounts.values() if (MANAGER_LOGIN, VIEW) in a.access], [east.name]
		)
		self.assertEqual([a.name for a in accounts.values() if (REP_LOGIN, MANAGE) in a.access], [east.name])

	def test_every_payment_arrives_in_an_account_of_its_currency_and_mode(self):
		accounts = {a.name: a for a in self.plan.accounts}
		into = self.plan.receiving()
		payments = [e for e in self.money.events if isinstance(e, PaymentPlan)]
		self.assertEqual(len(into), len(payments))
		for payment in payments:
			account = accounts[into[payment.key]]
			self.assertEqual(account.currency, payment.currency)
			if payment.currency == "CNY":
				self.assertIn(payment.mode, account.modes)
		self.assertEqual(accounts[into[next(p.key for p in payments if p.mode == "Cash")]].name, "现金")

	def test_every_kind_of_entry(self):
		entries = self.plan.entries()
		currency = {a.name: a.currency for a in self.plan.accounts}
		kinds = collections.Counter(e.entry_type for e in entries)
		self.assertGreater(kinds["Income"], 5)
		self.assertGreater(kinds["Expense"], 1_000)
		self.assertGreater(kinds["Transfer"], 30)
		pairs = {(currency[e.account], currency[e.to_account]) for e in entries if e.to_account}
		self.assertLessEqual({("CNY", "CNY"), ("CNY", "USD"), ("CNY", "EUR")}, pairs)
		categories = {e.category for e in entries}
		self.assertLessEqual(
			{"采购货款", "工资", "房租", "增值税", "差旅费", "业务招待费", "银行手续费"}, categories
		)
		self.assertTrue(all(e.amount > 0 for e in entries))
		petty = [e for e in entries if e.account == "备用金（华东）" and e.entry_type == "Expense"]
		self.assertEqual({e.user for e in petty}, {REP_LOGIN})
		# typed wrongly, cancelled and entered again
		cancelled = [e for e in self.plan.events if isinstance(e, EntryCancelPlan)]
		self.assertGreaterEqual(len(cancelled), 1)
		by_key = {e.key: e for e in entries}
		for cancel in cancelled:
			self.assertGreater(cancel.moment, by_key[cancel.key].moment)
		# in time order, within the history
		moments = [e.moment for e in self.plan.events]
		self.assertEqual(moments, sorted(moments))
		self.assertGreaterEqual(moments[0].date(), self.plan.opening_date)
		self.assertLessEqual(moments[-1].date(), BASE)

	def test_nothing_is_spent_that_is_not_there(self):
		_balance, lowest = replay(self.plan, self.money, plan_rate(self.plan, self.money), self.payouts)
		self.assertEqual({a: v for a, v in lowest.items() if v < 0}, {})

	def test_large_layout_has_50_accounts(self):
		people = plan_salespeople(SIZES["large"], 42)
		accounts = plan_accounts("full", 42, people)
		self.assertEqual(len(accounts), 50)
		self.assertEqual(len({a.name for a in accounts}), 50)
		self.assertEqual(collections.Counter(a.currency for a in accounts), {"CNY": 45, "USD": 3, "EUR": 2})
		self.assertEqual(sum(a.role == PETTY for a in accounts), 24)
		# the regional manager sees the region's collection account and its till and team accounts;
		# the rep manages the team's petty cash
		seen = [a.name for a in accounts if any(u == MANAGER_LOGIN for u, _level in a.access)]
		self.assertEqual(len(seen), 6)
		self.assertEqual(
			[a.name for a in accounts if (REP_LOGIN, MANAGE) in a.access], ["备用金（华东一组）"]
		)


class TestSmallCashBookThroughControllers(SalesTeamTestCase):
	"""The first month of the small demo's own cash entries, in accounts of their own, submitted
	through the controllers as the users who enter them: every balance is the opening balance plus the
	ledger, and what the plan's replay says."""

	def tearDown(self):
		frappe.db.delete("Series", {"name": PROGRESS_KEY})
		frappe.db.commit()
		super().tearDown()

	def test_balances(self):
		plan, money, _payouts = small_cash_plan()
		prefix = unique("演示")
		renamed = {a.name: f"{prefix}{a.name}" for a in plan.accounts}
		month = plan.opening_date + timedelta(days=31)
		events = []
		for event in plan.events:
			if event.moment.date() >= month:
				break
			if isinstance(event, EntryPlan):
				event = replace(
					event,
					account=renamed[event.account],
					to_account=renamed.get(event.to_account),
				)
			events.append(event)
		book = replace(
			plan,
			accounts=tuple(replace(a, name=renamed[a.name]) for a in plan.accounts),
			receipts=(),
			events=tuple(events),
		)
		rate = plan_rate(plan, money)
		self.set_rates(plan, money)
		ensure_cash_accounts(book)
		self.assertEqual(insert_cash(book), len(events))
		expected, _lowest = replay(book, MoneyPlan((), ()), rate)
		for account in book.accounts:
			balance = flt(frappe.db.get_value("SM Cash Account", account.name, "current_balance"))
			self.assertEqual(balance, recompute_balance(account.name), account.name)
			self.assertAlmostEqual(balance, expected[account.name], places=2, msg=account.name)
		posted = frappe.get_all(
			"SM Cash Entry",
			filters={"cash_account": ("in", list(renamed.values()))},
			fields=["docstatus", "owner"],
		)
		self.assertEqual(len(posted), sum(isinstance(e, EntryPlan) for e in events))
		self.assertGreater(len(posted), 150)

	@staticmethod
	def set_rates(plan: CashPlan, money: MoneyPlan) -> None:
		"""The plan's rates, as the demo enters them, where missing."""
		from sales_mgmt.demo.cash import ensure_cross_rates
		from sales_mgmt.demo.money import ensure_rates

		ensure_rates(money.rates)
		ensure_cross_rates(plan.rates)
		frappe.db.commit()


class TestBulkCashEqualsControllers(SalesTeamTestCase):
	"""One hand-written cash book with its customers' payments, into two copies of its accounts and
	customers: once submitted document by document (insert_money with the receiving accounts,
	insert_cash) and once written in bulk (bulk_insert_money, bulk_insert_cash)."""

	RATES = (
		("USD", "CNY", 7.2),
		("EUR", "CNY", 7.8),
		("CNY", "USD", 0.139),
		("USD", "EUR", 0.92),
	)
	RATE_DAY = date(2025, 3, 1)

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# users of their own: the accounts stay (the loaders commit), and other tests count on the
		# shared team's users seeing no cash account
		cls.users = (
			ensure_user("demo.cash.finance", "Demo Cash Finance", ["Finance User"]),
			ensure_user("demo.cash.rep", "Demo Cash Rep", ["Sales User"]),
			ensure_user("demo.cash.manager", "Demo Cash Manager", ["Sales Manager"]),
		)
		for from_currency, to_currency, rate in cls.RATES:
			filters = {"from_currency": from_currency, "to_currency": to_currency}
			frappe.db.delete(
				"Currency Exchange", {**filters, "date": ("between", [cls.RATE_DAY, date(2025, 3, 31)])}
			)
			doc = {"doctype": "Currency Exchange", **filters, "date": cls.RATE_DAY, "exchange_rate": rate}
			if frappe.get_meta("Currency Exchange").has_field("for_selling"):
				doc |= {"for_selling": 1, "for_buying": 1}
			frappe.get_doc(doc).insert(ignore_permissions=True)
		frappe.db.commit()

	def tearDown(self):
		frappe.db.delete("Series", {"name": ("in", [PROGRESS_KEY, MONEY_PROGRESS_KEY])})
		frappe.db.commit()
		super().tearDown()

	def test_bulk_rows_equal_posted_rows(self):
		posted, bulk = self.copy("PST"), self.copy("BLK")
		cash, money = self.plan(posted)
		ensure_cash_accounts(cash)
		insert_money(money, receipts=cash.receiving())
		self.assertEqual(insert_cash(cash), len(cash.events))
		cash, money = self.plan(bulk)
		ensure_cash_accounts(cash)
		bulk_insert_money(money)
		self.assertEqual(bulk_insert_cash(cash, money), len(cash.events))
		as_posted, as_bulk = self.written(posted), self.written(bulk)
		self.assertEqual(len(as_posted["SM Cash Entry"]), 4 + 1 + 10)  # receipts, a typo, the book
		self.assertEqual(len(as_posted["SM Cash Ledger Entry"]), 22)
		for doctype in as_posted:
			with self.subTest(doctype=doctype):
				self.assertEqual(as_bulk[doctype], as_posted[doctype])

	def test_balances_by_hand(self):
		copy = self.copy("HND")
		cash, money = self.plan(copy)
		ensure_cash_accounts(cash)
		insert_money(money, receipts=cash.receiving())
		insert_cash(cash)
		balances = {
			key: flt(frappe.db.get_value("SM Cash Account", copy[key], "current_balance"))
			for key in ("bank", "till", "usd", "eur", "petty")
		}
		self.assertEqual(balances, {"bank": 105_340, "till": 300, "usd": 3_946, "eur": 1_120, "petty": 1_970})
		for key in balances:
			self.assertEqual(recompute_balance(copy[key]), balances[key])
		transfers = frappe.get_all(
			"SM Cash Entry",
			filters={
				"cash_account": ("in", [copy["bank"], copy["usd"], copy["eur"]]),
				"entry_type": "Transfer",
			},
			fields=["cash_account", "amount", "exchange_rate", "to_amount", "base_amount"],
			order_by="creation",
		)
		self.assertEqual(
			[(flt(t.amount), flt(t.exchange_rate), flt(t.to_amount), flt(t.base_amount)) for t in transfers],
			[
				(14_000, 0.139, 1_946, 14_000),
				(1_000, 0.92, 920, 7_200),
				(300, 7.8, 2_340, 2_340),
				(1_500, 1, 1_500, 1_500),
			],
		)
		payments = frappe.get_all(
			"SM Payment",
			filters={"customer": ("in", [copy["A"], copy["B"]])},
			fields=["cash_account", "cash_entry", "docstatus", "amount"],
			order_by="creation",
		)
		self.assertEqual(
			[(p.cash_account, p.docstatus) for p in payments],
			[(copy["bank"], 1), (copy["till"], 1), (copy["usd"], 1), (copy["bank"], 2), (copy["bank"], 1)],
		)
		self.assertEqual(
			frappe.db.get_value("SM Cash Entry", payments[3].cash_entry, "docstatus"), 2, "cancelled with it"
		)

	# --- the plan --------------------------------------------------------------------------------------

	def copy(self, prefix: str) -> dict[str, str]:
		"""Two customers and five account names for this copy."""
		names = {}
		for key, salesperson in (("A", "east1"), ("B", "west1")):
			doc = frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": unique(f"现金客户{prefix}{key}"),
					"salesperson": self.team.salespeople[salesperson],
					"status": "Active",
					"city": "上海",
				}
			)
			doc.flags.ignore_permissions = True
			names[key] = doc.insert().name
		for key, base in (
			("bank", "基本户"),
			("till", "现金"),
			("usd", "美元户"),
			("eur", "欧元户"),
			("petty", "备用金"),
		):
			names[key] = unique(f"{prefix}{base}")
		frappe.db.commit()
		return names

	def plan(self, copy: dict[str, str]) -> tuple[CashPlan, MoneyPlan]:
		def at(day: int, hour: int, minute: int = 0) -> datetime:
			return datetime(2025, 3, day, hour, minute)

		finance, rep, manager = self.users
		everyone = ((finance, MANAGE),)
		bank, till, usd, eur, petty = (copy[k] for k in ("bank", "till", "usd", "eur", "petty"))
		accounts = (
			AccountPlan(bank, "Bank", "CNY", "main", 100_000.0, "招商银行", "6225880112345678", modes=("Bank Transfer",), access=everyone),
			AccountPlan(till, "Cash", "CNY", "till", 2_000.0, modes=("Cash",), access=everyone),
			AccountPlan(usd, "Bank", "USD", "foreign", 1_000.0, "中国银行", modes=("Bank Transfer",), access=everyone),
			AccountPlan(eur, "Bank", "EUR", "foreign", 500.0, "中国银行", access=everyone),
			AccountPlan(petty, "Cash", "CNY", "petty", 1_000.0, keeper=rep, access=(*everyone, (rep, MANAGE), (manager, VIEW))),
		)  # fmt: skip
		A, B = copy["A"], copy["B"]
		money = MoneyPlan(
			rates=(),
			events=(
				PaymentPlan(0, at(3, 10), A, "CNY", 20_000.0, "Bank Transfer", "HX1", (), "预付货款"),
				PaymentPlan(1, at(4, 11), B, "CNY", 800.0, "Cash", None, (), None),
				PaymentPlan(2, at(5, 9, 30), B, "USD", 2_000.0, "Bank Transfer", "HX2", (), None),
				PaymentPlan(-1, at(6, 10), A, "CNY", 4_500.0, "Bank Transfer", "HX3", (), None),
				CancelPlan(at(6, 10, 10), "SM Payment", -1),
				PaymentPlan(3, at(6, 10, 20), A, "CNY", 5_000.0, "Bank Transfer", "HX3", (), None),
			),
		)
		receipts = ((0, bank), (1, till), (2, usd), (-1, bank), (3, bank))

		def entry(key, moment, user, account, entry_type, amount, to=None, counterparty=None, category=None):
			return EntryPlan(
				key, moment, user, account, entry_type, amount, to, counterparty, category, "演示"
			)

		events = (
			entry(0, at(3, 14), finance, bank, "Expense", 12_000.0, counterparty="深圳华强电子有限公司", category="采购货款"),
			entry(1, at(4, 9, 15), finance, bank, "Transfer", 14_000.0, usd, category="内部转账"),
			entry(2, at(5, 15), finance, usd, "Transfer", 1_000.0, eur, category="内部转账"),
			entry(3, at(6, 11), finance, eur, "Transfer", 300.0, bank, category="内部转账"),
			entry(4, at(7, 10), finance, bank, "Transfer", 1_500.0, petty, category="内部转账"),
			entry(5, at(10, 13, 40), rep, petty, "Expense", 405.0, counterparty="小南国", category="业务招待费"),
			EntryCancelPlan(at(10, 13, 50), 5, rep),
			entry(6, at(10, 14), rep, petty, "Expense", 450.0, counterparty="小南国", category="业务招待费"),
			entry(7, at(11, 16), finance, till, "Transfer", 2_500.0, bank, category="内部转账"),
			entry(8, at(12, 10), finance, bank, "Income", 3_000.0, counterparty="深圳华强电子有限公司", category="供应商退款"),
			entry(9, at(12, 11), rep, petty, "Expense", 80.0, counterparty="滴滴出行", category="交通费"),
		)  # fmt: skip
		return CashPlan(self.RATE_DAY, accounts, (), receipts, events), money

	# --- what was written --------------------------------------------------------------------------------

	def written(self, copy: dict[str, str]) -> dict[str, list]:
		"""Every row the plan wrote for this copy, with the copy's names replaced by what they stand for
		(account bank, payment 1, entry 3, ...)."""
		alias = {value: key for key, value in copy.items()}
		for key in ("A", "B"):
			alias[frappe.db.get_value("SM Customer", copy[key], "customer_name")] = f"customer {key}"
		accounts = [copy[k] for k in ("bank", "till", "usd", "eur", "petty")]
		payments = frappe.get_all(
			"SM Payment",
			filters={"customer": ("in", [copy["A"], copy["B"]])},
			fields=["name", "cash_account", "cash_entry", "docstatus"],
			order_by="creation, name",
		)
		alias.update({p.name: f"payment {i}" for i, p in enumerate(payments)})
		entries = frappe.get_all(
			"SM Cash Entry",
			filters={"cash_account": ("in", accounts)},
			fields=["*"],
			order_by="creation, name",
		)
		alias.update({e.name: f"entry {i}" for i, e in enumerate(entries)})
		ledger = frappe.get_all(
			"SM Cash Ledger Entry", filters={"cash_account": ("in", accounts)}, fields=["*"], order_by="name"
		)
		for i, row in enumerate(ledger):
			row.seq = i  # the order they were posted in
		balances = frappe.get_all(
			"SM Cash Account",
			filters={"name": ("in", accounts)},
			fields=["name", "currency", "opening_date", "opening_balance", "current_balance"],
		)

		def value(v):
			if not isinstance(v, str):
				return v
			if v in alias:
				return alias[v]
			for name in (p.name for p in payments):
				v = v.replace(name, alias[name])
			return v

		ignored = {"name", "_user_tags", "_comments", "_assign", "_liked_by"}

		def normalized(rows, keep_name=False):
			out = [
				{k: value(v) for k, v in row.items() if keep_name or k not in ignored}
				| ({"name": value(row["name"])} if keep_name else {})
				for row in rows
			]
			return sorted(out, key=lambda r: repr(sorted(r.items(), key=lambda i: i[0])))

		return {
			"SM Payment": normalized(payments, keep_name=True),
			"SM Cash Entry": normalized([{**e, "name_of": e.name} for e in entries]),
			"SM Cash Ledger Entry": normalized(ledger),
			"SM Cash Account": normalized(balances, keep_name=True),
		}
