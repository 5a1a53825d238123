"""SM Daily Report against the fixed People scenario (sales_mgmt/tests/people_scenario.py): figures
field by field, weekly and monthly aggregation, regeneration, who may write what, bad input, the
scheduler, the managers' digest and the on-demand endpoints."""

import threading
from unittest.mock import patch

import frappe
import pymysql
from frappe.utils import add_days, flt, nowdate

from sales_mgmt.api import daily_reports as api
from sales_mgmt.exceptions import GeneratedFigureError, InvalidDailyReportError, ReportCommentNotAllowedError
from sales_mgmt.people import daily_report
from sales_mgmt.tests.people_scenario import DAILY, MONTHLY, WEEKLY, PeopleScenarioTestCase
from sales_mgmt.tests.sales_team import SalesTeamTestCase

DOCTYPE = "SM Daily Report"


class DailyReportTestCase(PeopleScenarioTestCase):
	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		frappe.db.savepoint("daily_report_test")

	def tearDown(self):
		frappe.db.rollback(save_point="daily_report_test")
		super().tearDown()

	def sp(self, key):
		return self.team.salespeople[key]

	def report(self, key, period_type, day):
		return frappe.get_doc(DOCTYPE, daily_report.generate(self.sp(key), period_type, day))

	def assertFigures(self, doc, expected: dict):
		for field in daily_report.FIGURES:
			with self.subTest(report=doc.name, field=field):
				self.assertEqual(flt(doc.get(field)), flt(expected.get(field, 0)))


