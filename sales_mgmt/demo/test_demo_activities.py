"""The demo activity plan (pure), and its bulk writer against the controller: the same activities
entered, completed and cancelled through SM Activity document by document and written with bulk SQL
give the same rows — statuses, outcomes, when they were completed, the chain of follow-ups."""

import collections
from datetime import date, datetime, timedelta

import frappe

from sales_mgmt.demo.activities import (
	ACTIVITY,
	PROGRESS_KEY,
	TYPES,
	ActivityPlan,
	ResultPlan,
	_numbered,
	actors,
	insert_activities,
	plan_activities,
)
from sales_mgmt.demo.activities_bulk import bulk_insert_activities
from sales_mgmt.demo.customers import plan_customers
from sales_mgmt.demo.people import plan_salespeople
from sales_mgmt.demo.sizes import SIZES
from sales_mgmt.tests import UnitTestCase
from sales_mgmt.tests.goods_data import unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase

BASE = date(2026, 11, 1)


def small_activities(seed: int = 42, size: str = "small", ordered=None):
	demo = SIZES[size]
	people = plan_salespeople(demo, seed)
	customers = plan_customers(demo.customers, seed, BASE, people)
	records = {c.customer_name: f"CUST-{i:05d}" for i, c in enumerate(customers, 1)}
	cities = {records[c.customer_name]: c.city for c in customers}
	found = actors(people, {p.key: f"SP-{p.key}" for p in people}, customers, records)
	if ordered is None:
		# every third customer orders every month of the history
		ordered = {
			record: tuple(date(2026, m, 10) for m in range(6, 13))
			for i, record in enumerate(sorted(cities))
			if i % 3 == 0
		}
	deals = {"CUST-00001": (("OPP-00001", date(2026, 1, 1), BASE),)}
	return plan_activities(demo.activities, seed, BASE, found, ordered, deals), found, cities, ordered


