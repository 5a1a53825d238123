# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Cash Account Ledger (资金流水): the movements of one cash account in a date range, in the account's
currency, each with the balance after it; an opening row (the balance before the range: opening
balance + every row dated before it) and a closing row (opening + the range's movements).

Rows are ordered by posting date, then by the order they were posted in. A cancelled entry and its
reversal (dated like the entry) are left out unless "Show Cancelled Entries" is ticked; either way they
add up to nothing, so the balances are the same."""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Round, Sum
from frappe.utils import flt
from pypika import analytics as an
from pypika.terms import Case, LiteralValue, ValueWrapper

from sales_mgmt import reporting
from sales_mgmt.permissions import record_query_conditions
from sales_mgmt.user_text import bold

ACCOUNT = "SM Cash Account"
ENTRY = "SM Cash Entry"
LEDGER = "SM Cash Ledger Entry"


@reporting.script_report("Cash Account Ledger")
def execute(filters=None):
	return CashAccountLedger(filters).run()


class CashAccountLedger:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(ACCOUNT, "read", throw=True)
		self.from_date, self.to_date = reporting.date_range(self.filters)
		self.account = self.filters.get("cash_account")
		if not self.account:
			return
		# an account the viewer may not see is answered as one that does not exist
		if not frappe.db.exists(ACCOUNT, self.account) or not frappe.has_permission(
			ACCOUNT, "read", self.account
		):
			reporting.invalid(_("{0} {1} does not exist.").format(_(ACCOUNT), bold(self.account)))
		self.currency = frappe.db.get_value(ACCOUNT, self.account, "currency")
		self.show_cancelled = bool(frappe.utils.cint(self.filters.get("show_cancelled")))
		self.ledger = frappe.qb.DocType(LEDGER)

	def run(self):
		if not self.account:
			return self.columns(), [], _("Choose a cash account to see its ledger."), None, []
		opening = self.opening_balance()
		movements = self.movements(opening)
		# the three entry types, translated once for every row
		labels = {row.entry_type for row in movements}
		labels = {label: _(label) for label in labels}
		for row in movements:
			row.currency = self.currency
			row.entry_type = labels[row.entry_type]
		income = flt(sum(row.income for row in movements), 2)
		expense = flt(sum(row.expense for row in movements), 2)
		closing = flt(opening + income - expense, 2)
		data = [
			self.boundary(_("Opening"), self.from_date, opening),
			*movements,
			self.boundary(_("Closing"), self.to_date, closing, income, expense),
		]
		return self.columns(), data, None, None, self.summary(opening, income, expense, closing)

	def criteria(self, query):
		query = query.where(self.ledger.cash_account == self.account)
		if condition := record_query_conditions(LEDGER):
			query = query.where(LiteralValue(f"({condition})"))
		return query

	def opening_balance(self) -> float:
		ledger = self.ledger
		moved = self.criteria(
			frappe.qb.from_(ledger)
			.select(Coalesce(Sum(ledger.amount), 0))
			.where(ledger.posting_date < self.from_date)
		).run()[0][0]
		return flt(flt(frappe.db.get_value(ACCOUNT, self.account, "opening_balance")) + flt(moved), 2)

	def movements(self, opening: float) -> list[frappe._dict]:
		"""The range's rows in posting order, split into income and expense, each with the balance after
		it (the opening balance plus a running sum, in SQL: no arithmetic per row in Python)."""
		ledger = self.ledger
		entry = frappe.qb.DocType(ENTRY)
		running = an.Sum(ledger.amount).orderby(ledger.posting_date, ledger.name)
		query = (
			frappe.qb.from_(ledger)
			.join(entry)
			.on(entry.name == ledger.voucher_no)
			.select(
				ledger.posting_date,
				ledger.voucher_no,
				ledger.entry_type,
				ledger.amount,
				ledger.is_cancelled,
				ledger.against_account,
				ledger.counterparty,
				entry.category,
				entry.reference_doctype,
				entry.reference_name,
				entry.remarks,
				Round(Case().when(ledger.amount > 0, ledger.amount).else_(0), 2).as_("income"),
				Round(Case().when(ledger.amount < 0, -ledger.amount).else_(0), 2).as_("expense"),
				Round(ValueWrapper(opening) + running, 2).as_("balance"),
			)
			.where(ledger.posting_date[self.from_date : self.to_date])
			.orderby(ledger.posting_date)
			.orderby(ledger.name)
		)
		if not self.show_cancelled:
			query = query.where(entry.docstatus == 1)
		return self.criteria(query).run(as_dict=True)

	def boundary(self, label: str, day, balance: float, income=None, expense=None) -> dict:
		return frappe._dict(
			posting_date=day,
			voucher_no=None,
			entry_type=label,
			income=income,
			expense=expense,
			balance=balance,
			currency=self.currency,
			is_boundary=1,
		)

	def columns(self) -> list[dict]:
		money = {"fieldtype": "Currency", "options": "currency", "width": 130}
		return [
			{"fieldname": "posting_date", "label": _("Posting Date"), "fieldtype": "Date", "width": 100},
			{"fieldname": "voucher_no", "label": _("Cash Entry"), "fieldtype": "Link", "options": ENTRY, "width": 150},
			{"fieldname": "entry_type", "label": _("Entry Type"), "fieldtype": "Data", "width": 90},
			{"fieldname": "income", "label": _("Income"), **money},
			{"fieldname": "expense", "label": _("Expense"), **money},
			{"fieldname": "balance", "label": _("Balance"), **money},
			{"fieldname": "counterparty", "label": _("Counterparty"), "fieldtype": "Data", "width": 140},
			{"fieldname": "against_account", "label": _("Against Account"), "fieldtype": "Link", "options": ACCOUNT, "width": 140},
			{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 110},
			{"fieldname": "reference_doctype", "label": _("Reference Type"), "fieldtype": "Data", "width": 110},
			{"fieldname": "reference_name", "label": _("Reference"), "fieldtype": "Dynamic Link", "options": "reference_doctype", "width": 140},
			{"fieldname": "is_cancelled", "label": _("Reversal"), "fieldtype": "Check", "width": 70},
			{"fieldname": "remarks", "label": _("Remarks"), "fieldtype": "Data", "width": 200},
		]  # fmt: skip

	def summary(self, opening, income, expense, closing) -> list[dict]:
		def entry(value, label, indicator=None):
			return {
				"value": value,
				"label": label,
				"datatype": "Currency",
				"currency": self.currency,
				"indicator": indicator,
			}

		return [
			entry(opening, _("Opening Balance")),
			entry(income, _("Income"), "Green"),
			entry(expense, _("Expense"), "Red"),
			entry(closing, _("Closing Balance"), "Blue"),
		]
