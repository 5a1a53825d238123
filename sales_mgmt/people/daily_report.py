"""Daily, weekly and monthly reports (SM Daily Report), written from what the salespeople recorded.

A report covers one salesperson and one period: a day (Daily), a week from Monday to Sunday (Weekly)
or a calendar month (Monthly). Every figure of a period is computed by the same SQL over the period's
dates (one GROUP BY query per concept, for any number of salespeople at once), so a weekly or monthly
report is the aggregation of its days: its additive figures are the sums of the daily ones, and its
customers touched are the distinct customers of the whole period.

Figures (for salesperson S and the period's first day F and last day L):
- activities done (and by type and by outcome): SM Activity of S, status Done, activity_date in F..L;
- activities not done: SM Activity of S, activity_date in F..L, still Planned, whose end (its start
  when it has no end) is before the moment of generation (overdue);
- customers touched: distinct customers of those done activities (an activity without one is not
  counted);
- new leads: SM Lead of S created in F..L; new opportunities: SM Opportunity of S with
  opportunity_date in F..L;
- stage moves: rows of SM Opportunity Stage Log with a from-stage (the creation row is no move) whose
  changed_on falls in F..L, of opportunities whose salesperson is S;
- deals won / lost: SM Opportunity of S with status Won / Lost and closed_on in F..L, with the sum of
  their base_amount;
- orders signed and contract amount: submitted SM Sales Order of S with order_date in F..L, count and
  sum of base_total;
- payments received and collection amount: submitted SM Payment of S with payment_date in F..L,
  count and sum of base_amount;
- expenses submitted and expense amount: submitted SM Expense of S with expense_date in F..L, count
  and sum of base_amount;
- tasks completed: ToDos allocated to S's user with status Closed last modified in F..L; tasks
  overdue: ToDos allocated to S's user still Open with a due date on or before L (as they are when the
  report is generated).

Generating again recomputes and updates the same record (one per salesperson, period type and first
day, enforced by a unique index); the salesperson's plan and remarks and the manager's comment stay.

Scheduling: `schedule_reports` runs every 15 minutes; the first run after SM Settings'
`daily_report_time` on a day enqueues one job per enabled salesperson (the day's Daily report, plus
the week's Weekly report on Sundays and the month's Monthly report on the month's last day) and, with
`send_team_digest`, one digest job per manager.
"""

import datetime

import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, get_datetime, get_first_day, get_last_day, getdate, now_datetime
from frappe.utils.data import get_time

from sales_mgmt.exceptions import InvalidDailyReportError
from sales_mgmt.people.hierarchy import get_subtree
from sales_mgmt.user_text import bold, escape

DOCTYPE = "SM Daily Report"
DAILY, WEEKLY, MONTHLY = "Daily", "Weekly", "Monthly"
PERIOD_TYPES = (DAILY, WEEKLY, MONTHLY)

TYPE_FIELDS = {
	"Visit": "visits",
	"Call": "calls",
	"Meeting": "meetings",
	"Email": "emails",
	"Demo": "demos",
	"Other": "other_activities",
}
OUTCOME_FIELDS = {
	"Successful": "successful",
	"Unsuccessful": "unsuccessful",
	"Follow-up Needed": "follow_up_needed",
}
COUNT_FIELDS = (
	"activities_done",
	*TYPE_FIELDS.values(),
	*OUTCOME_FIELDS.values(),
	"activities_not_done",
	"customers_touched",
	"new_leads",
	"new_opportunities",
	"stage_moves",
	"deals_won",
	"deals_lost",
	"orders_signed",
	"payments_received",
	"expenses_submitted",
	"tasks_completed",
	"tasks_overdue",
)
AMOUNT_FIELDS = ("won_amount", "lost_amount", "contract_amount", "collection_amount", "expense_amount")
FIGURES = (*COUNT_FIELDS, *AMOUNT_FIELDS)
# what only the generator writes
KEY_FIELDS = ("salesperson", "period_type", "report_date")
GENERATED_FIELDS = (*KEY_FIELDS, "from_date", "to_date", "generated_on", *FIGURES)
LOG_FIELDS = (
	"activity",
	"starts_on",
	"activity_type",
	"customer",
	"customer_name",
	"status",
	"outcome",
	"summary",
)
# a day on which none of these happened is a day on which the salesperson recorded nothing
RECORDED = (
	"activities_done",
	"new_leads",
	"new_opportunities",
	"stage_moves",
	"orders_signed",
	"payments_received",
	"expenses_submitted",
	"tasks_completed",
)

