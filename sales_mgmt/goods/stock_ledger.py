"""The stock ledger: the one way stock moves, for every voucher now and later.

A voucher (SM Stock Entry today, deliveries and returns later) describes its movements as
`StockMove`s and calls `post_stock` from `on_submit` and `cancel_stock` from `on_cancel`. Both run in
the caller's transaction:

1. Lock the SM Bin of every (product, warehouse) touched, in sorted order. One
   `INSERT … ON DUPLICATE KEY UPDATE` creates missing bins and takes the row lock of existing ones, so
   two postings can neither both create a bin nor both read a balance before the other writes it.
2. Read the locked balances and refuse negative stock and backdated postings (per SM Settings).
3. Write immutable SM Stock Ledger Entry rows and the new bin balances.

Cancelling writes reversing rows dated at the original movements and flags the originals and the
reversals `is_cancelled`: the pair nets to zero at the moment it happened, reports of live movements
leave it out, and the voucher can be amended on its original date.

`qty_after` is the running balance in (posting datetime, name) order. Posting into the past — a
cancellation always, a backdated posting when SM Settings allow it (refused otherwise) — shifts the
`qty_after` of the later movements of that product and warehouse by the posted quantity: the only
value of a ledger row ever recomputed. Such a posting is refused if the balance after any later live
movement would turn negative (unless negative stock is allowed); the rows of cancelled vouchers do not
count, since each nets to zero with its reversal.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

import frappe
from frappe import _
from frappe.model.meta import get_field_precision
from frappe.utils import cint, flt, format_datetime, get_datetime, now, now_datetime

from sales_mgmt.exceptions import (
	BackdatedPostingError,
	DisabledProductError,
	DisabledWarehouseError,
	FuturePostingError,
	InvalidQuantityError,
	NegativeStockError,
	NonStockItemError,
)
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

LEDGER = "SM Stock Ledger Entry"
BIN = "SM Bin"


def qty_precision() -> int:
	"""Decimal places of every stock quantity: those of the ledger's Quantity Change field (Frappe's
	float precision in System Settings unless the field sets its own). Row quantities are rounded to it
	when an entry is validated and every movement before it is posted, so a bin, changed by the sum of
	the rounded movements, stays exactly the sum of its ledger rows."""
	return get_field_precision(frappe.get_meta(LEDGER).get_field("qty_change"))


@dataclass(frozen=True)
class StockMove:
	"""One movement of stock: `qty_change` > 0 receives into, < 0 takes out of `warehouse`."""

	product: str
	warehouse: str
	qty_change: float
	voucher_detail_no: str | None = None
	purpose: str | None = None
	customer: str | None = None
	salesperson: str | None = None


def post_stock(
	voucher_type: str,
	voucher_no: str,
	posting_date,
	posting_time,
	moves: list[StockMove],
	masters: "Masters | None" = None,
) -> list[frappe._dict]:
	"""Post `moves` of a submitted voucher; return the ledger rows written.

	`masters`: the products and warehouses as the voucher read them in this transaction (see
	`get_masters`), to spare reading them again.
	"""
	precision = qty_precision()
	moves = [replace(move, qty_change=flt(move.qty_change, precision)) for move in moves]
	posting_datetime = get_datetime(f"{posting_date} {posting_time}")
	validate_posting_datetime(posting_datetime)
	validate_moves(moves)
	validate_masters(moves, masters)
	return _post(voucher_type, voucher_no, moves, posting_datetime, is_cancelled=0)


def cancel_stock(voucher_type: str, voucher_no: str) -> list[frappe._dict]:
	"""Reverse every live movement of a voucher; return the reversing ledger rows."""
	originals = frappe.db.sql(
		f"""select name, product, warehouse, posting_datetime, qty_change, voucher_detail_no, purpose,
		customer, salesperson
		from `tab{LEDGER}` where voucher_type = %s and voucher_no = %s and is_cancelled = 0
		order by posting_datetime, name for update""",
		(voucher_type, voucher_no),
		as_dict=True,
	)
	if not originals:
		return []
	by_datetime = defaultdict(list)
	for row in originals:
		by_datetime[row.posting_datetime].append(
			StockMove(
				product=row.product,
				warehouse=row.warehouse,
				qty_change=-row.qty_change,
				voucher_detail_no=row.voucher_detail_no,
				purpose=row.purpose,
				customer=row.customer,
				salesperson=row.salesperson,
			)
		)
	reversals = []
	for posting_datetime, moves in by_datetime.items():
		reversals += _post(voucher_type, voucher_no, moves, posting_datetime, is_cancelled=1)
	ledger = frappe.qb.DocType(LEDGER)
	(
		frappe.qb.update(ledger)
		.set(ledger.is_cancelled, 1)
		.set(ledger.modified, now())
		.where(ledger.name.isin([row.name for row in originals]))
	).run()
	return reversals


def format_qty(qty: float) -> str:
	"""A quantity for messages: 5, 2.5, -3 (no trailing zeros)."""
	return f"{flt(qty, qty_precision()):f}".rstrip("0").rstrip(".")


def validate_posting_datetime(posting_datetime: datetime) -> None:
	if posting_datetime > now_datetime():
		frappe.throw(
			_("Stock cannot be posted in the future ({0}).").format(format_datetime(posting_datetime)),
			FuturePostingError,
			title=_("Invalid posting date"),
		)


def validate_moves(moves: list[StockMove]) -> None:
	if not moves:
		frappe.throw(_("There is no stock to post."), InvalidQuantityError, title=_("Invalid quantity"))
	for move in moves:
		if not move.qty_change:
			frappe.throw(
				_("The quantity of {0} to post in {1} must not be zero.").format(
					bold(move.product), bold(move.warehouse)
				),
				InvalidQuantityError,
				title=_("Invalid quantity"),
			)


@dataclass(frozen=True)
class Masters:
	products: dict[str, frappe._dict]  # name -> product_name, uom, cost_price, enabled, is_stock_item
	warehouses: dict[str, int]  # name -> enabled


def get_masters(products, warehouses) -> Masters:
	"""What postings need to know of these products and warehouses: one query each."""
	products, warehouses = sorted(set(filter(None, products))), sorted(set(filter(None, warehouses)))
	found = (
		frappe.db.sql(
			"""select name, product_name, uom, cost_price, enabled, is_stock_item from `tabSM Product`
			where name in %(names)s""",
			{"names": products},
			as_dict=True,
		)
		if products
		else []
	)
	enabled = (
		frappe.db.sql(
			"select name, enabled from `tabSM Warehouse` where name in %(names)s", {"names": warehouses}
		)
		if warehouses
		else []
	)
	return Masters({row.name: row for row in found}, dict(enabled))


def posting_settings() -> frappe._dict:
	"""SM Settings' stock rules."""
	settings = get_settings()
	return frappe._dict(
		allow_negative=cint(settings.allow_negative_stock),
		allow_backdated=cint(settings.allow_backdated_stock_posting),
	)