class TestDemoActivityPlan(UnitTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.plan, cls.actors, cls.cities, cls.ordered = small_activities()
		cls.results = cls.plan.results()

	def test_same_seed_same_plan(self):
		self.assertEqual(small_activities()[0], self.plan)
		self.assertNotEqual(small_activities(seed=7)[0].events, self.plan.events)

	def test_every_type_with_realistic_shares(self):
		activities = self.plan.activities
		self.assertGreater(len(activities), 2_000)
		types = collections.Counter(a.activity_type for a in activities)
		self.assertEqual(set(types), {t.activity_type for t in TYPES})
		self.assertGreater(types["Call"], types["Visit"])
		self.assertGreater(types["Visit"], types["Demo"])
		statuses = collections.Counter(r.status for r in self.results.values())
		planned = len(activities) - len(self.results)
		self.assertGreater(statuses["Done"] / len(activities), 0.85)
		self.assertGreater(statuses["Cancelled"], 0)
		self.assertGreater(planned, 0)
		outcomes = collections.Counter(r.outcome for r in self.results.values() if r.status == "Done")
		for outcome in ("Successful", "Unsuccessful", "Follow-up Needed"):
			self.assertGreater(outcomes[outcome] / statuses["Done"], 0.2, outcome)
		self.assertTrue(all(a.subject for a in activities))
		self.assertTrue(
			all(r.summary for r in self.results.values() if r.status == "Done"), "every done one summed up"
		)

	def test_visits_to_customers_who_order_succeed_more_often(self):
		def rate(buys: bool) -> float:
			visits = [
				self.results[a.key].outcome == "Successful"
				for a in self.plan.activities
				if a.activity_type == "Visit"
				and self.results.get(a.key, ResultPlan(None, 0, "")).status == "Done"
				and any(
					a.starts_on.date() <= d <= a.starts_on.date() + timedelta(days=90)
					for d in self.ordered.get(a.customer, ())
				)
				== buys
			]
			return sum(visits) / len(visits)

		self.assertGreater(rate(True), rate(False) + 0.15)

	def test_at_the_customers_city_and_own_customers(self):
		customers = {a.salesperson: {c for c, _city in a.customers} for a in self.actors}
		for activity in self.plan.activities:
			if activity.customer:
				self.assertIn(activity.customer, customers[activity.salesperson])
			if activity.activity_type == "Visit":
				self.assertEqual(activity.location, self.cities[activity.customer])
			if activity.opportunity:
				self.assertEqual((activity.customer, activity.opportunity), ("CUST-00001", "OPP-00001"))

	def test_follow_ups_are_what_the_controller_plans(self):
		follow_ups = self.plan.follow_ups()
		self.assertGreater(len(follow_ups), 200)
		by_key = self.plan.activities
		for previous, key in follow_ups.items():
			done, following = self.results[previous], by_key[key]
			self.assertEqual(done.status, "Done")
			self.assertEqual(done.follow_up, key)
			self.assertEqual(following.starts_on, done.next_activity_on)
			self.assertEqual(following.subject, done.next_step)
			self.assertEqual(following.moment, done.moment)
			earlier = by_key[previous]
			self.assertEqual(following.ends_on - following.starts_on, earlier.ends_on - earlier.starts_on)
			self.assertEqual(
				(following.activity_type, following.customer, following.location, following.opportunity),
				(earlier.activity_type, earlier.customer, earlier.location, earlier.opportunity),
			)
		self.assertTrue(
			all(
				r.follow_up is None
				for r in self.results.values()
				if not r.next_activity_on or r.status != "Done"
			)
		)

	def test_moments_in_order_and_up_to_the_base_date(self):
		end = datetime(2026, 11, 1, 23, 59, 59)
		moments = [e.moment for e in self.plan.events]
		self.assertEqual(moments, sorted(moments))
		self.assertLessEqual(moments[-1], end)
		self.assertEqual([a.key for a in self.plan.activities], list(range(len(self.plan.activities))))
		for activity in self.plan.activities:
			result = self.results.get(activity.key)
			self.assertLess(activity.starts_on, activity.ends_on)
			if result and result.status == "Done":
				self.assertGreaterEqual(result.moment, activity.ends_on)
			if result:
				self.assertGreaterEqual(result.moment, activity.moment)
		upcoming = [a for a in self.plan.activities if a.starts_on.date() > BASE]
		overdue = [
			a
			for a in self.plan.activities
			if a.key not in self.results and a.ends_on < end - timedelta(days=2)
		]
		self.assertGreater(len(upcoming), 50)
		self.assertGreater(len(overdue), 10)
		self.assertTrue(all(a.key not in self.results for a in upcoming))

	def test_large_set_has_exactly_1000000_activities(self):
		plan, *_rest = small_activities(size="large", ordered={})
		self.assertEqual(len(plan.activities), 1_000_000)
		self.assertEqual(len({a.salesperson for a in plan.activities}), 200)
		self.assertGreaterEqual(min(a.starts_on for a in plan.activities).date(), date(2025, 11, 1))


class TestBulkActivitiesEqualController(SalesTeamTestCase):
	"""One hand-written set of activities, on two copies of three customers: once entered, completed and
	cancelled through the controller as the salespeople (insert_activities) and once written in bulk
	(bulk_insert_activities)."""

	def tearDown(self):
		frappe.db.delete("Series", {"name": PROGRESS_KEY})
		frappe.db.commit()
		super().tearDown()

	def test_bulk_rows_equal_controller_rows(self):
		posted, bulk = self.copy("PST"), self.copy("BLK")
		plan = self.plan(posted)
		self.assertEqual(insert_activities(plan), len(plan.events))
		plan = self.plan(bulk)
		self.assertEqual(bulk_insert_activities(plan), len(plan.events))
		as_posted, as_bulk = self.written(posted), self.written(bulk)
		self.assertEqual(len(as_posted), 8)
		self.assertEqual(as_bulk, as_posted)

	def test_statuses_and_chains(self):
		copy = self.copy("HND")
		insert_activities(self.plan(copy))
		rows = self.written(copy)
		by_subject = {r["subject"]: r for r in rows}
		visit = by_subject["拜访采购部王经理，介绍新品"]
		self.assertEqual((visit["status"], visit["outcome"]), ("Done", "Successful"))
		self.assertEqual(visit["completed_on"], datetime(2023, 3, 3, 12, 0))
		self.assertEqual(visit["location"], "杭州")
		call = by_subject["电话跟进报价"]
		follow_up = by_subject["发送修改后的报价"]
		self.assertEqual((call["status"], call["outcome"]), ("Done", "Follow-up Needed"))
		self.assertEqual(call["next_activity"], follow_up["name_of"])
		self.assertEqual(follow_up["previous_activity"], call["name_of"])
		self.assertEqual(follow_up["starts_on"], datetime(2023, 3, 6, 10, 0))
		self.assertEqual(follow_up["ends_on"], datetime(2023, 3, 6, 10, 10))
		self.assertEqual((follow_up["status"], follow_up["outcome"]), ("Done", "Unsuccessful"))
		self.assertEqual(follow_up["creation"], datetime(2023, 3, 3, 15, 20))
		meeting = by_subject["合同谈判会议"]
		self.assertEqual(
			(meeting["status"], meeting["outcome"], meeting["completed_on"]), ("Cancelled", None, None)
		)
		self.assertEqual(by_subject["产品演示：新品功能介绍"]["status"], "Planned")
		self.assertEqual(by_subject["再次拜访确认采购意向"]["status"], "Planned")
		self.assertEqual(by_subject["再次拜访确认采购意向"]["activity_date"], date(2023, 3, 13))
		self.assertEqual(by_subject["部门周例会"]["customer"], None)
		self.assertEqual(visit["owner"], self.team.users["east1"])

	# --- the plan --------------------------------------------------------------------------------------

	def copy(self, prefix: str) -> dict[str, str]:
		names = {}
		for key, salesperson, city in (
			("A", "east1", "杭州"),
			("B", "east1", "上海"),
			("C", "west1", "成都"),
		):
			doc = frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": unique(f"活动客户{prefix}{key}"),
					"salesperson": self.team.salespeople[salesperson],
					"status": "Active",
					"city": city,
				}
			)
			doc.flags.ignore_permissions = True
			names[key] = doc.insert().name
		names["meeting"] = unique(f"部门周例会{prefix}")
		frappe.db.commit()
		return names

	def plan(self, copy: dict[str, str]):
		def at(day: int, hour: int, minute: int = 0) -> datetime:
			return datetime(2023, 3, day, hour, minute)

		users, sp = self.team.users, self.team.salespeople

		def activity(
			key, moment, who, kind, subject, customer, starts, minutes, city=None, previous=None, result=None
		):
			return ActivityPlan(
				key, moment, users[who], sp[who], kind, subject, copy.get(customer), None, starts,
				starts + timedelta(minutes=minutes), city, previous, result,
			)  # fmt: skip

		call_done = ResultPlan(at(3, 15, 20), 2, "Done", "Follow-up Needed", "客户要求降价5%", "发送修改后的报价", at(6, 10), 3)  # fmt: skip
		visit_done = ResultPlan(at(8, 11), 6, "Done", "Follow-up Needed", "客户需要内部讨论", "再次拜访确认采购意向", at(13, 10), 7)  # fmt: skip
		other_done = ResultPlan(at(3, 18), 8, "Done", "Successful", "会议纪要已发部门群")
		chains = [
			[(activity(1, at(1, 10), "east1", "Visit", "拜访采购部王经理，介绍新品", "A", at(3, 10), 90, "杭州"),
				ResultPlan(at(3, 12), 1, "Done", "Successful", "客户确认采购意向，准备下单"))],
			[(activity(2, at(3, 15, 20), "east1", "Call", "电话跟进报价", "B", at(3, 15), 10, result=call_done), call_done),
				(activity(3, at(3, 15, 20), "east1", "Call", "发送修改后的报价", "B", at(6, 10), 10, previous=2),
				ResultPlan(at(6, 10, 30), 3, "Done", "Unsuccessful", "客户已选择竞争对手的产品"))],
			[(activity(4, at(2, 9), "west1", "Meeting", "合同谈判会议", "C", at(6, 14), 60, "成都"),
				ResultPlan(at(4, 9), 4, "Cancelled"))],
			[(activity(5, at(2, 11), "east1", "Demo", "产品演示：新品功能介绍", "A", at(7, 14), 60, "杭州"), None)],
			[(activity(6, at(6, 9), "west1", "Visit", "拜访新客户，了解采购需求", "C", at(8, 9), 90, "成都"), visit_done),
				(activity(7, at(8, 11), "west1", "Visit", "再次拜访确认采购意向", "C", at(13, 10), 90, "成都", previous=6), None)],
			[(activity(8, at(3, 18), "east2", "Other", copy["meeting"], None, at(3, 16), 60, result=other_done), other_done)],
		]  # fmt: skip
		return _numbered(chains)

	# --- what was written --------------------------------------------------------------------------------

	def written(self, copy: dict[str, str]) -> list[dict]:
		"""The copy's activities (and its one without a customer, found by its subject), names and
		customers replaced by stable aliases."""
		customers = [copy[key] for key in ("A", "B", "C")]
		rows = frappe.get_all(
			ACTIVITY,
			filters={"customer": ("in", customers)},
			fields=["*"],
			order_by="creation, name",
		)
		rows += frappe.get_all(ACTIVITY, filters={"subject": copy["meeting"]}, fields=["*"])
		rows.sort(key=lambda r: (r.creation, r.name))
		alias = {copy[key]: f"customer {key}" for key in ("A", "B", "C")}
		alias |= {
			frappe.db.get_value("SM Customer", copy[key], "customer_name"): f"name {key}"
			for key in ("A", "B", "C")
		}
		alias[copy["meeting"]] = "部门周例会"
		alias |= {r.name: f"activity {i}" for i, r in enumerate(rows)}
		ignored = {"name", "_user_tags", "_comments", "_assign", "_liked_by"}
		return [
			{k: alias.get(v, v) if isinstance(v, str) else v for k, v in row.items() if k not in ignored}
			| {"name_of": alias[row.name]}
			for row in rows
		]
