# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Receivable Aging: open receivables' outstanding by how many days past its due date it is.

- Days past due = Report Date − the receivable's due date (the earliest payment term not yet paid),
  computed in SQL for the report date (not the stored days overdue, which is today's).
- Ranges "30, 60, 90" (default: SM Settings → Receivable Aging Buckets) give the buckets 0-30,
  31-60, 61-90 and over 90 days. A receivable not yet due (due after the report date) counts in the
  first bucket.
- The outstanding is the receivable's as it stands now, aged as of the report date; orders dated
  after the report date are left out.
- Based On: Sales View ages the sales outstanding (delivered − received), Finance View the finance
  outstanding (invoiced − received). Only open receivables whose outstanding in that view is not zero.
- One row per customer (with its current salesperson) or per salesperson; every row's buckets add
  up to its total, and so do the totals.
"""

import datetime
import itertools

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Round, Sum
from frappe.utils import flt, getdate
from pypika.terms import CustomFunction

from sales_mgmt import reporting
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

RECEIVABLE = "SM Receivable"
SALES_VIEW, FINANCE_VIEW = "Sales View", "Finance View"
BASED_ON = {SALES_VIEW: "sales_outstanding", FINANCE_VIEW: "finance_outstanding"}
CUSTOMER, SALESPERSON = "Customer", "Salesperson"
GROUP_BY = (CUSTOMER, SALESPERSON)
DEFAULT_RANGES = "30, 60, 90"
MAX_RANGES = 10
# MariaDB's DATEDIFF(end, start) in days (pypika's DateDiff takes an interval first)
DAYS_BETWEEN = CustomFunction("DATEDIFF", ["end_date", "start_date"])


@reporting.script_report("Receivable Aging")
def execute(filters=None):
	return ReceivableAging(filters).run()


def parse_ranges(value) -> list[int]:
	"""Bucket upper bounds from text like "30, 60, 90": increasing positive whole numbers of days."""
	text = str(value if value is not None else "").replace("，", ",").strip()
	parts = [part.strip() for part in text.split(",")]
	if (
		not text
		or len(parts) > MAX_RANGES
		or not all(part.isdigit() for part in parts)
		or any(int(part) <= 0 for part in parts)
		or any(int(b) <= int(a) for a, b in itertools.pairwise(parts))
	):
		reporting.invalid(
			_(
				"Aging ranges must be up to {0} increasing whole numbers of days separated by commas, such as 30, 60, 90, not {1}."
			).format(MAX_RANGES, bold(text))
		)
	return [int(part) for part in parts]


def aging_ranges(filters: dict) -> list[int]:
	"""The ranges of the filters, else SM Settings', else 30, 60, 90."""
	return parse_ranges(filters.get("range") or get_settings().aging_ranges or DEFAULT_RANGES)


def bucket_labels(ranges: list[int]) -> list[str]:
	"""["0-30 Days", "31-60 Days", "61-90 Days", "Over 90 Days"] for [30, 60, 90]."""
	lows = [0, *(bound + 1 for bound in ranges[:-1])]
	labels = [_("{0}-{1} Days").format(low, high) for low, high in zip(lows, ranges, strict=True)]
	return [*labels, _("Over {0} Days").format(ranges[-1])]


def bucket_sums(amount, days, ranges: list[int]) -> list:
	"""One SUM per bucket: the first takes everything up to its bound (not yet due too), the last
	everything above the last bound, so the buckets partition the rows."""
	sums = []
	for index, bound in enumerate(ranges):
		condition = days <= bound
		if index:
			condition = (days > ranges[index - 1]) & condition
		sums.append(Sum(Case().when(condition, amount).else_(0)))
	sums.append(Sum(Case().when(days > ranges[-1], amount).else_(0)))
	return [Round(Coalesce(term, 0), 2).as_(f"bucket_{index}") for index, term in enumerate(sums, 1)]


def aging_query(based_on: str, ranges: list[int], report_date: datetime.date, criteria: list):
	"""Open receivables of orders dated up to `report_date` with an outstanding in `based_on`'s view:
	their bucket sums, total and count (select and group what you need on top), and the table."""
	receivable = frappe.qb.DocType(RECEIVABLE)
	amount = receivable[BASED_ON[based_on]]
	days = Coalesce(DAYS_BETWEEN(report_date, receivable.due_date), 0)
	query = (
		frappe.qb.from_(receivable)
		.select(
			*bucket_sums(amount, days, ranges),
			Round(Coalesce(Sum(amount), 0), 2).as_("outstanding"),
			Count(receivable.name).as_("receivable_count"),
		)
		.where(receivable.status == "Open")
		.where(amount != 0)
		.where(receivable.order_date <= report_date)
	)
	return reporting.apply(query, criteria), receivable


class ReceivableAging:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(RECEIVABLE, "read", throw=True)
		self.report_date = reporting.parse_date(self.filters, "report_date", _("Report Date"), getdate())
		self.ranges = aging_ranges(self.filters)
		self.based_on = reporting.choice(self.filters, "based_on", _("Based On"), tuple(BASED_ON), SALES_VIEW)
		self.group_by = reporting.choice(self.filters, "group_by", _("Group By"), GROUP_BY, CUSTOMER)
		self.customer = reporting.existing(self.filters, "customer", "SM Customer")
		self.labels = bucket_labels(self.ranges)
		self.keys = [f"bucket_{index}" for index in range(1, len(self.labels) + 1)]

	def run(self):
		receivable = frappe.qb.DocType(RECEIVABLE)
		criteria = reporting.scope_criteria(receivable, RECEIVABLE, self.filters)
		if self.customer:
			criteria.append(receivable.customer == self.customer)
		query, receivable = aging_query(self.based_on, self.ranges, self.report_date, criteria)
		if self.group_by == CUSTOMER:
			# one row per customer, its name and current salesperson joined in and ordered in SQL (a
			# large site has tens of thousands of customers with open receivables)
			customer = frappe.qb.DocType("SM Customer")
			rows = (
				query.left_join(customer)
				.on(customer.name == receivable.customer)
				.select(receivable.customer, customer.customer_name, customer.salesperson)
				.groupby(receivable.customer)
				.orderby(Sum(receivable[BASED_ON[self.based_on]]), order=frappe.qb.desc)
				.orderby(customer.customer_name)
				.orderby(receivable.customer)
				.run(as_dict=True)
			)
		else:
			rows = query.select(receivable.salesperson).groupby(receivable.salesperson).run(as_dict=True)
		names = reporting.salesperson_names(row.salesperson for row in rows)
		for row in rows:
			row.salesperson_name = names.get(row.salesperson) or _("(no salesperson)")
		if self.group_by == SALESPERSON:
			rows.sort(key=lambda row: (-row.outstanding, row.salesperson_name))
		return self.columns(), rows, self.message(), self.chart(rows), self.summary(rows)

	def columns(self) -> list[dict]:
		columns = []
		if self.group_by == CUSTOMER:
			columns += [
				{
					"fieldname": "customer",
					"label": _("Customer"),
					"fieldtype": "Link",
					"options": "SM Customer",
					"width": 120,
				},
				{
					"fieldname": "customer_name",
					"label": _("Customer Name"),
					"fieldtype": "Data",
					"width": 180,
				},
			]
		columns += [
			*reporting.salesperson_columns(),
			{"fieldname": "receivable_count", "label": _("Orders"), "fieldtype": "Int", "width": 80},
		]
		columns += [
			{"fieldname": key, "label": label, "fieldtype": "Currency", "width": 120}
			for key, label in zip(self.keys, self.labels, strict=True)
		]
		columns.append(
			{"fieldname": "outstanding", "label": _(self.based_on), "fieldtype": "Currency", "width": 130}
		)
		return columns

	def totals(self, rows) -> list[float]:
		return [flt(sum(row[key] for row in rows), 2) for key in self.keys]

	def chart(self, rows) -> dict | None:
		if not rows:
			return None
		return {
			"data": {
				"labels": self.labels,
				"datasets": [{"name": _(self.based_on), "values": self.totals(rows)}],
			},
			"type": "bar",
			"fieldtype": "Currency",
			"colors": ["#E24C4C"],
		}

	def summary(self, rows) -> list[dict]:
		totals = self.totals(rows)
		summary = [
			{"value": total, "label": label, "datatype": "Currency"}
			for total, label in zip(totals, self.labels, strict=True)
		]
		summary.append(
			{
				"value": flt(sum(row.outstanding for row in rows), 2),
				"label": _("Total Outstanding"),
				"datatype": "Currency",
				"indicator": "Blue",
			}
		)
		return summary

	def message(self) -> str:
		return _(
			"Days past the due date as of {0} ({1}); a receivable not yet due counts in the first bucket."
		).format(frappe.format(self.report_date, "Date"), _(self.based_on))
