"""New documents made from others (the desk's "Create" buttons, sales_mgmt.api.money): a sales order
from an opportunity; deliveries, invoices and payments from a sales order, for what is left to
deliver, to invoice and to receive."""

import frappe
from frappe.utils import flt, getdate

from sales_mgmt.money.orders import submitted_order
from sales_mgmt.money.receivables import payment_terms
from sales_mgmt.money.terms import due_date


def new_delivery(order_name: str) -> frappe.model.document.Document:
	order = submitted_order(order_name)
	rows = frappe.get_all(
		"SM Sales Order Item",
		filters={"parent": order_name, "parenttype": "SM Sales Order"},
		fields=["name", "product", "product_name", "uom", "qty", "delivered_qty", "rate"],
		order_by="idx",
	)
	doc = frappe.new_doc("SM Delivery")
	doc.update({"sales_order": order_name, "customer": order.customer, "customer_name": order.customer_name})
	doc.update({"salesperson": order.salesperson, "currency": order.currency})
	for row in rows:
		remaining = flt(row.qty) - flt(row.delivered_qty)
		if remaining > 0:
			doc.append(
				"items",
				{
					"sales_order_item": row.name,
					"product": row.product,
					"product_name": row.product_name,
					"uom": row.uom,
					"qty": remaining,
					"rate": row.rate,
					"amount": flt(remaining * flt(row.rate), 2),
				},
			)
	return doc


def new_invoice(order_name: str) -> frappe.model.document.Document:
	order = submitted_order(order_name)
	doc = frappe.new_doc("SM Invoice")
	doc.update(
		{
			"sales_order": order_name,
			"customer": order.customer,
			"customer_name": order.customer_name,
			"salesperson": order.salesperson,
			"currency": order.currency,
			"amount": max(0, flt(flt(order.total) - flt(order.invoiced_amount), 2)),
			"due_date": due_date(payment_terms(order_name), order.received_amount),
		}
	)
	if doc.due_date and getdate(doc.due_date) < getdate():
		doc.due_date = None  # the term is past: due on the invoice date
	return doc


def new_payment(order_name: str) -> frappe.model.document.Document:
	order = submitted_order(order_name)
	unpaid = max(0, flt(flt(order.total) - flt(order.received_amount), 2))
	doc = frappe.new_doc("SM Payment")
	doc.update(
		{
			"customer": order.customer,
			"customer_name": order.customer_name,
			"currency": order.currency,
			"amount": unpaid,
		}
	)
	doc.append(
		"allocations", {"sales_order": order_name, "allocated_amount": unpaid, "order_outstanding": unpaid}
	)
	return doc


def new_sales_order(opportunity_name: str) -> frappe.model.document.Document:
	opportunity = frappe.get_doc("SM Opportunity", opportunity_name)
	doc = frappe.new_doc("SM Sales Order")
	doc.update(
		{
			"customer": opportunity.customer,
			"salesperson": opportunity.salesperson,
			"opportunity": opportunity.name,
			"currency": opportunity.currency,
			"delivery_date": opportunity.expected_close_date,
		}
	)
	for row in opportunity.items:
		if row.product:
			doc.append(
				"items",
				{"product": row.product, "product_name": row.product_name, "qty": row.qty, "rate": row.rate},
			)
	return doc
