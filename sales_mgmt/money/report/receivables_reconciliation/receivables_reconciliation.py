# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Receivables Reconciliation: what sales and finance each say a customer owes, and why they differ.

Read from SM Receivable (one per submitted sales order, amounts in base currency at the order's rate):
- sales view outstanding = delivered − received; finance view outstanding = invoiced − received;
- difference = sales − finance = delivered not invoiced − invoiced not delivered.
Per customer, delivered-not-invoiced and invoiced-not-delivered are the sums over its orders of each
order's part, so a customer can have both (one order shipped ahead of its invoice, another invoiced
ahead of its delivery), and sales − finance = delivered not invoiced − invoiced not delivered always.

Only open receivables unless "Include Settled" is ticked (then settled and written-off ones too; a
written-off receivable has no outstanding and no difference). Group by Customer (one row per customer,
its current salesperson; the order count opens the customer's orders) or Sales Order (one row per
order). A salesperson filter stands for their team; the viewer sees the receivables their rule allows.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Round, Sum
from frappe.utils import cint, flt

from sales_mgmt import reporting

RECEIVABLE = "SM Receivable"
CUSTOMER, SALES_ORDER = "Customer", "Sales Order"
GROUP_BY = (CUSTOMER, SALES_ORDER)
OPEN = "Open"
AMOUNTS = (
	"order_amount",
	"delivered_amount",
	"invoiced_amount",
	"received_amount",
	"sales_outstanding",
	"finance_outstanding",
	"difference",
	"delivered_not_invoiced",
	"invoiced_not_delivered",
)


@reporting.script_report("Receivables Reconciliation")
def execute(filters=None):
	return ReceivablesReconciliation(filters).run()