LAST_RUN_KEY = "sales_mgmt_daily_reports_last_run"
REPORT_JOB_ID = "sm_daily_report::{0}::{1}"
DIGEST_JOB_ID = "sm_team_digest::{0}::{1}"
DEFAULT_REPORT_TIME = "20:00:00"


# --- periods ------------------------------------------------------------------------------------------


def period_range(period_type: str, day) -> tuple[datetime.date, datetime.date]:
	"""First and last day of the `period_type` period containing `day` (weeks start on Monday)."""
	day = getdate(day)
	if period_type == WEEKLY:
		start = day - datetime.timedelta(days=day.weekday())
		return start, start + datetime.timedelta(days=6)
	if period_type == MONTHLY:
		return get_first_day(day), get_last_day(day)
	return day, day


def periods_due(day) -> list[str]:
	"""The periods the scheduled run of `day` reports: the day; the week on Sunday; the month on its
	last day."""
	day = getdate(day)
	periods = [DAILY]
	if day.weekday() == 6:
		periods.append(WEEKLY)
	if day == get_last_day(day):
		periods.append(MONTHLY)
	return periods


def recorded_nothing(figures: dict) -> bool:
	return not any(cint(figures.get(field)) for field in RECORDED)


# --- figures ------------------------------------------------------------------------------------------


def compute(salespeople: list[str], start, end, now: datetime.datetime | None = None) -> dict[str, dict]:
	"""The figures of every salesperson in `salespeople` for the days `start`..`end`."""
	figures = {salesperson: dict.fromkeys(FIGURES, 0) for salesperson in salespeople}
	if not salespeople:
		return figures
	params = {
		"salespeople": tuple(salespeople),
		"start": getdate(start),
		"end": getdate(end),
		# datetime columns: from the first day's midnight up to (not including) the next midnight
		"start_at": get_datetime(getdate(start)),
		"end_before": get_datetime(add_days(getdate(end), 1)),
		"now": get_datetime(now or now_datetime()),
	}
	for part in (_activities, _customers, _leads, _opportunities, _stage_moves, _deals, _money, _tasks):
		part(figures, params)
	return figures


def _add(figures: dict, rows, *fields: str) -> None:
	"""Put each row's values (after its salesperson) into `fields`."""
	for salesperson, *values in rows:
		for field, value in zip(fields, values, strict=True):
			figures[salesperson][field] += flt(value) if field in AMOUNT_FIELDS else cint(value)


def _activities(figures: dict, params: dict) -> None:
	rows = frappe.db.sql(
		"""
		select salesperson, activity_type, outcome, count(*)
		from `tabSM Activity`
		where salesperson in %(salespeople)s and activity_date between %(start)s and %(end)s
			and status = 'Done'
		group by salesperson, activity_type, outcome
		""",
		params,
	)
	for salesperson, activity_type, outcome, count in rows:
		row = figures[salesperson]
		row["activities_done"] += count
		if field := TYPE_FIELDS.get(activity_type):
			row[field] += count
		if field := OUTCOME_FIELDS.get(outcome):
			row[field] += count
	overdue = frappe.db.sql(
		"""
		select salesperson, count(*)
		from `tabSM Activity`
		where salesperson in %(salespeople)s and activity_date between %(start)s and %(end)s
			and status = 'Planned' and coalesce(ends_on, starts_on) < %(now)s
		group by salesperson
		""",
		params,
	)
	_add(figures, overdue, "activities_not_done")


