"""Demo money: sales contracts and everything that follows them — stock bought in for the order,
partial deliveries, tax invoices, payments (on time, late, across several orders, with an advance left
unallocated), a cancelled order, a payment entered wrongly and cancelled, bad debts written off — so the
receivables reconciliation and aging have real differences to show.

`plan_money` is pure: seed, base date, customers, products and won deals in, a `MoneyPlan` out: the
exchange rates it needs and one time-ordered list of events (documents to submit or cancel), checked
by a replay to stay within every order (no over-delivery, over-invoicing or over-allocation; nothing
after a write-off).

Stock: every order's goods are received into its warehouse (an SM Stock Entry "销售订单备货") before
its first delivery, so deliveries never take stock the Goods demo's movements need. Orders are dated
before the Goods demo's last movements, so the stock postings are backdated: the loaders allow that
for the duration of the load (SM Settings is put back afterwards).

`insert_money` submits each event through its controller under the demo clock (small sets);
`sales_mgmt.demo.money_bulk.bulk_insert_money` writes the same rows with bulk SQL (large sets;
test_demo_money compares the two). Both leave every receivable equal to `receivables.recompute`.
Payments arrive in the demo's cash accounts (sales_mgmt.demo.cash): `insert_money` submits each with
the account it arrives in, which posts its receipt; the bulk loader leaves that to
`sales_mgmt.demo.cash_bulk`.
"""

import itertools
import math
import random
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_months, flt, get_first_day

from sales_mgmt.demo import names
from sales_mgmt.demo.clock import moving
from sales_mgmt.demo.series import set_series
from sales_mgmt.demo.users import demo_email
from sales_mgmt.money.setup import CANCEL
from sales_mgmt.money.terms import Term, resolve_terms

Progress = Callable[[int, int], None] | None

BASE_CURRENCY = "CNY"
# CNY per unit at the start of the history; each month moves a little
FOREIGN = {"USD": 7.18, "EUR": 7.82}
# how many events of the plan the site holds: a counter in tabSeries (a global default would clear
# every cache of the site each time it is set)
PROGRESS_KEY = "sales_mgmt_demo_money_events"
RECEIPT_REMARK = "销售订单备货"
# A payment into a cash account inserts its cash entry, then submits it; Frappe checks the second save
# by comparing the stored `modified` with the one it set, as text, which on the demo's frozen clock
# differ at a whole second ("…:14" against "…:14.000000"). Such payments are posted a microsecond
# after their moment.
RECEIPT_DELAY = timedelta(microseconds=1)
ENTRY_CANCELLED_REMARK = "金额录入错误，已作废重录"

# payment terms: (weight, smallest order total, ((anchor, days after it, portion, description), ...))
TERM_TEMPLATES = (
	(12, 0, (("order", 0, 100, "款到发货"),)),
	(18, 0, (("delivery", 0, 100, "货到付款"),)),
	(30, 0, (("delivery", 30, 100, "月结30天"),)),
	(10, 0, (("delivery", 60, 100, "发货后60天付款"),)),
	(18, 0, (("order", 0, 30, "预付款"), ("delivery", 60, 70, "尾款（发货后60天）"))),
	(
		12,
		100_000,
		(("order", 0, 30, "预付款"), ("delivery", 30, 60, "到货款"), ("delivery", 365, 10, "质保金（一年）")),
	),
)
# how a customer pays: (weight, days late (low, high), chance of paying a term in two instalments)
PAYERS = {
	"punctual": (52, (-3, 5), 0.0),
	"slow": (28, (10, 45), 0.1),
	"very slow": (15, (45, 150), 0.35),
	"advance only": (5, None, 0.0),  # pays what is due before delivery, then nothing
}
INVOICING = (("per delivery", 70), ("monthly", 20), ("in advance", 10))
MODES = (("Bank Transfer", 78), ("Cheque", 5), ("Alipay", 5), ("WeChat Pay", 6), ("Cash", 3), ("Other", 3))
ORDER_REMARKS = (
	"请按合同约定日期分批发货",
	"含安装调试，发货前电话通知客户仓库",
	"客户要求开具增值税专用发票",
	"项目采购，按到货验收单付款",
	"年度框架协议下的订单",
	"加急订单，优先安排发货",
)
WRITE_OFF_REASONS = (
	"客户破产清算，经法务确认无法收回",
	"客户失联超过半年，诉讼成本高于欠款，经总经理批准核销",
	"法院判决后执行不能，经财务与总经理审批核销",
)


@dataclass(frozen=True)
class MoneyCustomer:
	name: str  # SM Customer record name
	company: bool
	warehouses: tuple[str, ...]  # the warehouses serving the customer's region


@dataclass(frozen=True)
class MoneyProduct:
	code: str
	price: float  # standard price in base currency
	weight: float  # how often it is ordered


@dataclass(frozen=True)
class WonDeal:
	name: str
	customer: str
	amount: float
	closed_on: date


@dataclass(frozen=True)
class RatePlan:
	day: date
	currency: str
	rate: float  # CNY per unit


