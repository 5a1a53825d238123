"""The demo service plan (pure), its FAQ, and its bulk writer against the controllers: the same
complaints moved through the workflow document by document (and their surveys answered through the
survey's own code as the guest) and written with bulk SQL give the same rows — statuses, times, due
times, SLA statuses, reopen counts, survey answers and open surveys."""

import collections
from datetime import date, datetime, timedelta

import frappe

from sales_mgmt.demo.complaints import (
	FAQ_ENTRIES,
	PROGRESS_KEY,
	TEXTS,
	Account,
	AnswerPlan,
	ComplaintPlan,
	ServicePlan,
	StepPlan,
	ensure_faq,
	event_order,
	insert_complaints,
	plan_complaints,
)
from sales_mgmt.demo.complaints_bulk import bulk_insert_complaints
from sales_mgmt.service import survey
from sales_mgmt.service.setup import CLOSE, REOPEN, RESOLVE, START
from sales_mgmt.tests import UnitTestCase
from sales_mgmt.tests.goods_data import make_product, unique
from sales_mgmt.tests.money_data import make_order
from sales_mgmt.tests.sales_team import SalesTeamTestCase

BASE = date(2026, 6, 30)
TARGETS = {"Low": (24.0, 120.0), "Medium": (8.0, 72.0), "High": (4.0, 24.0), "Critical": (1.0, 8.0)}


def synthetic_plan(count: int = 400, seed: int = 42) -> ServicePlan:
	accounts = [
		Account(
			f"CUST-{i:05d}",
			f"rep{i % 7}@example.com",
			tuple(
				(date(2026, 1, 1) + timedelta(days=(i * 13 + k * 29) % 170), f"SO-{i}-{k}", f"P-{k}")
				for k in range(i % 3)
			),
		)
		for i in range(300)
	]
	return plan_complaints(
		count, 6, seed, BASE, accounts, ["agent@example.com"], ["P-0", "P-1", "P-9"], TARGETS
	)


