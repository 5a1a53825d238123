# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import threading

import frappe

from sales_mgmt.api.deals import hot_flags
from sales_mgmt.api.workbench import get_hot_customers
from sales_mgmt.deals.hot_flags import enqueue_expiry, expire_hot_flags
from sales_mgmt.exceptions import (
	AssignmentNotAllowedError,
	DuplicateHotFlagError,
	HotFlagNoteError,
	InvalidHotFlagError,
)
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestSMHotFlag(SalesTeamTestCase):
	def setUp(self):
		frappe.db.savepoint("sm_hot_flag_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sm_hot_flag_test")

	def new_flag(self, customer_key="east1", **kwargs):
		return frappe.get_doc(
			{"doctype": "SM Hot Flag", "customer": self.team.customers[customer_key], **kwargs}
		)

	def customer_hot(self, customer_key="east1", user="Administrator"):
		"""(hot, note) as the customer list shows them to `user`."""
		customer = self.team.customers[customer_key]
		current = frappe.session.user
		frappe.set_user(user)
		try:
			flag = hot_flags([customer]).get(customer)
		finally:
			frappe.set_user(current)
		return (1, flag["note"]) if flag else (0, None)

	def test_defaults(self):
		frappe.db.set_single_value("SM Settings", "hot_flag_expiry_days", 10)
		frappe.set_user(self.team.users["east1"])
		with self.freeze_time("2026-10-01 09:00:00"):
			flag = self.new_flag(note="  10月10日左右签单 ").insert()
			self.assertEqual(self.customer_hot(), (1, "10月10日左右签单"))
		self.assertEqual(flag.salesperson, self.team.salespeople["east1"])
		self.assertEqual(str(flag.expires_on), "2026-10-11")
		self.assertEqual(flag.note, "10月10日左右签单")

	def test_manager_flag_goes_to_their_own_workbench(self):
		frappe.set_user(self.team.users["east"])
		flag = self.new_flag("east1", note="可能追加订单").insert()
		self.assertEqual(flag.salesperson, self.team.salespeople["east"])

	def test_one_active_flag_per_customer_and_salesperson(self):
		self.new_flag(note="10月2日之前支付2期62500元", salesperson=self.team.salespeople["east1"]).insert()
		self.assertRaises(
			DuplicateHotFlagError,
			self.new_flag(note="again", salesperson=self.team.salespeople["east1"]).insert,
		)
		# another salesperson may flag the same customer; an inactive flag does not count
		self.new_flag(note="经理跟进", salesperson=self.team.salespeople["east"]).insert()
		self.new_flag(note="old", salesperson=self.team.salespeople["east1"], active=0).insert()
		self.assertEqual(
			frappe.db.count("SM Hot Flag", {"customer": self.team.customers["east1"], "active": 1}), 2
		)

	def test_note_rules(self):
		before = frappe.db.count("SM Hot Flag")
		for note in (
			"签" * 141,
			"<b>urgent</b>",
			"<script>alert(1)</script>",
			"call <img src=x onerror=alert(1)>",
		):
			with self.subTest(note=note):
				self.assertRaises(HotFlagNoteError, self.new_flag(note=note).insert)
		self.assertEqual(frappe.db.count("SM Hot Flag"), before)
		# exactly 140 characters, and comparisons written with < and > are plain text
		self.new_flag(note="签" * 140).insert().delete()
		flag = self.new_flag(note="预算<5万, 数量 > 20 台 & 含税").insert()
		self.assertEqual(
			frappe.db.get_value("SM Hot Flag", flag.name, "note"), "预算<5万, 数量 > 20 台 & 含税"
		)

	def test_opportunity_must_be_the_customers(self):
		other = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.team.customers["east2"], "stage": "Proposal"}
		).insert()
		self.assertRaises(InvalidHotFlagError, self.new_flag(opportunity=other.name).insert)

	def test_expiry_in_the_past_is_refused_for_a_new_flag(self):
		with self.freeze_time("2026-10-01 09:00:00"):
			self.assertRaises(InvalidHotFlagError, self.new_flag(expires_on="2026-09-30").insert)

	def test_expiry_job_deactivates_and_is_idempotent(self):
		with self.freeze_time("2026-10-01 09:00:00"):
			soon = self.new_flag("east1", note="签单", expires_on="2026-10-05").insert()
			later = self.new_flag("east2", note="付款", expires_on="2026-10-20").insert()
		self.assertEqual(expire_hot_flags("2026-10-05"), [])  # the expiry day itself is still active
		self.assertEqual(expire_hot_flags("2026-10-06"), [soon.name])
		self.assertEqual(expire_hot_flags("2026-10-06"), [])
		self.assertEqual(frappe.db.get_value("SM Hot Flag", soon.name, "active"), 0)
		self.assertEqual(frappe.db.get_value("SM Hot Flag", later.name, "active"), 1)
		with self.freeze_time("2026-10-06 09:00:00"):
			self.assertEqual(self.customer_hot("east1"), (0, None))
			self.assertEqual(self.customer_hot("east2"), (1, "付款"))
		# after expiry the salesperson may flag the customer again
		with self.freeze_time("2026-10-06 09:00:00"):
			self.new_flag("east1", note="再次跟进").insert()

	def test_customer_shows_the_most_urgent_note(self):
		self.new_flag(
			note="later", salesperson=self.team.salespeople["east"], expected_date="2026-12-20"
		).insert()
		sooner = self.new_flag(
			note="sooner", salesperson=self.team.salespeople["east1"], expected_date="2026-12-01"
		).insert()
		self.assertEqual(self.customer_hot(), (1, "sooner"))
		sooner.active = 0
		sooner.save()
		self.assertEqual(self.customer_hot(), (1, "later"))
		frappe.delete_doc("SM Hot Flag", frappe.db.get_value("SM Hot Flag", {"note": "later"}))
		self.assertEqual(self.customer_hot(), (0, None))

	def test_note_shows_only_to_who_may_read_the_flag(self):
		self.new_flag("east1", note="10月10日签单", salesperson=self.team.salespeople["east1"]).insert()
		for user_key, sees in (
			("east1", True),
			("east", True),
			("director", True),
			("owner", True),
			("east2", False),
			("west", False),
			("finance", False),
			("service", False),
			("warehouse", False),
		):
			with self.subTest(user=user_key):
				self.assertEqual(
					self.customer_hot("east1", self.team.users[user_key]),
					(1, "10月10日签单") if sees else (0, None),
				)
		# the customer record itself carries no copy of the note for those who read the customer
		frappe.set_user(self.team.users["finance"])
		customer = frappe.get_doc("SM Customer", self.team.customers["east1"]).as_dict()
		self.assertNotIn("10月10日签单", str(customer))
		self.assertNotIn("10月10日签单", str(frappe.get_list("SM Customer", fields=["*"], limit=0)))

	def test_hot_flags_endpoint_refuses_bad_input(self):
		for bad in ("not json", '{"a": 1}', "[1, 2]"):
			with self.subTest(customers=bad):
				self.assertRaises(frappe.ValidationError, hot_flags, bad)
		self.assertEqual(hot_flags("[]"), {})

	def test_workbench_lists_own_flags_most_urgent_first(self):
		rep = self.team.salespeople["east1"]
		with self.freeze_time("2026-10-01 09:00:00"):
			for customer_key, note, expected, expires in (
				("east1", "no date, expires soon", None, "2026-10-03"),
				("east2", "signs 10-10", "2026-10-10", "2026-10-30"),
				("west1", "pays 10-02", "2026-10-02", "2026-10-15"),
				("director", "no date, expires late", None, "2026-10-28"),
			):
				self.new_flag(
					customer_key, note=note, expected_date=expected, expires_on=expires, salesperson=rep
				).insert()
			self.new_flag("west", note="someone else's", salesperson=self.team.salespeople["west1"]).insert()
			frappe.db.set_value(
				"SM Hot Flag", {"note": "pays 10-02"}, "expires_on", "2026-09-30"
			)  # expired, job not run yet

			frappe.set_user(self.team.users["east1"])
			result = get_hot_customers()
		self.assertEqual(result["salesperson"], rep)
		self.assertEqual(
			[f["note"] for f in result["flags"]],
			["signs 10-10", "no date, expires soon", "no date, expires late"],
		)
		self.assertEqual(result["flags"][0]["customer_name"], "Matrix Customer east2")

		frappe.set_user(self.team.users["owner"])  # no salesperson linked
		self.assertEqual(get_hot_customers(), {"salesperson": None, "flags": []})

	def test_sales_user_flags_only_for_themselves(self):
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(
			AssignmentNotAllowedError,
			self.new_flag(note="x", salesperson=self.team.salespeople["east2"]).insert,
		)

	def test_scheduler_entry_enqueues_one_deduplicated_job(self):
		from unittest.mock import patch

		with patch("frappe.enqueue") as enqueue:
			enqueue_expiry()
		enqueue.assert_called_once()
		self.assertEqual(enqueue.call_args.kwargs["job_id"], "sales_mgmt:expire_hot_flags")
		self.assertTrue(enqueue.call_args.kwargs["deduplicate"])