class TestFigures(DailyReportTestCase):
	def test_daily_reports_field_by_field(self):
		for (key, day), expected in DAILY.items():
			doc = self.report(key, "Daily", day)
			self.assertEqual((doc.period_type, str(doc.report_date)), ("Daily", day))
			self.assertEqual((str(doc.from_date), str(doc.to_date)), (day, day))
			self.assertFigures(doc, expected)

	def test_weekly_and_monthly_aggregate_the_period(self):
		for (key, monday), expected in WEEKLY.items():
			# any day of the week reports the week starting on its Monday
			doc = self.report(key, "Weekly", add_days(monday, 3))
			self.assertEqual(str(doc.report_date), monday)
			self.assertEqual(str(doc.to_date), str(add_days(monday, 6)))
			self.assertFigures(doc, expected)
		for (key, first), expected in MONTHLY.items():
			doc = self.report(key, "Monthly", "2026-09-17")
			self.assertEqual((str(doc.report_date), str(doc.to_date)), (first, "2026-09-30"))
			self.assertFigures(doc, expected)

	def test_weekly_additive_figures_are_the_sum_of_the_days(self):
		days = [add_days("2026-09-07", n) for n in range(7)]
		daily = [self.report("east1", "Daily", day) for day in days]
		weekly = self.report("east1", "Weekly", "2026-09-07")
		for field in daily_report.FIGURES:
			if field in ("customers_touched", "tasks_overdue"):
				continue
			self.assertEqual(flt(weekly.get(field)), sum(flt(doc.get(field)) for doc in daily), field)

	def test_activity_log_lists_the_day(self):
		doc = self.report("east1", "Daily", "2026-09-07")
		a = self.s.activities
		self.assertEqual(
			[
				(row.activity, row.activity_type, row.customer, row.status, row.outcome or None, row.summary)
				for row in doc.activity_log
			],
			[
				(a["a1"], "Visit", self.s.customers["A1"], "Done", "Successful", "总结 a1"),
				(a["a2"], "Call", self.s.customers["A2"], "Done", "Follow-up Needed", "总结 a2"),
				# planned and never done: listed as overdue
				(a["a3"], "Visit", self.s.customers["A3"], "Planned", None, "总结 a3"),
			],
		)
		# a cancelled activity is not listed
		self.assertEqual(self.report("east1", "Daily", "2026-09-09").activity_log, [])

	def test_regenerating_updates_the_same_report_with_identical_figures(self):
		first = self.report("east1", "Daily", "2026-09-08")
		first.db_set("plan_for_next", "拜访 A2")
		again = self.report("east1", "Daily", "2026-09-08")
		self.assertEqual(again.name, first.name)
		self.assertEqual(
			{field: again.get(field) for field in daily_report.FIGURES},
			{field: first.get(field) for field in daily_report.FIGURES},
		)
		self.assertEqual(len(again.activity_log), len(first.activity_log))
		self.assertEqual(again.plan_for_next, "拜访 A2")
		self.assertEqual(
			frappe.db.count(
				DOCTYPE,
				{"salesperson": self.sp("east1"), "period_type": "Daily", "report_date": "2026-09-08"},
			),
			1,
		)

	def test_regenerating_picks_up_changes(self):
		self.report("east1", "Daily", "2026-09-07")
		frappe.db.set_value(
			"SM Activity", self.s.activities["a3"], {"status": "Done", "outcome": "Successful"}
		)
		doc = self.report("east1", "Daily", "2026-09-07")
		self.assertEqual(
			(doc.activities_done, doc.visits, doc.activities_not_done, doc.customers_touched), (3, 2, 0, 3)
		)

	def test_the_database_refuses_a_duplicate(self):
		doc = self.report("east1", "Daily", "2026-09-08")
		with self.assertRaises(pymysql.IntegrityError):
			frappe.db.sql(
				"""insert into `tabSM Daily Report` (name, salesperson, period_type, report_date)
				values ('duplicate', %s, 'Daily', '2026-09-08')""",
				doc.salesperson,
			)

	def test_many_at_once_equal_one_by_one(self):
		names = daily_report.generate_many(
			[self.sp(key) for key in ("east1", "east2", "west1")], "Weekly", "2026-09-14"
		)
		for key, name in zip(("east1", "east2", "west1"), names, strict=True):
			self.assertFigures(frappe.get_doc(DOCTYPE, name), WEEKLY[(key, "2026-09-14")])

	def test_bad_input(self):
		with self.assertRaises(InvalidDailyReportError):
			daily_report.generate(self.sp("east1"), "Daily", add_days(nowdate(), 1))
		with self.assertRaises(InvalidDailyReportError):
			daily_report.generate(self.sp("east1"), "Yearly", "2026-09-08")
		with self.assertRaises(InvalidDailyReportError):
			daily_report.generate("no such salesperson", "Daily", "2026-09-08")
		frappe.db.set_value("SM Salesperson", self.sp("west1"), "enabled", 0)
		with self.assertRaises(InvalidDailyReportError):
			daily_report.generate(self.sp("west1"), "Daily", "2026-09-08")
		self.assertFalse(frappe.db.exists(DOCTYPE, {"salesperson": self.sp("west1")}))


