"""Cash Position on the cash book of sales_mgmt.tests.cash_scenario, as a user who views its three
accounts only: balances on a day in each currency and in CNY, the rates and their dates, totals, the
income/expense chart; a currency without a rate is named, not taken at 1."""

import frappe

from sales_mgmt.money.cash_position import total_base_balance
from sales_mgmt.money.report.cash_position.cash_position import execute
from sales_mgmt.tests.cash_scenario import build_cash_book
from sales_mgmt.tests.money_data import MoneyTestCase, make_cash_account


class TestCashPosition(MoneyTestCase):
	def setUp(self):
		super().setUp()
		self.viewer = self.team.users["unlinked"]
		self.book = build_cash_book(access=[(self.viewer, "View")])
		frappe.set_user(self.viewer)

	def run_report(self, **filters):
		_columns, data, message, chart, summary = execute(filters)
		rows = {
			row.cash_account: (
				row.currency,
				row.balance,
				row.exchange_rate,
				str(row.rate_date or ""),
				row.base_balance,
			)
			for row in data
		}
		return rows, message, chart, {entry["label"]: entry["value"] for entry in summary}

	def test_balances_on_a_day(self):
		book = self.book
		rows, message, _chart, summary = self.run_report(date="2026-01-31")
		self.assertEqual(
			rows,
			{
				book.cny: ("CNY", 6700, 1, "", 6700),
				book.eur: ("EUR", 784, 7.8, "2026-01-01", 6115.2),
				book.usd: ("USD", 1794, 7.1, "2026-01-01", 12737.4),
			},
		)
		self.assertIsNone(message)
		self.assertEqual(
			summary,
			{"Total in CNY": 25552.6, "CNY Accounts": 6700, "EUR Accounts": 784, "USD Accounts": 1794},
		)
		rows, *_rest = self.run_report(date="2026-01-11")
		self.assertEqual([rows[a][1] for a in (book.cny, book.usd, book.eur)], [6700, 1994, 500])
		rows, *_rest = self.run_report(date="2026-02-28", currency="CNY")
		self.assertEqual(rows, {book.cny: ("CNY", 7000, 1, "", 7000)})
		self.assertEqual(total_base_balance("2026-02-28"), 25852.6)

	def test_income_and_expense_chart(self):
		_rows, _message, chart, _summary = self.run_report(date="2026-02-28")
		labels = chart["data"]["labels"]
		income, expense = (dataset["values"] for dataset in chart["data"]["datasets"])
		self.assertEqual((len(labels), labels[0], labels[-1]), (12, "2025-03", "2026-02"))
		# January: 5,000 CNY + 100 EUR × 7.8 in, 1,200 out (the cancelled USD expense nets out)
		self.assertEqual((income[-2], expense[-2], income[-1], expense[-1]), (5780, 1200, 300, 0))
		self.assertEqual(sum(income[:-2]) + sum(expense[:-2]), 0)

	def test_a_currency_without_a_rate_is_named(self):
		frappe.set_user("Administrator")
		make_cash_account("GBP", 100, access=[(self.viewer, "View")])
		frappe.db.delete("Currency Exchange", {"from_currency": "GBP"})
		frappe.set_user(self.viewer)
		_rows, message, _chart, summary = self.run_report(date="2026-01-31")
		self.assertIn("GBP", message)
		self.assertEqual(summary["Total in CNY"], 25552.6)
		self.assertEqual(summary["GBP Accounts"], 100)

	def test_someone_not_listed_sees_no_account(self):
		frappe.set_user(self.team.users["east1"])
		rows, *_rest, summary = self.run_report(date="2026-01-31")
		self.assertEqual((rows, summary), ({}, {"Total in CNY": 0}))

	def test_workspace_card_and_chart(self):
		from sales_mgmt.api.money import cash_income_and_expense, cash_position

		self.assertEqual(cash_position()["value"], 25852.6)
		chart = cash_income_and_expense()
		values = dict(
			zip(chart["labels"], zip(*(d["values"] for d in chart["datasets"]), strict=True), strict=True)
		)
		self.assertEqual((values["2026-01"], values["2026-02"]), ((5780, 1200), (300, 0)))
		frappe.set_user(self.team.users["service"])  # no permission on cash at all
		self.assertRaises(frappe.PermissionError, cash_position)
		self.assertRaises(frappe.PermissionError, cash_income_and_expense)
