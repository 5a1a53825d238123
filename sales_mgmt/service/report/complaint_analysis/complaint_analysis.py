# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Complaint Analysis: complaints opened in a date range, grouped by category, product, customer or
period (month or quarter of opening), with how fast and how well they were handled.

Per group:
- *Complaints*: complaints opened (`opened_on`) in the range; *Unresolved*: of those, Open or In
  Progress now.
- *Median First Response (Hours)*: the median of (first_response_on − opened_on) in hours over the
  group's complaints that have a first response; *Median Resolution (Hours)*: the same for
  (resolved_on − opened_on) over those resolved (the last resolution of a reopened complaint). The
  median of an even count is the mean of the two middle values (MariaDB's MEDIAN).
- *SLA Breach Rate %*: complaints whose SLA status is Breached ÷ complaints × 100 (an unresolved
  complaint's status is the one stored at its last save or hourly refresh).
- *Average Satisfaction*: the mean survey rating (1–5 stars) of the complaints whose customer answered.
- *Reopen Rate %*: complaints reopened at least once ÷ complaints × 100.

The summary gives the same figures over all complaints of the report. Complaints follow the viewer's
record permissions (the list view's rule) and the salesperson / team filters (the account manager).
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, IfNull, Sum
from frappe.utils import add_days, flt, getdate
from pypika.analytics import Count as WindowCount
from pypika.analytics import RowNumber
from pypika.terms import LiteralValue

from sales_mgmt import reporting
from sales_mgmt.service.sla import BREACHED, SEVERITIES, UNRESOLVED
from sales_mgmt.service.survey import STARS

COMPLAINT = "SM Complaint"
CATEGORY, PRODUCT, CUSTOMER, PERIOD = "Category", "Product", "Customer", "Period"
GROUP_BY = (CATEGORY, PRODUCT, CUSTOMER, PERIOD)
CHART_ROWS = 12

_T = "`tabSM Complaint`"
FIRST_RESPONSE_HOURS = LiteralValue(
	f"timestampdiff(second, {_T}.`opened_on`, {_T}.`first_response_on`) / 3600"
)
RESOLUTION_HOURS = LiteralValue(f"timestampdiff(second, {_T}.`opened_on`, {_T}.`resolved_on`) / 3600")


@reporting.script_report("Complaint Analysis")
def execute(filters=None):
	return ComplaintAnalysis(filters).run()


def rate(part, whole) -> float:
	return flt(100 * flt(part) / whole, 2) if whole else 0.0


class ComplaintAnalysis:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(COMPLAINT, "read", throw=True)
		self.from_date, self.to_date = reporting.date_range(self.filters)
		self.group_by = reporting.choice(self.filters, "group_by", _("Group By"), GROUP_BY, CATEGORY)
		self.period_type = reporting.choice(
			self.filters, "period_type", _("Period"), reporting.PERIOD_TYPES, reporting.MONTH
		)
		self.severity = reporting.choice(self.filters, "severity", _("Severity"), SEVERITIES)
		self.category = reporting.existing(self.filters, "category", "SM Complaint Category")
		self.customer = reporting.existing(self.filters, "customer", "SM Customer")
		self.table = frappe.qb.DocType(COMPLAINT)
		self.criteria = reporting.scope_criteria(self.table, COMPLAINT, self.filters)

	def run(self):
		totals, groups = self.aggregates()
		medians, overall = self.medians()
		data = [self.row(key, values, medians.get(key, {})) for key, values in groups.items()]
		self.label_rows(data)
		if self.group_by != PERIOD:
			data.sort(key=lambda row: (-row.complaints, row.group_label or ""))
		return self.columns(), data, None, self.chart(data), self.summary(totals, overall)

	# --- queries ---------------------------------------------------------------------------------

	def key(self):
		t = self.table
		if self.group_by == PERIOD:
			if self.period_type == reporting.MONTH:
				return LiteralValue(f"year({_T}.`opened_on`) * 100 + month({_T}.`opened_on`)")
			return LiteralValue(f"year({_T}.`opened_on`) * 10 + quarter({_T}.`opened_on`)")
		field = {CATEGORY: t.category, PRODUCT: t.product, CUSTOMER: t.customer}[self.group_by]
		return IfNull(field, "")

	def base(self, *fields, where=None):
		"""A query over the report's complaints (`where`: one more condition; the permission criteria
		come last, as frappe.qb cannot add a condition after a literal one)."""
		t = self.table
		query = (
			frappe.qb.from_(t)
			.select(*fields)
			.where(t.opened_on >= self.from_date)
			.where(t.opened_on < add_days(self.to_date, 1))
		)
		if self.severity:
			query = query.where(t.severity == self.severity)
		if self.category:
			query = query.where(t.category == self.category)
		if self.customer:
			query = query.where(t.customer == self.customer)
		if where is not None:
			query = query.where(where)
		return reporting.apply(query, self.criteria)

	def aggregates(self) -> tuple[frappe._dict, dict]:
		"""Counts and the satisfaction mean per group, and over all (WITH ROLLUP's last row)."""
		t = self.table
		key = self.key()

		def count_if(condition):
			return Sum(Case().when(condition, 1).else_(0))

		fields = [
			key.as_("group_key"),
			Count(t.name).as_("complaints"),
			count_if(t.status.isin(UNRESOLVED)).as_("unresolved"),
			count_if(t.sla_status == BREACHED).as_("breached"),
			count_if(t.reopen_count > 0).as_("reopened"),
			count_if(t.satisfaction > 0).as_("answered"),
			Avg(Case().when(t.satisfaction > 0, t.satisfaction)).as_("satisfaction"),
		]
		rows = self.base(*fields).groupby(key).run(as_dict=True)
		groups = {row.group_key: row for row in rows}
		totals = frappe._dict(
			complaints=sum(r.complaints for r in rows),
			unresolved=sum(r.unresolved for r in rows),
			breached=sum(r.breached for r in rows),
			reopened=sum(r.reopened for r in rows),
			answered=sum(r.answered for r in rows),
		)
		# the mean over all answers: each group's mean weighted by its answers
		totals.satisfaction = (
			sum(flt(r.satisfaction) * r.answered for r in rows) / totals.answered if totals.answered else None
		)
		if self.group_by == PERIOD:
			for start in reporting.period_starts(self.period_type, self.from_date, self.to_date):
				groups.setdefault(
					self.period_key(start),
					frappe._dict(
						complaints=0, unresolved=0, breached=0, reopened=0, answered=0, satisfaction=None
					),
				)
			groups = dict(sorted(groups.items()))
		return totals, groups

	def medians(self) -> tuple[dict, dict]:
		"""{group: {"first_response": h, "resolution": h}} and the same over all complaints.

		Each row is numbered in its group and overall by its hours; a median is the mean of the middle
		row(s) (as MariaDB's MEDIAN, whose window form with DISTINCT takes minutes over tens of thousands
		of groups: its duplicate removal compares every row with every other)."""
		key = self.key()
		out, overall = {}, {}
		middle = "n in (floor((total + 1) / 2), floor(total / 2) + 1)"
		for name, hours, column in (
			("first_response", FIRST_RESPONSE_HOURS, self.table.first_response_on),
			("resolution", RESOLUTION_HOURS, self.table.resolved_on),
		):
			# two queries: MariaDB 10.11 numbers an unpartitioned ROW_NUMBER() in the order of a
			# partitioned one of the same SELECT
			for partition, keyed in ((key, True), (None, False)):
				row_number, count = RowNumber(), WindowCount(LiteralValue("*"))
				if keyed:
					row_number, count = row_number.over(partition), count.over(partition)
				else:
					count = count.over()
				inner = self.base(
					(key if keyed else LiteralValue("''")).as_("group_key"),
					hours.as_("h"),
					row_number.orderby(hours).as_("n"),
					count.as_("total"),
					where=column.isnotnull(),
				)
				rows = frappe.db.sql(
					f"""select group_key, avg(h) as median from ({inner.get_sql()}) x
					where {middle} group by group_key""",
					as_dict=True,
				)
				for row in rows:
					if keyed:
						out.setdefault(row.group_key, {})[name] = flt(row.median, 2)
					else:
						overall[name] = flt(row.median, 2)
		return out, overall

	# --- rows -----------------------------------------------------------------------------------

	def period_key(self, start) -> int:
		start = getdate(start)
		if self.period_type == reporting.MONTH:
			return start.year * 100 + start.month
		return start.year * 10 + (start.month - 1) // 3 + 1

	def row(self, key, values, medians) -> frappe._dict:
		satisfaction = values.satisfaction
		return frappe._dict(
			group_key=key,
			complaints=values.complaints,
			unresolved=int(values.unresolved or 0),
			median_first_response_hours=medians.get("first_response"),
			median_resolution_hours=medians.get("resolution"),
			breached=int(values.breached or 0),
			sla_breach_rate=rate(values.breached, values.complaints),
			answered=int(values.answered or 0),
			average_satisfaction=flt(flt(satisfaction) * STARS, 2) if satisfaction else None,
			reopened=int(values.reopened or 0),
			reopen_rate=rate(values.reopened, values.complaints),
		)

	def label_rows(self, data) -> None:
		keys = [row.group_key for row in data if row.group_key]
		names = {}
		if self.group_by == PRODUCT and keys:
			names = dict(
				frappe.get_all("SM Product", {"name": ("in", keys)}, ["name", "product_name"], as_list=True)
			)
		elif self.group_by == CUSTOMER and keys:
			names = dict(
				frappe.get_all("SM Customer", {"name": ("in", keys)}, ["name", "customer_name"], as_list=True)
			)
		for row in data:
			if self.group_by == PERIOD:
				year, number = divmod(int(row.group_key), 100 if self.period_type == reporting.MONTH else 10)
				row.group_label = reporting.period_label(
					self.period_type, reporting.period_start(self.period_type, year, number)
				)
			elif not row.group_key:
				row.group_label = _("(Not Set)")
			elif self.group_by == CATEGORY:
				row.group_label = _(row.group_key)
			else:
				row.group_label = names.get(row.group_key) or row.group_key

	def columns(self) -> list[dict]:
		label = {CATEGORY: _("Category"), PRODUCT: _("Product"), CUSTOMER: _("Customer"), PERIOD: _("Period")}
		return [
			{"fieldname": "group_label", "label": label[self.group_by], "fieldtype": "Data", "width": 180},
			{"fieldname": "complaints", "label": _("Complaints"), "fieldtype": "Int", "width": 100},
			{"fieldname": "unresolved", "label": _("Unresolved"), "fieldtype": "Int", "width": 100},
			{
				"fieldname": "median_first_response_hours",
				"label": _("Median First Response (Hours)"),
				"fieldtype": "Float",
				"precision": 2,
				"width": 190,
			},
			{
				"fieldname": "median_resolution_hours",
				"label": _("Median Resolution (Hours)"),
				"fieldtype": "Float",
				"precision": 2,
				"width": 170,
			},
			{"fieldname": "breached", "label": _("SLA Breached"), "fieldtype": "Int", "width": 110},
			{
				"fieldname": "sla_breach_rate",
				"label": _("SLA Breach Rate %"),
				"fieldtype": "Percent",
				"width": 130,
			},
			{"fieldname": "answered", "label": _("Surveys Answered"), "fieldtype": "Int", "width": 130},
			{
				"fieldname": "average_satisfaction",
				"label": _("Average Satisfaction"),
				"fieldtype": "Float",
				"precision": 2,
				"width": 150,
			},
			{"fieldname": "reopened", "label": _("Reopened"), "fieldtype": "Int", "width": 90},
			{"fieldname": "reopen_rate", "label": _("Reopen Rate %"), "fieldtype": "Percent", "width": 110},
		]

	def chart(self, data) -> dict | None:
		rows = data if self.group_by == PERIOD else data[:CHART_ROWS]
		if not rows:
			return None
		return {
			"data": {
				"labels": [row.group_label for row in rows],
				"datasets": [{"name": _("Complaints"), "values": [row.complaints for row in rows]}],
			},
			"type": "line" if self.group_by == PERIOD else "bar",
			"colors": ["#E24C4C"],
		}

	def summary(self, totals, overall) -> list[dict]:
		satisfaction = flt(flt(totals.satisfaction) * STARS, 2) if totals.satisfaction else 0
		return [
			{"value": totals.complaints, "label": _("Complaints"), "datatype": "Int", "indicator": "Blue"},
			{
				"value": overall.get("first_response") or 0,
				"label": _("Median First Response (Hours)"),
				"datatype": "Float",
			},
			{
				"value": overall.get("resolution") or 0,
				"label": _("Median Resolution (Hours)"),
				"datatype": "Float",
			},
			{
				"value": rate(totals.breached, totals.complaints),
				"label": _("SLA Breach Rate %"),
				"datatype": "Percent",
				"indicator": "Red" if totals.breached else "Green",
			},
			{
				"value": satisfaction,
				"label": _("Average Satisfaction"),
				"datatype": "Float",
				"indicator": "Green",
			},
			{
				"value": rate(totals.reopened, totals.complaints),
				"label": _("Reopen Rate %"),
				"datatype": "Percent",
			},
		]
