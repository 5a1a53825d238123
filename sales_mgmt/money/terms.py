"""Payment terms, fulfilment statuses and the due date of a sales order: plain functions, no database.

Amounts are in the order's currency and compared with a tolerance of half a cent, never for equality.
"""

import datetime
from dataclasses import dataclass

from frappe.utils import flt, getdate

EPSILON = 0.005

NOT_DELIVERED, PARTLY_DELIVERED, FULLY_DELIVERED = "Not Delivered", "Partly Delivered", "Fully Delivered"
NOT_BILLED, PARTLY_BILLED, FULLY_BILLED = "Not Billed", "Partly Billed", "Fully Billed"
UNPAID, PARTLY_PAID, PAID = "Unpaid", "Partly Paid", "Paid"


@dataclass
class Term:
	due_date: datetime.date
	portion: float  # percent of the total; 0 when the amount was given
	amount: float


def resolve_terms(terms: list[Term], total: float, precision: int = 2) -> list[Term]:
	"""Fill each term's amount from its portion (or the portion from its amount). Rounding is left to
	the last term given by portion, so portions of 100 % add up to the total exactly."""
	by_portion = [i for i, term in enumerate(terms) if flt(term.portion) and not flt(term.amount)]
	resolved = []
	for i, term in enumerate(terms):
		amount = flt(term.amount, precision)
		if i in by_portion:
			amount = flt(total * flt(term.portion) / 100, precision)
		portion = flt(term.portion) if i in by_portion else (flt(100 * amount / total, 6) if total else 0)
		resolved.append(Term(getdate(term.due_date), portion, amount))
	if by_portion and abs(sum(flt(t.portion) for t in terms if flt(t.portion)) - 100) < 1e-6:
		last = by_portion[-1]
		others = sum(term.amount for i, term in enumerate(resolved) if i != last)
		resolved[last].amount = flt(total - others, precision)
	return resolved


def terms_total(terms: list[Term]) -> float:
	return sum(flt(term.amount) for term in terms)


def due_date(terms: list[Term], received: float) -> datetime.date | None:
	"""The due date of the earliest term that `received` does not cover (terms paid in due-date
	order); None when everything is paid."""
	covered = flt(received)
	for term in sorted(terms, key=lambda term: term.due_date):
		covered -= flt(term.amount)
		if covered < -EPSILON:
			return term.due_date
	return None


def days_overdue(due: datetime.date | None, today: datetime.date) -> int:
	return max(0, (getdate(today) - getdate(due)).days) if due else 0


def delivery_status(rows: list[tuple[float, float]]) -> str:
	"""From (ordered, delivered) quantities of the order's rows."""
	if rows and all(flt(delivered) >= flt(ordered) - 1e-9 for ordered, delivered in rows):
		return FULLY_DELIVERED
	if any(flt(delivered) > 1e-9 for _ordered, delivered in rows):
		return PARTLY_DELIVERED
	return NOT_DELIVERED


def amount_status(done: float, total: float, labels: tuple[str, str, str]) -> str:
	"""(none, part, all) label for an amount `done` of `total`."""
	none, part, full = labels
	if flt(done) >= flt(total) - EPSILON and flt(total) > 0:
		return full
	if flt(done) > EPSILON:
		return part
	return none


def billing_status(invoiced: float, total: float) -> str:
	return amount_status(invoiced, total, (NOT_BILLED, PARTLY_BILLED, FULLY_BILLED))


def payment_status(received: float, total: float) -> str:
	return amount_status(received, total, (UNPAID, PARTLY_PAID, PAID))


def discount_percent(standard_total: float, total: float) -> float:
	"""How far `total` is below `standard_total` (both over the rows that have a standard price)."""
	if flt(standard_total) <= 0:
		return 0.0
	return max(0.0, flt(100 * (flt(standard_total) - flt(total)) / flt(standard_total), 2))


def credit_excess(outstanding: float, order_total: float, credit_limit: float) -> float:
	"""How far the customer's outstanding plus this order goes over the credit limit (0: within it,
	or no limit)."""
	if flt(credit_limit) <= 0:
		return 0.0
	return max(0.0, flt(flt(outstanding) + flt(order_total) - flt(credit_limit), 2))


@dataclass
class Position:
	"""A receivable's figures in base currency (see receivables.py)."""

	order_amount: float
	delivered_amount: float
	invoiced_amount: float
	received_amount: float
	written_off: bool = False

	@property
	def sales_outstanding(self) -> float:
		return 0.0 if self.written_off else flt(self.delivered_amount - self.received_amount, 2)

	@property
	def finance_outstanding(self) -> float:
		return 0.0 if self.written_off else flt(self.invoiced_amount - self.received_amount, 2)

	@property
	def difference(self) -> float:
		return flt(self.sales_outstanding - self.finance_outstanding, 2)

	@property
	def difference_cause(self) -> str:
		if self.difference > EPSILON:
			return "Delivered Not Invoiced"
		if self.difference < -EPSILON:
			return "Invoiced Not Delivered"
		return ""

	@property
	def delivered_not_invoiced(self) -> float:
		return max(0.0, self.difference)

	@property
	def invoiced_not_delivered(self) -> float:
		return max(0.0, -self.difference)
