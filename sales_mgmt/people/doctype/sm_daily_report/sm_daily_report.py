# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, get_datetime, getdate

from sales_mgmt.exceptions import GeneratedFigureError, ReportCommentNotAllowedError
from sales_mgmt.people import daily_report
from sales_mgmt.people.hierarchy import get_salesperson, get_subtree
from sales_mgmt.permissions import ALL_RECORDS_ROLES, MANAGER_ROLE
from sales_mgmt.user_text import bold


class SMDailyReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from sales_mgmt.people.doctype.sm_daily_report_activity.sm_daily_report_activity import (
			SMDailyReportActivity,
		)

		activities_done: DF.Int
		activities_not_done: DF.Int
		activity_log: DF.Table[SMDailyReportActivity]
		calls: DF.Int
		collection_amount: DF.Currency
		contract_amount: DF.Currency
		customers_touched: DF.Int
		deals_lost: DF.Int
		deals_won: DF.Int
		demos: DF.Int
		emails: DF.Int
		expense_amount: DF.Currency
		expenses_submitted: DF.Int
		follow_up_needed: DF.Int
		from_date: DF.Date | None
		generated_on: DF.Datetime | None
		lost_amount: DF.Currency
		manager_comment: DF.SmallText | None
		meetings: DF.Int
		new_leads: DF.Int
		new_opportunities: DF.Int
		orders_signed: DF.Int
		other_activities: DF.Int
		payments_received: DF.Int
		period_type: DF.Literal["Daily", "Weekly", "Monthly"]
		plan_for_next: DF.SmallText | None
		remarks: DF.SmallText | None
		report_date: DF.Date
		salesperson: DF.Link
		salesperson_name: DF.Data | None
		stage_moves: DF.Int
		successful: DF.Int
		tasks_completed: DF.Int
		tasks_overdue: DF.Int
		to_date: DF.Date | None
		unsuccessful: DF.Int
		visits: DF.Int
		won_amount: DF.Currency
	# end: auto-generated types

	def onload(self):
		self.set_onload("is_own", is_own_report(self.salesperson))
		self.set_onload("can_comment", can_comment(self.salesperson))

	def validate(self):
		if self.flags.generated:
			return
		self.refuse_generated_changes()
		self.check_note_authors()

	def refuse_generated_changes(self):
		"""Figures are written by the generator only, through every path (form, REST, scripts)."""
		if self.is_new():
			frappe.throw(
				_(
					"Reports are generated from what was recorded; use Generate Reports instead of creating one."
				),
				GeneratedFigureError,
				title=_("Generated report"),
			)
		before = self.get_doc_before_save()
		changed = [
			field
			for field in daily_report.GENERATED_FIELDS
			if _normalized(self.meta, field, self.get(field))
			!= _normalized(self.meta, field, before.get(field))
		]
		if _log(self) != _log(before):
			changed.append("activity_log")
		if changed:
			frappe.throw(
				_(
					"{0} is generated from records and cannot be changed; regenerate the report instead."
				).format(bold(_(self.meta.get_label(changed[0])))),
				GeneratedFigureError,
				title=_("Generated figure"),
			)

	def check_note_authors(self):
		if (
			self.has_value_changed("plan_for_next") or self.has_value_changed("remarks")
		) and not is_own_report(self.salesperson):
			frappe.throw(
				_("Only the salesperson writes the plan and remarks of their own report."),
				ReportCommentNotAllowedError,
				title=_("Not your report"),
			)
		if self.has_value_changed("manager_comment") and not can_comment(self.salesperson):
			frappe.throw(
				_("Only a manager above {0} may write the manager comment.").format(
					bold(self.salesperson_name)
				),
				ReportCommentNotAllowedError,
				title=_("Not allowed"),
			)


def is_own_report(salesperson: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or (bool(salesperson) and get_salesperson(user) == salesperson)


def can_comment(salesperson: str, user: str | None = None) -> bool:
	"""A manager above `salesperson` (a Sales Manager whose subtree holds them, not themself), a
	Business Owner or a System Manager."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = frappe.get_roles(user)
	if not ALL_RECORDS_ROLES.isdisjoint(roles):
		return True
	own = get_salesperson(user)
	return MANAGER_ROLE in roles and bool(own) and own != salesperson and salesperson in get_subtree(own)


def _normalized(meta, field: str, value):
	fieldtype = meta.get_field(field).fieldtype
	if fieldtype == "Int":
		return cint(value)
	if fieldtype == "Currency":
		return flt(value, 2)
	if fieldtype == "Date":
		return getdate(value) if value else None
	if fieldtype == "Datetime":
		return get_datetime(value).replace(microsecond=0) if value else None
	return value or None


def _log(doc) -> list[tuple]:
	meta = frappe.get_meta("SM Daily Report Activity")
	return [
		tuple(_normalized(meta, field, row.get(field)) for field in daily_report.LOG_FIELDS)
		for row in doc.get("activity_log")
	]


def on_doctype_update():
	# one report per salesperson, period and first day, also under concurrent generation
	frappe.db.add_unique("SM Daily Report", ["salesperson", "period_type", "report_date"], "unique_report")
