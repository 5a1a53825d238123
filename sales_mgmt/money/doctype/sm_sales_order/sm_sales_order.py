# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_mgmt.deals.exchange_rates import require_exchange_rate
from sales_mgmt.deals.ownership import customer_readable, default_salesperson, validate_enabled_salesperson
from sales_mgmt.deals.stages import LOST, WON, get_stages
from sales_mgmt.exceptions import InvalidAmountError, LinkedPostingsError, PaymentTermsError
from sales_mgmt.money.approval import set_approval, validate_approver
from sales_mgmt.money.receivables import create_receivable, lock_orders, remove_receivable
from sales_mgmt.money.terms import Term, resolve_terms, terms_total
from sales_mgmt.permissions import validate_assignment
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold


class SMSalesOrder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from sales_mgmt.money.doctype.sm_payment_term.sm_payment_term import SMPaymentTerm
		from sales_mgmt.money.doctype.sm_sales_order_item.sm_sales_order_item import SMSalesOrderItem

		amended_from: DF.Link | None
		approval_reason: DF.SmallText | None
		approved_by: DF.Link | None
		base_total: DF.Currency
		billing_status: DF.Literal["Not Billed", "Partly Billed", "Fully Billed"]
		credit_exceeded: DF.Check
		credit_excess: DF.Currency
		credit_limit: DF.Currency
		currency: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		customer_outstanding: DF.Currency
		delivered_amount: DF.Currency
		delivery_date: DF.Date | None
		delivery_status: DF.Literal["Not Delivered", "Partly Delivered", "Fully Delivered"]
		discount_exceeded: DF.Check
		discount_percent: DF.Percent
		exchange_rate: DF.Float
		gross_profit: DF.Currency
		invoiced_amount: DF.Currency
		items: DF.Table[SMSalesOrderItem]
		margin_percent: DF.Percent
		needs_approval: DF.Check
		opportunity: DF.Link | None
		order_date: DF.Date
		payment_status: DF.Literal["Unpaid", "Partly Paid", "Paid"]
		payment_terms: DF.Table[SMPaymentTerm]
		received_amount: DF.Currency
		remarks: DF.Text | None
		salesperson: DF.Link | None
		standard_total: DF.Currency
		total: DF.Currency
		total_cost: DF.Currency
	# end: auto-generated types

	def before_validate(self):
		self.set_missing_values()

	def validate(self):
		self.validate_opportunity()
		self.set_exchange_rate()
		self.set_item_values()
		self.set_totals()
		self.set_payment_terms()
		set_approval(self)
		validate_enabled_salesperson(self)
		validate_assignment(self)

	def before_submit(self):
		validate_approver(self)

	def on_submit(self):
		create_receivable(self)
		self.mark_opportunity_won()

	def before_cancel(self):
		self.validate_no_postings()

	def on_cancel(self):
		remove_receivable(self.name)

	def set_missing_values(self):
		if not self.salesperson:
			self.salesperson = default_salesperson(self, customer_readable(self))
		if not self.currency:
			self.currency = get_settings().base_currency
		if not self.order_date:
			self.order_date = getdate()

	def validate_opportunity(self):
		if not self.opportunity:
			return
		customer, status = frappe.db.get_value(
			"SM Opportunity", self.opportunity, ["customer", "status"]
		) or (
			None,
			None,
		)
		if customer != self.customer:
			frappe.throw(
				_("Opportunity {0} is not a deal of this customer.").format(bold(self.opportunity)),
				frappe.ValidationError,
				title=_("Wrong opportunity"),
			)
		if status == LOST:
			frappe.throw(
				_("Opportunity {0} is closed as Lost; a Sales Manager can reopen it first.").format(
					bold(self.opportunity)
				),
				frappe.ValidationError,
				title=_("Lost opportunity"),
			)

	def set_exchange_rate(self):
		"""The rate of the order date, looked up on every save of a draft (a submitted order keeps it)."""
		self.exchange_rate = require_exchange_rate(
			self.currency, get_settings().base_currency, self.order_date
		)

	def set_item_values(self):
		products = {
			row.name: row
			for row in frappe.get_all(
				"SM Product",
				filters={"name": ("in", [row.product for row in self.items if row.product])},
				fields=["name", "standard_price", "cost_price", "enabled"],
			)
		}
		if not self.items:
			frappe.throw(_("Add at least one item."), frappe.MandatoryError, title=_("No items"))
		for row in self.items:
			if flt(row.qty) <= 0:
				frappe.throw(
					_("Row {0}: the quantity must be greater than 0.").format(row.idx),
					InvalidAmountError,
					title=_("Invalid quantity"),
				)
			if flt(row.rate) < 0:
				frappe.throw(
					_("Row {0}: the rate cannot be negative.").format(row.idx),
					InvalidAmountError,
					title=_("Invalid rate"),
				)
			product = products.get(row.product)
			if product and not product.enabled and (self.is_new() or row.is_new()):
				frappe.throw(
					_("Row {0}: product {1} is disabled.").format(row.idx, bold(row.product)),
					frappe.ValidationError,
					title=_("Disabled product"),
				)
			row.amount = flt(flt(row.qty) * flt(row.rate), row.precision("amount"))
			row.standard_rate = flt(product.standard_price) if product else 0
			row.cost_rate = flt(product.cost_price) if product else 0
			row.cost_amount = flt(flt(row.qty) * flt(row.cost_rate), row.precision("cost_amount"))

	def set_totals(self):
		rate = flt(self.exchange_rate)
		self.total = flt(sum(flt(row.amount) for row in self.items), self.precision("total"))
		if self.total <= 0:
			frappe.throw(
				_("The order total must be greater than 0."), InvalidAmountError, title=_("Invalid amount")
			)
		self.base_total = flt(self.total * rate, self.precision("base_total"))
		priced = [row for row in self.items if flt(row.standard_rate) > 0]
		self.standard_total = flt(sum(flt(row.qty) * flt(row.standard_rate) for row in priced), 2)
		self.standard_priced_total = flt(sum(flt(row.amount) * rate for row in priced), 2)
		self.total_cost = flt(sum(flt(row.cost_amount) for row in self.items), self.precision("total_cost"))
		self.gross_profit = flt(self.base_total - self.total_cost, self.precision("gross_profit"))
		self.margin_percent = flt(100 * self.gross_profit / self.base_total, 2) if self.base_total else 0

	def set_payment_terms(self):
		"""No terms: the whole total is due on the delivery date (or the order date). Terms given by
		portion or amount must add up to the total."""
		if not self.payment_terms:
			self.append(
				"payment_terms",
				{
					"due_date": self.delivery_date or self.order_date,
					"portion": 100,
					"description": _("Full amount"),
				},
			)
		for row in self.payment_terms:
			if flt(row.portion) < 0 or flt(row.amount) < 0 or not (flt(row.portion) or flt(row.amount)):
				frappe.throw(
					_("Payment term {0}: enter a portion or an amount greater than 0.").format(row.idx),
					PaymentTermsError,
					title=_("Invalid payment terms"),
				)
			if row.due_date and getdate(row.due_date) < getdate(self.order_date):
				frappe.throw(
					_("Payment term {0}: the due date {1} is before the order date.").format(
						row.idx, frappe.format(row.due_date, "Date")
					),
					PaymentTermsError,
					title=_("Invalid payment terms"),
				)
		before = {
			row.name: row for row in (self.get_doc_before_save() or frappe._dict()).get("payment_terms") or []
		}
		terms = resolve_terms(
			[
				Term(row.due_date, 0, row.amount)
				if by_amount(row, before.get(row.name))
				else Term(row.due_date, row.portion, 0)
				for row in self.payment_terms
			],
			self.total,
			self.precision("total"),
		)
		for row, term in zip(self.payment_terms, terms, strict=True):
			row.portion, row.amount = term.portion, term.amount
		if abs(terms_total(terms) - self.total) > 0.005:
			frappe.throw(
				_("The payment terms add up to {0}, but the order total is {1}.").format(
					frappe.format(terms_total(terms), {"fieldtype": "Currency", "options": self.currency}),
					frappe.format(self.total, {"fieldtype": "Currency", "options": self.currency}),
				),
				PaymentTermsError,
				title=_("Invalid payment terms"),
			)

	def mark_opportunity_won(self):
		if not self.opportunity:
			return
		opportunity = frappe.get_doc("SM Opportunity", self.opportunity)
		if opportunity.status == WON:
			return
		won = [stage for stage in get_stages(enabled_only=True) if stage.stage_type == WON]
		if not won:
			return
		opportunity.stage = won[0].name
		opportunity.flags.ignore_permissions = True
		opportunity.save()
		opportunity.add_comment(
			"Info",
			_("Won with sales order {0}.").format(frappe.utils.get_link_to_form(self.doctype, self.name)),
		)

	def validate_no_postings(self):
		"""Deliveries, invoices and payments are cancelled before their order (checked under the
		receivable's lock, so none can be posted meanwhile)."""
		lock_orders([self.name], allow_written_off=True)
		postings = []
		for doctype, field, parent in (
			("SM Delivery", "sales_order", None),
			("SM Invoice", "sales_order", None),
			("SM Payment Allocation", "sales_order", "SM Payment"),
		):
			if parent:
				names = frappe.get_all(
					parent,
					filters=[[doctype, field, "=", self.name], [parent, "docstatus", "=", 1]],
					pluck="name",
					distinct=True,
					ignore_permissions=True,
				)
				postings += [(parent, name) for name in names]
			else:
				names = frappe.get_all(
					doctype, filters={field: self.name, "docstatus": 1}, pluck="name", ignore_permissions=True
				)
				postings += [(doctype, name) for name in names]
		if frappe.db.get_value("SM Receivable", self.name, "status") == "Written Off":
			postings.append(
				(
					"SM Bad Debt Write Off",
					frappe.db.get_value("SM Receivable", self.name, "bad_debt_write_off"),
				)
			)
		if postings:
			frappe.throw(
				_("Cancel these first: {0}").format(
					", ".join(f"{_(dt)} {bold(name)}" for dt, name in postings)
				),
				LinkedPostingsError,
				title=_("Sales order has postings"),
			)


def by_amount(row, before) -> bool:
	"""Whether a payment term is given by its amount (else by its portion of the total): a new row by
	whichever was entered (the portion when both), a saved row by whichever was changed; a row left
	as it was keeps its portion, so its amount follows a changed total."""
	if not before:
		return not flt(row.portion) and bool(flt(row.amount))
	if flt(row.portion) != flt(before.portion):
		return False
	return flt(row.amount) != flt(before.amount)


def on_doctype_update():
	# a customer's submitted orders by date: new customers (an earlier order?) and lost customers
	# (Salesperson KPI, Lost Customers) read them from this index alone
	frappe.db.add_index(
		"SM Sales Order", ["customer", "docstatus", "order_date"], "customer_docstatus_order_date_index"
	)