def _customers(figures: dict, params: dict) -> None:
	rows = frappe.db.sql(
		"""
		select salesperson, count(distinct customer)
		from `tabSM Activity`
		where salesperson in %(salespeople)s and activity_date between %(start)s and %(end)s
			and status = 'Done' and ifnull(customer, '') != ''
		group by salesperson
		""",
		params,
	)
	_add(figures, rows, "customers_touched")


def _leads(figures: dict, params: dict) -> None:
	rows = frappe.db.sql(
		"""
		select salesperson, count(*)
		from `tabSM Lead`
		where salesperson in %(salespeople)s and creation >= %(start_at)s and creation < %(end_before)s
		group by salesperson
		""",
		params,
	)
	_add(figures, rows, "new_leads")


def _opportunities(figures: dict, params: dict) -> None:
	rows = frappe.db.sql(
		"""
		select salesperson, count(*)
		from `tabSM Opportunity`
		where salesperson in %(salespeople)s and opportunity_date between %(start)s and %(end)s
		group by salesperson
		""",
		params,
	)
	_add(figures, rows, "new_opportunities")


def _stage_moves(figures: dict, params: dict) -> None:
	rows = frappe.db.sql(
		"""
		select opp.salesperson, count(*)
		from `tabSM Opportunity Stage Log` log
		join `tabSM Opportunity` opp on opp.name = log.parent
		where log.parenttype = 'SM Opportunity' and log.parentfield = 'stage_log'
			and opp.salesperson in %(salespeople)s and ifnull(log.from_stage, '') != ''
			and log.changed_on >= %(start_at)s and log.changed_on < %(end_before)s
		group by opp.salesperson
		""",
		params,
	)
	_add(figures, rows, "stage_moves")


def _deals(figures: dict, params: dict) -> None:
	rows = frappe.db.sql(
		"""
		select salesperson,
			sum(status = 'Won'), sum(if(status = 'Won', base_amount, 0)),
			sum(status = 'Lost'), sum(if(status = 'Lost', base_amount, 0))
		from `tabSM Opportunity`
		where salesperson in %(salespeople)s and status in ('Won', 'Lost')
			and closed_on between %(start)s and %(end)s
		group by salesperson
		""",
		params,
	)
	_add(figures, rows, "deals_won", "won_amount", "deals_lost", "lost_amount")


def _money(figures: dict, params: dict) -> None:
	for doctype, date_field, amount_field, fields in (
		("SM Sales Order", "order_date", "base_total", ("orders_signed", "contract_amount")),
		("SM Payment", "payment_date", "base_amount", ("payments_received", "collection_amount")),
		("SM Expense", "expense_date", "base_amount", ("expenses_submitted", "expense_amount")),
	):
		rows = frappe.db.sql(
			f"""
			select salesperson, count(*), sum({amount_field})
			from `tab{doctype}`
			where salesperson in %(salespeople)s and docstatus = 1
				and {date_field} between %(start)s and %(end)s
			group by salesperson
			""",
			params,
		)
		_add(figures, rows, *fields)


def _tasks(figures: dict, params: dict) -> None:
	rows = frappe.db.sql(
		"""
		select sp.name,
			sum(todo.status = 'Closed' and todo.modified >= %(start_at)s and todo.modified < %(end_before)s),
			sum(todo.status = 'Open' and todo.date <= %(end)s)
		from `tabToDo` todo
		join `tabSM Salesperson` sp on sp.user = todo.allocated_to
		where sp.name in %(salespeople)s
			and (
				(todo.status = 'Closed' and todo.modified >= %(start_at)s and todo.modified < %(end_before)s)
				or (todo.status = 'Open' and todo.date <= %(end)s)
			)
		group by sp.name
		""",
		params,
	)
	_add(figures, rows, "tasks_completed", "tasks_overdue")


