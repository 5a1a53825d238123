"""Receivables: one SM Receivable per submitted sales order, kept by the documents posted against it.

What an order has delivered, invoiced and received is kept on the order (in its currency) and changed
only by submitting or cancelling an SM Delivery, SM Invoice or SM Payment, in that document's
transaction, after `lock_orders` has locked the order's receivable row and then the order's row
(several orders in name order, so postings wait for each other in turn but never in a circle). The
amounts are read under those locks — what the last committed posting left — and changed by this
posting's amounts; a check that a posting stays within the order (remaining quantity, amount not yet
invoiced, amount not yet received) is made again under the lock, so two postings racing for the last
unit cannot both pass. `refresh` then derives the order's statuses and the receivable's figures.

The receivable is in base currency, converted at the order's exchange rate (the contract's rate):
an order paid in full in its own currency is settled at exactly 0, whatever the rates on the payment
days (each payment keeps its own rate and base amount). `recompute` derives the same figures from the
submitted documents alone: tests and the benchmarks check that postings, even concurrent ones, never
drift from it.

- sales outstanding = delivered − received (what was shipped and is not yet paid)
- finance outstanding = invoiced − received (what was invoiced and is not yet paid)
- difference = sales − finance outstanding = delivered − invoiced: positive means delivered not
  invoiced, negative means invoiced not delivered
- a received amount above the delivered one (a prepayment) makes the sales outstanding negative
- a written-off receivable has no outstanding and no difference: its loss is `bad_debt_amount`
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, now, today

from sales_mgmt.exceptions import OrderNotOpenError
from sales_mgmt.money.terms import (
	Position,
	Term,
	billing_status,
	days_overdue,
	delivery_status,
	due_date,
	payment_status,
)
from sales_mgmt.user_text import bold

ORDER = "SM Sales Order"
RECEIVABLE = "SM Receivable"
OPEN, SETTLED, WRITTEN_OFF = "Open", "Settled", "Written Off"
AMOUNTS = ("delivered_amount", "invoiced_amount", "received_amount")
# what refreshing an order and its receivable reads of the order
ORDER_FIELDS = (
	"name",
	"customer",
	"customer_name",
	"salesperson",
	"order_date",
	"currency",
	"exchange_rate",
	"total",
	"base_total",
	*AMOUNTS,
)


def lock_orders(orders, allow_written_off: bool = False) -> dict[str, frappe._dict]:
	"""Lock the receivables of `orders` and the orders' rows; return each order as stored now."""
	locked = {}
	for name in sorted(set(orders)):
		receivable = frappe.db.sql(
			f"select name, status from `tab{RECEIVABLE}` where name = %s for update", name, as_dict=True
		)
		if not receivable:
			frappe.throw(
				_("Sales order {0} is not submitted.").format(bold(name)),
				OrderNotOpenError,
				title=_("Order not submitted"),
			)
		if receivable[0].status == WRITTEN_OFF and not allow_written_off:
			frappe.throw(
				_("Sales order {0} has been written off as bad debt; cancel the write-off first.").format(
					bold(name)
				),
				OrderNotOpenError,
				title=_("Written off"),
			)
		order = frappe.db.sql(
			f"""select {", ".join(ORDER_FIELDS)} from `tab{ORDER}` where name = %s for update""",
			name,
			as_dict=True,
		)[0]
		order.status = receivable[0].status
		locked[name] = order
	return locked


def add_amounts(order: frappe._dict, **changes: float) -> None:
	"""Change a locked order's delivered / invoiced / received amounts (as `lock_orders` read them)
	and refresh its statuses and receivable from those values; the delivery status is read again
	only when deliveries changed."""
	values = {field: flt(flt(order[field]) + flt(changes.get(field)), 2) for field in AMOUNTS}
	order.update(values)
	write(order, written_off=order.status == WRITTEN_OFF, deliveries_changed="delivered_amount" in changes)


def refresh(name: str) -> None:
	"""Derive the statuses of order `name` and its receivable's figures from the order as stored."""
	order = frappe.db.get_value(ORDER, name, ORDER_FIELDS, as_dict=True)
	written_off = bool(frappe.db.get_value(RECEIVABLE, name, "bad_debt_write_off"))
	write(order, written_off, deliveries_changed=True)


def write(order: frappe._dict, written_off: bool, deliveries_changed: bool) -> None:
	values = {field: order[field] for field in AMOUNTS}
	values["billing_status"] = billing_status(order.invoiced_amount, order.total)
	values["payment_status"] = payment_status(order.received_amount, order.total)
	if deliveries_changed:
		rows = frappe.get_all(
			"SM Sales Order Item",
			filters={"parent": order.name, "parenttype": ORDER},
			fields=["qty", "delivered_qty"],
		)
		values["delivery_status"] = delivery_status([(row.qty, row.delivered_qty) for row in rows])
	frappe.db.set_value(ORDER, order.name, values, update_modified=False)
	frappe.db.set_value(RECEIVABLE, order.name, receivable_values(order, written_off))


