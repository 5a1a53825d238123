"""Cash entries, balance by balance: income, expense and transfers between CNY, USD and EUR accounts at
fixed rates, a cancelled entry; every refused input; per-account access; concurrent postings."""

import frappe
from frappe.utils import flt

from sales_mgmt.exceptions import (
	BeforeOpeningDateError,
	CashAccountAccessError,
	DisabledCashAccountError,
	InvalidAmountError,
	LinkedCashEntryError,
	MissingExchangeRateError,
	SameCashAccountError,
)
from sales_mgmt.money.cash_ledger import recompute_balance
from sales_mgmt.tests.cash_scenario import build_cash_book
from sales_mgmt.tests.goods_data import in_parallel
from sales_mgmt.tests.money_data import (
	MoneyTestCase,
	make_cash_account,
	make_cash_entry,
	only_rates,
	set_cross_rate,
)


def balance(account: str) -> float:
	return flt(frappe.db.get_value("SM Cash Account", account, "current_balance"))


def ledger(entry: str) -> list[tuple]:
	return [
		(row.cash_account, flt(row.amount), flt(row.base_amount), row.is_cancelled)
		for row in frappe.get_all(
			"SM Cash Ledger Entry",
			filters={"voucher_no": entry},
			fields=["cash_account", "amount", "base_amount", "is_cancelled"],
			order_by="name",
		)
	]


class TestCashEntry(MoneyTestCase):
	def setUp(self):
		super().setUp()
		only_rates("USD", ("2026-01-01", 7.1))
		only_rates("EUR", ("2026-01-01", 7.8))
		set_cross_rate("CNY", "USD", "2026-01-01", 0.14)
		self.cny = make_cash_account("CNY", 10000)
		self.usd = make_cash_account("USD", 1000)
		self.eur = make_cash_account("EUR", 500)

	def test_balances_across_currencies(self):
		"""The cash book of sales_mgmt.tests.cash_scenario, balance by balance and row by row."""
		book = build_cash_book()
		self.assertEqual(
			(book.to_usd.exchange_rate, book.to_usd.to_amount, book.to_usd.base_amount), (0.14, 994, 7100)
		)
		self.assertEqual((book.to_eur.to_amount, book.to_eur.base_amount), (184, 1420))
		self.assertEqual([balance(a) for a in (book.cny, book.usd, book.eur)], [7000, 1794, 784])
		for account in (book.cny, book.usd, book.eur):
			self.assertEqual(recompute_balance(account), balance(account))
		self.assertEqual(ledger(book.to_usd.name), [(book.cny, -7100, -7100, 0), (book.usd, 994, 7100, 0)])
		self.assertEqual(ledger(book.to_eur.name), [(book.usd, -200, -1420, 0), (book.eur, 184, 1420, 0)])
		self.assertEqual(ledger(book.cancelled.name), [(book.usd, -50, -355, 0), (book.usd, 50, 355, 1)])

	def test_opening_balance_change_moves_the_balance(self):
		make_cash_entry(self.cny, "Income", 500)
		account = frappe.get_doc("SM Cash Account", self.cny)
		account.opening_balance = 12000
		account.current_balance = 1  # read-only: ignored
		account.save()
		self.assertEqual(balance(self.cny), 12500)

	def test_refused_input_changes_nothing(self):
		disabled = make_cash_account("CNY", 100, enabled=0)
		gbp = make_cash_account("GBP", 100)
		frappe.db.delete("Currency Exchange", {"from_currency": "GBP"})
		cases = [
			(
				SameCashAccountError,
				dict(account=self.cny, entry_type="Transfer", amount=10, to_account=self.cny),
			),
			(InvalidAmountError, dict(account=self.cny, entry_type="Income", amount=-5)),
			(InvalidAmountError, dict(account=self.cny, entry_type="Expense", amount=0)),
			(DisabledCashAccountError, dict(account=disabled, entry_type="Income", amount=10)),
			(
				DisabledCashAccountError,
				dict(account=self.cny, entry_type="Transfer", amount=10, to_account=disabled),
			),
			(MissingExchangeRateError, dict(account=gbp, entry_type="Income", amount=10)),
			(
				MissingExchangeRateError,
				dict(account=self.eur, entry_type="Transfer", amount=10, to_account=self.usd),
			),
			(
				BeforeOpeningDateError,
				dict(account=self.cny, entry_type="Income", amount=10, posting_date="2025-12-31"),
			),
			(
				InvalidAmountError,
				dict(
					account=self.usd, entry_type="Transfer", amount=10, to_account=self.eur, exchange_rate=-1
				),
			),
		]
		before = [balance(a) for a in (self.cny, self.usd, self.eur, disabled, gbp)]
		rows = frappe.db.count("SM Cash Ledger Entry")
		for error, values in cases:
			with self.subTest(error=error.__name__, values=values), self.assertRaises(error):
				make_cash_entry(
					values.pop("account"), values.pop("entry_type"), values.pop("amount"), **values
				)
		self.assertEqual([balance(a) for a in (self.cny, self.usd, self.eur, disabled, gbp)], before)
		self.assertEqual(frappe.db.count("SM Cash Ledger Entry"), rows)

	def test_account_disabled_after_the_draft(self):
		draft = make_cash_entry(self.cny, "Income", 10, submit=False)
		frappe.db.set_value("SM Cash Account", self.cny, "enabled", 0)
		with self.assertRaises(DisabledCashAccountError):
			draft.submit()
		self.assertEqual(balance(self.cny), 10000)

	def test_view_users_read_manage_users_post(self):
		users = self.team.users
		account = make_cash_account(
			"CNY",
			100,
			access=[(users["east1"], "View"), (users["finance"], "Manage")],
			account_no="6222000011112222",
		)
		frappe.set_user(users["east1"])
		self.assertTrue(frappe.has_permission("SM Cash Account", "read", account))
		self.assertIn(account, frappe.get_list("SM Cash Account", pluck="name"))
		self.assert_lists_only_listed(users["east1"])
		self.assertIsNone(frappe.client.get("SM Cash Account", account).get("account_no"))
		with self.assertRaises(CashAccountAccessError):
			make_cash_entry(account, "Income", 10)
		frappe.set_user(users["finance"])
		entry = make_cash_entry(account, "Income", 10)
		self.assertEqual(balance(account), 110)
		frappe.set_user(users["east1"])
		self.assertTrue(frappe.has_permission("SM Cash Entry", "read", entry.name))
		self.assertFalse(frappe.has_permission("SM Cash Entry", "cancel", entry.name))
		frappe.set_user(users["east"])  # not listed: nothing of it
		self.assertFalse(frappe.has_permission("SM Cash Account", "read", account))
		self.assertNotIn(entry.name, frappe.get_list("SM Cash Entry", pluck="name"))
		self.assert_lists_only_listed(users["east"])

	def assert_lists_only_listed(self, user):
		"""`user` lists exactly the accounts whose access table names them, and what posts to those
		(other tests' data on the site included), read as Administrator."""
		frappe.set_user("Administrator")
		listed = set(frappe.get_all("SM Cash Account Access", filters={"user": user}, pluck="parent"))
		entries = {
			e.name
			for e in frappe.get_all("SM Cash Entry", fields=["name", "cash_account", "to_account"])
			if e.cash_account in listed or e.to_account in listed
		}
		rows = set(
			frappe.get_all(
				"SM Cash Ledger Entry", filters={"cash_account": ("in", listed or [""])}, pluck="name"
			)
		)
		frappe.set_user(user)
		self.assertEqual(set(frappe.get_list("SM Cash Account", pluck="name", limit=0)), listed)
		self.assertEqual(set(frappe.get_list("SM Cash Entry", pluck="name", limit=0)), entries)
		self.assertEqual(set(frappe.get_list("SM Cash Ledger Entry", pluck="name", limit=0)), rows)

	def test_entry_posted_by_another_document_is_cancelled_with_it(self):
		entry = make_cash_entry(self.cny, "Income", 10)
		frappe.db.set_value(
			"SM Cash Entry", entry.name, {"reference_doctype": "SM Cash Account", "reference_name": self.cny}
		)
		entry.reload()
		with self.assertRaises(LinkedCashEntryError):
			entry.cancel()


