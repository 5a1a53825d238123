"""The demo data plans (pure, no site needed) and the guard that keeps demo data out of real sites."""

import re
from datetime import date, datetime, time
from unittest.mock import patch

import frappe
from frappe.utils import validate_email_address

from sales_mgmt.deals.customer import is_valid_phone
from sales_mgmt.demo import default_base_date, generate, names
from sales_mgmt.demo.customers import plan_customers
from sales_mgmt.demo.guard import NotADemoSiteError, OtherDemoDataError, check_site
from sales_mgmt.demo.people import DIRECTOR_LOGIN, MANAGER_LOGIN, REP_LOGIN, plan_salespeople
from sales_mgmt.demo.sizes import SIZES
from sales_mgmt.tests import IntegrationTestCase, UnitTestCase

BASE = date(2026, 11, 1)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-[2-8]\d{7}$")


def levels_below(plans, key: str) -> int:
	"""How many levels the subtree of `key` spans, `key` included."""
	depth = key.count(".")
	return max(p.key.count(".") for p in plans if p.key == key or p.key.startswith(key + ".")) - depth + 1


class TestDemoPlans(UnitTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = plan_salespeople(SIZES["small"], 42)
		cls.customers = plan_customers(300, 42, BASE, cls.people)

	def test_same_seed_gives_same_data(self):
		self.assertEqual(plan_salespeople(SIZES["small"], 42), self.people)
		self.assertEqual(plan_customers(300, 42, BASE, self.people), self.customers)
		self.assertNotEqual(plan_salespeople(SIZES["small"], 7), self.people)

	def test_small_tree_is_director_regions_reps(self):
		by_key = {p.key: p for p in self.people}
		self.assertEqual(len(self.people), 20)
		self.assertEqual(levels_below(self.people, "d"), 3)
		self.assertEqual(by_key["d"].user, DIRECTOR_LOGIN)
		self.assertEqual(by_key["d.1"].user, MANAGER_LOGIN)
		self.assertEqual(by_key["d.1.1"].user, REP_LOGIN)
		self.assertEqual(sum(p.is_manager for p in self.people), 4)
		self.assertEqual({p.team for p in self.people}, {"总部", "华东", "华南", "华北"})
		for field in ("salesperson_name", "user", "mobile_no"):
			self.assertEqual(len({getattr(p, field) for p in self.people}), 20, field)
		# parents come before their reports, so they can be inserted in order
		seen = set()
		for p in self.people:
			self.assertTrue(p.parent_key is None or p.parent_key in seen)
			seen.add(p.key)

	def test_large_tree_gives_a_regional_manager_three_levels(self):
		people = plan_salespeople(SIZES["large"], 42)
		self.assertEqual(len(people), 200)
		manager = next(p for p in people if p.user == MANAGER_LOGIN)
		self.assertEqual(levels_below(people, manager.key), 3)
		rep = next(p for p in people if p.user == REP_LOGIN)
		self.assertTrue(rep.key.startswith(manager.key + "."))

	def test_customers_are_valid_and_distinct(self):
		end = datetime.combine(BASE, time(18, 0))
		regions = {p.key: p.region for p in self.people}
		self.assertEqual(len(self.customers), 300)
		self.assertEqual(len({c.key for c in self.customers}), 300)
		for c in self.customers:
			with self.subTest(customer=c.customer_name):
				self.assertIn(c.status, {"Prospect", "Active", "Dormant", "Lost"})
				self.assertIn(c.customer_type, {"Company", "Individual"})
				if c.phone:
					self.assertTrue(MOBILE.match(c.phone) or LANDLINE.match(c.phone), c.phone)
					self.assertTrue(is_valid_phone(c.phone))
				if c.email:
					self.assertTrue(validate_email_address(c.email))
				self.assertLessEqual(c.creation, c.modified)
				self.assertLessEqual(c.modified, end)
				region = regions[c.salesperson_key]
				if region:
					self.assertIn(c.city, {city for city, _code in names.REGIONS[region]})
		self.assertEqual(self.customers, sorted(self.customers, key=lambda c: c.creation))

	def test_every_rep_has_customers(self):
		owners = {c.salesperson_key for c in self.customers}
		self.assertTrue(all(p.key in owners for p in self.people if not p.is_manager))

	def test_large_set_has_exactly_100000_distinct_customers(self):
		customers = plan_customers(100_000, 42, BASE, plan_salespeople(SIZES["large"], 42))
		self.assertEqual(len({c.key for c in customers}), 100_000)


class TestDemoGuard(IntegrationTestCase):
	def test_refuses_a_site_not_made_for_demo_data(self):
		before = frappe.db.count("SM Salesperson"), frappe.db.get_global("sales_mgmt_demo")
		with patch.dict(frappe.local.conf, {"sales_mgmt_site_kind": None}):
			with self.assertRaises(NotADemoSiteError):
				generate("small", seed=42)
		self.assertEqual((frappe.db.count("SM Salesperson"), frappe.db.get_global("sales_mgmt_demo")), before)

	def test_refuses_a_second_data_set(self):
		loaded = {"size": "small", "seed": 42, "base_date": BASE.isoformat()}
		with (
			patch.dict(frappe.local.conf, {"sales_mgmt_site_kind": "demo"}),
			patch("sales_mgmt.demo.guard.loaded_demo", return_value=loaded),
		):
			check_site("small", 42, BASE)
			with self.assertRaises(OtherDemoDataError):
				check_site("large", 42, BASE)
			with self.assertRaises(OtherDemoDataError):
				check_site("small", 7, BASE)

	def test_base_date_is_yesterday_or_the_loaded_sets(self):
		with self.freeze_time("2026-12-01 10:00:00"):
			with patch("sales_mgmt.demo.loaded_demo", return_value=None):
				self.assertEqual(default_base_date(), date(2026, 11, 30))
			loaded = {"size": "small", "seed": 42, "base_date": BASE.isoformat()}
			with patch("sales_mgmt.demo.loaded_demo", return_value=loaded):
				self.assertEqual(default_base_date(), BASE)


class TestDemoProgress(UnitTestCase):
	def report(self, on_terminal: bool, total: int) -> str:
		import io

		from sales_mgmt.demo import _progress

		out = io.StringIO()
		out.isatty = lambda: on_terminal
		with patch("sys.stdout", out), patch.dict("os.environ", {"CI": ""}):
			progress = _progress("Customers")
			for i in range(total):
				progress(i, total)
		return out.getvalue()

	def test_a_log_gets_one_line_per_stage(self):
		self.assertEqual(self.report(False, 2500), "Customers: 2,500 done\n")

	def test_a_terminal_gets_a_bar_redrawn_once_per_percent(self):
		text = self.report(True, 2500)
		self.assertEqual(text.count("\r"), 100)
		self.assertTrue(text.endswith("100%\n"))
