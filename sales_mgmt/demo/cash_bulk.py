"""The demo cash plan (`sales_mgmt.demo.cash`) written with bulk SQL, for the benchmark data set.

The rows are written in the order the controllers post them: first every customer payment's receipt,
in the order of the money plan's events — the payment's SM Cash Entry (linked to it, and the payment to
it) and its ledger row, and the reversing row where the payment was cancelled — then the payouts of the
expenses approved and paid out of an account (`sales_mgmt.demo.expenses`, written before by
`expenses_bulk`), then the book's own entries and cancellations. Each entry carries what SM Cash Entry's validate computes (the accounts'
currencies, the base amount at the day's rate, a transfer's rate and the amount it brings in), each
ledger row what `cash_ledger.post` and `cash_ledger.reverse` write (`cash_ledger.legs`); names follow
the naming series and the ledger's sequence. Every account's balance is then its opening balance plus
its ledger rows, as the postings leave it.

All of it is one transaction (the tables are analyzed after it commits). The accounts themselves are
created through their controller (`cash.ensure_cash_accounts`) first. test_demo_cash checks that the
rows equal what the controllers write for the same plans.
"""

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

import frappe
from frappe import _
from frappe.model.meta import get_field_precision
from frappe.utils import flt

from sales_mgmt.deals.exchange_rates import get_exchange_rate
from sales_mgmt.demo.cash import ENTRY, PROGRESS_KEY, TRANSFER, CashPlan, EntryPlan
from sales_mgmt.demo.expenses import EXPENSE, SpendingPlan
from sales_mgmt.demo.money import (
	BASE_CURRENCY,
	RECEIPT_DELAY,
	CancelPlan,
	MoneyPlan,
	PaymentPlan,
	Progress,
)
from sales_mgmt.demo.money_bulk import insert_rows
from sales_mgmt.demo.series import current_series, finish_bulk_load, replay, set_series
from sales_mgmt.demo.users import demo_email
from sales_mgmt.money.cash_ledger import ACCOUNT, LEDGER, legs

PAYMENT = "SM Payment"
CHUNK = 2_000


def bulk_insert_cash(
	plan: CashPlan,
	money: MoneyPlan,
	spending: SpendingPlan | None = None,
	progress: Progress = None,
	log: Callable[[str], None] | None = None,
) -> int:
	"""Write the receipts of `money`'s payments, the payouts of `spending`'s expenses and every event of
	`plan` in one transaction; return how many events of `plan` were written."""
	log = log or (lambda message: None)
	started = time.monotonic()
	writer = BulkCash(plan)
	writer.receipts(money)
	if spending:
		writer.payouts(spending)
	replay(plan.events, writer.apply, progress)
	log(f"cash: {len(writer.entries):,} entries computed in {time.monotonic() - started:.0f} s")
	writer.write(log)
	started = time.monotonic()
	finish_bulk_load(PROGRESS_KEY, len(plan.events), (ENTRY, LEDGER, ACCOUNT, PAYMENT, EXPENSE))
	log(f"cash: tables analyzed in {time.monotonic() - started:.0f} s")
	return len(plan.events)