def activity_log(salespeople: list[str], start, end, now: datetime.datetime | None = None) -> dict[str, list]:
	"""The period's done activities and overdue planned ones, per salesperson, in time order."""
	log = {salesperson: [] for salesperson in salespeople}
	if not salespeople:
		return log
	rows = frappe.db.sql(
		"""
		select salesperson, name as activity, starts_on, activity_type, customer, customer_name, status,
			outcome, summary
		from `tabSM Activity`
		where salesperson in %(salespeople)s and activity_date between %(start)s and %(end)s
			and (status = 'Done' or (status = 'Planned' and coalesce(ends_on, starts_on) < %(now)s))
		order by starts_on, name
		""",
		{
			"salespeople": tuple(salespeople),
			"start": getdate(start),
			"end": getdate(end),
			"now": get_datetime(now or now_datetime()),
		},
		as_dict=True,
	)
	for row in rows:
		log[row.pop("salesperson")].append(row)
	return log


# --- generation ---------------------------------------------------------------------------------------


def validate_request(salespeople: list[str], period_type: str, day) -> datetime.date:
	"""Refuse an unknown period, a future day and an unknown or disabled salesperson."""
	if period_type not in PERIOD_TYPES:
		frappe.throw(
			_("Unknown report period {0}: choose Daily, Weekly or Monthly.").format(bold(period_type)),
			InvalidDailyReportError,
			title=_("Invalid period"),
		)
	day = getdate(day)
	if day > getdate(now_datetime()):
		frappe.throw(
			_("Reports cannot be generated for a future date ({0}).").format(frappe.format(day, "Date")),
			InvalidDailyReportError,
			title=_("Future date"),
		)
	enabled = dict(
		frappe.db.sql(
			"select name, enabled from `tabSM Salesperson` where name in %(names)s",
			{"names": tuple(salespeople) or ("",)},
		)
	)
	for salesperson in salespeople:
		if salesperson not in enabled:
			frappe.throw(
				_("Salesperson {0} does not exist.").format(bold(salesperson)),
				InvalidDailyReportError,
				title=_("Unknown salesperson"),
			)
		if not enabled[salesperson]:
			frappe.throw(
				_("Salesperson {0} is disabled; reports are generated only for enabled salespeople.").format(
					bold(frappe.db.get_value("SM Salesperson", salesperson, "salesperson_name"))
				),
				InvalidDailyReportError,
				title=_("Disabled salesperson"),
			)
	return day


def generate(salesperson: str, period_type: str = DAILY, day=None) -> str:
	"""Generate (or regenerate) the report of `salesperson` for the period containing `day` (default
	today); return its name."""
	return generate_many([salesperson], period_type, day)[0]


def generate_many(salespeople: list[str], period_type: str = DAILY, day=None) -> list[str]:
	"""Generate the reports of many salespeople for one period: each figure is one query for all of
	them; then one report document each. Returns the reports' names in the order given."""
	salespeople = list(dict.fromkeys(salespeople))
	day = validate_request(salespeople, period_type, day or getdate(now_datetime()))
	if not salespeople:
		return []
	start, end = period_range(period_type, day)
	now = now_datetime()
	figures = compute(salespeople, start, end, now)
	logs = activity_log(salespeople, start, end, now)
	existing = dict(
		frappe.db.sql(
			"""select salesperson, name from `tabSM Daily Report`
			where salesperson in %(salespeople)s and period_type = %(period_type)s and report_date = %(start)s""",
			{"salespeople": tuple(salespeople), "period_type": period_type, "start": start},
		)
	)
	return [
		_write(
			existing.get(salesperson),
			salesperson,
			period_type,
			start,
			end,
			figures[salesperson],
			logs[salesperson],
			now,
		)
		for salesperson in salespeople
	]