@dataclass(frozen=True)
class OrderPlan:
	key: int
	moment: datetime
	customer: str
	opportunity: str | None
	delivery_date: date
	currency: str
	warehouse: str
	items: tuple[tuple[str, float, float], ...]  # (product, qty, rate)
	terms: tuple[tuple[date, float, str], ...]  # (due date, portion %, description)
	remarks: str | None


@dataclass(frozen=True)
class ReceiptPlan:
	moment: datetime
	order: int
	warehouse: str
	items: tuple[tuple[str, float], ...]  # (product, qty)


@dataclass(frozen=True)
class DeliveryPlan:
	moment: datetime
	order: int
	warehouse: str
	items: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class InvoicePlan:
	moment: datetime
	order: int
	invoice_no: str
	amount: float
	due_date: date


@dataclass(frozen=True)
class PaymentPlan:
	key: int
	moment: datetime
	customer: str
	currency: str
	amount: float
	mode: str
	reference_no: str | None
	allocations: tuple[tuple[int, float, str | None], ...]  # (order, amount, invoice_no)
	remarks: str | None


@dataclass(frozen=True)
class CancelPlan:
	moment: datetime
	doctype: str  # "SM Sales Order" or "SM Payment"
	key: int


@dataclass(frozen=True)
class WriteOffPlan:
	moment: datetime
	order: int
	reason: str


Event = OrderPlan | ReceiptPlan | DeliveryPlan | InvoicePlan | PaymentPlan | CancelPlan | WriteOffPlan


@dataclass(frozen=True)
class MoneyPlan:
	rates: tuple[RatePlan, ...]
	events: tuple[Event, ...]  # in the order they happened

	def of(self, kind: type) -> list:
		return [event for event in self.events if isinstance(event, kind)]


# --- planning ----------------------------------------------------------------------------------------


@dataclass
class _Customer:
	plan: MoneyCustomer
	payer: str
	invoicing: str
	currency: str
	weight: float


@dataclass
class _Order:
	plan: OrderPlan
	payer: str
	invoicing: str
	events: list = field(default_factory=list)
	intents: list = field(default_factory=list)  # (moment, amount, before delivery)


