"""What an SM Stock Entry means in stock movements, and the rules its rows follow.

| Entry type | source warehouse | target warehouse | movement                                  |
|------------|------------------|------------------|-------------------------------------------|
| Receipt    | —                | required         | + qty into the target                     |
| Issue      | required         | —                | − qty out of the source (with a purpose)  |
| Transfer   | required         | required, other  | − qty out of the source, + qty into target |
| Adjustment | one of the two   | one of the two   | target: stock found (+), source: stock missing (−) |
"""

import frappe
from frappe import _
from frappe.utils import flt

from sales_mgmt.exceptions import InvalidQuantityError, MissingWarehouseError, SameWarehouseError
from sales_mgmt.goods.stock_ledger import StockMove, qty_precision
from sales_mgmt.user_text import bold

ISSUE = "Issue"
ADJUSTMENT = "Adjustment"
# entry type -> (uses a source warehouse, uses a target warehouse)
WAREHOUSES_USED = {
	"Receipt": (False, True),
	"Issue": (True, False),
	"Transfer": (True, True),
	ADJUSTMENT: (True, True),
}


def default_row_warehouses(entry_type: str, row_from, row_to, default_from, default_to) -> tuple:
	"""The warehouses a row moves stock between once the entry's defaults fill its blanks."""
	uses_from, uses_to = WAREHOUSES_USED[entry_type]
	if entry_type == ADJUSTMENT:
		if row_from or row_to:
			return row_from, row_to
		# an adjustment row goes one way: take a default only when exactly one is set
		if bool(default_from) != bool(default_to):
			return default_from, default_to
		return None, None
	return (
		(row_from or default_from) if uses_from else None,
		(row_to or default_to) if uses_to else None,
	)


def validate_row(entry_type: str, idx: int, product: str, qty: float, from_warehouse, to_warehouse) -> None:
	"""Refuse a row whose quantity or warehouses do not fit the entry type."""
	if flt(qty, qty_precision()) <= 0:
		frappe.throw(
			_("Row {0}: the quantity of {1} must be greater than zero.").format(idx, bold(product)),
			InvalidQuantityError,
			title=_("Invalid quantity"),
		)
	if entry_type == ADJUSTMENT:
		if bool(from_warehouse) == bool(to_warehouse):
			frappe.throw(
				_(
					"Row {0}: an adjustment names exactly one warehouse: a target warehouse for stock found, "
					"or a source warehouse for stock missing."
				).format(idx),
				MissingWarehouseError,
				title=_("Missing warehouse"),
			)
		return
	uses_from, uses_to = WAREHOUSES_USED[entry_type]
	if uses_from and not from_warehouse:
		frappe.throw(
			_("Row {0}: a {1} needs a source warehouse.").format(idx, _(entry_type)),
			MissingWarehouseError,
			title=_("Missing warehouse"),
		)
	if uses_to and not to_warehouse:
		frappe.throw(
			_("Row {0}: a {1} needs a target warehouse.").format(idx, _(entry_type)),
			MissingWarehouseError,
			title=_("Missing warehouse"),
		)
	if from_warehouse and from_warehouse == to_warehouse:
		frappe.throw(
			_("Row {0}: the source and target warehouse are both {1}; transfer to another warehouse.").format(
				idx, bold(from_warehouse)
			),
			SameWarehouseError,
			title=_("Same warehouse"),
		)


def moves_for_entry(entry) -> list[StockMove]:
	"""The stock movements a submitted SM Stock Entry posts, in row order."""
	is_issue = entry.entry_type == ISSUE
	moves = []
	for row in entry.items:
		common = dict(
			product=row.product,
			voucher_detail_no=row.name,
			purpose=entry.purpose if is_issue else None,
			customer=entry.customer if is_issue else None,
			salesperson=entry.salesperson if is_issue else None,
		)
		if row.from_warehouse:
			moves.append(StockMove(warehouse=row.from_warehouse, qty_change=-flt(row.qty), **common))
		if row.to_warehouse:
			moves.append(StockMove(warehouse=row.to_warehouse, qty_change=flt(row.qty), **common))
	return moves