def generate_all(day=None, period_type: str = DAILY) -> list[str]:
	"""Generate the reports of every enabled salesperson for the period containing `day`."""
	return generate_many(enabled_salespeople(), period_type, day)


def enabled_salespeople() -> list[str]:
	return frappe.get_all("SM Salesperson", filters={"enabled": 1}, pluck="name", order_by="lft")


def _write(name, salesperson, period_type, start, end, figures, log, now) -> str:
	values = {**figures, "from_date": start, "to_date": end, "generated_on": now}
	if not name:
		doc = frappe.new_doc(DOCTYPE)
		doc.update({"salesperson": salesperson, "period_type": period_type, "report_date": start, **values})
		doc.set("activity_log", log)
		_mark_generated(doc)
		savepoint = f"sm_daily_report_{frappe.generate_hash(length=8)}"
		frappe.db.savepoint(savepoint)
		try:
			return doc.insert().name
		except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
			# generated by a parallel job a moment ago: update that one
			frappe.db.rollback(save_point=savepoint)
			# a locking read sees the other transaction's committed row (a plain one may not)
			name = frappe.db.get_value(
				DOCTYPE,
				{"salesperson": salesperson, "period_type": period_type, "report_date": start},
				for_update=True,
			)
	doc = frappe.get_doc(DOCTYPE, name, for_update=True)
	doc.update(values)
	# an activity listed before keeps its row (regenerating an unchanged day changes nothing)
	rows = {row.activity: row.name for row in doc.activity_log}
	doc.set("activity_log", [{**row, "name": rows.get(row["activity"])} for row in log])
	_mark_generated(doc)
	doc.save()
	return doc.name


def _mark_generated(doc) -> None:
	# the one writer of the figures: the controller refuses any other change to them
	doc.flags.generated = True
	doc.flags.ignore_permissions = True


# --- scheduling ---------------------------------------------------------------------------------------


def report_time(value) -> datetime.time:
	return get_time(value or DEFAULT_REPORT_TIME)


def schedule_reports(now: datetime.datetime | None = None) -> list[str]:
	"""Scheduler entry (every 15 minutes): once the day's report time has passed and the day's run has
	not happened yet, enqueue one report job per enabled salesperson and one digest job per manager.
	Returns the salespeople enqueued (none when nothing was due)."""
	settings = frappe.get_single("SM Settings")
	if not cint(settings.daily_reports_enabled):
		return []
	now = get_datetime(now or now_datetime())
	if now.time() < report_time(settings.daily_report_time):
		return []
	today = str(now.date())
	if frappe.db.get_default(LAST_RUN_KEY) == today:
		return []
	salespeople = enabled_salespeople()
	periods = periods_due(today)
	for salesperson in salespeople:
		frappe.enqueue(
			"sales_mgmt.people.daily_report.run_report_job",
			queue="default",
			job_id=REPORT_JOB_ID.format(salesperson, today),
			deduplicate=True,
			salesperson=salesperson,
			day=today,
			period_types=periods,
		)
	if cint(settings.send_team_digest):
		for manager in digest_managers():
			frappe.enqueue(
				"sales_mgmt.people.daily_report.run_digest_job",
				queue="default",
				job_id=DIGEST_JOB_ID.format(manager, today),
				deduplicate=True,
				manager=manager,
				day=today,
			)
	frappe.db.set_default(LAST_RUN_KEY, today)
	return salespeople


def run_report_job(salesperson: str, day: str, period_types: list[str]) -> None:
	if not frappe.db.get_value("SM Salesperson", salesperson, "enabled"):
		return  # disabled (or removed) since the job was enqueued
	for period_type in period_types:
		generate(salesperson, period_type, day)
	frappe.db.commit()


def run_digest_job(manager: str, day: str) -> None:
	send_team_digest(manager, day)
	frappe.db.commit()


# --- the managers' digest -----------------------------------------------------------------------------