class TestWhoWritesWhat(DailyReportTestCase):
	def setUp(self):
		super().setUp()
		self.name = daily_report.generate(self.sp("east1"), "Daily", "2026-09-08")

	def edit(self, user_key, **values):
		frappe.set_user(self.team.users[user_key])
		doc = frappe.get_doc(DOCTYPE, self.name)
		doc.update(values)
		doc.save()
		frappe.set_user("Administrator")
		return frappe.get_doc(DOCTYPE, self.name)

	def test_salesperson_writes_plan_and_remarks_only(self):
		doc = self.edit("east1", plan_for_next="明天拜访 A2", remarks="顺利")
		self.assertEqual((doc.plan_for_next, doc.remarks), ("明天拜访 A2", "顺利"))
		with self.assertRaises(GeneratedFigureError):
			self.edit("east1", visits=5)
		with self.assertRaises(GeneratedFigureError):
			self.edit("east1", contract_amount=99999)
		with self.assertRaises(ReportCommentNotAllowedError):
			self.edit("east1", manager_comment="我自己评")
		self.assertEqual(frappe.db.get_value(DOCTYPE, self.name, ["visits", "manager_comment"]), (1, None))

	def test_the_activity_log_is_generated_too(self):
		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc(DOCTYPE, self.name)
		doc.activity_log[0].summary = "改写"
		with self.assertRaises(GeneratedFigureError):
			doc.save()

	def test_figures_refused_through_the_api(self):
		frappe.set_user(self.team.users["east1"])
		with self.assertRaises(GeneratedFigureError):
			frappe.client.set_value(DOCTYPE, self.name, "calls", 7)
		new = {
			"doctype": DOCTYPE,
			"salesperson": self.sp("east1"),
			"period_type": "Daily",
			"report_date": "2026-09-01",
		}
		# nobody's role creates reports, and even a user bypassing roles cannot type one
		with self.assertRaises(frappe.PermissionError):
			frappe.client.insert(dict(new))
		frappe.set_user("Administrator")
		with self.assertRaises(GeneratedFigureError):
			frappe.client.insert(dict(new))

	def test_managers_above_write_the_comment(self):
		for key in ("east", "director", "owner", "sysman"):
			self.assertEqual(self.edit(key, manager_comment=f"评语 {key}").manager_comment, f"评语 {key}")
		with self.assertRaises(ReportCommentNotAllowedError):
			self.edit("east", plan_for_next="经理代写")
		with self.assertRaises(GeneratedFigureError):
			self.edit("east", visits=3)

	def test_peers_and_other_teams_cannot(self):
		for key in ("east2", "west", "west1"):
			with self.subTest(user=key), self.assertRaises(frappe.PermissionError):
				self.edit(key, manager_comment="越权")
		self.assertIsNone(frappe.db.get_value(DOCTYPE, self.name, "manager_comment"))

	def test_a_manager_cannot_comment_on_their_own_report(self):
		name = daily_report.generate(self.sp("east"), "Daily", "2026-09-08")
		frappe.set_user(self.team.users["east"])
		doc = frappe.get_doc(DOCTYPE, name)
		doc.manager_comment = "自评"
		with self.assertRaises(ReportCommentNotAllowedError):
			doc.save()

	def test_visibility_follows_the_hierarchy(self):
		names = {
			key: daily_report.generate(self.sp(key), "Daily", "2026-09-08")
			for key in ("east1", "east2", "west1")
		}
		for user, keys in {"east1": {"east1"}, "east": {"east1", "east2"}, "west": {"west1"}}.items():
			frappe.set_user(self.team.users[user])
			visible = set(frappe.get_list(DOCTYPE, filters={"report_date": "2026-09-08"}, pluck="name"))
			self.assertEqual(visible & set(names.values()), {names[key] for key in keys}, user)


class TestOnDemand(DailyReportTestCase):
	def test_generate_reports_for_the_visible_salespeople(self):
		frappe.set_user(self.team.users["east"])
		result = api.generate_reports("2026-09-08")
		salespeople = {frappe.db.get_value(DOCTYPE, name, "salesperson") for name in result["reports"]}
		self.assertEqual(salespeople, {self.sp(key) for key in ("east", "east1", "east2")})
		frappe.set_user(self.team.users["east1"])
		self.assertEqual(api.generate_reports("2026-09-08")["count"], 1)
		with self.assertRaises(frappe.PermissionError):
			api.generate_reports("2026-09-08", "Daily", self.sp("west1"))
		with self.assertRaises(InvalidDailyReportError):
			api.generate_reports(add_days(nowdate(), 2))
		# a sales user linked to no salesperson sees nobody: nothing to generate
		frappe.set_user(self.team.users["unlinked"])
		self.assertEqual(api.generate_reports("2026-09-08"), {"count": 0, "reports": []})
		with self.assertRaises(InvalidDailyReportError):
			api.generate_reports("2026-09-08", "Yearly")

	def test_regenerate(self):
		name = daily_report.generate(self.sp("east1"), "Weekly", "2026-09-07")
		frappe.db.set_value(DOCTYPE, name, "visits", 0)
		frappe.set_user(self.team.users["east1"])
		self.assertEqual(api.regenerate(name), name)
		self.assertEqual(frappe.db.get_value(DOCTYPE, name, "visits"), 2)
		frappe.set_user(self.team.users["west"])
		with self.assertRaises(frappe.PermissionError):
			api.regenerate(name)


