"""When a sales order needs approval, and who may give it.

An order needs approval when
- the customer's sales-view outstanding (delivered and not received, over its open receivables) plus
  this order goes over the customer's credit limit (0: no limit), or
- its discount from the products' standard prices is above SM Settings' "Discount Allowed Without
  Approval".

Such an order is submitted only by someone who may approve it: the salesperson's manager (a Sales
Manager above the order's salesperson in the tree), a Business Owner or a System Manager; for an order
that is only over the credit limit, a Finance User too. The default workflow (setup.py) routes orders
to them; the check here holds whatever a consultant turns the workflow into.
"""

import frappe
from frappe import _
from frappe.utils import flt

from sales_mgmt.exceptions import ApprovalRequiredError
from sales_mgmt.money.terms import credit_excess, discount_percent
from sales_mgmt.people.hierarchy import get_ancestors, get_salesperson
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

ALWAYS_APPROVE = frozenset({"System Manager", "Business Owner"})


def customer_outstanding(customer: str, exclude_order: str | None = None) -> float:
	receivable = frappe.qb.DocType("SM Receivable")
	from frappe.query_builder.functions import Coalesce, Sum

	query = (
		frappe.qb.from_(receivable)
		.select(Coalesce(Sum(receivable.sales_outstanding), 0))
		.where(receivable.customer == customer)
		.where(receivable.status == "Open")
	)
	if exclude_order:
		query = query.where(receivable.name != exclude_order)
	return flt(query.run()[0][0], 2)


def set_approval(order) -> None:
	"""Fill the order's approval fields: what it would owe, the limit, the discount, and why."""
	order.customer_outstanding = customer_outstanding(
		order.customer, order.name if not order.is_new() else None
	)
	order.credit_limit = flt(frappe.db.get_value("SM Customer", order.customer, "credit_limit"))
	order.credit_excess = credit_excess(order.customer_outstanding, order.base_total, order.credit_limit)
	order.discount_percent = discount_percent(order.standard_total, order.standard_priced_total)
	allowed = flt(get_settings().max_discount_percent)
	order.credit_exceeded = int(order.credit_excess > 0)
	order.discount_exceeded = int(order.discount_percent > allowed + 1e-9)
	order.needs_approval = int(order.credit_exceeded or order.discount_exceeded)
	reasons = []
	if order.credit_exceeded:
		# the limit and the excess are shown beside it to those who may read credit limits (permlevel 1)
		reasons.append(
			_(
				"Credit limit: the customer owes {0} (delivered, not yet paid); with this order of {1} that is {2}, above the customer's credit limit."
			).format(
				fmt(order.customer_outstanding),
				fmt(order.base_total),
				fmt(order.customer_outstanding + flt(order.base_total)),
			)
		)
	if order.discount_exceeded:
		reasons.append(
			_("Discount: {0}% below the standard prices; up to {1}% needs no approval.").format(
				flt(order.discount_percent, 2), flt(allowed, 2)
			)
		)
	order.approval_reason = "\n".join(reasons) or None


def fmt(amount: float) -> str:
	return frappe.format(flt(amount, 2), {"fieldtype": "Currency"})


def can_approve(order, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	if roles & ALWAYS_APPROVE:
		return True
	if "Finance User" in roles and order.credit_exceeded and not order.discount_exceeded:
		return True
	if "Sales Manager" in roles:
		mine = get_salesperson(user)
		return bool(mine and order.salesperson and mine in get_ancestors(order.salesperson))
	return False


def validate_approver(order) -> None:
	"""Called on submit: an order that needs approval is submitted by an approver, who is recorded."""
	if not order.needs_approval:
		return
	if not can_approve(order):
		who = (
			_("the salesperson's manager or Finance")
			if order.credit_exceeded and not order.discount_exceeded
			else _("the salesperson's manager")
		)
		frappe.throw(
			_("This order needs approval by {0} before it is submitted.").format(who)
			+ "<br>"
			+ "<br>".join(
				frappe.utils.escape_html(line) for line in (order.approval_reason or "").split("\n")
			),
			ApprovalRequiredError,
			title=_("Approval required"),
		)
	order.approved_by = frappe.session.user