def digest_managers() -> list[str]:
	"""Enabled salespeople with a user and at least one enabled salesperson below them."""
	return frappe.db.sql_list(
		"""
		select distinct manager.name
		from `tabSM Salesperson` manager
		join `tabSM Salesperson` member on member.lft > manager.lft and member.rgt < manager.rgt
		where manager.enabled = 1 and ifnull(manager.user, '') != '' and member.enabled = 1
		order by manager.lft
		"""
	)


def team_members(manager: str) -> list[tuple[str, str]]:
	"""(name, salesperson name) of the enabled salespeople below `manager`, in tree order."""
	below = get_subtree(manager)[1:]
	if not below:
		return []
	return frappe.db.sql(
		"""select name, salesperson_name from `tabSM Salesperson`
		where name in %(names)s and enabled = 1 order by lft""",
		{"names": tuple(below)},
	)


DIGEST_COLUMNS = (
	("activities_done", "Activities Done"),
	("visits", "Visits"),
	("customers_touched", "Customers Touched"),
	("new_leads", "New Leads"),
	("new_opportunities", "New Opportunities"),
	("orders_signed", "Orders Signed"),
	("contract_amount", "Contract Amount"),
	("collection_amount", "Collection Amount"),
)


def team_digest(manager: str, day, lang: str | None = None) -> frappe._dict:
	"""The digest of `manager`'s team for `day`: each member's key figures and who recorded nothing."""
	day = getdate(day)
	members = team_members(manager)
	figures = compute([name for name, _label in members], day, day)
	rows = [
		frappe._dict(salesperson=name, salesperson_name=label, **figures[name]) for name, label in members
	]
	silent = [row for row in rows if recorded_nothing(row)]
	subject = _("Team report {0}: {1} of {2} salespeople recorded nothing", lang=lang).format(
		frappe.format(day, "Date"), len(silent), len(rows)
	)
	return frappe._dict(
		day=day, rows=rows, silent=silent, subject=subject, html=_digest_html(rows, silent, lang)
	)


def _digest_html(rows, silent, lang) -> str:
	head = "".join(f"<th>{escape(_(label, lang=lang))}</th>" for _field, label in DIGEST_COLUMNS)
	body = "".join(
		"<tr><td>{}</td>{}</tr>".format(
			escape(row.salesperson_name),
			"".join(
				f"<td>{escape(frappe.format(row[field], 'Currency') if field.endswith('_amount') else row[field])}</td>"
				for field, _label in DIGEST_COLUMNS
			),
		)
		for row in rows
	)
	names = ", ".join(escape(row.salesperson_name) for row in silent) or escape(_("Nobody", lang=lang))
	return (
		f"<p><strong>{escape(_('Recorded nothing today', lang=lang))}:</strong> {names}</p>"
		f"<table class='table table-bordered'><thead><tr><th>{escape(_('Salesperson', lang=lang))}</th>{head}"
		f"</tr></thead><tbody>{body}</tbody></table>"
	)


def digest_link(day) -> str:
	return f"/app/sm-daily-report?period_type=Daily&report_date={getdate(day)}"


def send_team_digest(manager: str, day) -> str | None:
	"""Send `manager`'s user the digest of `day` (a Notification Log, emailed when the user's
	notification settings say so); once per manager and day. Returns the Notification Log's name."""
	user = frappe.db.get_value("SM Salesperson", manager, "user")
	if not user or not frappe.db.get_value("User", user, "enabled"):
		return None
	link = digest_link(day)
	if frappe.db.exists("Notification Log", {"for_user": user, "link": link}):
		return None
	lang = frappe.get_cached_value("User", user, "language") or frappe.db.get_default("lang") or "en"
	digest = team_digest(manager, day, lang)
	if not digest.rows:
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": DOCTYPE,
				"link": link,
				"subject": digest.subject,
				"email_content": digest.html,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
