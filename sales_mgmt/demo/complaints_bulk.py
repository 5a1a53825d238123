"""The demo service plan (`sales_mgmt.demo.complaints`) written with bulk SQL, for the benchmark data
set.

One pass over the plan's events in time order computes what the controllers would write: the
complaint's own rules (`sales_mgmt.service.complaints.track_status`'s times and reopen count, the due
times from the severity's targets, `sla.sla_status` at each save, a survey issued at each resolution
without an answer and withdrawn at a reopening, `survey.make_token` for its hash) applied to the row
kept in memory, and the survey answer as `survey.submit` writes it (as the guest). Not written: the
Notification Logs of new urgent and resolved complaints, the complaints' Version history and the
survey answers' timeline comments (the controllers write them; nothing the benchmarks read depends on
them). All of it is one transaction; test_demo_complaints checks the rows equal what the controllers
write.
"""

import secrets
import time
from collections.abc import Callable

import frappe
from frappe.utils import add_days, get_datetime

from sales_mgmt.demo.complaints import (
	COMPLAINT,
	PROGRESS_KEY,
	AnswerPlan,
	ComplaintPlan,
	Progress,
	ServicePlan,
	StepPlan,
)
from sales_mgmt.demo.money_bulk import insert_rows
from sales_mgmt.demo.series import current_series, finish_bulk_load, replay
from sales_mgmt.service import sla, survey
from sales_mgmt.service.setup import CLOSE, REOPEN, RESOLVE, START
from sales_mgmt.user_text import escape

TARGET_STATUS = {START: sla.IN_PROGRESS, RESOLVE: sla.RESOLVED, CLOSE: sla.CLOSED, REOPEN: sla.IN_PROGRESS}


def bulk_insert_complaints(
	plan: ServicePlan,
	progress: Progress = None,
	log: Callable[[str], None] | None = None,
	categories: dict[str, str] | None = None,
) -> int:
	"""Write every complaint of `plan` as its events leave it, in one transaction; return how many
	events. `categories`: the record of each category (default: its name)."""
	log = log or (lambda message: None)
	started = time.monotonic()
	writer = BulkComplaints(plan, categories)
	replay(plan.events, writer.apply, progress, every=20_000)
	log(f"complaints: {len(writer.rows):,} complaints computed in {time.monotonic() - started:.0f} s")
	started = time.monotonic()
	insert_rows(COMPLAINT, list(writer.rows.values()))
	finish_bulk_load(PROGRESS_KEY, len(plan.events), (COMPLAINT,), writer.series)
	log(f"complaints: written in {time.monotonic() - started:.0f} s")
	return len(plan.events)


class BulkComplaints:
	def __init__(self, plan: ServicePlan, categories: dict[str, str] | None = None):
		from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings

		self.settings = get_settings()
		self.categories = categories or {}
		customers = sorted({c.customer for c in plan.complaints()})
		self.salesperson: dict[str, str | None] = {}
		for start in range(0, len(customers), 5_000):
			self.salesperson.update(
				frappe.db.sql(
					"select name, salesperson from `tabSM Customer` where name in %(names)s",
					{"names": customers[start : start + 5_000]},
				)
			)
		self.series: dict[str, int] = {}
		self.rows: dict[int, dict] = {}

	def name(self, moment) -> str:
		prefix = f"CMP-{moment.year}-"
		if prefix not in self.series:
			self.series[prefix] = current_series(prefix)
		self.series[prefix] += 1
		return f"{prefix}{self.series[prefix]:05d}"

	def apply(self, event) -> None:
		if isinstance(event, ComplaintPlan):
			self.log(event)
		elif isinstance(event, StepPlan):
			self.step(self.rows[event.key], event)
		elif isinstance(event, AnswerPlan):
			self.answer(self.rows[event.key], event)

	def log(self, plan: ComplaintPlan) -> None:
		"""Inserted by whoever logs it: Open, its due times, its SLA status at that moment."""
		response_field, resolution_field = sla.target_fields(plan.severity)
		row = {
			"name": self.name(plan.moment),
			"creation": plan.moment,
			"modified": plan.moment,
			"owner": plan.user,
			"modified_by": plan.user,
			"docstatus": 0,
			"idx": 0,
			"subject": plan.subject,
			"customer": plan.customer,
			"contact": None,
			"salesperson": self.salesperson.get(plan.customer),
			"channel": plan.channel,
			"status": sla.OPEN,
			"severity": plan.severity,
			"category": self.categories.get(plan.category, plan.category),
			"assigned_to": plan.assigned_to,
			"product": plan.product,
			"sales_order": plan.sales_order,
			"description": plan.description,
			"resolution": None,
			"opened_on": plan.moment,
			"first_response_on": None,
			"resolved_on": None,
			"response_due": sla.due(plan.moment, self.settings.get(response_field)),
			"resolution_due": sla.due(plan.moment, self.settings.get(resolution_field)),
			"sla_status": None,
			"reopen_count": 0,
			"satisfaction": 0,
			"feedback": None,
			"survey_expires_on": None,
			"survey_nonce": None,
			"survey_token_hash": None,
		}
		self.set_sla(row, plan.moment)
		self.rows[plan.key] = row

	def step(self, row: dict, plan: StepPlan) -> None:
		"""A workflow action (SMComplaint.validate: complaints.track_status, survey.issue/withdraw)."""
		now = plan.moment
		if plan.resolution:
			row["resolution"] = plan.resolution
		previous, status = row["status"], TARGET_STATUS[plan.action]
		row["status"] = status
		if status != sla.OPEN and not row["first_response_on"]:
			row["first_response_on"] = now
		if previous != status:
			if status in sla.DONE and previous not in sla.DONE:
				row["resolved_on"] = now
				if not row["satisfaction"]:
					expires_on = add_days(get_datetime(now), survey.SURVEY_VALID_DAYS).replace(microsecond=0)
					nonce = secrets.token_hex(16)
					row["survey_nonce"] = nonce
					row["survey_expires_on"] = expires_on
					row["survey_token_hash"] = survey.token_hash(
						survey.make_token(row["name"], int(expires_on.timestamp()), nonce)
					)
			elif status in sla.UNRESOLVED and previous in sla.DONE:
				row["resolved_on"] = None
				row["reopen_count"] += 1
				row["survey_nonce"] = row["survey_token_hash"] = row["survey_expires_on"] = None
		self.set_sla(row, now)
		row["modified"], row["modified_by"] = now, plan.user

	def answer(self, row: dict, plan: AnswerPlan) -> None:
		"""survey.submit, as the guest."""
		row.update(
			satisfaction=plan.stars / survey.STARS,
			feedback=escape(plan.feedback.strip()),
			survey_token_hash=None,
			survey_nonce=None,
			modified=plan.moment,
			modified_by="Guest",
		)

	@staticmethod
	def set_sla(row: dict, now) -> None:
		row["sla_status"] = sla.sla_status(
			now,
			row["status"],
			row["opened_on"],
			row["first_response_on"],
			row["resolved_on"],
			row["response_due"],
			row["resolution_due"],
		)
