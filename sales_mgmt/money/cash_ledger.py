"""The cash book: postings of SM Cash Entry into the accounts' ledger (SM Cash Ledger Entry) and
their running balances (SM Cash Account.current_balance).

A submitted entry writes one ledger row per account it moves (income +, expense −; a transfer −amount
on its account and +to_amount, in the receiving account's own currency, on `to_account`); a
cancelled one writes the reversing rows (`is_cancelled`), on the same posting date. Rows are never
edited or deleted. Under the lock of the accounts' rows (taken in name order, so two transfers
between the same accounts cannot deadlock) each posting re-checks the accounts and adds to their
balances in the same statement as MariaDB sums decimals: an account's balance is always its opening
balance plus the sum of its ledger rows (`recompute_balance`).

Other documents post through `post_linked_entry` (SM Payment into the account the money arrived in,
an approved SM Expense from the account it was paid from) and take it back with
`cancel_linked_entries` when they are cancelled.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, now

from sales_mgmt.deals.exchange_rates import require_exchange_rate
from sales_mgmt.exceptions import (
	BeforeOpeningDateError,
	CashAccountAccessError,
	DisabledCashAccountError,
	LinkedCashEntryError,
)
from sales_mgmt.ledger_rows import insert_ledger_rows
from sales_mgmt.permissions import can_manage
from sales_mgmt.user_text import bold

ACCOUNT = "SM Cash Account"
ENTRY = "SM Cash Entry"
LEDGER = "SM Cash Ledger Entry"


def lock_accounts(names) -> dict[str, frappe._dict]:
	"""The accounts' rows, locked for the rest of the transaction, in name order."""
	names = sorted({name for name in names if name})
	rows = frappe.db.sql(
		f"""select name, account_name, currency, enabled, opening_date, opening_balance, current_balance
		from `tab{ACCOUNT}` where name in %(names)s order by name for update""",
		{"names": names},
		as_dict=True,
	)
	return {row.name: row for row in rows}


def check_account(account: frappe._dict, posting_date, manage: bool = True) -> None:
	"""Refuse posting on `posting_date` to a disabled account, before its opening date, or (with
	`manage`) by a user who may not post to it."""
	if not account.enabled:
		frappe.throw(
			_("Cash account {0} is disabled; nothing can be posted to it.").format(bold(account.name)),
			DisabledCashAccountError,
			title=_("Disabled account"),
		)
	if account.opening_date and getdate(posting_date) < getdate(account.opening_date):
		frappe.throw(
			_("Cash account {0} opened on {1}; an entry cannot be dated {2}, before that.").format(
				bold(account.name),
				frappe.format(account.opening_date, "Date"),
				frappe.format(posting_date, "Date"),
			),
			BeforeOpeningDateError,
			title=_("Before the opening date"),
		)
	if manage and not can_manage(account.name):
		frappe.throw(
			_("You may only view cash account {0}; ask its owner for Manage access to post to it.").format(
				bold(account.name)
			),
			CashAccountAccessError,
			title=_("Not permitted"),
		)


def legs(entry) -> list[tuple[str, float, float, str | None]]:
	"""(account, signed amount in its currency, signed base amount, other account) of every ledger
	row `entry` writes when submitted."""
	if entry.entry_type == "Transfer":
		return [
			(entry.cash_account, -flt(entry.amount), -flt(entry.base_amount), entry.to_account),
			(entry.to_account, flt(entry.to_amount), flt(entry.base_amount), entry.cash_account),
		]
	sign = 1 if entry.entry_type == "Income" else -1
	return [(entry.cash_account, sign * flt(entry.amount), sign * flt(entry.base_amount), None)]


def post(entry) -> None:
	"""Write the ledger rows of a submitted entry and add them to the locked accounts' balances."""
	accounts = lock_accounts([entry.cash_account, entry.to_account])
	manage = not entry.flags.posted_for_source
	for name in (entry.cash_account, entry.to_account):
		if name:
			check_account(accounts[name], entry.posting_date, manage)
	_write(entry, [(account, amount, base, other, 0) for account, amount, base, other in legs(entry)])


