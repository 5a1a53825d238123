# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Activity Analysis: what each salesperson did, per day or per week, by activity type and outcome.

An activity belongs to the day of its start (`activity_date`) and, grouped by week, to the week
(Monday to Sunday) containing that day. Per salesperson and period:

- *Done* = activities with status Done; *Visit*, *Call*, *Meeting*, *Email*, *Demo*, *Other* split the
  done activities by type; *Successful*, *Unsuccessful*, *Follow-up Needed* split them by outcome;
- *Success Rate %* = Successful ÷ Done × 100 (blank without done activities);
- *Planned* = activities still Planned, of which *Overdue* = planned ones whose end (`ends_on`) has
  passed; *Cancelled* = cancelled activities.

Periods without any activity are not listed. The chart is a calendar heatmap of the done activities
per day over the date range (all listed salespeople together). The activities follow the viewer's
record permissions (a rep sees their own, a manager their team) and the salesperson/team filters;
the Activity Type filter narrows every figure to one type.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt, getdate, now_datetime
from pypika.functions import Function

from sales_mgmt import reporting
from sales_mgmt.people.activities import CANCELLED, DONE, PLANNED

ACTIVITY = "SM Activity"
DAY, WEEK = "Day", "Week"
TYPES = ("Visit", "Call", "Meeting", "Email", "Demo", "Other")
OUTCOMES = (("Successful", "successful"), ("Unsuccessful", "unsuccessful"), ("Follow-up Needed", "follow_up"))


@reporting.script_report("Activity Analysis")
def execute(filters=None):
	return ActivityAnalysis(filters).run()


def success_rate(successful: int, done: int) -> float | None:
	return flt(100 * successful / done, 1) if done else None


class ActivityAnalysis:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(ACTIVITY, "read", throw=True)
		self.from_date, self.to_date = reporting.date_range(self.filters)
		self.period = reporting.choice(
			self.filters, "group_by_period", _("Group By Period"), (DAY, WEEK), default=DAY
		)
		self.activity_type = reporting.choice(self.filters, "activity_type", _("Activity Type"), TYPES)
		self.act = frappe.qb.DocType(ACTIVITY)
		self.criteria = reporting.scope_criteria(self.act, ACTIVITY, self.filters)

	def base(self):
		a = self.act
		query = frappe.qb.from_(a).where(a.activity_date[self.from_date : self.to_date])
		if self.activity_type:
			query = query.where(a.activity_type == self.activity_type)
		return reporting.apply(query, self.criteria)

	def period_start(self):
		a = self.act
		if self.period == WEEK:
			# the Monday of the activity's week (WEEKDAY: Monday 0 … Sunday 6)
			return Function("ADDDATE", a.activity_date, Function("WEEKDAY", a.activity_date) * -1)
		return a.activity_date

	def run(self):
		data = self.rows()
		return self.columns(), data, None, self.chart(), self.summary(data)

	def rows(self) -> list[frappe._dict]:
		"""One query: the counts per salesperson and period."""
		a = self.act
		period = self.period_start()

		def count_if(condition):
			return Sum(Case().when(condition, 1).else_(0))

		done = a.status == DONE
		rows = (
			self.base()
			.select(
				a.salesperson,
				period.as_("period"),
				count_if(done).as_("done"),
				*(count_if(done & (a.activity_type == t)).as_(t.lower()) for t in TYPES),
				*(count_if(done & (a.outcome == o)).as_(key) for o, key in OUTCOMES),
				count_if(a.status == PLANNED).as_("planned"),
				count_if((a.status == PLANNED) & (a.ends_on < now_datetime())).as_("overdue"),
				count_if(a.status == CANCELLED).as_("cancelled"),
			)
			.groupby(a.salesperson, period)
			.orderby(period)
			.orderby(a.salesperson)
			.run(as_dict=True)
		)
		names = reporting.salesperson_names(row.salesperson for row in rows)
		counts = ("done", *(t.lower() for t in TYPES), *(k for _o, k in OUTCOMES), "planned", "overdue")
		for row in rows:
			row.salesperson_name = names.get(row.salesperson)
			for key in (*counts, "cancelled"):
				row[key] = int(row[key] or 0)
			row.success_rate = success_rate(row.successful, row.done)
		return rows

	def daily_done(self) -> dict:
		"""{date: done activities that day}, for the heatmap."""
		a = self.act
		return dict(
			self.base()
			.select(a.activity_date, Count(a.name))
			.where(a.status == DONE)
			.groupby(a.activity_date)
			.run()
		)

	def columns(self) -> list[dict]:
		count = {"fieldtype": "Int", "width": 80}
		return [
			*reporting.salesperson_columns(),
			{
				"fieldname": "period",
				"label": _("Week Starting") if self.period == WEEK else _("Day"),
				"fieldtype": "Date",
				"width": 110,
			},
			{"fieldname": "done", "label": _("Done"), **count},
			*({"fieldname": t.lower(), "label": _(t), **count} for t in TYPES),
			*({"fieldname": key, "label": _(o), **count, "width": 110} for o, key in OUTCOMES),
			{"fieldname": "success_rate", "label": _("Success Rate %"), "fieldtype": "Percent", "width": 110},
			{"fieldname": "planned", "label": _("Planned"), **count},
			{"fieldname": "overdue", "label": _("Overdue"), **count},
			{"fieldname": "cancelled", "label": _("Cancelled"), **count},
		]

	def chart(self) -> dict | None:
		"""A calendar heatmap of done activities per day. The desk draws it from `data.dataPoints`
		({"YYYY-MM-DD": count}); the report's JS turns `start`/`end` into dates (frappe-charts needs
		Date objects, which JSON cannot carry)."""
		points = {str(day): count for day, count in self.daily_done().items()}
		if not points:
			return None
		return {
			"type": "heatmap",
			"title": _("Done activities per day"),
			"data": {
				# the query report draws a chart only when it has labels
				"labels": sorted(points),
				"dataPoints": points,
				"start": str(getdate(self.from_date)),
				"end": str(getdate(self.to_date)),
			},
			"countLabel": _("activities"),
			"discreteDomains": 1,
		}

	def summary(self, data) -> list[dict]:
		done = sum(row.done for row in data)
		successful = sum(row.successful for row in data)
		overdue = sum(row.overdue for row in data)
		return [
			{"value": done, "label": _("Done"), "datatype": "Int", "indicator": "Blue"},
			*(
				{"value": sum(row[t.lower()] for row in data), "label": _(t), "datatype": "Int"}
				for t in TYPES
				if t in ("Visit", "Call", "Meeting")
			),
			{"value": successful, "label": _("Successful"), "datatype": "Int", "indicator": "Green"},
			{
				"value": success_rate(successful, done) or 0,
				"label": _("Success Rate %"),
				"datatype": "Percent",
			},
			{
				"value": overdue,
				"label": _("Overdue"),
				"datatype": "Int",
				"indicator": "Red" if overdue else "Green",
			},
		]