def validate_masters(moves: list[StockMove], masters: Masters | None = None) -> None:
	"""Every product must be an enabled stock item, every warehouse enabled."""
	products = {move.product for move in moves}
	warehouses = {move.warehouse for move in moves}
	if masters is None or not (products <= set(masters.products) and warehouses <= set(masters.warehouses)):
		masters = get_masters(products, warehouses)
	found = masters.products
	for product in sorted(products):
		row = found.get(product)
		if not row or not row.enabled:
			frappe.throw(
				_("Product {0} is disabled or does not exist.").format(bold(product)),
				DisabledProductError,
				title=_("Disabled product"),
			)
		if not row.is_stock_item:
			frappe.throw(
				_("Product {0} does not maintain stock.").format(bold(product)),
				NonStockItemError,
				title=_("Not a stock item"),
			)
	enabled = {name for name, is_enabled in masters.warehouses.items() if is_enabled}
	for warehouse in sorted(warehouses - enabled):
		frappe.throw(
			_("Warehouse {0} is disabled or does not exist.").format(bold(warehouse)),
			DisabledWarehouseError,
			title=_("Disabled warehouse"),
		)


def _post(
	voucher_type: str,
	voucher_no: str,
	moves: list[StockMove],
	posting_datetime: datetime,
	is_cancelled: int,
) -> list[frappe._dict]:
	keys = sorted({(move.product, move.warehouse) for move in moves})
	bins = lock_bins(keys)
	settings = posting_settings()
	allow_negative = settings.allow_negative

	backdated = sorted(
		key
		for key, bin in bins.items()
		if bin.last_posting_datetime and posting_datetime < get_datetime(bin.last_posting_datetime)
	)
	# a cancellation reverses movements where they happened, whatever the setting
	if backdated and not is_cancelled and not settings.allow_backdated:
		product, warehouse = backdated[0]
		frappe.throw(
			_(
				"{0} in {1} already has stock movements after {2} (the latest on {3}); post on or after "
				"that date, or ask an administrator to allow backdated stock postings."
			).format(
				bold(product),
				bold(warehouse),
				format_datetime(posting_datetime),
				format_datetime(bins[backdated[0]].last_posting_datetime),
			),
			BackdatedPostingError,
			title=_("Backdated posting"),
		)

	precision = qty_precision()
	balance = {key: flt(bin.actual_qty, precision) for key, bin in bins.items()}
	if backdated:
		balance.update(balances_as_of(backdated, posting_datetime))

	user, timestamp = frappe.session.user, now()
	rows, deltas = [], defaultdict(float)
	for move in moves:
		key = (move.product, move.warehouse)
		before = balance[key]
		after = flt(before + move.qty_change, precision)
		if after < 0 and move.qty_change < 0 and not allow_negative:
			throw_negative_stock(move.product, move.warehouse, before, -move.qty_change)
		balance[key] = after
		deltas[key] = flt(deltas[key] + move.qty_change, precision)
		rows.append(
			frappe._dict(
				product=move.product,
				warehouse=move.warehouse,
				posting_date=posting_datetime.date(),
				posting_time=posting_datetime.time(),
				posting_datetime=posting_datetime,
				qty_change=move.qty_change,
				qty_after=after,
				is_cancelled=is_cancelled,
				voucher_type=voucher_type,
				voucher_no=voucher_no,
				voucher_detail_no=move.voucher_detail_no,
				purpose=move.purpose,
				customer=move.customer,
				salesperson=move.salesperson,
				creation=timestamp,
				modified=timestamp,
				owner=user,
				modified_by=user,
			)
		)

	for key in backdated:
		shift_later_movements(key, posting_datetime, deltas[key], allow_negative)
	insert_ledger_rows(rows)
	update_bins(bins, deltas, posting_datetime, timestamp)
	return rows


