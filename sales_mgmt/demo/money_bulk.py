"""The demo money plan (`sales_mgmt.demo.money`) written with bulk SQL, for the benchmark data set.

One pass over the plan's events, in order, computes what the controllers would write — totals, costs,
payment terms, approval (the customer's open receivables at that moment against the credit limit,
the discount against SM Settings), delivered quantities, amounts, statuses, invoice balances, each
receivable's figures — rounded as they round; then every table is written with multi-row inserts:
orders and their rows and terms, receivables, stock receipts and deliveries with their ledger rows,
invoices, payments and allocations, write-offs. The ledger's running balances (`qty_after`) are
recomputed afterwards for the products posted (the deliveries are backdated among the Goods demo's
movements, as the controllers post them) and the bins rebuilt from the ledger.

All of it is one transaction (the tables are analyzed after it commits): a load interrupted leaves
nothing, and loading again writes it all.
test_demo_money checks that the rows equal what submitting the same plan through the controllers
writes.
"""

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

import frappe
from frappe import _
from frappe.model.meta import get_field_precision
from frappe.utils import flt, getdate, today

from sales_mgmt.deals.exchange_rates import get_exchange_rate
from sales_mgmt.demo.money import (
	BASE_CURRENCY,
	PROGRESS_KEY,
	RECEIPT_REMARK,
	CancelPlan,
	DeliveryPlan,
	InvoicePlan,
	MoneyPlan,
	OrderPlan,
	PaymentPlan,
	People,
	Progress,
	ReceiptPlan,
	WriteOffPlan,
)
from sales_mgmt.demo.series import current_series, replay, set_series
from sales_mgmt.demo.stock import rebuild_bins
from sales_mgmt.goods.stock_ledger import LEDGER, qty_precision
from sales_mgmt.money.approval import fmt
from sales_mgmt.money.receivables import receivable_values
from sales_mgmt.money.terms import (
	NOT_BILLED,
	NOT_DELIVERED,
	UNPAID,
	Term,
	billing_status,
	credit_excess,
	delivery_status,
	discount_percent,
	payment_status,
	resolve_terms,
)
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

CHUNK = 10_000
ORDER, RECEIVABLE = "SM Sales Order", "SM Receivable"
APPROVED, CANCELLED = "Approved", "Cancelled"  # the default workflow's submitted and cancelled states
SERIES = {  # DocType: naming series before the year (autoname PREFIX-.YYYY.-.#####)
	ORDER: "SO",
	"SM Delivery": "DN",
	"SM Invoice": "INV",
	"SM Payment": "PAY",
	"SM Bad Debt Write Off": "BDW",
	"SM Stock Entry": "STE",
}


def bulk_insert_money(
	plan: MoneyPlan, progress: Progress = None, log: Callable[[str], None] | None = None
) -> int:
	"""Write every event of `plan` in one transaction; return how many. `log` hears how long each step
	took."""
	log = log or (lambda message: None)
	started = time.monotonic()
	writer = BulkMoney()
	replay(plan.events, writer.apply, progress)
	log(f"money: {len(plan.events):,} events computed in {time.monotonic() - started:.0f} s")
	writer.write(log)
	set_series(PROGRESS_KEY, len(plan.events))
	frappe.db.commit()
	writer.analyze(log)
	return len(plan.events)