class TestDemoServicePlan(UnitTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.plan = synthetic_plan()

	def test_same_seed_same_plan(self):
		self.assertEqual(synthetic_plan(), self.plan)
		self.assertNotEqual(synthetic_plan(seed=7).events, self.plan.events)

	def test_every_channel_severity_category_and_state(self):
		complaints = self.plan.complaints()
		self.assertEqual(len(complaints), 400)
		self.assertEqual({c.channel for c in complaints}, {"Phone", "Email", "Visit", "Web", "Other"})
		self.assertEqual({c.severity for c in complaints}, set(TARGETS))
		self.assertEqual({c.category for c in complaints}, set(TEXTS))
		actions = collections.defaultdict(list)
		for event in self.plan.events:
			if isinstance(event, StepPlan):
				actions[event.key].append(event.action)
		last = collections.Counter(a[-1] if a else "Open" for a in (actions[c.key] for c in complaints))
		self.assertEqual(set(last), {"Open", START, RESOLVE, CLOSE})
		self.assertGreater(sum(REOPEN in a for a in actions.values()), 5)
		self.assertGreater(
			sum(bool(a) and a[0] == RESOLVE for a in actions.values()), 10, "resolved straight"
		)
		# the visits and those about an order are logged by the account manager, the rest by the agent
		for c in complaints:
			self.assertEqual(c.user == "agent@example.com", c.channel != "Visit" and not c.sales_order)
			self.assertEqual(c.assigned_to, "agent@example.com")
			self.assertTrue(c.subject and c.description)
		with_order = [c for c in complaints if c.sales_order]
		self.assertGreater(len(with_order), 50)
		self.assertTrue(all(c.product for c in with_order))

	def test_times_in_order_and_answers_after_the_last_resolution(self):
		moments = [e.moment for e in self.plan.events]
		self.assertEqual(moments, sorted(moments))
		self.assertLessEqual(moments[-1], datetime(2026, 6, 30, 23, 59, 59))
		resolved = {}
		answers = 0
		for event in self.plan.events:
			if isinstance(event, StepPlan) and event.action == RESOLVE:
				self.assertTrue(event.resolution)
				resolved[event.key] = event.moment
			elif isinstance(event, StepPlan) and event.action == REOPEN:
				resolved.pop(event.key)
			elif isinstance(event, AnswerPlan):
				answers += 1
				self.assertIn(event.key, resolved)
				self.assertIn(event.stars, range(1, 6))
		self.assertGreater(answers, len(resolved) * 0.6)

	def test_response_and_resolution_met_and_late(self):
		opened = {c.key: (c.moment, c.severity) for c in self.plan.complaints()}
		late = on_time = 0
		for event in self.plan.events:
			if isinstance(event, StepPlan) and event.action == RESOLVE:
				moment, severity = opened[event.key]
				if event.moment - moment > timedelta(hours=TARGETS[severity][1]):
					late += 1
				else:
					on_time += 1
		self.assertGreater(late, 20)
		self.assertGreater(on_time, late * 2)

	def test_large_plan_has_exactly_300000_complaints(self):
		self.assertEqual(len(synthetic_plan(300_000).complaints()), 300_000)

	def test_faq_has_30_entries_by_category(self):
		entries = [e for entries in FAQ_ENTRIES.values() for e in entries]
		self.assertGreaterEqual(len(entries), 30)
		self.assertEqual(len({q for q, _a in entries}), len(entries))
		self.assertEqual(set(FAQ_ENTRIES), set(TEXTS))


def remove_complaints(customers: list[str]) -> None:
	"""The complaints of `customers`, with their comments, versions and notifications."""
	if not customers:
		return
	names = frappe.get_all("SM Complaint", {"customer": ("in", customers)}, pluck="name")
	if names:
		frappe.db.delete("Comment", {"reference_doctype": "SM Complaint", "reference_name": ("in", names)})
		frappe.db.delete("Version", {"ref_doctype": "SM Complaint", "docname": ("in", names)})
		frappe.db.delete(
			"Notification Log", {"document_type": "SM Complaint", "document_name": ("in", names)}
		)
		frappe.db.delete("SM Complaint", {"name": ("in", names)})


class TestBulkComplaintsEqualControllers(SalesTeamTestCase):
	"""One hand-written history of complaints, on two copies of four customers (with a sales order):
	once moved through the workflow document by document (insert_complaints) and once written in bulk
	(bulk_insert_complaints)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		for category in TEXTS:
			if not frappe.db.exists("SM Complaint Category", category):
				frappe.get_doc({"doctype": "SM Complaint Category", "category_name": category}).insert(
					ignore_permissions=True
				)
		cls.product = make_product(unique("CMP-DEMO"), standard_price=500)
		frappe.db.commit()

	def tearDown(self):
		# the loads commit: remove their complaints, so that other tests' counts see none of them
		frappe.db.rollback()
		remove_complaints(getattr(self, "customers", []))
		frappe.db.delete("Series", {"name": PROGRESS_KEY})
		frappe.db.commit()
		super().tearDown()

	def test_bulk_rows_equal_posted_rows(self):
		posted, bulk = self.copy("PST"), self.copy("BLK")
		plan = self.plan(posted)
		self.assertEqual(insert_complaints(plan), len(plan.events))
		self.assertEqual(bulk_insert_complaints(self.plan(bulk)), len(plan.events))
		as_posted, as_bulk = self.written(posted), self.written(bulk)
		self.assertEqual(len(as_posted), 8)
		self.assertEqual(as_bulk, as_posted)

	def test_states_times_and_surveys(self):
		copy = self.copy("HND")
		insert_complaints(self.plan(copy))
		rows = {
			r.subject: r
			for r in frappe.get_all(
				"SM Complaint",
				filters={"customer": ("in", [copy[k] for k in "ABCD"])},
				fields=["*"],
			)
		}
		# k0: High, opened 03-01 09:00, started 10:00 (target 4 h), resolved 15:00 (24 h), closed,
		# answered 4 stars
		k0 = rows["k0"]
		self.assertEqual((k0.status, k0.sla_status, k0.reopen_count), ("Closed", "Met", 0))
		self.assertEqual(str(k0.first_response_on), "2023-03-01 10:00:00")
		self.assertEqual(str(k0.resolved_on), "2023-03-01 15:00:00")
		self.assertEqual((k0.satisfaction, k0.feedback), (0.8, "不错"))
		self.assertIsNone(k0.survey_token_hash)
		# k1: Critical, first response 3 h after opening (target 1 h): breached
		self.assertEqual((rows["k1"].status, rows["k1"].sla_status), ("Resolved", "Breached"))
		# k2: resolved, closed, reopened, resolved again: one reopening, the last resolution, a new survey
		k2 = rows["k2"]
		self.assertEqual((k2.status, k2.reopen_count), ("Resolved", 1))
		self.assertEqual(str(k2.resolved_on), "2023-03-08 12:00:00")
		self.assertTrue(survey.current_token(frappe.get_doc("SM Complaint", k2.name)))
		# k3: still open, logged on a visit by the account manager
		k3 = rows["k3"]
		self.assertEqual((k3.status, k3.owner, k3.salesperson), ("Open", self.team.users["east1"], self.team.salespeople["east1"]))  # fmt: skip
		self.assertEqual(rows["k4"].status, "In Progress")

	def test_bulk_surveys_can_be_answered(self):
		copy = self.copy("SRV")
		bulk_insert_complaints(self.plan(copy))
		name = frappe.db.get_value("SM Complaint", {"customer": copy["B"], "subject": "k2"})
		token = survey.current_token(frappe.get_doc("SM Complaint", name))
		self.assertTrue(token)
		with self.freeze_time("2023-03-09 10:00:00"):  # the survey of 03-08 12:00 is open for 30 days
			survey.submit(token, 5, "好")
		self.assertEqual(frappe.db.get_value("SM Complaint", name, "satisfaction"), 1.0)

	def test_faq_once(self):
		before = frappe.db.count("SM FAQ")
		added = ensure_faq(42)
		self.assertEqual(frappe.db.count("SM FAQ") - before, added)
		self.assertEqual(ensure_faq(42), 0)
		self.assertTrue(frappe.db.exists("SM FAQ", {"question": FAQ_ENTRIES["Billing"][0][0]}))

	# --- the plan --------------------------------------------------------------------------------------

	def copy(self, prefix: str) -> dict[str, str]:
		names = {}
		for key, salesperson in (("A", "east1"), ("B", "east1"), ("C", "west1"), ("D", "east2")):
			doc = frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": unique(f"投诉客户{prefix}{key}"),
					"salesperson": self.team.salespeople[salesperson],
					"status": "Active",
					"city": "上海",
				}
			)
			doc.flags.ignore_permissions = True
			names[key] = doc.insert().name
		self.customers = [*getattr(self, "customers", []), *(names[k] for k in "ABCD")]
		names["order"] = make_order(names["A"], [(self.product, 2, 500)], order_date="2023-02-01").name
		frappe.db.commit()
		return names

	def plan(self, copy: dict[str, str]) -> ServicePlan:
		def at(day: int, hour: int, minute: int = 0) -> datetime:
			return datetime(2023, 3, day, hour, minute)

		agent, east1 = self.team.users["service"], self.team.users["east1"]
		events = []

		def complaint(key, moment, customer, severity, channel="Phone", order=False, user=None):
			events.append(
				ComplaintPlan(
					key, moment, user or agent, copy[customer], channel, "Product Quality" if key % 2 else "Logistics",
					severity, f"k{key}", f"描述{key}", self.product if order else None,
					copy["order"] if order else None, agent,
				)
			)  # fmt: skip

		def step(key, moment, action, text=None):
			events.append(StepPlan(key, moment, agent, action, text))

		complaint(0, at(1, 9), "A", "High", order=True, user=east1)
		step(0, at(1, 10), START)
		step(0, at(1, 15), RESOLVE, "已更换")
		events.append(AnswerPlan(0, at(1, 20), 4, "不错"))
		step(0, at(3, 9), CLOSE)
		complaint(1, at(2, 9), "C", "Critical", channel="Email")
		step(1, at(2, 12), RESOLVE, "已处理")  # straight from Open, 3 h after (target 1 h)
		complaint(2, at(3, 9), "B", "Medium", channel="Web")
		step(2, at(3, 11), START)
		step(2, at(4, 9), RESOLVE, "第一次处理")
		step(2, at(5, 9), CLOSE)
		step(2, at(6, 9), REOPEN)
		step(2, at(8, 12), RESOLVE, "第二次处理<b>彻底</b>")
		complaint(3, at(9, 9), "B", "Low", channel="Visit", user=east1)
		complaint(4, at(9, 10), "D", "Medium")
		step(4, at(9, 11), START)
		complaint(5, at(10, 9), "A", "Low", channel="Other")
		step(5, at(12, 9), RESOLVE, "已解决")
		events.append(AnswerPlan(5, at(12, 10), 1, "<script>太慢</script>"))
		complaint(6, at(10, 10), "C", "High", channel="Other")
		step(6, at(10, 11), START)
		step(6, at(11, 18), RESOLVE, "已解决")  # 32 h: resolution breached (target 24 h)
		step(6, at(12, 9), REOPEN)
		complaint(7, at(11, 9), "D", "Critical")
		step(7, at(11, 9, 30), START)
		step(7, at(11, 15), RESOLVE, "已解决")
		events.append(AnswerPlan(7, at(11, 16), 5, ""))
		return ServicePlan(tuple(sorted(events, key=event_order)))

	# --- what was written --------------------------------------------------------------------------------

	def written(self, copy: dict[str, str]) -> list[dict]:
		alias = {value: key for key, value in copy.items()}
		rows = frappe.get_all(
			"SM Complaint",
			filters={"customer": ("in", [copy[k] for k in "ABCD"])},
			fields=["*"],
			order_by="creation, name",
		)
		ignored = {"name", "_user_tags", "_comments", "_assign", "_liked_by", "_seen"}
		out = []
		for row in rows:
			values = {k: alias.get(v, v) for k, v in row.items() if k not in ignored}
			# random nonces: whether there is an open survey, not its token
			values["survey_nonce"] = bool(row.survey_nonce)
			values["survey_token_hash"] = bool(row.survey_token_hash)
			out.append(values)
		return out
