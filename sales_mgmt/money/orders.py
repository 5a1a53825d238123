"""What deliveries, invoices and payments read of the sales order they post against."""

import frappe
from frappe import _

from sales_mgmt.exceptions import OrderNotOpenError
from sales_mgmt.user_text import bold

ORDER_FIELDS = (
	"name",
	"docstatus",
	"customer",
	"customer_name",
	"salesperson",
	"currency",
	"exchange_rate",
	"total",
	"delivered_amount",
	"invoiced_amount",
	"received_amount",
)


def submitted_order(name: str | None) -> frappe._dict:
	"""Sales order `name` as stored, refused unless it is submitted and not written off."""
	order = frappe.db.get_value("SM Sales Order", name, ORDER_FIELDS, as_dict=True) if name else None
	if not order or order.docstatus != 1:
		frappe.throw(
			_(
				"Sales order {0} is not submitted: only a submitted order can be delivered, invoiced or paid."
			).format(bold(name or _("(empty)"))),
			OrderNotOpenError,
			title=_("Order not submitted"),
		)
	if frappe.db.get_value("SM Receivable", name, "status") == "Written Off":
		frappe.throw(
			_("Sales order {0} has been written off as bad debt; cancel the write-off first.").format(
				bold(name)
			),
			OrderNotOpenError,
			title=_("Written off"),
		)
	return order
