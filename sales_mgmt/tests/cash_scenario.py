"""A fixed cash book over three accounts in CNY, USD and EUR, with the balances computed by hand.

Rates to CNY: USD 7.1, EUR 7.8 (from 2026-01-01); CNY → USD 0.14.

	CNY  opening 10,000 (2026-01-01)
	     01-05 income 5,000 (客户甲)           15,000
	     01-06 expense 1,200                  13,800
	     01-10 transfer 7,100 to USD           6,700
	     02-03 income 300                      7,000
	USD  opening 1,000
	     01-10 transfer in 994 (7,100 × 0.14)  1,994
	     01-12 transfer 200 to EUR at 0.92     1,794
	     01-20 expense 50, cancelled           1,794
	EUR  opening 500
	     01-12 transfer in 184                   684
	     01-15 income 100                        784

In CNY: income in January 5,000 + 100 × 7.8 = 5,780, expense 1,200 (the cancelled 50 USD nets out);
February income 300.
"""

import frappe

from sales_mgmt.tests.money_data import make_cash_account, make_cash_entry, only_rates, set_cross_rate


def build_cash_book(access: list[tuple[str, str]] = ()) -> frappe._dict:
	only_rates("USD", ("2026-01-01", 7.1))
	only_rates("EUR", ("2026-01-01", 7.8))
	set_cross_rate("CNY", "USD", "2026-01-01", 0.14)
	book = frappe._dict(
		cny=make_cash_account("CNY", 10000, access=access),
		usd=make_cash_account("USD", 1000, access=access),
		eur=make_cash_account("EUR", 500, access=access),
	)
	book.income = make_cash_entry(book.cny, "Income", 5000, "2026-01-05", counterparty="客户甲")
	book.expense = make_cash_entry(book.cny, "Expense", 1200, "2026-01-06")
	book.to_usd = make_cash_entry(book.cny, "Transfer", 7100, "2026-01-10", to_account=book.usd)
	book.to_eur = make_cash_entry(
		book.usd, "Transfer", 200, "2026-01-12", to_account=book.eur, exchange_rate=0.92
	)
	book.eur_income = make_cash_entry(book.eur, "Income", 100, "2026-01-15")
	book.cancelled = make_cash_entry(book.usd, "Expense", 50, "2026-01-20")
	book.cancelled.cancel()
	book.february = make_cash_entry(book.cny, "Income", 300, "2026-02-03")
	return book
