"""Balances of the cash accounts a user may see, in each account's currency and in the base currency,
and their income and expense per period: what the Cash Position report, its number card and its chart
show.

- Balance of an account on a day = its opening balance + every ledger row dated on or before that day
  (computed as the maintained current balance − the rows dated after it). Accounts opened after the
  day are left out.
- Base balance = balance × the Currency Exchange rate from the account's currency to the base currency
  on or before the day (the latest one; its date is shown). No rate: no base balance, and the
  account's currency is named in the report's message.
- Income / expense of a period = the base amounts of Income / Expense entries posted in it (a
  cancelled entry's reversal, dated like the entry, takes it out again); transfers between accounts
  are neither.
"""

import datetime

import frappe
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt, getdate
from pypika.enums import DatePart
from pypika.functions import Extract
from pypika.terms import Case, LiteralValue

from sales_mgmt import reporting
from sales_mgmt.deals.exchange_rates import get_dated_exchange_rate
from sales_mgmt.permissions import record_query_conditions
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

ACCOUNT = "SM Cash Account"
LEDGER = "SM Cash Ledger Entry"


def balances(day, account_type: str | None = None, currency: str | None = None) -> list[frappe._dict]:
	"""Every account the current user may see (and the filters select) opened by `day`, with its
	balance on `day`, the rate to the base currency, the rate's date and the base balance."""
	day = getdate(day)
	account = frappe.qb.DocType(ACCOUNT)
	ledger = frappe.qb.DocType(LEDGER)
	later = (
		frappe.qb.from_(ledger)
		.select(ledger.cash_account, Sum(ledger.amount).as_("moved"))
		.where(ledger.posting_date > day)
		.groupby(ledger.cash_account)
	)
	if condition := record_query_conditions(LEDGER):
		# only the rows of the accounts the user sees are summed, not every account's
		later = later.where(LiteralValue(f"({condition})"))
	later = later.as_("later")
	query = (
		frappe.qb.from_(account)
		.left_join(later)
		.on(later.cash_account == account.name)
		.select(
			account.name.as_("cash_account"),
			account.account_type,
			account.currency,
			account.enabled,
			(account.current_balance - Coalesce(later.moved, 0)).as_("balance"),
		)
		.where(account.opening_date <= day)
		.orderby(account.currency)
		.orderby(account.name)
	)
	if account_type:
		query = query.where(account.account_type == account_type)
	if currency:
		query = query.where(account.currency == currency)
	if condition := record_query_conditions(ACCOUNT):
		query = query.where(LiteralValue(f"({condition})"))
	rows = query.run(as_dict=True)
	base = get_settings().base_currency
	rates = {c: get_dated_exchange_rate(c, base, day) for c in {row.currency for row in rows}}
	for row in rows:
		row.balance = flt(row.balance, 2)
		row.exchange_rate, row.rate_date = rates[row.currency]
		row.base_balance = flt(row.balance * row.exchange_rate, 2) if row.exchange_rate else None
	return rows


def total_base_balance(day=None) -> float:
	"""The base-currency total of the accounts the current user sees (those with a rate)."""
	return flt(sum(row.base_balance or 0 for row in balances(day or getdate())), 2)


def income_and_expense(from_date, to_date, period_type: str = reporting.MONTH) -> dict[datetime.date, tuple]:
	"""{period start: (income, expense)} in the base currency, for every period of the range, over the
	accounts the current user may see."""
	ledger = frappe.qb.DocType(LEDGER)
	part = DatePart.month if period_type == reporting.MONTH else DatePart.quarter
	year, number = Extract(DatePart.year, ledger.posting_date), Extract(part, ledger.posting_date)
	query = (
		frappe.qb.from_(ledger)
		.select(
			year.as_("year"),
			number.as_("number"),
			Sum(Case().when(ledger.entry_type == "Income", ledger.base_amount).else_(0)).as_("income"),
			Sum(Case().when(ledger.entry_type == "Expense", -ledger.base_amount).else_(0)).as_("expense"),
		)
		.where(ledger.posting_date[getdate(from_date) : getdate(to_date)])
		.where(ledger.entry_type.isin(["Income", "Expense"]))
		.groupby(year, number)
	)
	if condition := record_query_conditions(LEDGER):
		query = query.where(LiteralValue(f"({condition})"))
	found = {
		reporting.period_start(period_type, row.year, row.number): (flt(row.income, 2), flt(row.expense, 2))
		for row in query.run(as_dict=True)
	}
	return {
		start: found.get(start, (0.0, 0.0))
		for start in reporting.period_starts(period_type, from_date, to_date)
	}