class TestConcurrentCashEntries(MoneyTestCase):
	"""Entries posted to one account at once, each on its own connection: the balance ends at the opening
	balance plus every submitted entry."""

	def setUp(self):
		frappe.set_user("Administrator")
		# see TestConcurrentPostings: a naming series' first use races in Frappe's getseries
		frappe.db.sql(
			"insert ignore into `tabSeries` (`name`, `current`) values (%s, 0)",
			f"CE-{frappe.utils.getdate().year}-",
		)
		self.account = make_cash_account("CNY", 1000, opening_date="2020-01-01")
		self.other = make_cash_account("CNY", 0, opening_date="2020-01-01")
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for name in frappe.get_all(
			"SM Cash Entry", filters={"cash_account": ("in", [self.account, self.other])}, pluck="name"
		):
			frappe.db.delete("SM Cash Ledger Entry", {"voucher_no": name})
			frappe.db.delete("SM Cash Entry", name)
		frappe.db.delete("SM Cash Account", {"name": ("in", [self.account, self.other])})
		frappe.db.commit()

	def test_parallel_postings_lose_no_update(self):
		def post(entry_type, amount, **kwargs):
			return lambda: (
				make_cash_entry(self.account, entry_type, amount, frappe.utils.nowdate(), **kwargs).name
			)

		works = (
			[post("Income", 100) for _ in range(6)]
			+ [post("Expense", 30) for _ in range(6)]
			+ [post("Transfer", 10, to_account=self.other) for _ in range(4)]
		)
		outcomes = in_parallel(*works)
		self.assertFalse([o for o in outcomes if isinstance(o, Exception)])
		frappe.db.rollback()  # a fresh snapshot
		self.assertEqual(balance(self.account), 1000 + 600 - 180 - 40)
		self.assertEqual(balance(self.other), 40)
		self.assertEqual(recompute_balance(self.account), balance(self.account))