class BulkMoney:
	def __init__(self):
		self.people = People()
		self.products = {
			row.name: row
			for row in frappe.get_all(
				"SM Product", fields=["name", "product_name", "uom", "standard_price", "cost_price"]
			)
		}
		self.max_discount = flt(get_settings().max_discount_percent)
		self.money = get_field_precision(frappe.get_meta(ORDER).get_field("total"))
		self.qty = qty_precision()
		self.rates: dict[tuple[str, str], float] = {}
		self.series: dict[str, int] = {}
		self.ledger_id = int(frappe.db.sql(f"select coalesce(max(name), 0) from `tab{LEDGER}`")[0][0])
		self.rows: dict[str, list[dict]] = defaultdict(list)
		self.orders: dict[int, frappe._dict] = {}
		self.invoices: dict[str, dict] = {}  # by invoice number
		self.invoice_rows: dict[str, dict] = {}  # by name
		self.payments: dict[int, frappe._dict] = {}
		self.open_by_customer: dict[str, dict[str, float]] = defaultdict(dict)  # open receivables
		self.stock_products: set[str] = set()
		self.today = getdate(today())

	# --- helpers -------------------------------------------------------------------------------------

	def rate(self, currency: str, day) -> float:
		key = (currency, str(day))
		if key not in self.rates:
			self.rates[key] = get_exchange_rate(currency, BASE_CURRENCY, day)
		return self.rates[key]

	def name(self, doctype: str, moment: datetime) -> str:
		prefix = f"{SERIES[doctype]}-{moment.year}-"
		if prefix not in self.series:
			self.series[prefix] = current_series(prefix)
		self.series[prefix] += 1
		return f"{prefix}{self.series[prefix]:05d}"

	def stamps(self, moment: datetime, user: str) -> dict:
		return {"owner": user, "modified_by": user, "creation": moment, "modified": moment}

	def child(self, doctype: str, parent: str, parenttype: str, field: str, idx: int, stamps: dict, **values):
		row = {
			"name": frappe.generate_hash(length=10),
			"parent": parent,
			"parenttype": parenttype,
			"parentfield": field,
			"idx": idx,
			"docstatus": 1,
			**stamps,
			**values,
		}
		self.rows[doctype].append(row)
		return row

	def ledger(
		self, moment: datetime, product: str, warehouse: str, qty: float, voucher: dict, detail: str, **extra
	):
		self.ledger_id += 1
		self.stock_products.add(product)
		self.rows[LEDGER].append(
			{
				"name": self.ledger_id,
				"product": product,
				"warehouse": warehouse,
				"posting_date": moment.date(),
				"posting_time": moment.strftime("%H:%M:%S"),
				"posting_datetime": moment.replace(microsecond=0),
				"qty_change": qty,
				"qty_after": 0,  # the running balance, recomputed once every row is in
				"is_cancelled": 0,
				"voucher_type": voucher["doctype"],
				"voucher_no": voucher["name"],
				"voucher_detail_no": detail,
				"purpose": extra.get("purpose"),
				"customer": extra.get("customer"),
				"salesperson": extra.get("salesperson"),
				"owner": "Administrator",
				"modified_by": "Administrator",
				"creation": moment,
				"modified": moment,
			}
		)

	# --- events ------------------------------------------------------------------------------------

	def apply(self, event) -> None:
		if isinstance(event, OrderPlan):
			self.order(event)
		elif isinstance(event, CancelPlan):
			self.cancel(event)
		elif isinstance(event, ReceiptPlan):
			self.receipt(event)
		elif isinstance(event, DeliveryPlan):
			self.delivery(event)
		elif isinstance(event, InvoicePlan):
			self.invoice(event)
		elif isinstance(event, PaymentPlan):
			self.payment(event)
		elif isinstance(event, WriteOffPlan):
			self.write_off(event)

	def order(self, plan: OrderPlan) -> None:
		"""SM Sales Order's validate and on_submit: values, totals, terms, approval; its receivable."""
		customer = self.people.customers[plan.customer]
		day = plan.moment.date()
		rate = self.rate(plan.currency, day)
		name = self.name(ORDER, plan.moment)
		seller = self.people.seller(plan.customer)
		stamps = self.stamps(plan.moment, seller)
		items = []
		for idx, (code, qty, price) in enumerate(plan.items, 1):
			product = self.products[code]
			standard, cost = flt(product.standard_price), flt(product.cost_price)
			items.append(
				self.child(
					"SM Sales Order Item",
					name,
					ORDER,
					"items",
					idx,
					stamps,
					product=code,
					product_name=product.product_name,
					uom=product.uom,
					qty=qty,
					rate=price,
					amount=flt(qty * price, self.money),
					standard_rate=standard,
					delivered_qty=0,
					cost_rate=cost,
					cost_amount=flt(qty * cost, self.money),
				)
			)
		total = flt(sum(row["amount"] for row in items), self.money)
		base_total = flt(total * rate, self.money)
		priced = [row for row in items if row["standard_rate"] > 0]
		standard_total = flt(sum(row["qty"] * row["standard_rate"] for row in priced), 2)
		standard_priced_total = flt(sum(row["amount"] * rate for row in priced), 2)
		total_cost = flt(sum(row["cost_amount"] for row in items), self.money)
		gross_profit = flt(base_total - total_cost, self.money)
		terms = resolve_terms([Term(due, portion, 0) for due, portion, _d in plan.terms], total, self.money)
		term_rows = []
		for idx, (term, (_due, _portion, description)) in enumerate(zip(terms, plan.terms, strict=True), 1):
			term_rows.append(
				self.child(
					"SM Payment Term",
					name,
					ORDER,
					"payment_terms",
					idx,
					stamps,
					due_date=term.due_date,
					portion=term.portion,
					amount=term.amount,
					description=description,
				)
			)

		# approval (sales_mgmt.money.approval.set_approval), against the receivables open right now
		outstanding = flt(sum(self.open_by_customer[plan.customer].values()), 2)
		limit = flt(customer.credit_limit)
		excess = credit_excess(outstanding, base_total, limit)
		discount = discount_percent(standard_total, standard_priced_total)
		credit_exceeded = int(excess > 0)
		discount_exceeded = int(discount > self.max_discount + 1e-9)
		approver = None
		if credit_exceeded or discount_exceeded:
			approver = self.people.approver(
				customer.salesperson, bool(credit_exceeded and not discount_exceeded)
			)
		row = {
			"name": name,
			**stamps,
			"docstatus": 1,
			"idx": 0,
			"customer": plan.customer,
			"customer_name": customer.customer_name,
			"salesperson": customer.salesperson,
			"opportunity": plan.opportunity,
			"order_date": day,
			"delivery_date": plan.delivery_date,
			"currency": plan.currency,
			"exchange_rate": rate,
			"total": total,
			"base_total": base_total,
			"standard_total": standard_total,
			"discount_percent": discount,
			"total_cost": total_cost,
			"gross_profit": gross_profit,
			"margin_percent": flt(100 * gross_profit / base_total, 2) if base_total else 0,
			# the defaults, as a submitted order without postings keeps them
			"delivery_status": NOT_DELIVERED,
			"billing_status": NOT_BILLED,
			"payment_status": UNPAID,
			"delivered_amount": 0,
			"invoiced_amount": 0,
			"received_amount": 0,
			"needs_approval": int(bool(approver)),
			"credit_exceeded": credit_exceeded,
			"discount_exceeded": discount_exceeded,
			"approval_reason": approval_reason(
				outstanding, base_total, discount, self.max_discount, credit_exceeded, discount_exceeded
			),
			"approved_by": approver,
			"customer_outstanding": outstanding,
			"credit_limit": limit,
			"credit_excess": excess,
			"remarks": plan.remarks,
			"workflow_state": APPROVED,
		}
		self.rows[ORDER].append(row)
		self.orders[plan.key] = frappe._dict(
			row=row,
			rows={row_["product"]: row_ for row_ in items},
			children=items + term_rows,
			terms=terms,
			rate=rate,
			written_off=None,
			cancelled=False,
		)
		self.track(plan.key)

	def track(self, key: int) -> None:
		"""What the order's receivable says its customer owes now (sales view), while it is open: all the
		approval of a later order of the customer needs. The rest of the receivable is derived once, at
		the end (`refresh`)."""
		order = self.orders[key]
		row = order.row
		rate = flt(order.rate) or 1
		order.sales_outstanding = (
			0.0
			if order.written_off
			else flt(flt(row["delivered_amount"] * rate, 2) - flt(row["received_amount"] * rate, 2), 2)
		)
		open_ = self.open_by_customer[row["customer"]]
		if not order.written_off and row["received_amount"] < row["total"] - 0.005:
			open_[row["name"]] = order.sales_outstanding
		else:
			open_.pop(row["name"], None)

	def refresh(self, key: int) -> None:
		"""receivables.refresh: the order's statuses and its receivable, from the order as it ends up."""
		order = self.orders[key]
		row = order.row
		row["delivery_status"] = delivery_status(
			[(r["qty"], r["delivered_qty"]) for r in order.rows.values()]
		)
		row["billing_status"] = billing_status(row["invoiced_amount"], row["total"])
		row["payment_status"] = payment_status(row["received_amount"], row["total"])
		values = receivable_values(
			frappe._dict(row, exchange_rate=order.rate), bool(order.written_off), order.terms, self.today
		)
		order.receivable = {**values, **(order.written_off or {})}

	def add_amounts(self, key: int, field: str, change: float) -> None:
		row = self.orders[key].row
		row[field] = flt(flt(row[field]) + flt(change), 2)
		self.track(key)

	def cancel(self, plan: CancelPlan) -> None:
		if plan.doctype == ORDER:
			order = self.orders[plan.key]
			order.cancelled = True
			order.row["workflow_state"] = CANCELLED
			manager = self.people.approver(order.row["salesperson"], False)
			for row in (order.row, *order.children):
				row["docstatus"], row["modified_by"] = 2, manager
			self.open_by_customer[order.row["customer"]].pop(order.row["name"], None)
			return
		payment = self.payments[plan.key]
		for row in (payment.row, *payment.allocations):
			row["docstatus"], row["modified_by"] = 2, self.people.finance
		self.apply_payment(payment, sign=-1)

	def receipt(self, plan: ReceiptPlan) -> None:
		"""A Receipt SM Stock Entry inserted as submitted: rows at cost, one ledger row each."""
		entry = {"doctype": "SM Stock Entry", "name": self.name("SM Stock Entry", plan.moment)}
		stamps = self.stamps(plan.moment, self.people.keeper)
		amounts = []
		entry_digits = get_field_precision(frappe.get_meta("SM Stock Entry").get_field("total_amount"))
		for idx, (code, qty) in enumerate(plan.items, 1):
			product = self.products[code]
			qty = flt(qty, self.qty)
			amount = flt(qty * flt(product.cost_price), self.money)
			amounts.append(amount)
			row = self.child(
				"SM Stock Entry Item",
				entry["name"],
				"SM Stock Entry",
				"items",
				idx,
				stamps,
				product=code,
				product_name=product.product_name,
				uom=product.uom,
				qty=qty,
				from_warehouse=None,
				to_warehouse=plan.warehouse,
				rate=flt(product.cost_price),
				amount=amount,
			)
			self.ledger(plan.moment, code, plan.warehouse, qty, entry, row["name"])
		self.rows["SM Stock Entry"].append(
			{
				"name": entry["name"],
				**stamps,
				"docstatus": 1,
				"idx": 0,
				"entry_type": "Receipt",
				"purpose": None,
				"posting_date": plan.moment.date(),
				"posting_time": plan.moment.strftime("%H:%M:%S"),
				"set_posting_time": 1,
				"customer": None,
				"salesperson": None,
				"total_qty": flt(sum(flt(qty, self.qty) for _c, qty in plan.items), self.qty),
				"total_amount": flt(sum(amounts), entry_digits),
				"remarks": RECEIPT_REMARK,
			}
		)

	def delivery(self, plan: DeliveryPlan) -> None:
		order = self.orders[plan.order]
		head = order.row
		voucher = {"doctype": "SM Delivery", "name": self.name("SM Delivery", plan.moment)}
		stamps = self.stamps(plan.moment, self.people.keeper)
		rows = []
		for idx, (code, qty) in enumerate(plan.items, 1):
			source = order.rows[code]
			qty = flt(qty, self.qty)
			rows.append(
				self.child(
					"SM Delivery Item",
					voucher["name"],
					"SM Delivery",
					"items",
					idx,
					stamps,
					product=code,
					product_name=self.products[code].product_name,
					uom=self.products[code].uom,
					qty=qty,
					warehouse=plan.warehouse,
					rate=source["rate"],
					amount=flt(qty * flt(source["rate"]), self.money),
					sales_order_item=source["name"],
				)
			)
			source["delivered_qty"] = flt(source["delivered_qty"] + qty, self.qty)
			self.ledger(
				plan.moment,
				code,
				plan.warehouse,
				-qty,
				voucher,
				rows[-1]["name"],
				purpose="Sales Delivery",
				customer=head["customer"],
				salesperson=head["salesperson"],
			)
		total_amount = flt(sum(flt(row["amount"]) for row in rows), self.money)
		self.rows["SM Delivery"].append(
			{
				"name": voucher["name"],
				**stamps,
				"docstatus": 1,
				"idx": 0,
				"sales_order": head["name"],
				"customer": head["customer"],
				"customer_name": head["customer_name"],
				"salesperson": head["salesperson"],
				"posting_date": plan.moment.date(),
				"posting_time": plan.moment.strftime("%H:%M:%S"),
				"set_posting_time": 1,
				"warehouse": plan.warehouse,
				"total_qty": flt(sum(row["qty"] for row in rows), self.qty),
				"currency": head["currency"],
				"total_amount": total_amount,
				"base_total_amount": flt(total_amount * flt(head["exchange_rate"]), self.money),
				"remarks": None,
			}
		)
		self.add_amounts(plan.order, "delivered_amount", total_amount)

	def invoice(self, plan: InvoicePlan) -> None:
		head = self.orders[plan.order].row
		day = plan.moment.date()
		amount = flt(plan.amount, self.money)
		rate = self.rate(head["currency"], day)
		row = {
			"name": self.name("SM Invoice", plan.moment),
			**self.stamps(plan.moment, self.people.finance),
			"docstatus": 1,
			"idx": 0,
			"sales_order": head["name"],
			"customer": head["customer"],
			"customer_name": head["customer_name"],
			"salesperson": head["salesperson"],
			"invoice_no": plan.invoice_no,
			"invoice_date": day,
			"due_date": plan.due_date,
			"currency": head["currency"],
			"amount": amount,
			"exchange_rate": rate,
			"base_amount": flt(amount * rate, self.money),
			"paid_amount": 0,
			"outstanding_amount": amount,
			"remarks": None,
		}
		self.rows["SM Invoice"].append(row)
		self.invoices[plan.invoice_no] = self.invoice_rows[row["name"]] = row
		self.add_amounts(plan.order, "invoiced_amount", amount)

	def payment(self, plan: PaymentPlan) -> None:
		customer = self.people.customers[plan.customer]
		day = plan.moment.date()
		rate = self.rate(plan.currency, day)
		amount = flt(plan.amount, self.money)
		name = self.name("SM Payment", plan.moment)
		stamps = self.stamps(plan.moment, self.people.finance)
		allocations = []
		for idx, (key, allocated, invoice_no) in enumerate(plan.allocations, 1):
			head = self.orders[key].row
			allocations.append(
				self.child(
					"SM Payment Allocation",
					name,
					"SM Payment",
					"allocations",
					idx,
					stamps,
					sales_order=head["name"],
					invoice=self.invoices[invoice_no]["name"] if invoice_no else None,
					allocated_amount=flt(allocated, self.money),
					order_outstanding=flt(flt(head["total"]) - flt(head["received_amount"]), self.money),
				)
			)
		total_allocated = flt(sum(row["allocated_amount"] for row in allocations), self.money)
		row = {
			"name": name,
			**stamps,
			"docstatus": 1,
			"idx": 0,
			"customer": plan.customer,
			"customer_name": customer.customer_name,
			"salesperson": customer.salesperson,
			"payment_date": day,
			"mode": plan.mode,
			"reference_no": plan.reference_no,
			"currency": plan.currency,
			"amount": amount,
			"exchange_rate": rate,
			"base_amount": flt(amount * rate, self.money),
			"total_allocated": total_allocated,
			"unallocated_amount": flt(amount - total_allocated, self.money),
			"remarks": plan.remarks,
		}
		self.rows["SM Payment"].append(row)
		payment = frappe._dict(row=row, allocations=allocations, orders=[a[0] for a in plan.allocations])
		self.payments[plan.key] = payment
		self.apply_payment(payment, sign=1)

	def apply_payment(self, payment: frappe._dict, sign: int) -> None:
		"""SM Payment.apply: invoices' paid and outstanding amounts, then each order's received amount."""
		per_invoice, per_order = defaultdict(float), defaultdict(float)
		for key, row in zip(payment.orders, payment.allocations, strict=True):
			if row["invoice"]:
				per_invoice[row["invoice"]] += flt(row["allocated_amount"])
			per_order[key] += flt(row["allocated_amount"])
		for name, allocated in per_invoice.items():
			invoice = self.invoice_rows[name]
			paid = flt(flt(invoice["paid_amount"]) + sign * allocated, 2)
			invoice["paid_amount"] = paid
			invoice["outstanding_amount"] = flt(flt(invoice["amount"]) - paid, 2)
		for key, allocated in per_order.items():
			self.add_amounts(key, "received_amount", sign * allocated)

	def write_off(self, plan: WriteOffPlan) -> None:
		order = self.orders[plan.order]
		head = order.row
		name = self.name("SM Bad Debt Write Off", plan.moment)
		amount = order.sales_outstanding
		customer = self.people.customers[head["customer"]]
		responsible = customer.salesperson or head["salesperson"]
		self.rows["SM Bad Debt Write Off"].append(
			{
				"name": name,
				**self.stamps(plan.moment, self.people.finance),
				"docstatus": 1,
				"idx": 0,
				"receivable": head["name"],
				"sales_order": head["name"],
				"customer": head["customer"],
				"customer_name": head["customer_name"],
				"salesperson": head["salesperson"],
				"posting_date": plan.moment.date(),
				"amount": amount,
				"responsible_salesperson": responsible,
				"reason": plan.reason,
			}
		)
		order.written_off = {
			"bad_debt_write_off": name,
			"bad_debt_amount": amount,
			"bad_debt_responsible": responsible,
			"write_off_reason": plan.reason,
		}
		self.track(plan.order)

	# --- writing ---------------------------------------------------------------------------------------

	def write(self, log: Callable[[str], None]) -> None:
		started = time.monotonic()
		for key, order in self.orders.items():
			if order.cancelled:
				continue
			self.refresh(key)
			row = order.row
			self.rows[RECEIVABLE].append(
				{
					"name": row["name"],
					"sales_order": row["name"],
					"owner": "Administrator",
					"modified_by": "Administrator",
					"creation": row["creation"],
					"modified": row["modified"],
					"docstatus": 0,
					"idx": 0,
					"bad_debt_write_off": None,
					"bad_debt_amount": 0,
					"bad_debt_responsible": None,
					"write_off_reason": None,
					**order.receivable,
				}
			)
		log(f"money: receivables derived in {time.monotonic() - started:.0f} s")
		for doctype, rows in self.rows.items():
			started = time.monotonic()
			insert_rows(doctype, rows)
			log(f"money: {len(rows):,} rows of {doctype} written in {time.monotonic() - started:.0f} s")
		for prefix, number in self.series.items():
			set_series(prefix, number)
		sequence = frappe.scrub(f"{LEDGER}_id_seq")
		frappe.db.sql(f"select setval(`{sequence}`, %s)", self.ledger_id)
		started = time.monotonic()
		products = sorted(self.stock_products)
		recompute_running_balances(products)
		rebuild_bins(products)
		log(
			f"money: stock balances of {len(products):,} products recomputed in {time.monotonic() - started:.0f} s"
		)

	def analyze(self, log: Callable[[str], None]) -> None:
		"""Fresh index statistics for the reports' plans (ANALYZE TABLE commits: after everything)."""
		started = time.monotonic()
		for doctype in (*self.rows, "SM Bin"):
			frappe.db.sql(f"analyze table `tab{doctype}`")
		log(f"money: tables analyzed in {time.monotonic() - started:.0f} s")