class TestHotFlagConcurrency(SalesTeamTestCase):
	"""Two salespeople's sessions flag the same customer for the same salesperson at the same moment:
	exactly one flag is saved."""

	def test_parallel_flags(self):
		site = frappe.local.site
		customer = self.team.customers["west1"]
		salesperson = self.team.salespeople["west1"]
		barrier = threading.Barrier(2)
		outcomes = []

		def flag(note):
			frappe.init(site=site)
			frappe.connect()
			try:
				frappe.set_user("Administrator")
				doc = frappe.get_doc(
					{"doctype": "SM Hot Flag", "customer": customer, "salesperson": salesperson, "note": note}
				)
				barrier.wait()
				doc.insert()
				frappe.db.commit()
				outcomes.append("saved")
			except (DuplicateHotFlagError, frappe.UniqueValidationError, frappe.QueryDeadlockError):
				frappe.db.rollback()
				outcomes.append("refused")
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=flag, args=(f"parallel {i}",)) for i in range(2)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		frappe.db.rollback()  # start a fresh snapshot to see the threads' commits
		try:
			self.assertEqual(sorted(outcomes), ["refused", "saved"])
			self.assertEqual(
				frappe.db.count(
					"SM Hot Flag", {"customer": customer, "salesperson": salesperson, "active": 1}
				),
				1,
			)
		finally:
			for name in frappe.get_all("SM Hot Flag", filters={"customer": customer}, pluck="name"):
				frappe.delete_doc("SM Hot Flag", name, force=True)
			frappe.db.commit()