class TestSchedule(DailyReportTestCase):
	def setUp(self):
		super().setUp()
		self.settings({"daily_reports_enabled": 1, "send_team_digest": 1, "daily_report_time": "20:00:00"})
		frappe.defaults.clear_default(daily_report.LAST_RUN_KEY)
		self.addCleanup(frappe.defaults.clear_default, daily_report.LAST_RUN_KEY)

	def settings(self, values):
		old = {field: frappe.db.get_single_value("SM Settings", field) for field in values}

		def apply(values):
			for field, value in values.items():
				frappe.db.set_single_value("SM Settings", field, value)
			frappe.clear_document_cache("SM Settings", "SM Settings")

		self.addCleanup(apply, old)
		apply(values)

	def run_at(self, moment):
		with patch("frappe.enqueue") as enqueue:
			daily_report.schedule_reports(moment)
		return enqueue.call_args_list

	def test_not_before_the_report_time(self):
		self.assertEqual(self.run_at("2026-09-16 19:59:59"), [])
		self.settings({"daily_report_time": "18:30:00"})
		self.assertTrue(self.run_at("2026-09-16 18:30:00"))

	def test_one_job_per_enabled_salesperson_once_a_day(self):
		frappe.db.set_value("SM Salesperson", self.sp("west1"), "enabled", 0)
		enabled = set(frappe.get_all("SM Salesperson", filters={"enabled": 1}, pluck="name"))
		calls = self.run_at("2026-09-16 20:05:00")
		jobs = [c.kwargs for c in calls if c.args[0] == "sales_mgmt.people.daily_report.run_report_job"]
		self.assertEqual(len(jobs), len(enabled))
		self.assertEqual({job["salesperson"] for job in jobs}, enabled)
		self.assertNotIn(self.sp("west1"), {job["salesperson"] for job in jobs})
		self.assertTrue(all(job["deduplicate"] and job["period_types"] == ["Daily"] for job in jobs))
		self.assertEqual(len({job["job_id"] for job in jobs}), len(jobs))
		digests = {
			c.kwargs["manager"] for c in calls if c.args[0] == "sales_mgmt.people.daily_report.run_digest_job"
		}
		self.assertTrue({self.sp("east"), self.sp("director")} <= digests)
		self.assertNotIn(self.sp("east1"), digests)
		# the same day again: nothing; the next day: again
		self.assertEqual(self.run_at("2026-09-16 22:00:00"), [])
		self.assertTrue(self.run_at("2026-09-17 20:00:00"))

	def test_weekly_on_sunday_and_monthly_on_the_last_day(self):
		self.assertEqual(daily_report.periods_due("2026-09-20"), ["Daily", "Weekly"])
		self.assertEqual(daily_report.periods_due("2026-09-30"), ["Daily", "Monthly"])
		self.assertEqual(daily_report.periods_due("2026-05-31"), ["Daily", "Weekly", "Monthly"])
		calls = self.run_at("2026-09-20 21:00:00")
		self.assertEqual(calls[0].kwargs["period_types"], ["Daily", "Weekly"])

	def test_disabled_generation_enqueues_nothing(self):
		self.settings({"daily_reports_enabled": 0})
		self.assertEqual(self.run_at("2026-09-16 21:00:00"), [])

	def test_the_job_generates_the_due_periods(self):
		with patch("frappe.db.commit"):
			daily_report.run_report_job(self.sp("east1"), "2026-09-20", ["Daily", "Weekly"])
		weekly = frappe.get_doc(DOCTYPE, {"salesperson": self.sp("east1"), "period_type": "Weekly"})
		self.assertFigures(weekly, WEEKLY[("east1", "2026-09-14")])
		self.assertTrue(
			frappe.db.exists(DOCTYPE, {"salesperson": self.sp("east1"), "report_date": "2026-09-20"})
		)

	def test_a_job_for_a_salesperson_disabled_since_does_nothing(self):
		frappe.db.set_value("SM Salesperson", self.sp("west1"), "enabled", 0)
		with patch("frappe.db.commit"):
			daily_report.run_report_job(self.sp("west1"), "2026-09-17", ["Daily"])
		self.assertFalse(frappe.db.exists(DOCTYPE, {"salesperson": self.sp("west1")}))


