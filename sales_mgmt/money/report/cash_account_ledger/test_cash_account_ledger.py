"""Cash Account Ledger on the cash book of sales_mgmt.tests.cash_scenario: opening, running and closing
balances by hand, cancelled entries hidden or shown, an account the viewer may not see refused."""

import frappe

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.money.report.cash_account_ledger.cash_account_ledger import execute
from sales_mgmt.tests.cash_scenario import build_cash_book
from sales_mgmt.tests.money_data import MoneyTestCase


def run(account, from_date, to_date, **filters):
	_columns, data, _message, _chart, summary = execute(
		{"cash_account": account, "from_date": from_date, "to_date": to_date, **filters}
	)
	rows = [(str(row["posting_date"]), row.get("income"), row.get("expense"), row["balance"]) for row in data]
	return rows, {entry["label"]: entry["value"] for entry in summary}


class TestCashAccountLedger(MoneyTestCase):
	def setUp(self):
		super().setUp()
		self.book = build_cash_book(access=[(self.team.users["unlinked"], "View")])

	def test_opening_running_and_closing_balances(self):
		rows, summary = run(self.book.cny, "2026-01-06", "2026-01-31")
		self.assertEqual(
			rows,
			[
				("2026-01-06", None, None, 15000),  # opening: 10,000 + 5,000 on 01-05
				("2026-01-06", 0, 1200, 13800),
				("2026-01-10", 0, 7100, 6700),
				("2026-01-31", 0, 8300, 6700),  # closing
			],
		)
		self.assertEqual(
			summary,
			{"Opening Balance": 15000, "Income": 0, "Expense": 8300, "Closing Balance": 6700},
		)

	def test_cancelled_entries_hidden_or_shown(self):
		rows, _summary = run(self.book.usd, "2026-01-01", "2026-01-31")
		self.assertEqual(
			rows,
			[
				("2026-01-01", None, None, 1000),
				("2026-01-10", 994, 0, 1994),
				("2026-01-12", 0, 200, 1794),
				("2026-01-31", 994, 200, 1794),
			],
		)
		rows, summary = run(self.book.usd, "2026-01-01", "2026-01-31", show_cancelled=1)
		self.assertEqual(rows[3:5], [("2026-01-20", 0, 50, 1744), ("2026-01-20", 50, 0, 1794)])
		self.assertEqual(
			(summary["Income"], summary["Expense"], summary["Closing Balance"]), (1044, 250, 1794)
		)

	def test_as_a_view_user_and_as_someone_not_listed(self):
		frappe.set_user(self.team.users["unlinked"])
		rows, _summary = run(self.book.eur, "2026-01-01", "2026-01-31")
		self.assertEqual([row[3] for row in rows], [500, 684, 784, 784])
		frappe.set_user(self.team.users["east1"])
		with self.assertRaises(InvalidReportFilterError):
			run(self.book.eur, "2026-01-01", "2026-01-31")

	def test_bad_filters(self):
		_columns, data, message, _chart, _summary = execute({"from_date": "2026-01-01"})
		self.assertEqual((data, message), ([], "Choose a cash account to see its ledger."))
		for filters in (
			{"cash_account": "no such account", "from_date": "2026-01-01", "to_date": "2026-01-31"},
			{"cash_account": self.book.cny, "from_date": "2026-02-01", "to_date": "2026-01-31"},
		):
			with self.subTest(filters=filters), self.assertRaises(InvalidReportFilterError):
				execute(filters)