def receivable_values(
	order: frappe._dict, written_off: bool, terms: list[Term] | None = None, day=None
) -> dict:
	"""The receivable of `order` (its stored fields); `terms`: its payment terms when already at hand
	(else read when needed), `day`: the day days overdue count to (today)."""
	rate = flt(order.exchange_rate) or 1
	position = Position(
		order_amount=flt(order.base_total),
		delivered_amount=flt(flt(order.delivered_amount) * rate, 2),
		invoiced_amount=flt(flt(order.invoiced_amount) * rate, 2),
		received_amount=flt(flt(order.received_amount) * rate, 2),
		written_off=written_off,
	)
	settled = flt(order.received_amount) >= flt(order.total) - 0.005
	if written_off or settled:
		due = None
	else:
		due = due_date(payment_terms(order.name) if terms is None else terms, order.received_amount)
	return {
		"customer": order.customer,
		"customer_name": order.customer_name,
		"salesperson": order.salesperson,
		"order_date": order.order_date,
		"currency": order.currency,
		"exchange_rate": rate,
		"order_amount": position.order_amount,
		"delivered_amount": position.delivered_amount,
		"invoiced_amount": position.invoiced_amount,
		"received_amount": position.received_amount,
		"sales_outstanding": position.sales_outstanding,
		"finance_outstanding": position.finance_outstanding,
		"difference": position.difference,
		"difference_cause": position.difference_cause,
		"delivered_not_invoiced": position.delivered_not_invoiced,
		"invoiced_not_delivered": position.invoiced_not_delivered,
		"due_date": due,
		"days_overdue": days_overdue(due, getdate(day or today())),
		"status": WRITTEN_OFF if written_off else (SETTLED if settled else OPEN),
	}


def payment_terms(order: str) -> list[Term]:
	return [
		Term(getdate(row.due_date), flt(row.portion), flt(row.amount))
		for row in frappe.get_all(
			"SM Payment Term",
			filters={"parent": order, "parenttype": ORDER},
			fields=["due_date", "portion", "amount"],
		)
	]


def create_receivable(order) -> None:
	"""The receivable of a sales order being submitted."""
	frappe.get_doc(
		{
			"doctype": RECEIVABLE,
			"sales_order": order.name,
			**receivable_values(frappe._dict(order.as_dict()), written_off=False),
		}
	).db_insert()


def remove_receivable(order: str) -> None:
	"""A cancelled order has no receivable (its postings are cancelled first: `lock_orders` and the
	order's before_cancel check that under the lock)."""
	frappe.db.delete(RECEIVABLE, {"name": order})


def recompute(order: str) -> dict[str, float]:
	"""The order's delivered, invoiced and received amounts (order currency) from its submitted
	documents alone."""
	delivered = frappe.db.sql(
		"""select coalesce(sum(di.amount), 0) from `tabSM Delivery Item` di
		join `tabSM Delivery` d on d.name = di.parent
		where d.sales_order = %s and d.docstatus = 1""",
		order,
	)[0][0]
	invoiced = frappe.db.sql(
		"select coalesce(sum(amount), 0) from `tabSM Invoice` where sales_order = %s and docstatus = 1", order
	)[0][0]
	received = frappe.db.sql(
		"""select coalesce(sum(a.allocated_amount), 0) from `tabSM Payment Allocation` a
		join `tabSM Payment` p on p.name = a.parent
		where a.sales_order = %s and p.docstatus = 1""",
		order,
	)[0][0]
	return {
		"delivered_amount": flt(delivered, 2),
		"invoiced_amount": flt(invoiced, 2),
		"received_amount": flt(received, 2),
	}


def enqueue_overdue_refresh() -> None:
	"""Daily: days overdue move on with the calendar (one idempotent job)."""
	frappe.enqueue(
		"sales_mgmt.money.receivables.refresh_days_overdue",
		queue="long",
		job_id="sales_mgmt:receivable_days_overdue",
		deduplicate=True,
	)


def refresh_days_overdue() -> None:
	"""Days overdue of every open receivable as of today (only rows whose number changes are written)."""
	day = getdate(today())
	frappe.db.sql(
		f"""update `tab{RECEIVABLE}` set days_overdue = 0, modified = %(now)s
		where days_overdue != 0 and (status != %(open)s or due_date is null or due_date >= %(day)s)""",
		{"day": day, "open": OPEN, "now": now()},
	)
	frappe.db.sql(
		f"""update `tab{RECEIVABLE}` set days_overdue = datediff(%(day)s, due_date), modified = %(now)s
		where status = %(open)s and due_date < %(day)s and days_overdue != datediff(%(day)s, due_date)""",
		{"day": day, "open": OPEN, "now": now()},
	)
