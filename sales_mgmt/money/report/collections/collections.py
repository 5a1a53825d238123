# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Collections (回款): what was received per month or quarter and salesperson, in a date range.

Received = the base-currency amount of submitted payments (SM Payment, by payment date; each at its
own day's exchange rate); allocated = the part allocated to sales orders (at the payment's rate), and
unallocated = received − allocated, the customer's advance not yet set against an order. The
salesperson is the payment's (the customer's salesperson when it was entered). Cancelled and draft
payments are left out. The chart shows every period of the range, also those without collections.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Round, Sum
from frappe.utils import flt, getdate
from pypika.enums import DatePart
from pypika.functions import Extract

from sales_mgmt import reporting

PAYMENT = "SM Payment"


@reporting.script_report("Collections")
def execute(filters=None):
	return Collections(filters).run()


class Collections:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(PAYMENT, "read", throw=True)
		self.from_date, self.to_date = reporting.date_range(
			self.filters, default_from=getdate().replace(month=1, day=1)
		)
		self.period_type = reporting.choice(
			self.filters, "period", _("Period"), reporting.PERIOD_TYPES, reporting.MONTH
		)
		self.customer = reporting.existing(self.filters, "customer", "SM Customer")
		self.payment = frappe.qb.DocType(PAYMENT)
		self.criteria = reporting.scope_criteria(self.payment, PAYMENT, self.filters)

	def run(self):
		data = self.rows()
		return self.columns(), data, None, self.chart(data), self.summary(data)

	def rows(self) -> list[dict]:
		p = self.payment
		part = DatePart.month if self.period_type == reporting.MONTH else DatePart.quarter
		year, number = Extract(DatePart.year, p.payment_date), Extract(part, p.payment_date)
		query = (
			frappe.qb.from_(p)
			.select(
				year.as_("year"),
				number.as_("number"),
				p.salesperson,
				Count(p.name).as_("payment_count"),
				Sum(p.base_amount).as_("received_amount"),
				Sum(Round(p.total_allocated * p.exchange_rate, 2)).as_("allocated_amount"),
			)
			.where(p.docstatus == 1)
			.where(p.payment_date[self.from_date : self.to_date])
			.groupby(year, number, p.salesperson)
		)
		if self.customer:
			query = query.where(p.customer == self.customer)
		rows = reporting.apply(query, self.criteria).run(as_dict=True)
		names = reporting.salesperson_names(row.salesperson for row in rows)
		for row in rows:
			row.period_start = reporting.period_start(self.period_type, row.pop("year"), row.pop("number"))
			row.period = reporting.period_label(self.period_type, row.period_start)
			row.salesperson_name = names.get(row.salesperson) or _("(no salesperson)")
			row.received_amount = flt(row.received_amount, 2)
			row.allocated_amount = flt(row.allocated_amount, 2)
			row.unallocated_amount = flt(row.received_amount - row.allocated_amount, 2)
		return sorted(rows, key=lambda row: (row.period_start, -row.received_amount, row.salesperson_name))

	def columns(self) -> list[dict]:
		return [
			{"fieldname": "period", "label": _("Period"), "fieldtype": "Data", "width": 100},
			{"fieldname": "period_start", "label": _("Period Start"), "fieldtype": "Date", "width": 100},
			*reporting.salesperson_columns(),
			{"fieldname": "payment_count", "label": _("Payments"), "fieldtype": "Int", "width": 90},
			{"fieldname": "received_amount", "label": _("Received"), "fieldtype": "Currency", "width": 130},
			{
				"fieldname": "allocated_amount",
				"label": _("Allocated to Orders"),
				"fieldtype": "Currency",
				"width": 140,
			},
			{
				"fieldname": "unallocated_amount",
				"label": _("Unallocated (Advance)"),
				"fieldtype": "Currency",
				"width": 140,
			},
		]

	def chart(self, data) -> dict:
		starts = reporting.period_starts(self.period_type, self.from_date, self.to_date)
		allocated = dict.fromkeys(starts, 0.0)
		unallocated = dict.fromkeys(starts, 0.0)
		for row in data:
			allocated[row.period_start] += row.allocated_amount
			unallocated[row.period_start] += row.unallocated_amount
		return {
			"data": {
				"labels": [reporting.period_label(self.period_type, start) for start in starts],
				"datasets": [
					{"name": _("Allocated to Orders"), "values": [flt(allocated[s], 2) for s in starts]},
					{"name": _("Unallocated (Advance)"), "values": [flt(unallocated[s], 2) for s in starts]},
				],
			},
			"type": "bar",
			"barOptions": {"stacked": 1},
			"fieldtype": "Currency",
			"colors": ["#48BB74", "#ECAD4B"],
		}

	def summary(self, data) -> list[dict]:
		def total(field):
			return flt(sum(row[field] for row in data), 2)

		return [
			{
				"value": total("received_amount"),
				"label": _("Received"),
				"datatype": "Currency",
				"indicator": "Green",
			},
			{"value": total("allocated_amount"), "label": _("Allocated to Orders"), "datatype": "Currency"},
			{
				"value": total("unallocated_amount"),
				"label": _("Unallocated (Advance)"),
				"datatype": "Currency",
				"indicator": "Orange",
			},
			{"value": sum(row.payment_count for row in data), "label": _("Payments"), "datatype": "Int"},
		]