class TestDigest(DailyReportTestCase):
	def test_digest_lists_each_member_and_who_recorded_nothing(self):
		digest = daily_report.team_digest(self.sp("east"), "2026-09-10")
		rows = {row.salesperson: row for row in digest.rows}
		self.assertEqual(set(rows), {self.sp("east1"), self.sp("east2")})
		east1 = rows[self.sp("east1")]
		# east1 09-10: a7 Demo (A2) done, SO2 1,200
		self.assertEqual(
			(east1.activities_done, east1.customers_touched, east1.contract_amount), (1, 1, 1200)
		)
		self.assertEqual([row.salesperson for row in digest.silent], [self.sp("east2")])
		self.assertIn("East Rep 2", digest.html.split("</p>")[0])
		self.assertNotIn("East Rep 1", digest.html.split("</p>")[0])

		director = daily_report.team_digest(self.sp("director"), "2026-09-07")
		silent = {row.salesperson for row in director.silent}
		self.assertIn(self.sp("west1"), silent)
		self.assertFalse({self.sp("east1"), self.sp("east2")} & silent)

	def test_sent_once_to_the_manager(self):
		name = daily_report.send_team_digest(self.sp("east"), "2026-09-10")
		log = frappe.get_doc("Notification Log", name)
		self.assertEqual(log.for_user, self.team.users["east"])
		self.assertIn("East Rep 2", log.email_content)
		self.assertIsNone(daily_report.send_team_digest(self.sp("east"), "2026-09-10"))
		self.assertEqual(
			frappe.db.count("Notification Log", {"for_user": self.team.users["east"], "link": log.link}), 1
		)
		# a rep has no team: no digest
		self.assertIsNone(daily_report.send_team_digest(self.sp("east1"), "2026-09-10"))

	def test_the_digest_escapes_names(self):
		frappe.db.set_value("SM Salesperson", self.sp("east2"), "salesperson_name", "<b>East</b> & Co")
		html = daily_report.team_digest(self.sp("east"), "2026-09-10").html
		self.assertIn("&lt;b&gt;East&lt;/b&gt; &amp; Co", html)
		self.assertNotIn("<b>East</b>", html)


class TestConcurrentGeneration(SalesTeamTestCase):
	"""Two jobs generate the same report at the same moment, on their own connections: both succeed and
	one report exists."""

	DAY = "2026-03-02"

	def test_parallel_generation(self):
		site = frappe.local.site
		salesperson = self.team.salespeople["west1"]
		barrier = threading.Barrier(2)
		names, errors = [], []
		original = daily_report.activity_log

		def synced(*args, **kwargs):
			# both have computed the figures and are about to look for the report and insert it
			rows = original(*args, **kwargs)
			barrier.wait(timeout=30)
			return rows

		def run():
			frappe.init(site=site)
			frappe.connect()
			try:
				frappe.set_user("Administrator")
				names.append(daily_report.generate(salesperson, "Daily", self.DAY))
				frappe.db.commit()
			except Exception as e:
				frappe.db.rollback()
				errors.append(repr(e))
			finally:
				frappe.destroy()

		def remove():
			frappe.db.rollback()
			frappe.db.delete(DOCTYPE, {"salesperson": salesperson, "report_date": self.DAY})
			frappe.db.commit()

		remove()
		self.addCleanup(remove)
		with patch.object(daily_report, "activity_log", synced):
			threads = [threading.Thread(target=run) for _ in range(2)]
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join()
		frappe.db.rollback()  # a fresh snapshot: the threads committed
		self.assertEqual(errors, [])
		self.assertEqual(len(set(names)), 1)
		self.assertEqual(frappe.db.count(DOCTYPE, {"salesperson": salesperson, "report_date": self.DAY}), 1)