def lock_bins(keys: list[tuple[str, str]]) -> dict[tuple[str, str], frappe._dict]:
	"""Create missing bins and lock all of `keys` (sorted) for the rest of the transaction."""
	user, timestamp = frappe.session.user, now()
	placeholders = ", ".join(["(%s, %s, %s, 0, %s, %s, %s, %s, 0, 0)"] * len(keys))
	values = [
		v
		for product, warehouse in keys
		for v in (frappe.generate_hash(length=12), product, warehouse, timestamp, timestamp, user, user)
	]
	# a no-op update still takes the row's exclusive lock, whether the row was just inserted or not
	frappe.db.sql(
		f"""insert into `tab{BIN}`
		(name, product, warehouse, actual_qty, creation, modified, owner, modified_by, docstatus, idx)
		values {placeholders} on duplicate key update actual_qty = actual_qty""",
		values,
	)
	rows = frappe.db.sql(
		f"""select name, product, warehouse, actual_qty, last_posting_datetime from `tab{BIN}`
		where {" or ".join(["(product = %s and warehouse = %s)"] * len(keys))}
		order by product, warehouse for update""",
		[v for key in keys for v in key],
		as_dict=True,
	)
	return {(row.product, row.warehouse): row for row in rows}


def balances_as_of(keys: list[tuple[str, str]], posting_datetime: datetime) -> dict[tuple[str, str], float]:
	"""Balance of each bin including every movement dated on or before `posting_datetime`."""
	balances = dict.fromkeys(keys, 0.0)
	rows = frappe.db.sql(
		f"""select product, warehouse, sum(qty_change) as qty from `tab{LEDGER}`
		where ({" or ".join(["(product = %s and warehouse = %s)"] * len(keys))})
		and posting_datetime <= %s
		group by product, warehouse for update""",
		[*(v for key in keys for v in key), posting_datetime],
		as_dict=True,
	)
	for row in rows:
		balances[(row.product, row.warehouse)] = flt(row.qty, qty_precision())
	return balances


