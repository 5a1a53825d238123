"""The Service Console's numbers over the fixed history of sales_mgmt/tests/complaint_history.py."""

import frappe

from sales_mgmt.api import service as api
from sales_mgmt.service import console
from sales_mgmt.tests.complaint_history import ComplaintHistoryCase
from sales_mgmt.tests.money_data import make_order


class TestConsole(ComplaintHistoryCase):
	def as_user(self, key, fn, *args, **kwargs):
		frappe.set_user(self.team.users[key])
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.set_user("Administrator")

	def test_overdue(self):
		# 04-01 10:00: E (no resolution by 03-25 09:00) is overdue; D's first response is due 04-02 09:00
		self.assertEqual(
			self.as_user(
				"service", console.overdue_complaints, frappe.utils.get_datetime("2026-04-01 10:00:00")
			),
			1,
		)
		# 04-02 09:30: D too
		self.assertEqual(
			self.as_user(
				"service", console.overdue_complaints, frappe.utils.get_datetime("2026-04-02 09:30:00")
			),
			2,
		)
		# the reps see their own: E is east1's, D west1's
		self.assertEqual(
			self.as_user(
				"east1", console.overdue_complaints, frappe.utils.get_datetime("2026-04-02 09:30:00")
			),
			1,
		)
		self.assertEqual(
			self.as_user(
				"west1", console.overdue_complaints, frappe.utils.get_datetime("2026-04-01 10:00:00")
			),
			0,
		)
		self.assertRaises(frappe.PermissionError, self.as_user, "finance", api.overdue_complaints)

	def test_my_open_complaints(self):
		# D and E are assigned to the agent and unresolved
		self.assertEqual(self.as_user("service", api.my_open_complaints)["value"], 2)
		self.assertEqual(self.as_user("east1", api.my_open_complaints)["value"], 0)

	def test_average_satisfaction(self):
		# resolved in March with an answer: A 4 stars, B 2 stars → 3.0; C unanswered
		self.assertEqual(self.as_user("service", console.average_satisfaction, "2026-03-15"), 3.0)
		self.assertEqual(self.as_user("east1", console.average_satisfaction, "2026-03-15"), 3.0)
		self.assertEqual(self.as_user("west1", console.average_satisfaction, "2026-03-15"), 0)
		self.assertEqual(self.as_user("service", console.average_satisfaction, "2026-04-15"), 0)

	def test_resolution_trend(self):
		# resolved in March: A 6 h, B 60 h (its last resolution), C 4 h → 70 / 3 = 23.3
		labels, hours = self.as_user("service", console.resolution_trend, "2026-04-15", 3)
		self.assertEqual((labels, hours), (["2026-02", "2026-03", "2026-04"], [0, 23.3, 0]))
		# east1: A and B → 33.0
		self.assertEqual(
			self.as_user("east1", console.resolution_trend, "2026-03-31", 1), (["2026-03"], [33.0])
		)

	def test_key_customer_complaints(self):
		# west1's customer bought more than east1's in the 12 months up to 2026-04-15; with one key
		# customer only west1's complaints are listed, newest first (orders other tests committed do not
		# take part: cancelled in this test's transaction, which is rolled back)
		frappe.db.sql("update `tabSM Sales Order` set docstatus = 2 where docstatus = 1")
		make_order(self.team.customers["west1"], [(self.product, 5, 1000)], order_date="2026-02-01")
		make_order(self.team.customers["east1"], [(self.product, 1, 1000)], order_date="2026-02-01")
		self.assertEqual(console.key_customers("2026-04-15", 1), [self.team.customers["west1"]])
		self.assertEqual(
			console.key_customers("2026-04-15", 2),
			[self.team.customers["west1"], self.team.customers["east1"]],
		)
		rows = self.as_user("service", console.key_customer_complaints, "2026-04-15")
		names = [r.name for r in rows if r.name in self.names.values()]
		self.assertEqual(names, [self.names[k] for k in ("D", "E", "C", "B", "A")])
		rows = self.as_user("east1", console.key_customer_complaints, "2026-04-15")
		self.assertEqual(
			[r.name for r in rows if r.name in self.names.values()], [self.names[k] for k in ("E", "B", "A")]
		)
		# orders outside the 12 months do not count
		self.assertEqual(console.key_customers("2027-03-01", 2), [])