def plan_money(
	size,
	seed: int,
	base_date: date,
	customers: list[MoneyCustomer],
	products: list[MoneyProduct],
	deals: list[WonDeal],
) -> MoneyPlan:
	"""`size.orders` sales orders over `size.months` months before `base_date` and what followed them."""
	rng = random.Random(f"{seed}:money")
	end = datetime.combine(base_date, time(18, 0))
	start = datetime.combine(add_months(base_date, -size.months), time(9, 0))
	rates = _plan_rates(rng, start.date(), base_date)
	profiles = {c.name: _profile(seed, c) for c in customers}
	buyers = [profiles[c.name] for c in customers]
	buyer_weights = list(itertools.accumulate(c.weight for c in buyers))
	product_weights = list(itertools.accumulate(p.weight for p in products))
	rate_of = _rate_lookup(rates)

	# won deals of the period become contracts (most of them); the rest are repeat business
	drafts = []
	for deal in deals:
		if len(drafts) >= size.orders * 0.35 or deal.customer not in profiles:
			continue
		moment = _working_moment(
			rng, datetime.combine(deal.closed_on, time(9)) + timedelta(rng.randint(0, 10))
		)
		if start <= moment <= end and rng.random() < 0.8:
			drafts.append((moment, profiles[deal.customer], deal))
	while len(drafts) < size.orders:
		moment = _working_moment(rng, end - (end - start) * rng.random() ** 1.15)
		drafts.append((min(moment, end), rng.choices(buyers, cum_weights=buyer_weights)[0], None))
	drafts.sort(key=lambda d: d[0])

	orders = []
	for key, (moment, customer, deal) in enumerate(drafts):
		orders.append(
			_plan_order(
				rng, key, moment, customer, deal, (products, product_weights), size.lines_per_order, rate_of
			)
		)
	# a few orders are cancelled before anything happens; a few customers stop paying for good
	cancelled = _pick(rng, orders, 0.01, lambda o: o.plan.moment < end - timedelta(days=5))
	bad = _pick(
		rng,
		orders[: len(orders) // 2],
		0.01,
		lambda o: o.plan.key not in cancelled and o.plan.terms[0][2] != "款到发货",
	)
	for order in orders:
		if order.plan.key in cancelled:
			cancel_at = _after(rng, order.plan.moment, 1, 3)
			if cancel_at <= end:
				order.events.append(CancelPlan(cancel_at, "SM Sales Order", order.plan.key))
				continue
		_plan_fulfilment(rng, order, end, bad=order.plan.key in bad)

	serial = [0]

	def invoice_no(moment: datetime) -> str:
		serial[0] += 1
		return f"{moment.year % 100:02d}312{seed % 1000:03d}{serial[0]:012d}"

	events: list[Event] = []
	for order in orders:
		events.append(order.plan)
		events.extend(_with_invoice_numbers(order.events, invoice_no))
	events.extend(_plan_payments(rng, orders, end))
	events.sort(key=_event_order)
	return MoneyPlan(rates=tuple(rates), events=tuple(_replay(events)))


def _event_order(event: Event) -> tuple:
	# at one moment: an order before what posts against it, a cancellation after what it cancels
	rank = {OrderPlan: 0, ReceiptPlan: 1, DeliveryPlan: 2, InvoicePlan: 3, PaymentPlan: 4, CancelPlan: 5}
	return (event.moment, rank.get(type(event), 6))


def _plan_rates(rng, start: date, base_date: date) -> list[RatePlan]:
	"""A rate on the first of every month from the month before `start` on, for each foreign currency."""
	rates = []
	day = add_months(get_first_day(start), -1)
	level = dict(FOREIGN)
	while day <= base_date:
		for currency in FOREIGN:
			rates.append(RatePlan(day, currency, round(level[currency], 4)))
			level[currency] *= 1 + rng.gauss(0, 0.008)
		day = add_months(day, 1)
	return rates


def _rate_lookup(rates: list[RatePlan]) -> Callable[[str, date], float]:
	by_currency = defaultdict(list)
	for rate in rates:
		by_currency[rate.currency].append(rate)

	def rate_of(currency: str, day: date) -> float:
		if currency == BASE_CURRENCY:
			return 1.0
		return [r.rate for r in by_currency[currency] if r.day <= day][-1]

	return rate_of


def _profile(seed: int, customer: MoneyCustomer) -> _Customer:
	"""How a customer buys, pays and is invoiced: the same whatever else is planned."""
	rng = random.Random(f"{seed}:money:{customer.name}")
	payer = rng.choices(list(PAYERS), weights=[p[0] for p in PAYERS.values()])[0]
	invoicing = names.weighted(rng, INVOICING)
	currency = BASE_CURRENCY
	if customer.company and rng.random() < 0.05:
		currency = "USD" if rng.random() < 0.7 else "EUR"
	return _Customer(customer, payer, invoicing, currency, rng.lognormvariate(0, 1))


def _working_moment(rng, moment: datetime) -> datetime:
	"""The same day at office hours, or the next working day when it falls on a weekend."""
	day = moment.date()
	while day.weekday() >= 5:
		day += timedelta(days=1)
	return datetime.combine(day, time(rng.randint(9, 17), rng.randrange(60), rng.randrange(60)))


def _after(rng, moment: datetime, low: int, high: int) -> datetime:
	"""A working moment `low`..`high` days after `moment`, and at least ten minutes after it."""
	later = _working_moment(rng, moment + timedelta(days=rng.randint(low, high)))
	return max(later, moment + timedelta(minutes=10))


def _pick(rng, orders: list[_Order], share: float, eligible) -> set[int]:
	"""Keys of about `share` of the eligible orders, at least one."""
	pool = [o.plan.key for o in orders if eligible(o)]
	if not pool:
		return set()
	return set(rng.sample(pool, max(1, round(len(pool) * share))))


def _plan_order(rng, key, moment, customer: _Customer, deal, catalog, lines, rate_of) -> _Order:
	products, cum_weights = catalog
	currency = BASE_CURRENCY if deal else customer.currency
	rate = rate_of(currency, moment.date())
	target = (
		deal.amount
		if deal
		else min(max(round(rng.lognormvariate(math.log(30_000), 1.0), -2), 800), 3_000_000)
	)
	count = rng.randint(*lines)
	chosen = []
	for product in rng.choices(products, cum_weights=cum_weights, k=count * 2):
		if product not in chosen:
			chosen.append(product)
		if len(chosen) == count:
			break
	shares = [rng.random() + 0.2 for _ in chosen]
	discount = rng.choices((0, 0.02, 0.05, 0.08, 0.12, 0.18), weights=(50, 15, 15, 10, 7, 3))[0]
	items = []
	for product, share in zip(chosen, shares, strict=True):
		price = product.price * (1 - discount) / rate
		price = round(price) if currency == BASE_CURRENCY else round(price, 2)
		qty = max(1, min(500, round(target * share / sum(shares) / rate / max(price, 0.01))))
		items.append((product.code, float(qty), float(max(price, 0.01))))
	total = sum(qty * price for _p, qty, price in items) * rate
	delivery_date = moment.date() + timedelta(days=rng.randint(7, 30))
	templates = [t for t in TERM_TEMPLATES if total >= t[1]]
	_weight, _least, template = rng.choices(templates, weights=[t[0] for t in templates])[0]
	terms = tuple(
		(
			(moment.date() if anchor == "order" else delivery_date) + timedelta(days=days),
			float(portion),
			description,
		)
		for anchor, days, portion, description in template
	)
	plan = OrderPlan(
		key=key,
		moment=moment,
		customer=customer.plan.name,
		opportunity=deal.name if deal else None,
		delivery_date=delivery_date,
		currency=currency,
		warehouse=rng.choice(customer.plan.warehouses),
		items=tuple(items),
		terms=terms,
		remarks=rng.choice(ORDER_REMARKS) if rng.random() < 0.3 else None,
	)
	return _Order(plan, customer.payer, customer.invoicing)


def term_amounts(order: OrderPlan) -> list[float]:
	"""The amount of each payment term as the order resolves it (portions of the rounded total)."""
	total = flt(sum(flt(qty * rate, 2) for _p, qty, rate in order.items), 2)
	terms = resolve_terms([Term(due, portion, 0) for due, portion, _d in order.terms], total)
	return [term.amount for term in terms]


def _plan_fulfilment(rng, order: _Order, end: datetime, bad: bool) -> None:
	"""Stock in, deliveries, invoices and payment intents of one order; a bad debt is written off."""
	plan = order.plan
	amounts = term_amounts(plan)
	advance = [
		(due, amount)
		for (due, _p, _d), amount in zip(plan.terms, amounts, strict=True)
		if due == plan.moment.date()
	]
	later = [
		(due, amount)
		for (due, _p, _d), amount in zip(plan.terms, amounts, strict=True)
		if due != plan.moment.date()
	]

	paid_ahead = None
	for _due, amount in advance:
		moment = max(_after(rng, plan.moment, 0, 5), plan.moment + timedelta(minutes=30))
		order.intents.append((moment, amount, True))
		paid_ahead = max(paid_ahead or moment, moment)

	# deliveries: one to three shipments, the first after the advance for cash-before-delivery terms
	prepaid = plan.terms[0][2] == "款到发货"
	first = (
		(paid_ahead + timedelta(days=rng.randint(1, 3)))
		if prepaid and paid_ahead
		else (plan.moment + timedelta(days=rng.randint(2, 15)))
	)
	shipments = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
	stalls = rng.random() < 0.03  # the customer postpones the rest indefinitely
	remaining = {product: qty for product, qty, _rate in plan.items}
	moment = _working_moment(rng, first)
	deliveries = []
	for n in range(shipments):
		if moment > end or (stalls and n == shipments - 1 and n > 0):
			break
		left = [(p, q) for p, q in remaining.items() if q > 0]
		if not left:
			break
		if n == shipments - 1:
			items = left
		else:
			items = [(p, float(rng.randint(0, int(q)))) for p, q in left if rng.random() < 0.8]
			items = [(p, q) for p, q in items if q > 0] or [
				(left[0][0], max(1.0, math.floor(left[0][1] / 2)))
			]
		for product, qty in items:
			remaining[product] -= qty
		deliveries.append(DeliveryPlan(moment, plan.key, plan.warehouse, tuple(items)))
		moment = _working_moment(rng, moment + timedelta(days=rng.randint(5, 25)))

	stock_in = _after(rng, plan.moment, 0, 3)
	if deliveries:
		stock_in = plan.moment + (deliveries[0].moment - plan.moment) * rng.uniform(0.1, 0.9)
		stock_in = max(stock_in.replace(microsecond=0), plan.moment + timedelta(minutes=1))
	if stock_in <= end:
		items = tuple((product, qty) for product, qty, _rate in plan.items)
		order.events.append(ReceiptPlan(stock_in, plan.key, plan.warehouse, items))
	order.events.extend(deliveries)
	_plan_invoices(rng, order, deliveries, end)

	fully_delivered = deliveries and all(qty == 0 for qty in remaining.values())
	if not fully_delivered or order.payer == "advance only" or bad:
		if bad and deliveries:
			last = deliveries[-1].moment
			write_off = _working_moment(rng, last + timedelta(days=rng.randint(150, 250)))
			if write_off > end and (end - last).days >= 90:
				write_off = _working_moment(rng, end - timedelta(days=rng.randint(3, 20)))
			if last < write_off <= end:
				order.events.append(WriteOffPlan(write_off, plan.key, rng.choice(WRITE_OFF_REASONS)))
		return
	low, high = PAYERS[order.payer][1]
	instalments = PAYERS[order.payer][2]
	goods_in = deliveries[-1].moment + timedelta(days=2)
	for due, amount in later:
		moment = _working_moment(
			rng, max(datetime.combine(due, time(9)) + timedelta(rng.randint(low, high)), goods_in)
		)
		if rng.random() < instalments:
			first_part = flt(amount / 2, 2)
			order.intents.append((moment, first_part, False))
			moment = _working_moment(rng, moment + timedelta(days=rng.randint(20, 60)))
			amount = flt(amount - first_part, 2)
		order.intents.append((moment, amount, False))


def _plan_invoices(rng, order: _Order, deliveries: list[DeliveryPlan], end: datetime) -> None:
	plan = order.plan
	rates = {product: rate for product, _qty, rate in plan.items}

	def value(delivery: DeliveryPlan) -> float:
		return flt(sum(flt(qty * rates[product], 2) for product, qty in delivery.items), 2)

	invoices = []
	if order.invoicing == "in advance":
		total = flt(sum(flt(qty * rate, 2) for _p, qty, rate in plan.items), 2)
		invoices.append((_after(rng, plan.moment, 0, 3), total))
	elif order.invoicing == "monthly":
		by_month = defaultdict(list)
		for delivery in deliveries:
			by_month[(delivery.moment.year, delivery.moment.month)].append(delivery)
		for month_deliveries in by_month.values():
			last = month_deliveries[-1].moment
			month_end = add_months(get_first_day(last.date()), 1) - timedelta(days=1)
			moment = max(datetime.combine(month_end, time(16, rng.randrange(60))), last + timedelta(hours=1))
			invoices.append((moment, flt(sum(value(d) for d in month_deliveries), 2)))
	else:
		for delivery in deliveries:
			moment = _working_moment(rng, delivery.moment + timedelta(days=rng.randint(0, 15)))
			invoices.append((max(moment, delivery.moment + timedelta(minutes=10)), value(delivery)))
	for moment, amount in invoices:
		if moment <= end and amount > 0:
			due = moment.date() + timedelta(days=rng.choice((0, 30, 30, 60)))
			order.events.append(InvoicePlan(moment, plan.key, "", amount, due))


def _with_invoice_numbers(events: list[Event], invoice_no) -> list[Event]:
	"""Invoice numbers are handed out in the order the invoices were issued."""
	return [
		replace(event, invoice_no=invoice_no(event.moment)) if isinstance(event, InvoicePlan) else event
		for event in sorted(events, key=_event_order)
	]


def _plan_payments(rng, orders: list[_Order], end: datetime) -> list[Event]:
	"""Payments from the orders' payment intents: a customer's payments due within a week of each other
	go in one transfer (up to four orders); some payments carry an advance left unallocated, a few
	customers pay a deposit before ordering, and a few payments are entered wrongly, cancelled and
	entered again."""
	by_customer = defaultdict(list)
	for order in orders:
		for moment, amount, before_delivery in order.intents:
			if moment <= end:
				by_customer[(order.plan.customer, order.plan.currency)].append(
					(moment, order.plan.key, amount, before_delivery)
				)
	payments = []
	for (customer, currency), intents in sorted(by_customer.items()):
		intents.sort()
		i = 0
		while i < len(intents):
			group = [intents[i]]
			j = i + 1
			if not intents[i][3]:
				while (
					j < len(intents)
					and not intents[j][3]
					and intents[j][0] - intents[i][0] <= timedelta(days=7)
					and len({g[1] for g in group}) < 4
					and intents[j][1] not in {g[1] for g in group}
				):
					group.append(intents[j])
					j += 1
			i = j
			payments.append((max(g[0] for g in group), customer, currency, [(g[1], g[2]) for g in group]))
	# deposits of customers who pay before they order
	for order in rng.sample(orders, max(1, len(orders) // 150)):
		moment = _working_moment(rng, order.plan.moment - timedelta(days=rng.randint(1, 20)))
		if moment <= end:
			payments.append((moment, order.plan.customer, order.plan.currency, []))

	events: list[Event] = []
	wrong = set(rng.sample(range(len(payments)), max(1, len(payments) // 200))) if payments else set()
	for n, (moment, customer, currency, allocations) in enumerate(sorted(payments, key=lambda p: p[0])):
		allocated = flt(sum(amount for _o, amount in allocations), 2)
		amount, remarks = allocated, None
		if not allocations:
			amount, remarks = float(rng.choice((10_000, 20_000, 50_000, 100_000))), "预付货款"
			if currency != BASE_CURRENCY:
				amount = float(rng.choice((2_000, 5_000, 10_000)))
		elif rng.random() < 0.05:
			step = 10_000 if currency == BASE_CURRENCY else 1_000
			amount = float(math.ceil((allocated + 1) / step) * step)
			remarks = "余款作为预付款"
		elif len(allocations) > 1:
			remarks = f"合并支付{len(allocations)}张订单货款"
		mode = "Bank Transfer" if currency != BASE_CURRENCY else names.weighted(rng, MODES)
		reference = _reference(rng, mode, moment)
		rows = tuple((order, amount_, None) for order, amount_ in allocations)
		if n in wrong and allocations:
			# typed 10 % short, cancelled a quarter of an hour later and entered again
			typo = tuple((order, flt(a * 0.9, 2), None) for order, a, _i in rows)
			typed = moment - timedelta(minutes=20)
			total = flt(sum(t[1] for t in typo), 2)
			events.append(PaymentPlan(-1 - n, typed, customer, currency, total, mode, reference, typo, None))
			events.append(CancelPlan(typed + timedelta(minutes=10), "SM Payment", -1 - n))
		events.append(PaymentPlan(n, moment, customer, currency, amount, mode, reference, rows, remarks))
	return events


def _reference(rng, mode: str, moment: datetime) -> str | None:
	if mode == "Bank Transfer":
		return f"HX{moment:%Y%m%d}{rng.randrange(10**8):08d}"
	if mode == "Cheque":
		return f"{rng.randrange(10**8):08d}"
	if mode in ("Alipay", "WeChat Pay"):
		return f"{moment:%Y%m%d}{rng.randrange(10**18):018d}"
	return None


def _replay(events: list[Event]) -> list[Event]:
	"""Keep every event within its order as it stands at that moment: invoices within what is not yet
	invoiced, allocations within what is not yet received (each referring to an invoice that still
	covers it, if one does), nothing against a cancelled or written-off order; drop what is left empty."""
	orders: dict[int, dict] = {}
	invoices: dict[str, dict] = {}
	payments: dict[int, PaymentPlan] = {}
	kept = []
	for event in events:
		if isinstance(event, OrderPlan):
			total = flt(sum(flt(q * r, 2) for _p, q, r in event.items), 2)
			orders[event.key] = {
				"plan": event,
				"total": total,
				"delivered": 0.0,
				"invoiced": 0.0,
				"received": 0.0,
				"closed": False,
				"postings": 0,
				"invoices": [],
			}
			kept.append(event)
			continue
		if isinstance(event, CancelPlan):
			if event.doctype == "SM Sales Order":
				order = orders[event.key]
				if order["postings"]:
					continue
				order["closed"] = True
			else:
				if event.key not in payments:
					continue
				_apply_payment(payments.pop(event.key), orders, invoices, sign=-1)
			kept.append(event)
			continue
		if isinstance(event, PaymentPlan):
			rows = []
			for key, amount, _invoice in event.allocations:
				order = orders[key]
				amount = min(amount, flt(order["total"] - order["received"], 2))
				if order["closed"] or amount <= 0:
					continue
				invoice = next(
					(
						i
						for i in order["invoices"]
						if flt(invoices[i]["amount"] - invoices[i]["paid"], 2) >= amount
					),
					None,
				)
				rows.append((key, amount, invoice))
			if event.allocations and not rows:
				continue
			dropped = flt(sum(a for _k, a, _i in event.allocations) - sum(a for _k, a, _i in rows), 2)
			event = replace(event, allocations=tuple(rows), amount=flt(event.amount - dropped, 2))
			_apply_payment(event, orders, invoices, sign=1)
			payments[event.key] = event
			kept.append(event)
			continue
		order = orders[event.order]
		if order["closed"]:
			continue
		if isinstance(event, DeliveryPlan):
			rates = {p: r for p, _q, r in order["plan"].items}
			order["delivered"] = flt(
				order["delivered"] + sum(flt(q * rates[p], 2) for p, q in event.items), 2
			)
		elif isinstance(event, InvoicePlan):
			amount = min(event.amount, flt(order["total"] - order["invoiced"], 2))
			if amount <= 0:
				continue
			event = replace(event, amount=amount)
			order["invoiced"] = flt(order["invoiced"] + amount, 2)
			order["invoices"].append(event.invoice_no)
			invoices[event.invoice_no] = {"amount": amount, "paid": 0.0}
		elif isinstance(event, WriteOffPlan):
			if order["received"] >= order["total"] - 0.005 or order["delivered"] - order["received"] <= 0.005:
				continue
			order["closed"] = True
		order["postings"] += 1
		kept.append(event)
	return kept


def _apply_payment(payment: PaymentPlan, orders: dict, invoices: dict, sign: int) -> None:
	for key, amount, invoice in payment.allocations:
		orders[key]["received"] = flt(orders[key]["received"] + sign * amount, 2)
		orders[key]["postings"] += sign
		if invoice:
			invoices[invoice]["paid"] = flt(invoices[invoice]["paid"] + sign * amount, 2)


# --- what the plan needs from the site ---------------------------------------------------------------


def money_customers(customers, salespeople, customer_records: dict[str, str], serving) -> list[MoneyCustomer]:
	"""Active customers of the demo (plans, in plan order) with the warehouses of their region."""
	regions = {p.key: p.region or "华东" for p in salespeople}
	return [
		MoneyCustomer(
			customer_records[c.customer_name],
			c.customer_type == "Company",
			tuple(serving[regions[c.salesperson_key]]),
		)
		for c in customers
		if c.status == "Active" and c.customer_name in customer_records
	]


def won_deals() -> list[WonDeal]:
	"""Won opportunities in base currency, in name order."""
	return [
		WonDeal(name, customer, flt(amount), closed_on)
		for name, customer, amount, closed_on in frappe.db.sql(
			"""select name, customer, base_amount, closed_on from `tabSM Opportunity`
			where status = 'Won' and closed_on is not null and base_amount > 0 order by name"""
		)
	]


# --- writing through the controllers -----------------------------------------------------------------


def ensure_rates(rates: tuple[RatePlan, ...]) -> int:
	"""Currency Exchange rates (for selling into the base currency) the plan uses, where missing."""
	added = 0
	for rate in rates:
		filters = {"from_currency": rate.currency, "to_currency": BASE_CURRENCY, "date": rate.day}
		if frappe.db.exists("Currency Exchange", filters):
			continue
		doc = {"doctype": "Currency Exchange", **filters, "exchange_rate": rate.rate}
		if frappe.get_meta("Currency Exchange").has_field("for_selling"):
			doc |= {"for_selling": 1, "for_buying": 1}
		frappe.get_doc(doc).insert(ignore_permissions=True)
		added += 1
	return added


@contextmanager
def backdated_stock_allowed():
	"""The demo's deliveries are dated before the Goods demo's last movements: allow backdated stock
	postings while it loads, and put the setting back."""
	field = "allow_backdated_stock_posting"
	previous = frappe.db.get_single_value("SM Settings", field)
	frappe.db.set_single_value("SM Settings", field, 1)
	frappe.clear_document_cache("SM Settings", "SM Settings")
	frappe.db.commit()
	try:
		yield
	finally:
		frappe.db.rollback()
		frappe.db.set_single_value("SM Settings", field, previous or 0)
		frappe.clear_document_cache("SM Settings", "SM Settings")
		frappe.db.commit()


class People:
	"""Who entered and approved the demo's documents (read from the site, the same for both loaders)."""

	def __init__(self):
		self.salespeople = {
			row.name: row
			for row in frappe.get_all(
				"SM Salesperson", fields=["name", "user", "parent_sm_salesperson as parent"]
			)
		}
		self.customers = {
			row.name: row
			for row in frappe.get_all(
				"SM Customer", fields=["name", "customer_name", "salesperson", "credit_limit"]
			)
		}

		def login(role: str) -> str:
			user = demo_email(role)
			return user if frappe.db.exists("User", user) else "Administrator"

		self.keeper, self.finance, self.owner = login("warehouse"), login("finance"), login("owner")

	def seller(self, customer: str) -> str:
		salesperson = self.salespeople.get(self.customers[customer].salesperson)
		return (salesperson and salesperson.user) or "Administrator"

	def canceller(self, doc) -> str:
		"""An order is cancelled by the salesperson's manager, a payment by Finance."""
		return self.approver(doc.salesperson, False) if doc.doctype == "SM Sales Order" else self.finance

	def approver(self, salesperson: str | None, credit_only: bool) -> str:
		"""Finance approves an order only over the credit limit; otherwise the salesperson's manager (the
		Business Owner for a salesperson without one)."""
		if credit_only:
			return self.finance
		person = self.salespeople.get(salesperson)
		manager = self.salespeople.get(person.parent) if person and person.parent else None
		return (manager and manager.user) or self.owner


def insert_money(
	plan: MoneyPlan, start: int = 0, progress: Progress = None, receipts: dict[int, str] | None = None
) -> int:
	"""Submit (or cancel) each event from `start` on through its controller at the moment it happened,
	one transaction each, counting them in PROGRESS_KEY; return how many were posted. `receipts`: the
	cash account each payment (by key) arrives in (demo/cash.py), which its submission posts to."""
	people = People()
	docs = _resume_names(plan, start)
	missing = plan.events[start:]
	if not missing:
		return 0
	receipts = receipts or {}
	with backdated_stock_allowed(), moving(missing[0].moment) as move_to:
		for i, event in enumerate(missing, start):
			posts_receipt = isinstance(event, PaymentPlan) and event.key in receipts
			move_to(event.moment + (RECEIPT_DELAY if posts_receipt else timedelta(0)))
			post_event(event, docs, people, receipts)
			set_series(PROGRESS_KEY, i + 1)
			frappe.db.commit()
			if progress:
				progress(i - start, len(missing))
	return len(missing)


def _resume_names(plan: MoneyPlan, start: int) -> dict:
	"""Names of the orders and payments posted before `start` (a load resumed), in the order they were
	created."""
	docs = {"SM Sales Order": {}, "SM Payment": {}}
	for doctype, kind in (("SM Sales Order", OrderPlan), ("SM Payment", PaymentPlan)):
		done = [event.key for event in plan.events[:start] if isinstance(event, kind)]
		if done:
			names_ = frappe.get_all(doctype, order_by="creation asc, name asc", pluck="name", limit=len(done))
			docs[doctype] = dict(zip(done, names_, strict=True))
	return docs


def post_event(event: Event, docs: dict, people: People, receipts: dict[int, str]) -> None:
	"""One event, posted by its controller as Administrator, then marked as entered by its user."""

	orders = docs["SM Sales Order"]
	if isinstance(event, OrderPlan):
		doc = frappe.get_doc(order_doc(event))
		doc.insert(ignore_permissions=True)
		doc.reload()  # as stored: the second save checks the modified timestamp against the table's
		approver = None
		if doc.needs_approval:
			approver = people.approver(
				doc.salesperson, bool(doc.credit_exceeded and not doc.discount_exceeded)
			)
			frappe.set_user(approver)
		try:
			doc.flags.ignore_permissions = True
			doc.submit()
		finally:
			frappe.set_user("Administrator")
		orders[event.key] = doc.name
		entered_by(doc, people.seller(event.customer))
	elif isinstance(event, CancelPlan):
		doc = frappe.get_doc(event.doctype, docs[event.doctype][event.key])
		if event.doctype == "SM Sales Order":
			# as the desk cancels it: the workflow's Cancel action (a plain cancel keeps the state Approved)
			apply_workflow(doc, CANCEL)
		else:
			doc.flags.ignore_permissions = True
			doc.cancel()
			receipt_entered_by(doc, people.canceller(doc), cancelled=True)
		entered_by(doc, people.canceller(doc), owner=False)
	elif isinstance(event, ReceiptPlan):
		doc = frappe.get_doc(receipt_doc(event))
		doc.docstatus = 1
		doc.insert(ignore_permissions=True)
		entered_by(doc, people.keeper)
	elif isinstance(event, DeliveryPlan):
		doc = frappe.get_doc(delivery_doc(event, orders[event.order]))
		doc.docstatus = 1
		doc.insert(ignore_permissions=True)
		entered_by(doc, people.keeper)
	elif isinstance(event, InvoicePlan):
		doc = frappe.get_doc(invoice_doc(event, orders[event.order]))
		doc.docstatus = 1
		doc.insert(ignore_permissions=True)
		entered_by(doc, people.finance)
	elif isinstance(event, PaymentPlan):
		doc = frappe.get_doc(payment_doc(event, orders, invoice_names(event), receipts.get(event.key)))
		doc.docstatus = 1
		doc.insert(ignore_permissions=True)
		docs["SM Payment"][event.key] = doc.name
		entered_by(doc, people.finance)
		receipt_entered_by(doc, people.finance)
	elif isinstance(event, WriteOffPlan):
		doc = frappe.get_doc(write_off_doc(event, orders[event.order]))
		doc.docstatus = 1
		doc.insert(ignore_permissions=True)
		entered_by(doc, people.finance)


def invoice_names(payment: PaymentPlan) -> dict[str, str]:
	numbers = [invoice for _o, _a, invoice in payment.allocations if invoice]
	if not numbers:
		return {}
	return dict(
		frappe.get_all(
			"SM Invoice",
			filters={"invoice_no": ("in", numbers), "docstatus": 1},
			fields=["invoice_no", "name"],
			as_list=True,
		)
	)


def entered_by(doc, user: str, owner: bool = True) -> None:
	"""As if `user` had entered (or, not `owner`, last changed) it: the document and its rows."""
	columns = "owner = %(user)s, modified_by = %(user)s" if owner else "modified_by = %(user)s"
	for doctype, field_ in [
		(doc.doctype, "name"),
		*((df.options, "parent") for df in doc.meta.get_table_fields()),
	]:
		frappe.db.sql(
			f"update `tab{doctype}` set {columns} where `{field_}` = %(name)s",
			{"user": user, "name": doc.name},
		)


def receipt_entered_by(payment, user: str, cancelled: bool = False) -> None:
	"""The cash entry a demo payment posted (as Administrator), as if `user` had entered (or, cancelled,
	last changed) it, like the payment itself (entered_by)."""
	if not payment.get("cash_entry"):
		return
	columns = "modified_by = %(user)s" if cancelled else "owner = %(user)s, modified_by = %(user)s"
	frappe.db.sql(
		f"update `tabSM Cash Entry` set {columns} where name = %(name)s",
		{"user": user, "name": payment.cash_entry},
	)


def moment_fields(moment: datetime) -> tuple[date, str]:
	return moment.date(), moment.strftime("%H:%M:%S")


def order_doc(plan: OrderPlan) -> dict:
	return {
		"doctype": "SM Sales Order",
		"customer": plan.customer,
		"opportunity": plan.opportunity,
		"order_date": plan.moment.date(),
		"delivery_date": plan.delivery_date,
		"currency": plan.currency,
		"remarks": plan.remarks,
		"items": [{"product": p, "qty": qty, "rate": rate} for p, qty, rate in plan.items],
		"payment_terms": [
			{"due_date": due, "portion": portion, "description": description}
			for due, portion, description in plan.terms
		],
	}


def receipt_doc(plan: ReceiptPlan) -> dict:
	day, moment = moment_fields(plan.moment)
	return {
		"doctype": "SM Stock Entry",
		"entry_type": "Receipt",
		"posting_date": day,
		"posting_time": moment,
		"set_posting_time": 1,
		"remarks": RECEIPT_REMARK,
		"items": [{"product": p, "qty": qty, "to_warehouse": plan.warehouse} for p, qty in plan.items],
	}


def delivery_doc(plan: DeliveryPlan, order: str) -> dict:
	day, moment = moment_fields(plan.moment)
	return {
		"doctype": "SM Delivery",
		"sales_order": order,
		"warehouse": plan.warehouse,
		"posting_date": day,
		"posting_time": moment,
		"set_posting_time": 1,
		"items": [{"product": p, "qty": qty} for p, qty in plan.items],
	}


def invoice_doc(plan: InvoicePlan, order: str) -> dict:
	return {
		"doctype": "SM Invoice",
		"sales_order": order,
		"invoice_no": plan.invoice_no,
		"invoice_date": plan.moment.date(),
		"due_date": plan.due_date,
		"amount": plan.amount,
	}


def payment_doc(
	plan: PaymentPlan, orders: dict[int, str], invoices: dict[str, str], cash_account: str | None = None
) -> dict:
	return {
		"doctype": "SM Payment",
		"cash_account": cash_account,
		"customer": plan.customer,
		"payment_date": plan.moment.date(),
		"currency": plan.currency,
		"amount": plan.amount,
		"mode": plan.mode,
		"reference_no": plan.reference_no,
		"remarks": plan.remarks,
		"allocations": [
			{"sales_order": orders[order], "allocated_amount": amount, "invoice": invoices.get(invoice)}
			for order, amount, invoice in plan.allocations
		],
	}


def write_off_doc(plan: WriteOffPlan, order: str) -> dict:
	return {
		"doctype": "SM Bad Debt Write Off",
		"receivable": order,
		"posting_date": plan.moment.date(),
		"reason": plan.reason,
	}