def reverse(entry) -> None:
	"""Write the reversing rows of a cancelled entry (from its own ledger rows) on the same dates."""
	rows = frappe.db.sql(
		f"""select cash_account, amount, base_amount, against_account from `tab{LEDGER}`
		where voucher_type = %s and voucher_no = %s and is_cancelled = 0 order by name""",
		(entry.doctype, entry.name),
		as_dict=True,
	)
	lock_accounts([row.cash_account for row in rows])
	_write(
		entry,
		[(row.cash_account, -flt(row.amount), -flt(row.base_amount), row.against_account, 1) for row in rows],
	)


def _write(entry, rows: list[tuple]) -> None:
	user, timestamp = frappe.session.user, now()
	currencies = {entry.cash_account: entry.account_currency, entry.to_account: entry.to_currency}
	insert_ledger_rows(
		LEDGER,
		[
			{
				"cash_account": account,
				"posting_date": entry.posting_date,
				"entry_type": entry.entry_type,
				"is_cancelled": cancelled,
				"amount": amount,
				"currency": currencies.get(account),
				"base_amount": base,
				"voucher_type": entry.doctype,
				"voucher_no": entry.name,
				"against_account": other,
				"counterparty": entry.counterparty,
				"creation": timestamp,
				"modified": timestamp,
				"owner": user,
				"modified_by": user,
			}
			for account, amount, base, other, cancelled in rows
		],
	)
	for account, amount, *_rest in rows:
		# added by MariaDB in decimal: the balance stays exactly the sum of the rows
		frappe.db.sql(
			f"update `tab{ACCOUNT}` set current_balance = current_balance + %s where name = %s",
			(amount, account),
		)


def recompute_balance(account: str) -> float:
	"""What the account's balance must be: its opening balance plus every ledger row."""
	opening = frappe.db.get_value(ACCOUNT, account, "opening_balance")
	moved = frappe.db.sql(
		f"select coalesce(sum(amount), 0) from `tab{LEDGER}` where cash_account = %s", account
	)
	return flt(flt(opening) + flt(moved[0][0]), 2)


# --- entries other documents post ------------------------------------------------------------------


def post_linked_entry(
	source,
	cash_account: str,
	entry_type: str,
	amount: float,
	currency: str,
	posting_date,
	counterparty: str | None = None,
	category: str | None = None,
	check_manage: bool = True,
) -> str:
	"""Create and submit the cash entry of `source` (a submitted document: SM Payment, SM Expense)
	moving `amount` in `currency` into (Income) or out of (Expense) `cash_account`, converted to the
	account's currency at the rate of `posting_date`. With `check_manage`, the current user must be
	allowed to post to the account; without, the source document's own approval stands for it.
	Returns the entry's name."""
	account_currency = frappe.db.get_value(ACCOUNT, cash_account, "currency")
	rate = require_exchange_rate(currency, account_currency, posting_date)
	entry = frappe.get_doc(
		{
			"doctype": ENTRY,
			"cash_account": cash_account,
			"entry_type": entry_type,
			"posting_date": posting_date,
			"amount": flt(flt(amount) * rate, 2),
			"counterparty": counterparty,
			"category": category,
			"reference_doctype": source.doctype,
			"reference_name": source.name,
			"remarks": _("Posted by {0} {1}").format(_(source.doctype), source.name),
		}
	)
	entry.flags.posted_for_source = not check_manage
	entry.flags.from_source = True
	# the source document's permissions were checked; the entry follows it
	entry.flags.ignore_permissions = True
	entry.insert()
	entry.submit()
	return entry.name


def cancel_linked_entries(source) -> None:
	"""Cancel the submitted cash entries `source` posted (called from its on_cancel)."""
	for name in frappe.get_all(
		ENTRY,
		filters={"reference_doctype": source.doctype, "reference_name": source.name, "docstatus": 1},
		pluck="name",
	):
		entry = frappe.get_doc(ENTRY, name)
		entry.flags.ignore_permissions = True
		entry.flags.cancelled_by_source = True
		entry.cancel()


def validate_linked_cancel(entry) -> None:
	"""An entry another document posted is cancelled with that document, never on its own."""
	if entry.reference_name and not entry.flags.cancelled_by_source:
		frappe.throw(
			_("This entry was posted by {0} {1}; cancel that document instead.").format(
				_(entry.reference_doctype), bold(entry.reference_name)
			),
			LinkedCashEntryError,
			title=_("Posted by another document"),
		)