def shift_later_movements(
	key: tuple[str, str], posting_datetime: datetime, delta: float, allow_negative: bool
) -> None:
	"""A backdated posting changes the balance after every later movement of its bin."""
	product, warehouse = key
	if not delta:
		return
	ledger = frappe.qb.DocType(LEDGER)
	later = (ledger.product == product) & (ledger.warehouse == warehouse)
	later &= ledger.posting_datetime > posting_datetime
	if delta < 0 and not allow_negative:
		lowest = (
			frappe.qb.from_(ledger)
			.select(ledger.posting_datetime, ledger.qty_after)
			# a cancelled voucher's movement and its reversal net to zero where they happened: the
			# balances between them are no balance the warehouse really had
			.where(later & (ledger.is_cancelled == 0))
			.orderby(ledger.qty_after)
			.orderby(ledger.posting_datetime)
			.limit(1)
			.for_update()
		).run(as_dict=True)
		if lowest and flt(lowest[0].qty_after + delta, qty_precision()) < 0:
			frappe.throw(
				_("Taking {0} of {1} out of {2} on {3} would leave {4} in stock on {5}.").format(
					bold(format_qty(-delta)),
					bold(product),
					bold(warehouse),
					format_datetime(posting_datetime),
					bold(format_qty(lowest[0].qty_after + delta)),
					format_datetime(lowest[0].posting_datetime),
				),
				NegativeStockError,
				title=_("Not enough stock"),
			)
	(frappe.qb.update(ledger).set(ledger.qty_after, ledger.qty_after + delta).where(later)).run()


def insert_ledger_rows(rows: list[frappe._dict]) -> None:
	"""One multi-row insert; names come from the DocType's sequence, so they grow in posting order."""
	fields = list(rows[0].keys())
	sequence = frappe.scrub(f"{LEDGER}_id_seq")
	placeholders = ", ".join([f"(nextval(`{sequence}`), {', '.join(['%s'] * len(fields))})"] * len(rows))
	frappe.db.sql(
		f"""insert into `tab{LEDGER}` (name, {", ".join(f"`{field}`" for field in fields)})
		values {placeholders}""",
		[row[field] for row in rows for field in fields],
	)


def update_bins(
	bins: dict[tuple[str, str], frappe._dict],
	deltas: dict[tuple[str, str], float],
	posting_datetime: datetime,
	timestamp: str,
) -> None:
	"""Add the rounded movements to the locked bins in one statement: MariaDB adds them in decimal, so a
	bin is exactly the sum of its ledger rows."""
	names, qty_cases, values_qty = [], [], []
	for key, delta in deltas.items():
		names.append(bins[key].name)
		qty_cases.append("when %s then %s")
		values_qty += [bins[key].name, delta]
	frappe.db.sql(
		f"""update `tab{BIN}` set
		actual_qty = actual_qty + case name {" ".join(qty_cases)} end,
		last_posting_datetime = greatest(coalesce(last_posting_datetime, %s), %s),
		modified = %s, modified_by = %s
		where name in ({", ".join(["%s"] * len(names))})""",
		[*values_qty, posting_datetime, posting_datetime, timestamp, frappe.session.user, *names],
	)


def throw_negative_stock(product: str, warehouse: str, available: float, requested: float) -> None:
	product_name = frappe.db.get_value("SM Product", product, "product_name") or product
	frappe.throw(
		_("Not enough stock of {0} in {1}: {2} available, {3} requested.").format(
			bold(f"{product_name} ({product})" if product_name != product else product),
			bold(warehouse),
			bold(format_qty(available)),
			bold(format_qty(requested)),
		),
		NegativeStockError,
		title=_("Not enough stock"),
	)


def get_stock_by_warehouse(product: str) -> list[frappe._dict]:
	"""Current quantity of `product` in every warehouse that ever held it."""
	return frappe.get_all(
		BIN,
		filters={"product": product},
		fields=["warehouse", "actual_qty"],
		order_by="warehouse",
	)
