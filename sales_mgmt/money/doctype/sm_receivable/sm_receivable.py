# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class SMReceivable(Document):
	"""Kept by sales_mgmt.money.receivables: no role may create, change or delete one."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bad_debt_amount: DF.Currency
		bad_debt_responsible: DF.Link | None
		bad_debt_write_off: DF.Link | None
		currency: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		days_overdue: DF.Int
		delivered_amount: DF.Currency
		delivered_not_invoiced: DF.Currency
		difference: DF.Currency
		difference_cause: DF.Literal["", "Delivered Not Invoiced", "Invoiced Not Delivered"]
		due_date: DF.Date | None
		exchange_rate: DF.Float
		finance_outstanding: DF.Currency
		invoiced_amount: DF.Currency
		invoiced_not_delivered: DF.Currency
		order_amount: DF.Currency
		order_date: DF.Date | None
		received_amount: DF.Currency
		sales_order: DF.Link
		sales_outstanding: DF.Currency
		salesperson: DF.Link | None
		status: DF.Literal["Open", "Settled", "Written Off"]
		write_off_reason: DF.SmallText | None
	# end: auto-generated types


def on_doctype_update():
	# the Money reports read the open receivables grouped by customer or by salesperson (a manager's:
	# of a list of salespeople): both in index order, without reading the settled ones
	# (benchmarks/README.md, Money)
	frappe.db.add_index("SM Receivable", ["status", "customer"])
	frappe.db.add_index("SM Receivable", ["status", "salesperson"])