class ReceivablesReconciliation:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(RECEIVABLE, "read", throw=True)
		self.group_by = reporting.choice(self.filters, "group_by", _("Group By"), GROUP_BY, CUSTOMER)
		self.customer = reporting.existing(self.filters, "customer", "SM Customer")
		self.include_settled = cint(self.filters.include_settled)
		self.receivable = frappe.qb.DocType(RECEIVABLE)
		self.criteria = reporting.scope_criteria(self.receivable, RECEIVABLE, self.filters)

	def run(self):
		data = self.by_customer() if self.group_by == CUSTOMER else self.by_order()
		return self.columns(), data, None, self.chart(data), self.summary(data)

	def query(self):
		r = self.receivable
		query = frappe.qb.from_(r)
		if not self.include_settled:
			query = query.where(r.status == OPEN)
		if self.customer:
			query = query.where(r.customer == self.customer)
		return reporting.apply(query, self.criteria)

	def by_customer(self) -> list[dict]:
		"""One row per customer, with its name and current salesperson joined in, amounts rounded and
		rows ordered in SQL (a large site has tens of thousands of customers with open receivables)."""
		r = self.receivable
		customer = frappe.qb.DocType("SM Customer")
		rows = (
			self.query()
			.left_join(customer)
			.on(customer.name == r.customer)
			.select(
				r.customer,
				customer.customer_name,
				customer.salesperson,
				Count(r.name).as_("order_count"),
				*(Round(Sum(r[f]), 2).as_(f) for f in AMOUNTS),
			)
			.groupby(r.customer)
			.orderby(Sum(r.sales_outstanding), order=frappe.qb.desc)
			.orderby(customer.customer_name)
			.orderby(r.customer)
			.run(as_dict=True)
		)
		names = reporting.salesperson_names(row.salesperson for row in rows)
		for row in rows:
			row.salesperson_name = names.get(row.salesperson)
		return rows

	def by_order(self) -> list[dict]:
		r = self.receivable
		rows = (
			self.query()
			.select(
				r.sales_order,
				r.order_date,
				r.customer,
				r.customer_name,
				r.salesperson,
				r.status,
				r.currency,
				r.due_date,
				*(r[f] for f in AMOUNTS),
			)
			.orderby(r.customer_name)
			.orderby(r.order_date)
			.orderby(r.sales_order)
			.run(as_dict=True)
		)
		names = reporting.salesperson_names(row.salesperson for row in rows)
		for row in rows:
			row.salesperson_name = names.get(row.salesperson)
			row.order_count = 1
		return rows

	def columns(self) -> list[dict]:
		if self.group_by == CUSTOMER:
			columns = [
				link("customer", _("Customer"), "SM Customer", 120),
				data("customer_name", _("Customer Name"), 180),
				link("salesperson", _("Salesperson"), "SM Salesperson", 110),
				data("salesperson_name", _("Salesperson Name"), 120),
				{"fieldname": "order_count", "label": _("Orders"), "fieldtype": "Int", "width": 80},
			]
		else:
			columns = [
				link("sales_order", _("Sales Order"), "SM Sales Order", 140),
				{"fieldname": "order_date", "label": _("Order Date"), "fieldtype": "Date", "width": 100},
				link("customer", _("Customer"), "SM Customer", 120),
				data("customer_name", _("Customer Name"), 160),
				link("salesperson", _("Salesperson"), "SM Salesperson", 110),
				data("salesperson_name", _("Salesperson Name"), 120),
				{
					"fieldname": "status",
					"label": _("Status"),
					"fieldtype": "Select",
					"options": "Open\nSettled\nWritten Off",
					"width": 90,
				},
				# text, not a link: the desk checks each linked DocType against the viewer (Currency: not all read it)
				data("currency", _("Currency"), 70),
				{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
			]
		labels = {
			"order_amount": _("Order Amount"),
			"delivered_amount": _("Delivered Amount"),
			"invoiced_amount": _("Invoiced Amount"),
			"received_amount": _("Received Amount"),
			"sales_outstanding": _("Sales View Outstanding"),
			"finance_outstanding": _("Finance View Outstanding"),
			"difference": _("Difference"),
			"delivered_not_invoiced": _("Delivered Not Invoiced"),
			"invoiced_not_delivered": _("Invoiced Not Delivered"),
		}
		return columns + [
			{"fieldname": field, "label": labels[field], "fieldtype": "Currency", "width": 130}
			for field in AMOUNTS
		]

	def totals(self, data) -> dict[str, float]:
		return {field: flt(sum(row[field] for row in data), 2) for field in AMOUNTS}

	def chart(self, data) -> dict | None:
		if not data:
			return None
		total = self.totals(data)
		return {
			"data": {
				"labels": [
					_("Sales View Outstanding"),
					_("Finance View Outstanding"),
					_("Delivered Not Invoiced"),
					_("Invoiced Not Delivered"),
				],
				"datasets": [
					{
						"name": _("Amount"),
						"values": [
							total["sales_outstanding"],
							total["finance_outstanding"],
							total["delivered_not_invoiced"],
							total["invoiced_not_delivered"],
						],
					}
				],
			},
			"type": "bar",
			"fieldtype": "Currency",
			"colors": ["#449CF0"],
		}

	def summary(self, data) -> list[dict]:
		total = self.totals(data)
		return [
			{
				"value": total["sales_outstanding"],
				"label": _("Sales View Outstanding"),
				"datatype": "Currency",
				"indicator": "Blue",
			},
			{
				"value": total["finance_outstanding"],
				"label": _("Finance View Outstanding"),
				"datatype": "Currency",
				"indicator": "Blue",
			},
			{
				"value": total["difference"],
				"label": _("Difference"),
				"datatype": "Currency",
				"indicator": "Orange" if abs(total["difference"]) > 0.005 else "Green",
			},
			{
				"value": total["delivered_not_invoiced"],
				"label": _("Delivered Not Invoiced"),
				"datatype": "Currency",
			},
			{
				"value": total["invoiced_not_delivered"],
				"label": _("Invoiced Not Delivered"),
				"datatype": "Currency",
			},
			{"value": sum(row.order_count for row in data), "label": _("Orders"), "datatype": "Int"},
		]


def link(fieldname: str, label: str, options: str, width: int) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": "Link", "options": options, "width": width}


def data(fieldname: str, label: str, width: int) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": "Data", "width": width}
