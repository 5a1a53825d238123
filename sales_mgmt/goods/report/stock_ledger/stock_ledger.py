# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Stock Ledger: every stock movement in time order, with the balance of its product in its
warehouse after it (Balance Quantity is the ledger's running balance, `qty_after`).

- Dates default to the current month up to today; filter by product, warehouse and voucher.
- With both a product and a warehouse, the first row is the opening balance before From Date.
- A cancelled voucher's movements and the movements reversing them are flagged Cancelled; "Hide
  Cancelled" leaves both out.
- The customer column is shown only to users who may read it (warehouse, finance, owner).
- Movements follow the visibility of their vouchers: sales users and managers see the hand-outs of
  their part of the hierarchy. Balances (Balance Quantity, the opening balance) are the warehouse's,
  company-wide, as in Stock Balance.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Sum
from frappe.utils import cint, flt, get_datetime

from sales_mgmt.field_security import can_read
from sales_mgmt.reporting import date_range, existing, scope_criteria, script_report

LEDGER = "SM Stock Ledger Entry"


@script_report("Stock Ledger")
def execute(filters=None):
	return StockLedger(filters).run()


class StockLedger:
	def __init__(self, filters=None):
		filters = frappe._dict(filters or {})
		frappe.has_permission(LEDGER, "read", throw=True)
		self.from_date, self.to_date = date_range(filters)
		self.product = existing(filters, "product", "SM Product")
		self.warehouse = existing(filters, "warehouse", "SM Warehouse")
		self.voucher_no = (filters.voucher_no or "").strip() or None
		self.hide_cancelled = cint(filters.hide_cancelled)
		self.show_customer = can_read(LEDGER, "customer")
		self.ledger = frappe.qb.DocType(LEDGER)
		# the movements the viewer may see: the rule of the vouchers (sales_mgmt.permissions)
		self.scope = scope_criteria(self.ledger, LEDGER)

	def run(self):
		data = self.get_movements()
		opening = self.get_opening()
		if opening is not None:
			data.insert(0, opening)
		daily = self.get_daily_totals()
		return self.get_columns(), data, None, self.get_chart(daily), self.get_summary(daily)

	def conditions(self):
		ledger = self.ledger
		condition = ledger.posting_date.between(self.from_date, self.to_date)
		if self.product:
			condition &= ledger.product == self.product
		if self.warehouse:
			condition &= ledger.warehouse == self.warehouse
		if self.voucher_no:
			condition &= ledger.voucher_no == self.voucher_no
		if self.hide_cancelled:
			condition &= ledger.is_cancelled == 0
		for criterion in self.scope:
			condition &= criterion
		return condition

	def get_movements(self) -> list[dict]:
		ledger = self.ledger
		product = frappe.qb.DocType("SM Product")
		query = (
			frappe.qb.from_(ledger)
			.left_join(product)
			.on(product.name == ledger.product)
			.select(
				ledger.posting_datetime,
				ledger.product,
				product.product_name,
				ledger.warehouse,
				Case().when(ledger.qty_change > 0, ledger.qty_change).else_(0).as_("qty_in"),
				Case().when(ledger.qty_change < 0, -ledger.qty_change).else_(0).as_("qty_out"),
				ledger.qty_after,
				ledger.voucher_type,
				ledger.voucher_no,
				ledger.purpose,
				ledger.salesperson,
				ledger.is_cancelled,
			)
			.where(self.conditions())
			.orderby(ledger.posting_datetime)
			.orderby(ledger.name)
		)
		if self.show_customer:
			query = query.select(ledger.customer)
		return query.run(as_dict=True)

	def get_opening(self) -> dict | None:
		"""Balance of the filtered product in the filtered warehouse before From Date."""
		if not (self.product and self.warehouse) or self.voucher_no:
			return None
		ledger = self.ledger
		opening = (
			frappe.qb.from_(ledger)
			.select(Coalesce(Sum(ledger.qty_change), 0))
			.where(
				(ledger.product == self.product)
				& (ledger.warehouse == self.warehouse)
				& (ledger.posting_datetime < get_datetime(self.from_date))
			)
		).run()[0][0]
		return {
			"posting_datetime": get_datetime(self.from_date),
			"product": self.product,
			"product_name": _("Opening"),
			"warehouse": self.warehouse,
			"qty_after": flt(opening),
			"is_opening": 1,
		}

	def get_daily_totals(self) -> list[dict]:
		ledger = self.ledger
		return (
			frappe.qb.from_(ledger)
			.select(
				ledger.posting_date,
				Count(ledger.name).as_("movements"),
				Sum(Case().when(ledger.qty_change > 0, ledger.qty_change).else_(0)).as_("qty_in"),
				Sum(Case().when(ledger.qty_change < 0, -ledger.qty_change).else_(0)).as_("qty_out"),
			)
			.where(self.conditions())
			.groupby(ledger.posting_date)
			.orderby(ledger.posting_date)
		).run(as_dict=True)

	def get_columns(self) -> list[dict]:
		columns = [
			{
				"label": _("Posting Date"),
				"fieldname": "posting_datetime",
				"fieldtype": "Datetime",
				"width": 160,
			},
			{
				"label": _("Product"),
				"fieldname": "product",
				"fieldtype": "Link",
				"options": "SM Product",
				"width": 120,
			},
			{"label": _("Product Name"), "fieldname": "product_name", "fieldtype": "Data", "width": 160},
			{
				"label": _("Warehouse"),
				"fieldname": "warehouse",
				"fieldtype": "Link",
				"options": "SM Warehouse",
				"width": 120,
			},
			{"label": _("In"), "fieldname": "qty_in", "fieldtype": "Float", "width": 90},
			{"label": _("Out"), "fieldname": "qty_out", "fieldtype": "Float", "width": 90},
			{"label": _("Balance Quantity"), "fieldname": "qty_after", "fieldtype": "Float", "width": 120},
			{
				"label": _("Voucher Type"),
				"fieldname": "voucher_type",
				"fieldtype": "Data",
				"width": 120,
			},
			{
				"label": _("Voucher No"),
				"fieldname": "voucher_no",
				"fieldtype": "Dynamic Link",
				"options": "voucher_type",
				"width": 150,
			},
			{"label": _("Purpose"), "fieldname": "purpose", "fieldtype": "Select", "width": 110},
			{
				"label": _("Salesperson"),
				"fieldname": "salesperson",
				"fieldtype": "Link",
				"options": "SM Salesperson",
				"width": 120,
			},
		]
		if self.show_customer:
			columns.append(
				{
					"label": _("Customer"),
					"fieldname": "customer",
					"fieldtype": "Link",
					"options": "SM Customer",
					"width": 120,
					"source": f"{LEDGER}.customer",
				}
			)
		columns.append(
			{"label": _("Cancelled"), "fieldname": "is_cancelled", "fieldtype": "Check", "width": 80}
		)
		return columns

	def get_chart(self, daily: list[dict]) -> dict | None:
		if not daily:
			return None
		return {
			"data": {
				"labels": [str(row.posting_date) for row in daily],
				"datasets": [
					{"name": _("In"), "values": [flt(row.qty_in) for row in daily]},
					{"name": _("Out"), "values": [flt(row.qty_out) for row in daily]},
				],
			},
			"type": "bar",
			"colors": ["#48BB74", "#F56B6B"],
		}

	def get_summary(self, daily: list[dict]) -> list[dict]:
		qty_in = sum(flt(row.qty_in) for row in daily)
		qty_out = sum(flt(row.qty_out) for row in daily)
		return [
			{"label": _("Movements"), "value": sum(row.movements for row in daily), "datatype": "Int"},
			{"label": _("Quantity In"), "value": qty_in, "datatype": "Float", "indicator": "Green"},
			{"label": _("Quantity Out"), "value": qty_out, "datatype": "Float", "indicator": "Red"},
			{"label": _("Net Change"), "value": qty_in - qty_out, "datatype": "Float", "indicator": "Blue"},
		]
