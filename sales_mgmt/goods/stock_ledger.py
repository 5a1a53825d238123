"""The stock ledger: the one way stock moves, for every voucher now and later.

A voucher (SM Stock Entry today, deliveries and returns later) describes its movements as
`StockMove`s and calls `post_stock` from `on_submit` and `cancel_stock` from `on_cancel`. Both run in
the caller's transaction: they lock, read the locked balances, refuse negative stock, backdated
postings (per SM Settings) and disabled warehouses, then write immutable SM Stock Ledger Entry rows
and the new SM Bin balances.

Locks, taken in this order by every posting, cancellation and backdated recomputation and held until
the transaction ends, so that two of them may wait for each other in turn but never in a circle:

1. The SM Warehouse rows of the warehouses posted into, shared, in name order. Disabling a warehouse
   locks its row exclusively (Frappe's save reads it `FOR UPDATE`) and then reads its bins with a
   locking read: either the posting sees the warehouse disabled, or the disabling sees the stock.
2. The SM Bin of every (product, warehouse) posted, exclusive, in (product, warehouse) order. One
   `INSERT … ON DUPLICATE KEY UPDATE` creates missing bins and locks existing ones, so two postings
   can neither both create a bin nor both read a balance before the other writes it. A cancellation
   locks the bins of all its movements at once.
3. The ledger mutex, the row of the SM Stock Ledger Entry DocType in `tabDocType`: exclusive for work
   on ranges of ledger rows (a backdated posting or a cancellation reading and shifting the balances
   after it), shared for a posting that only appends. A locking read or update of a range of the
   (product, warehouse, posting_datetime) index also locks the index record after the range — possibly
   the first row of the neighbouring bin — and the gap before it; so ranges are locked by one
   transaction at a time, and never while another transaction inserts ledger rows. Backdated
   postings and cancellations of past movements thus run one at a time across the company; postings
   that only append run in parallel. (benchmarks/goods.py races both: without the mutex, or with
   appends not taking it, neighbouring bins deadlock now and then.)
4. Ledger rows: new rows inserted; a cancelled voucher's rows by primary key; later rows by range,
   under the exclusive mutex.

A transaction that posts several vouchers takes these locks voucher by voucher: where postings run in
parallel, post one voucher per transaction.

Cancelling writes reversing rows dated at the original movements and flags the originals and the
reversals `is_cancelled`: the pair nets to zero at the moment it happened, reports of live movements
leave it out, and the voucher can be amended on its original date. Stock does not come back into a
warehouse disabled in the meantime.

`qty_after` is the running balance in (posting datetime, name) order. Posting into the past — a
cancellation always, a backdated posting when SM Settings allow it (refused otherwise) — shifts the
`qty_after` of the later movements of that product and warehouse by the posted quantity: the only
value of a ledger row ever recomputed. Such a posting is refused if the balance after any later live
movement would turn negative (unless negative stock is allowed); the rows of cancelled vouchers do not
count, since each nets to zero with its reversal.

Quantities are rounded to `qty_precision()` before anything is checked or written, and a bin changes
by the sum of its rounded movements, added in SQL: a bin is exactly the sum of its ledger rows. A
backdated posting relies on it: the balance at its moment is the bin less the movements after it.
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
from sales_mgmt.ledger_rows import insert_ledger_rows
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

LEDGER = "SM Stock Ledger Entry"
BIN = "SM Bin"
WAREHOUSE = "SM Warehouse"

Key = tuple[str, str]  # (product, warehouse): one bin


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
	at_lock_time: bool = False,
) -> list[frappe._dict]:
	"""Post `moves` of a submitted voucher; return the ledger rows written.

	`masters`: the products and warehouses as the voucher read them in this transaction (see
	`get_masters`), to spare reading the products again (warehouses are read under their locks).
	`at_lock_time`: the voucher posts "now" (its posting date and time were not set by hand): it takes
	its moment once it holds the bins, never earlier than the date and time given. A posting that took
	its moment a little later but locked the bins first has committed by then, so a voucher posted now
	is never refused as backdated because of a posting it raced with; the caller keeps the moment of
	the rows returned.
	"""
	precision = qty_precision()
	moves = [replace(move, qty_change=flt(move.qty_change, precision)) for move in moves]
	posting_datetime = get_datetime(f"{posting_date} {posting_time}")
	validate_posting_datetime(posting_datetime)
	validate_moves(moves)
	validate_products(moves, masters)

	warehouses = {move.warehouse for move in moves}
	for warehouse in sorted(warehouses - lock_warehouses(warehouses)):
		throw_disabled_warehouse(warehouse)
	bins = lock_bins({(move.product, move.warehouse) for move in moves})
	if at_lock_time:
		posting_datetime = max(posting_datetime, now_datetime())
	settings = posting_settings()
	backdated = [key for key in sorted(bins) if moved_after(bins[key], posting_datetime)]
	if backdated and not settings.allow_backdated:
		throw_backdated(backdated[0], bins[backdated[0]], posting_datetime)
	lock_ledger(exclusive=bool(backdated))
	return apply_moves(voucher_type, voucher_no, moves, posting_datetime, bins, settings, is_cancelled=0)


def cancel_stock(voucher_type: str, voucher_no: str) -> list[frappe._dict]:
	"""Reverse every live movement of a voucher; return the reversing ledger rows.

	A cancellation reverses movements where they happened, whatever the backdating setting."""
	# a plain read tells what to lock; product, warehouse and time of a ledger row never change
	planned = frappe.db.sql(
		f"""select name, product, warehouse, posting_datetime from `tab{LEDGER}`
		where voucher_type = %s and voucher_no = %s and is_cancelled = 0""",
		(voucher_type, voucher_no),
		as_dict=True,
	)
	if not planned:
		return []
	enabled = lock_warehouses({row.warehouse for row in planned})
	bins = lock_bins({(row.product, row.warehouse) for row in planned})
	lock_ledger(
		exclusive=any(moved_after(bins[(r.product, r.warehouse)], r.posting_datetime) for r in planned)
	)
	# locked by primary key (no gaps), and read as committed: another cancellation may have come first
	originals = frappe.db.sql(
		f"""select name, product, warehouse, posting_datetime, qty_change, voucher_detail_no, purpose,
		customer, salesperson, is_cancelled
		from `tab{LEDGER}` where name in %(names)s order by posting_datetime, name for update""",
		{"names": [row.name for row in planned]},
		as_dict=True,
	)
	originals = [row for row in originals if not row.is_cancelled]
	if not originals:
		return []
	for warehouse in sorted({row.warehouse for row in originals if row.qty_change < 0} - enabled):
		frappe.throw(
			_(
				"Warehouse {0} is disabled: enable it to take back the stock this cancellation returns."
			).format(bold(warehouse)),
			DisabledWarehouseError,
			title=_("Disabled warehouse"),
		)

	settings = posting_settings()
	by_datetime = defaultdict(list)
	for row in originals:
		by_datetime[get_datetime(row.posting_datetime)].append(
			StockMove(
				product=row.product,
				warehouse=row.warehouse,
				qty_change=-flt(row.qty_change),
				voucher_detail_no=row.voucher_detail_no,
				purpose=row.purpose,
				customer=row.customer,
				salesperson=row.salesperson,
			)
		)
	reversals = []
	for moment in sorted(by_datetime):
		moves = by_datetime[moment]
		reversals += apply_moves(voucher_type, voucher_no, moves, moment, bins, settings, is_cancelled=1)
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
			f"select name, enabled from `tab{WAREHOUSE}` where name in %(names)s", {"names": warehouses}
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


def validate_products(moves: list[StockMove], masters: Masters | None = None) -> None:
	"""Every product must be an enabled stock item."""
	products = {move.product for move in moves}
	found = masters.products if masters and products <= set(masters.products) else None
	if found is None:
		found = get_masters(products, []).products
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


def throw_disabled_warehouse(warehouse: str) -> None:
	frappe.throw(
		_("Warehouse {0} is disabled or does not exist.").format(bold(warehouse)),
		DisabledWarehouseError,
		title=_("Disabled warehouse"),
	)


def throw_backdated(key: Key, bin: frappe._dict, posting_datetime: datetime) -> None:
	product, warehouse = key
	frappe.throw(
		_(
			"{0} in {1} already has stock movements after {2} (the latest on {3}); post on or after "
			"that date, or ask an administrator to allow backdated stock postings."
		).format(
			bold(product),
			bold(warehouse),
			format_datetime(posting_datetime),
			format_datetime(bin.last_posting_datetime),
		),
		BackdatedPostingError,
		title=_("Backdated posting"),
	)


# --- locks, in their order ------------------------------------------------------------------------------


def lock_warehouses(warehouses: set[str]) -> set[str]:
	"""Share-lock the warehouses' rows (in name order); return those that exist and are enabled, as
	committed (a locking read sees what the last transaction holding the row committed)."""
	rows = frappe.db.sql(
		f"""select name, enabled from `tab{WAREHOUSE}` where name in %(names)s
		order by name lock in share mode""",
		{"names": sorted(warehouses)},
	)
	return {name for name, enabled in rows if cint(enabled)}


def lock_bins(keys: set[Key]) -> dict[Key, frappe._dict]:
	"""Create missing bins and lock all of `keys` (sorted) for the rest of the transaction."""
	keys = sorted(keys)
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
	# the unique index, so that only these rows are read (and locked), whatever the table's size
	rows = frappe.db.sql(
		f"""select name, product, warehouse, actual_qty, last_posting_datetime
		from `tab{BIN}` force index (unique_product_warehouse)
		where {" or ".join(["(product = %s and warehouse = %s)"] * len(keys))}
		order by product, warehouse for update""",
		[v for key in keys for v in key],
		as_dict=True,
	)
	return {(row.product, row.warehouse): row for row in rows}


def lock_ledger(exclusive: bool) -> None:
	"""The ledger mutex (see the module's docstring): exclusive for work on ranges of ledger rows."""
	frappe.db.sql(
		f"select name from `tabDocType` where name = %s {'for update' if exclusive else 'lock in share mode'}",
		LEDGER,
	)


# --- posting ------------------------------------------------------------------------------------------


def moved_after(bin: frappe._dict, posting_datetime) -> bool:
	"""Whether the bin has movements later than `posting_datetime`."""
	latest = bin.last_posting_datetime
	return bool(latest) and get_datetime(posting_datetime) < get_datetime(latest)


def apply_moves(
	voucher_type: str,
	voucher_no: str,
	moves: list[StockMove],
	posting_datetime: datetime,
	bins: dict[Key, frappe._dict],
	settings: frappe._dict,
	is_cancelled: int,
) -> list[frappe._dict]:
	"""Check and write `moves` at `posting_datetime` into the locked `bins` (kept up to date, so a
	cancellation can apply its movements one moment after another)."""
	precision = qty_precision()
	keys = sorted({(move.product, move.warehouse) for move in moves})
	backdated = [key for key in keys if moved_after(bins[key], posting_datetime)]
	balance = {key: flt(bins[key].actual_qty, precision) for key in keys}
	later = later_movements(backdated, posting_datetime) if backdated else {}
	for key, movements in later.items():
		balance[key] = flt(balance[key] - movements.qty, precision)

	user, timestamp = frappe.session.user, now()
	rows, deltas = [], defaultdict(float)
	for move in moves:
		key = (move.product, move.warehouse)
		before = balance[key]
		after = flt(before + move.qty_change, precision)
		if after < 0 and move.qty_change < 0 and not settings.allow_negative:
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
		delta = deltas[key]
		lowest = later[key].lowest if key in later else None
		if delta < 0 and lowest is not None and not settings.allow_negative:
			if flt(lowest + delta, precision) < 0:
				throw_negative_later(key, posting_datetime, delta)
		shift_later_movements(key, posting_datetime, delta)
	insert_ledger_rows(LEDGER, rows)
	update_bins(bins, deltas, posting_datetime, timestamp)
	return rows


def later_movements(keys: list[Key], posting_datetime: datetime) -> dict[Key, frappe._dict]:
	"""Per bin, the movements after `posting_datetime`: their sum (`qty`) and the lowest balance after a
	live one (`lowest`; None when all are cancelled). A locking read, under the exclusive mutex."""
	rows = frappe.db.sql(
		f"""select product, warehouse, sum(qty_change) as qty,
			min(case when is_cancelled = 0 then qty_after end) as lowest
		from `tab{LEDGER}`
		where ({" or ".join(["(product = %s and warehouse = %s)"] * len(keys))})
		and posting_datetime > %s
		group by product, warehouse for update""",
		[*(v for key in keys for v in key), posting_datetime],
		as_dict=True,
	)
	return {
		(row.product, row.warehouse): frappe._dict(
			qty=flt(row.qty), lowest=None if row.lowest is None else flt(row.lowest)
		)
		for row in rows
	}


def throw_negative_later(key: Key, posting_datetime: datetime, delta: float) -> None:
	"""Refuse a backdated movement that would turn a later live balance negative, naming the first."""
	product, warehouse = key
	ledger = frappe.qb.DocType(LEDGER)
	first = (
		frappe.qb.from_(ledger)
		.select(ledger.posting_datetime, ledger.qty_after)
		.where(
			(ledger.product == product)
			& (ledger.warehouse == warehouse)
			& (ledger.posting_datetime > posting_datetime)
			& (ledger.is_cancelled == 0)
			& (ledger.qty_after + delta < 0)
		)
		.orderby(ledger.posting_datetime)
		.orderby(ledger.name)
		.limit(1)
		.for_update()
	).run(as_dict=True)[0]
	frappe.throw(
		_("Taking {0} of {1} out of {2} on {3} would leave {4} in stock on {5}.").format(
			bold(format_qty(-delta)),
			bold(product),
			bold(warehouse),
			format_datetime(posting_datetime),
			bold(format_qty(first.qty_after + delta)),
			format_datetime(first.posting_datetime),
		),
		NegativeStockError,
		title=_("Not enough stock"),
	)


def shift_later_movements(key: Key, posting_datetime: datetime, delta: float) -> None:
	"""A backdated posting changes the balance after every later movement of its bin."""
	if not delta:
		return
	product, warehouse = key
	ledger = frappe.qb.DocType(LEDGER)
	(
		frappe.qb.update(ledger)
		.set(ledger.qty_after, ledger.qty_after + delta)
		.where(
			(ledger.product == product)
			& (ledger.warehouse == warehouse)
			& (ledger.posting_datetime > posting_datetime)
		)
	).run()


def update_bins(
	bins: dict[Key, frappe._dict],
	deltas: dict[Key, float],
	posting_datetime: datetime,
	timestamp: str,
) -> None:
	"""Add the rounded movements to the locked bins in one statement (MariaDB adds them in decimal, so a
	bin is exactly the sum of its ledger rows), and to `bins` as read."""
	precision = qty_precision()
	names, qty_cases, values_qty = [], [], []
	for key, delta in deltas.items():
		bin = bins[key]
		names.append(bin.name)
		qty_cases.append("when %s then %s")
		values_qty += [bin.name, delta]
		bin.actual_qty = flt(flt(bin.actual_qty) + delta, precision)
		if not moved_after(bin, posting_datetime):
			bin.last_posting_datetime = posting_datetime
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


def keep_posting_moment(voucher, rows: list[frappe._dict]) -> None:
	"""A voucher posted at lock time (`post_stock(at_lock_time=True)`) keeps the moment its rows got."""
	if rows:
		voucher.db_set(
			{"posting_date": rows[0].posting_date, "posting_time": rows[0].posting_time},
			update_modified=False,
		)
