"""Sales targets: their period from any day of it (fiscal quarters and years), one target per
salesperson, scope and period, bad input refused with nothing saved, and who may set them."""

import frappe

from sales_mgmt.exceptions import (
	AssignmentNotAllowedError,
	DisabledSalespersonError,
	DuplicateSalesTargetError,
	InvalidSalesTargetError,
)
from sales_mgmt.tests.sales_team import SalesTeamTestCase

TARGET = "SM Sales Target"


def make_target(salesperson: str, period_start="2026-09-01", **values):
	doc = frappe.get_doc(
		{
			"doctype": TARGET,
			"salesperson": salesperson,
			"period_start": period_start,
			"period_type": values.pop("period_type", "Month"),
			"scope": values.pop("scope", "Salesperson"),
			"contract_amount": 4000,
			**values,
		}
	)
	return doc.insert()


class TestSMSalesTarget(SalesTeamTestCase):
	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		frappe.db.savepoint("target_test")
		self.east1 = self.team.salespeople["east1"]

	def tearDown(self):
		frappe.db.rollback(save_point="target_test")
		frappe.clear_document_cache("SM Settings", "SM Settings")
		super().tearDown()

	def use_start_month(self, month: int):
		old = frappe.db.get_single_value("SM Settings", "fiscal_year_start_month")

		def apply(value):
			frappe.db.set_single_value("SM Settings", "fiscal_year_start_month", value)
			frappe.clear_document_cache("SM Settings", "SM Settings")

		self.addCleanup(apply, old)
		apply(str(month))

	def test_period_from_any_day(self):
		target = make_target(self.east1, "2026-09-17")
		self.assertEqual((str(target.period_start), str(target.period_end)), ("2026-09-01", "2026-09-30"))
		self.use_start_month(4)
		quarter = make_target(self.east1, "2027-02-10", period_type="Quarter")
		self.assertEqual((str(quarter.period_start), str(quarter.period_end)), ("2027-01-01", "2027-03-31"))
		year = make_target(self.east1, "2027-02-10", period_type="Year", scope="Team")
		self.assertEqual((str(year.period_start), str(year.period_end)), ("2026-04-01", "2027-03-31"))

	def test_one_target_per_salesperson_scope_and_period(self):
		make_target(self.east1, "2026-09-01")
		with self.assertRaises(DuplicateSalesTargetError):
			make_target(self.east1, "2026-09-20")
		# another scope, period type or month is another target
		make_target(self.east1, "2026-09-20", scope="Team")
		make_target(self.east1, "2026-09-20", period_type="Quarter")
		make_target(self.east1, "2026-10-01")
		self.assertEqual(frappe.db.count(TARGET, {"salesperson": self.east1}), 4)
		# moving a target onto another one's period is refused too
		october = frappe.get_doc(TARGET, {"salesperson": self.east1, "period_start": "2026-10-01"})
		october.period_start = "2026-09-05"
		with self.assertRaises(DuplicateSalesTargetError):
			october.save()

	def test_bad_input_is_refused(self):
		for values, error in (
			({"contract_amount": -1}, InvalidSalesTargetError),
			({"collection_amount": -0.01}, InvalidSalesTargetError),
			({"gross_profit": -5}, InvalidSalesTargetError),
			({"new_customers": -1}, InvalidSalesTargetError),
			({"visits": -3}, InvalidSalesTargetError),
			({"scope": "Company"}, InvalidSalesTargetError),
			({"period_type": "Week"}, InvalidSalesTargetError),
		):
			with self.subTest(values=values):
				self.assertRaises(error, make_target, self.east1, **values)
		self.assertEqual(frappe.db.count(TARGET, {"salesperson": self.east1}), 0)

	def test_a_disabled_salesperson_gets_no_target(self):
		frappe.db.set_value("SM Salesperson", self.east1, "enabled", 0)
		self.assertRaises(DisabledSalespersonError, make_target, self.east1)

	def test_managers_set_their_teams_targets_and_reps_only_read_theirs(self):
		frappe.set_user(self.team.users["east"])
		target = make_target(self.east1, gross_profit=1000)
		make_target(self.team.salespeople["east"], scope="Team")
		self.assertRaises(AssignmentNotAllowedError, make_target, self.team.salespeople["west1"])
		frappe.set_user(self.team.users["east1"])
		self.assertTrue(frappe.has_permission(TARGET, "read", doc=target.name))
		self.assertFalse(frappe.has_permission(TARGET, "write", doc=target.name))
		self.assertRaises(frappe.PermissionError, make_target, self.east1, "2026-10-01")
		# the rep's list holds their own target only
		self.assertEqual(frappe.get_list(TARGET, pluck="name"), [target.name])
		frappe.set_user(self.team.users["east2"])
		self.assertFalse(frappe.has_permission(TARGET, "read", doc=target.name))
		frappe.set_user(self.team.users["west"])
		self.assertFalse(frappe.has_permission(TARGET, "read", doc=target.name))