class BulkCash:
	def __init__(self, plan: CashPlan):
		self.plan = plan
		self.accounts = {
			row.name: row
			for row in frappe.get_all(
				ACCOUNT,
				filters={"name": ("in", [a.name for a in plan.accounts])},
				fields=["name", "currency"],
			)
		}
		self.base = frappe.db.get_single_value("SM Settings", "base_currency") or BASE_CURRENCY
		self.precision = get_field_precision(frappe.get_meta(ENTRY).get_field("amount"))
		self.users = set(frappe.get_all("User", pluck="name"))
		finance = demo_email("finance")
		self.finance = finance if finance in self.users else "Administrator"
		self.rates: dict[tuple, float] = {}
		self.series: dict[str, int] = {}
		self.ledger_id = int(frappe.db.sql(f"select coalesce(max(name), 0) from `tab{LEDGER}`")[0][0])
		self.entries: list[dict] = []
		self.by_key: dict[int, dict] = {}  # the plan's entries
		self.ledger: list[dict] = []
		self.linked: dict[str, tuple[str, str]] = {}  # payment -> (cash account, cash entry)
		self.paid: dict[str, str] = {}  # expense -> cash entry

	def rate(self, from_currency: str, to_currency: str, day) -> float:
		key = (from_currency, to_currency, str(day))
		if key not in self.rates:
			rate = get_exchange_rate(from_currency, to_currency, day)
			if not rate:
				raise frappe.ValidationError(
					f"no exchange rate from {from_currency} to {to_currency} on {day}"
				)
			self.rates[key] = rate
		return self.rates[key]

	def name(self, moment: datetime) -> str:
		prefix = f"CE-{moment.year}-"
		if prefix not in self.series:
			self.series[prefix] = current_series(prefix)
		self.series[prefix] += 1
		return f"{prefix}{self.series[prefix]:05d}"

	def user(self, user: str) -> str:
		return user if user in self.users else "Administrator"

	# --- entries -------------------------------------------------------------------------------------

	def entry(
		self,
		moment: datetime,
		user: str,
		account: str,
		entry_type: str,
		amount: float,
		to_account: str | None = None,
		counterparty: str | None = None,
		category: str | None = None,
		remarks: str | None = None,
		reference: str | None = None,
		reference_doctype: str = PAYMENT,
		posting_date=None,
	) -> dict:
		"""SM Cash Entry as its validate leaves it, inserted as submitted by `user` at `moment`."""
		day = posting_date or moment.date()
		currency = self.accounts[account].currency
		amount = flt(amount, self.precision)
		to_currency, exchange_rate, to_amount = None, 0, 0
		if entry_type == TRANSFER:
			to_currency = self.accounts[to_account].currency
			exchange_rate = 1 if to_currency == currency else self.rate(currency, to_currency, day)
			to_amount = flt(amount * flt(exchange_rate), self.precision)
		else:
			to_account = None
		row = {
			"name": self.name(moment),
			"creation": moment,
			"modified": moment,
			"owner": user,
			"modified_by": user,
			"docstatus": 1,
			"idx": 0,
			"cash_account": account,
			"account_currency": currency,
			"entry_type": entry_type,
			"posting_date": day,
			"amount": amount,
			"base_amount": flt(amount * self.rate(currency, self.base, day), self.precision),
			"to_account": to_account,
			"to_currency": to_currency,
			"exchange_rate": exchange_rate,
			"to_amount": to_amount,
			"counterparty": counterparty,
			"category": category,
			"reference_doctype": reference_doctype if reference else None,
			"reference_name": reference,
			"remarks": remarks,
			"amended_from": None,
		}
		self.entries.append(row)
		return row

	def post(self, row: dict, moment: datetime, user: str) -> None:
		"""cash_ledger.post: one row per leg."""
		entry = frappe._dict(row)
		for account, amount, base, other in legs(entry):
			self.ledger_row(row, moment, user, account, amount, base, other, 0)

	def reverse(self, row: dict, moment: datetime, user: str, modified_by: str) -> None:
		"""cancel, and cash_ledger.reverse: the entry's rows, negated, on its posting date."""
		row["docstatus"], row["modified"], row["modified_by"] = 2, moment, modified_by
		for posted in [r for r in row["ledger"] if not r["is_cancelled"]]:
			self.ledger_row(
				row,
				moment,
				user,
				posted["cash_account"],
				-flt(posted["amount"]),
				-flt(posted["base_amount"]),
				posted["against_account"],
				1,
			)

	def ledger_row(self, row, moment, user, account, amount, base, other, cancelled) -> None:
		self.ledger_id += 1
		currencies = {row["cash_account"]: row["account_currency"], row["to_account"]: row["to_currency"]}
		ledger = {
			"name": self.ledger_id,
			"cash_account": account,
			"posting_date": row["posting_date"],
			"entry_type": row["entry_type"],
			"is_cancelled": cancelled,
			"amount": amount,
			"currency": currencies.get(account),
			"base_amount": base,
			"voucher_type": ENTRY,
			"voucher_no": row["name"],
			"against_account": other,
			"counterparty": row["counterparty"],
			"creation": moment,
			"modified": moment,
			"owner": user,
			"modified_by": user,
		}
		self.ledger.append(ledger)
		row.setdefault("ledger", []).append(ledger)

	# --- the payments' receipts -----------------------------------------------------------------------

	def receipts(self, money: MoneyPlan) -> None:
		"""What SM Payment.post_to_cash_account writes for every payment of `money` (posted by
		Administrator at the payment's moment, RECEIPT_DELAY later, the entry then marked as Finance's),
		and what its cancel reverses."""
		into = self.plan.receiving()
		names = payment_names(money)
		payments = {
			row.name: row
			for row in frappe.get_all(
				PAYMENT,
				filters={"name": ("in", list(names.values()))},
				fields=["name", "payment_date", "currency", "amount", "customer_name"],
			)
		}
		posted = {}
		for event in money.events:
			if isinstance(event, PaymentPlan):
				payment = payments[names[event.key]]
				account = into[event.key]
				currency = self.accounts[account].currency
				moment = event.moment + RECEIPT_DELAY
				row = self.entry(
					moment,
					self.finance,
					account,
					"Income",
					flt(payment.amount) * self.rate(payment.currency, currency, payment.payment_date),
					counterparty=payment.customer_name,
					category=_("Customer Payment"),
					remarks=_("Posted by {0} {1}").format(_(PAYMENT), payment.name),
					reference=payment.name,
				)
				self.post(row, moment, "Administrator")
				posted[event.key] = row
				self.linked[payment.name] = (account, row["name"])
			elif isinstance(event, CancelPlan) and event.doctype == PAYMENT:
				self.reverse(posted[event.key], event.moment, "Administrator", self.finance)

	# --- the expenses paid out of an account ----------------------------------------------------------

	def payouts(self, spending: SpendingPlan) -> None:
		"""What SM Expense.post_to_cash_account writes for every expense of `spending` approved and paid
		out of an account: posted by its approver when approving it (RECEIPT_DELAY later), dated like
		the expense."""
		names = expense_names(spending)
		expenses = {
			row.name: row
			for row in frappe.get_all(
				EXPENSE,
				filters={"name": ("in", list(names.values()))},
				fields=["name", "amount", "currency", "expense_date", "customer_name", "salesperson", "category", "approved_by"],
			)
		}  # fmt: skip
		salespeople = dict(
			frappe.get_all("SM Salesperson", fields=["name", "salesperson_name"], as_list=True)
		)
		for key, moment, account, _amount in spending.payouts():
			expense = expenses[names[key]]
			moment += RECEIPT_DELAY
			currency = self.accounts[account].currency
			counterparty = expense.customer_name or (
				salespeople.get(expense.salesperson) if expense.salesperson else None
			)
			row = self.entry(
				moment,
				expense.approved_by,
				account,
				"Expense",
				flt(expense.amount) * self.rate(expense.currency, currency, expense.expense_date),
				counterparty=counterparty,
				category=_(expense.category),
				remarks=_("Posted by {0} {1}").format(_(EXPENSE), expense.name),
				reference=expense.name,
				reference_doctype=EXPENSE,
				posting_date=expense.expense_date,
			)
			self.post(row, moment, expense.approved_by)
			self.paid[expense.name] = row["name"]

	# --- the book's own entries ----------------------------------------------------------------------

	def apply(self, event) -> None:
		user = self.user(event.user)
		if isinstance(event, EntryPlan):
			row = self.entry(
				event.moment,
				user,
				event.account,
				event.entry_type,
				event.amount,
				event.to_account,
				event.counterparty,
				event.category,
				event.remarks,
			)
			self.post(row, event.moment, user)
			self.by_key[event.key] = row
		else:
			self.reverse(self.by_key[event.key], event.moment, user, user)

	# --- writing ---------------------------------------------------------------------------------------

	def write(self, log: Callable[[str], None]) -> None:
		started = time.monotonic()
		insert_rows(ENTRY, [{k: v for k, v in row.items() if k != "ledger"} for row in self.entries])
		insert_rows(LEDGER, self.ledger)
		log(
			f"cash: {len(self.entries):,} entries and {len(self.ledger):,} ledger rows written in "
			f"{time.monotonic() - started:.0f} s"
		)
		started = time.monotonic()
		update_links(
			PAYMENT, {name: {"cash_account": a, "cash_entry": e} for name, (a, e) in self.linked.items()}
		)
		update_links(EXPENSE, {name: {"cash_entry": entry} for name, entry in self.paid.items()})
		log(
			f"cash: {len(self.linked):,} payments and {len(self.paid):,} expenses linked to their entries in "
			f"{time.monotonic() - started:.0f} s"
		)
		for prefix, number in self.series.items():
			set_series(prefix, number)
		frappe.db.sql(f"select setval(`{frappe.scrub(LEDGER + '_id_seq')}`, %s)", self.ledger_id)
		accounts = list(self.accounts)
		# the balance as the postings leave it: the opening balance plus every ledger row
		frappe.db.sql(
			f"""update `tab{ACCOUNT}` a set a.current_balance = a.opening_balance + coalesce(
				(select sum(l.amount) from `tab{LEDGER}` l where l.cash_account = a.name), 0)
			where a.name in %(accounts)s""",
			{"accounts": accounts},
		)


