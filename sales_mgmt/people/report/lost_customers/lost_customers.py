# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Lost Customers: customers who bought in the previous comparable period but not in this one and,
on request, active customers nobody has contacted for a number of days.

- Lost: a customer (of the salespeople the viewer may see, within the Salesperson and Team filters,
  by the customer's salesperson) with a submitted sales order dated in the previous comparable period
  (sales_mgmt.people.kpi.previous_period: as many whole months just before when the dates are whole
  months, otherwise as many days just before) and none dated from From Date to To Date. The
  Salesperson KPI's "Lost Customers" counts exactly these.
- No contact (Include Customers Without Contact): an Active customer with no Done activity dated in
  the last N days up to the earlier of To Date and today (N: the No Contact For filter, by default
  SM Settings' Inactive Customer Days).

Each row shows the customer's salesperson, their last submitted order (date, and the base total of
the orders of that day), and their last contact: the Done activity that started last (its date and
type), by anyone.
"""

import datetime

import frappe
from frappe import _
from frappe.utils import cint, flt, get_first_day, get_last_day, getdate, today
from pypika.terms import ExistsCriterion

from sales_mgmt import reporting
from sales_mgmt.people import kpi
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import escape

ACTIVE = "Active"
LOST, NO_CONTACT = "lost", "no_contact"


@reporting.script_report("Lost Customers")
def execute(filters=None):
	return LostCustomers(filters).run()


class LostCustomers:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(kpi.CUSTOMER, "read", throw=True)
		self.from_date, self.to_date = reporting.date_range(
			self.filters, get_first_day(today()), get_last_day(today())
		)
		self.previous_from, self.previous_to = kpi.previous_period(self.from_date, self.to_date)
		self.include_inactive = cint(self.filters.include_inactive)
		days = self.filters.get("inactive_days")
		if days in (None, ""):
			days = get_settings().inactive_customer_days
		if cint(days) < 1 or flt(days) != cint(days):
			reporting.invalid(_("No Contact For must be a whole number of days, at least 1."))
		self.inactive_days = cint(days)
		self.reference_day = min(self.to_date, getdate(today()))
		self.customer = frappe.qb.DocType(kpi.CUSTOMER)
		self.criteria = reporting.scope_criteria(self.customer, kpi.CUSTOMER, self.filters)

	def run(self):
		rows = {row.customer: row for row in self.lost()}
		if self.include_inactive:
			for row in self.without_contact():
				rows.setdefault(row.customer, row).no_contact = 1
		data = sorted(rows.values(), key=lambda row: (-flt(row.get("previous_amount")), row.customer))
		self.add_last_order(data)
		self.add_last_contact(data)
		names = reporting.salesperson_names(row.salesperson for row in data)
		for row in data:
			row.salesperson_name = names.get(row.salesperson) or ""
			row.reason = ", ".join(
				text
				for flag, text in (
					(row.get(LOST), _("No order this period")),
					(row.get(NO_CONTACT), _("No contact")),
				)
				if flag
			)
		return self.columns(), data, self.message(), None, self.summary(data)

	def lost(self) -> list[dict]:
		c = self.customer
		subquery, condition = kpi.lost_customers_subquery(self.from_date, self.to_date)
		query = (
			frappe.qb.from_(c)
			.join(subquery)
			.on(subquery.customer == c.name)
			.select(
				c.name.as_("customer"),
				c.customer_name,
				c.salesperson,
				subquery.previous_orders,
				subquery.previous_amount,
			)
			.where(condition)
		)
		rows = reporting.apply(query, self.criteria).run(as_dict=True)
		for row in rows:
			row[LOST] = 1
			row.previous_amount = flt(row.previous_amount, 2)
		return rows

	def without_contact(self) -> list[dict]:
		c = self.customer
		a = frappe.qb.DocType(kpi.ACTIVITY)
		since = self.reference_day - datetime.timedelta(days=self.inactive_days)
		recent = (
			frappe.qb.from_(a)
			.select(a.name)
			.where(a.customer == c.name)
			.where(a.status == kpi.DONE)
			.where(a.activity_date > since)
		)
		query = (
			frappe.qb.from_(c)
			.select(c.name.as_("customer"), c.customer_name, c.salesperson)
			.where(c.status == ACTIVE)
			.where(ExistsCriterion(recent).negate())
		)
		return reporting.apply(query, self.criteria).run(as_dict=True)

	def add_last_order(self, data) -> None:
		"""The customer's last submitted order date (up to To Date) and the base total of that day's
		orders."""
		if not data:
			return
		rows = frappe.db.sql(
			"""
			select o.customer, o.order_date, sum(o.base_total) as amount
			from `tabSM Sales Order` o
			join (
				select customer, max(order_date) as last_date from `tabSM Sales Order`
				where docstatus = 1 and customer in %(customers)s and order_date <= %(to_date)s
				group by customer
			) last on last.customer = o.customer and last.last_date = o.order_date
			where o.docstatus = 1
			group by o.customer, o.order_date
			""",
			{"customers": [row.customer for row in data], "to_date": self.to_date},
			as_dict=True,
		)
		last = {row.customer: row for row in rows}
		for row in data:
			order = last.get(row.customer)
			row.last_order_date = order.order_date if order else None
			row.last_order_amount = flt(order.amount, 2) if order else None

	def add_last_contact(self, data) -> None:
		"""The Done activity that started last (up to the reference day), by anyone."""
		if not data:
			return
		rows = frappe.db.sql(
			"""
			select a.customer, a.activity_date, a.activity_type, a.starts_on, a.name
			from `tabSM Activity` a
			join (
				select customer, max(starts_on) as last_start from `tabSM Activity`
				where status = 'Done' and customer in %(customers)s and activity_date <= %(day)s
				group by customer
			) last on last.customer = a.customer and last.last_start = a.starts_on
			where a.status = 'Done'
			order by a.name
			""",
			{"customers": [row.customer for row in data], "day": self.reference_day},
			as_dict=True,
		)
		last = {row.customer: row for row in rows}
		for row in data:
			contact = last.get(row.customer)
			row.last_contact_date = contact.activity_date if contact else None
			row.last_contact_type = _(contact.activity_type) if contact else None
			row.days_without_contact = (
				(self.reference_day - getdate(contact.activity_date)).days if contact else None
			)

	def columns(self) -> list[dict]:
		return [
			{"fieldname": "customer", "label": _("Customer"), "fieldtype": "Link", "options": kpi.CUSTOMER, "width": 120},
			{"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": 170},
			*reporting.salesperson_columns(),
			{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 160},
			{"fieldname": "previous_orders", "label": _("Orders in Previous Period"), "fieldtype": "Int", "width": 110},
			{"fieldname": "previous_amount", "label": _("Amount in Previous Period"), "fieldtype": "Currency", "width": 130},
			{"fieldname": "last_order_date", "label": _("Last Order Date"), "fieldtype": "Date", "width": 110},
			{"fieldname": "last_order_amount", "label": _("Last Order Amount"), "fieldtype": "Currency", "width": 130},
			{"fieldname": "last_contact_date", "label": _("Last Contact"), "fieldtype": "Date", "width": 110},
			{"fieldname": "last_contact_type", "label": _("Last Contact Type"), "fieldtype": "Data", "width": 110},
			{"fieldname": "days_without_contact", "label": _("Days Without Contact"), "fieldtype": "Int", "width": 110},
		]  # fmt: skip

	def message(self) -> str:
		text = _(
			"Lost: bought between {0} and {1} (the previous comparable period) but not between {2} and {3}."
		).format(
			frappe.format(self.previous_from, "Date"),
			frappe.format(self.previous_to, "Date"),
			frappe.format(self.from_date, "Date"),
			frappe.format(self.to_date, "Date"),
		)
		if self.include_inactive:
			text += " " + _(
				"No contact: active customers without a Done activity in the {0} days up to {1}."
			).format(self.inactive_days, frappe.format(self.reference_day, "Date"))
		return escape(text)

	def summary(self, data) -> list[dict]:
		lost = [row for row in data if row.get(LOST)]
		return [
			{"value": len(lost), "label": _("Lost Customers"), "datatype": "Int", "indicator": "Red"},
			{
				"value": flt(sum(row.previous_amount for row in lost), 2),
				"label": _("Amount in Previous Period"),
				"datatype": "Currency",
			},
			{
				"value": sum(1 for row in data if row.get(NO_CONTACT)),
				"label": _("No Contact"),
				"datatype": "Int",
				"indicator": "Orange",
			},
		]
