"""The demo pipeline: its plans (pure), and bulk rows that equal what the controller writes."""

import collections
from datetime import date, timedelta

import frappe

from sales_mgmt.demo.deals import (
	BI,
	ET,
	LOST,
	OPEN_STAGES,
	WON,
	OpportunityPlan,
	_log_rows,
	_opportunity_row,
	insert_opportunity,
	plan_leads,
	plan_opportunities,
)
from sales_mgmt.tests import UnitTestCase
from sales_mgmt.tests.pipeline import pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase

BASE = date(2026, 11, 1)
CUSTOMERS = [(f"CUST-{i:05d}", f"SP-{i % 17:05d}") for i in range(300)]
STALL_DAYS = {ET: 30, "Proposal": 21, "Quotation": 14, BI: 14}


class TestDemoPipelinePlans(UnitTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.plans = plan_opportunities(400, 42, BASE, 183, CUSTOMERS)

	def test_deterministic(self):
		self.assertEqual(plan_opportunities(400, 42, BASE, 183, CUSTOMERS), self.plans)
		self.assertNotEqual(plan_opportunities(400, 7, BASE, 183, CUSTOMERS), self.plans)

	def test_every_stage_histories_in_the_last_six_months(self):
		final = collections.Counter(p.stage for p in self.plans)
		self.assertTrue(set(OPEN_STAGES) | {WON, LOST} <= set(final), final)
		end = BASE + timedelta(days=1)
		for plan in self.plans:
			moments = [m for m, _stage in plan.steps]
			self.assertEqual(moments, sorted(moments))
			self.assertGreaterEqual(moments[0].date(), BASE - timedelta(days=184))
			self.assertLess(moments[-1].date(), end)
			self.assertTrue(all(9 <= m.hour <= 17 for m in moments))
			self.assertGreaterEqual(plan.expected_close_date, moments[0].date())
			self.assertEqual(bool(plan.lost_reason), plan.stage == LOST)
		# some open deals are stalled on the base date, some moved back a stage, most have a history
		stalled = [
			p
			for p in self.plans
			if p.stage in OPEN_STAGES and (BASE - p.steps[-1][0].date()).days > STALL_DAYS[p.stage]
		]
		self.assertTrue(stalled)
		order = {stage: i for i, stage in enumerate(OPEN_STAGES)}
		self.assertTrue(
			any(
				order.get(b, 9) < order.get(a, -1)
				for p in self.plans
				for (_m1, a), (_m2, b) in zip(p.steps, p.steps[1:], strict=False)
			)
		)
		self.assertGreater(sum(len(p.steps) for p in self.plans) / len(self.plans), 2.5)

	def test_leads(self):
		leads = plan_leads(60, 42, BASE, ["SP-00001", "SP-00002"])
		statuses = collections.Counter(lead.status for lead in leads)
		self.assertEqual(set(statuses), {"New", "Contacted", "Qualified", "Disqualified", "Converted"})
		self.assertTrue(all(lead.disqualify_reason for lead in leads if lead.status == "Disqualified"))


class TestBulkRowsMatchTheController(SalesTeamTestCase):
	"""The large data set is written with bulk SQL; its rows must be what saving documents writes."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		pin_stages()

	def test_same_rows(self):
		customer = self.team.customers["east1"]
		salesperson = self.team.salespeople["east1"]
		day = lambda text, hour=10: frappe.utils.get_datetime(f"2026-{text} {hour:02d}:15:00")  # noqa: E731
		plans = [
			OpportunityPlan(
				"won deal",
				customer,
				salesperson,
				50000.0,
				date(2026, 9, 30),
				(
					(day("06-01"), ET),
					(day("06-11", 15), "Proposal"),
					(day("06-20"), ET),
					(day("07-02"), "Proposal"),
					(day("07-20"), "Quotation"),
					(day("08-01"), BI),
					(day("08-15"), WON),
				),
				None,
				None,
				None,
			),
			OpportunityPlan(
				"lost deal",
				customer,
				salesperson,
				12300.0,
				date(2026, 8, 1),
				((day("07-01"), "Proposal"), (day("07-09"), LOST)),
				"No budget",
				"华为",
				None,
			),
			OpportunityPlan(
				"open deal",
				customer,
				salesperson,
				7800.0,
				date(2026, 12, 1),
				((day("10-01"), "Quotation"),),
				None,
				None,
				"发送修订后的报价单",
			),
		]
		user = self.team.users["east1"]
		for plan in plans:
			with self.subTest(plan=plan.title):
				name = insert_opportunity(plan, user)
				doc = frappe.get_doc("SM Opportunity", name)
				expected = dict(
					zip(
						(
							"name",
							"owner",
							"modified_by",
							"creation",
							"modified",
							"docstatus",
							"idx",
							"title",
							"customer",
							"customer_name",
							"salesperson",
							"stage",
							"status",
							"probability",
							"expected_close_date",
							"currency",
							"exchange_rate",
							"amount",
							"base_amount",
							"weighted_amount",
							"next_step",
							"competitor",
							"lost_reason",
							"stage_changed_on",
							"closed_on",
							"opportunity_date",
						),
						_opportunity_row(name, user, plan, doc.customer_name),
						strict=True,
					)
				)
				for field in ("modified", "modified_by", "idx"):
					expected.pop(field)
				self.assertDocumentEqual(expected, doc)
				log_fields = (
					"from_stage",
					"to_stage",
					"changed_on",
					"changed_by",
					"days_in_from_stage",
					"from_stage_entered_on",
				)
				stored = [tuple(getattr(row, f) for f in log_fields) for row in doc.stage_log]
				bulk = [row[10:16] for row in _log_rows(name, user, plan)]
				self.assertEqual(stored, bulk)