def update_links(doctype: str, links: dict[str, dict[str, str]]) -> None:
	"""Set the fields `links` names on each record (name -> {field: value}), CHUNK records a
	statement."""
	items = list(links.items())
	for start in range(0, len(items), CHUNK):
		chunk = items[start : start + CHUNK]
		fields = list(chunk[0][1])
		cases = " ".join(["when %s then %s"] * len(chunk))
		assignments = ", ".join(f"`{field}` = case name {cases} end" for field in fields)
		frappe.db.sql(
			f"update `tab{doctype}` set {assignments} where name in ({', '.join(['%s'] * len(chunk))})",
			[v for field in fields for name, values in chunk for v in (name, values[field])]
			+ [name for name, _values in chunk],
		)


def expense_names(spending: SpendingPlan) -> dict[int, str]:
	"""The record of each expense of `spending` (by key): the expense its user entered at its moment in
	its category for its amount."""
	keys = defaultdict(list)
	for expense in spending.expenses():
		keys[(expense.user, expense.moment, expense.category, round(flt(expense.amount), 2))].append(
			expense.key
		)
	found = defaultdict(list)
	users = sorted({key[0] for key in keys})
	for name, owner, creation, category, amount in frappe.db.sql(
		f"""select name, owner, creation, category, amount from `tab{EXPENSE}` where owner in %(users)s
		order by creation, name""",
		{"users": users},
	):
		found[(owner, creation.replace(microsecond=0), category, round(flt(amount), 2))].append(name)
	names = {}
	for key, listed in keys.items():
		records = found.get(key, [])
		if len(records) < len(listed):
			raise frappe.ValidationError(f"the site holds no expense for {key}: load the expenses first")
		names.update(zip(listed, records, strict=False))
	return names


def payment_names(money: MoneyPlan) -> dict[int, str]:
	"""The record of each payment of `money` (by key): the payment of its customer made at its moment
	for its amount (the same moments and amounts in both loaders)."""
	keys = defaultdict(list)
	customers = set()
	for event in money.events:
		if isinstance(event, PaymentPlan):
			keys[(event.customer, event.moment, round(flt(event.amount), 2))].append(event.key)
			customers.add(event.customer)
	found = defaultdict(list)
	for chunk_start in range(0, len(customers), CHUNK):
		chunk = sorted(customers)[chunk_start : chunk_start + CHUNK]
		for name, customer, creation, amount in frappe.db.sql(
			f"""select name, customer, creation, amount from `tab{PAYMENT}`
			where customer in %(customers)s order by creation, name""",
			{"customers": chunk},
		):
			found[(customer, creation.replace(microsecond=0), round(flt(amount), 2))].append(name)
	names = {}
	for key, listed in keys.items():
		records = found.get(key, [])
		if len(records) < len(listed):
			raise frappe.ValidationError(f"the site holds no payment for {key}: load the money plan first")
		names.update(zip(listed, records, strict=False))
	return names