def insert_rows(doctype: str, rows: list[dict]) -> None:
	"""Multi-row inserts of CHUNK rows (plain parameters: Frappe's bulk_insert builds each statement
	through the query builder, which costs more than the database's work here)."""
	if not rows:
		return
	fields = list(rows[0])
	columns = ", ".join(f"`{field}`" for field in fields)
	row_placeholder = f"({', '.join(['%s'] * len(fields))})"
	for start in range(0, len(rows), CHUNK):
		chunk = rows[start : start + CHUNK]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({columns}) values {', '.join([row_placeholder] * len(chunk))}",
			[row[field] for row in chunk for field in fields],
		)


def recompute_running_balances(products: list[str]) -> None:
	"""Each ledger row's balance after it: the running sum of its bin in (posting datetime, name) order,
	as backdated postings leave it."""
	for start in range(0, len(products), 500):
		frappe.db.sql(
			f"""update `tab{LEDGER}` l join (
				select name, sum(qty_change) over (
					partition by product, warehouse order by posting_datetime, name) as running
				from `tab{LEDGER}` where product in %(products)s) r on r.name = l.name
			set l.qty_after = r.running
			where l.qty_after <> r.running""",
			{"products": products[start : start + 500]},
		)


def approval_reason(
	outstanding: float,
	base_total: float,
	discount: float,
	allowed: float,
	credit: int,
	discount_exceeded: int,
) -> str | None:
	"""The reasons `set_approval` gives, in the same words."""
	reasons = []
	if credit:
		reasons.append(
			_(
				"Credit limit: the customer owes {0} (delivered, not yet paid); with this order of {1} that is {2}, above the customer's credit limit."
			).format(fmt(outstanding), fmt(base_total), fmt(outstanding + flt(base_total)))
		)
	if discount_exceeded:
		reasons.append(
			_("Discount: {0}% below the standard prices; up to {1}% needs no approval.").format(
				flt(discount, 2), flt(allowed, 2)
			)
		)
	return "\n".join(reasons) or None
