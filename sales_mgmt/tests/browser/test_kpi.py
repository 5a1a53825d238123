"""Targets and KPIs in a real browser: a manager's Salesperson KPI (team and salesperson views, with
its chart) and People workspace, and a rep's own KPI cards on the Sales Workbench.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_kpi

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
"""

import datetime

import frappe
from frappe.utils import get_first_day, getdate, today

from sales_mgmt.api import people
from sales_mgmt.tests.browser.desk import BrowserTestCase, screenshot, translate
from sales_mgmt.tests.browser.test_goods import open_report, read_number_cards
from sales_mgmt.tests.money_data import fresh_warehouse, make_order, stocked_product


class TestKPIDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# committed: the web server reads them from its own connection. This month, for east1: an order
		# of 1,000, a successful visit and a target of 4,000.
		frappe.set_user("Administrator")
		product = stocked_product(fresh_warehouse(), standard_price=100, cost_price=60)
		cls.order = make_order(cls.team.customers["east1"], [(product, 10, 100)], order_date=today())
		cls.visit = frappe.get_doc(
			{
				"doctype": "SM Activity",
				"activity_type": "Visit",
				"subject": "浏览器拜访",
				"customer": cls.team.customers["east1"],
				"salesperson": cls.team.salespeople["east1"],
				"starts_on": datetime.datetime.combine(getdate(today()), datetime.time(0, 30)),
				"status": "Done",
				"outcome": "Successful",
			}
		).insert(ignore_permissions=True)
		cls.target = frappe.get_doc(
			{
				"doctype": "SM Sales Target",
				"salesperson": cls.team.salespeople["east1"],
				"period_type": "Month",
				"period_start": get_first_day(today()),
				"contract_amount": 4000,
				"visits": 10,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		cls.addClassCleanup(cls.remove_data)

	@classmethod
	def remove_data(cls):
		frappe.db.rollback()
		order = frappe.get_doc("SM Sales Order", cls.order.name)
		order.flags.ignore_permissions = True
		order.cancel()
		frappe.delete_doc("SM Sales Order", order.name, force=True, ignore_permissions=True)
		frappe.delete_doc("SM Activity", cls.visit.name, force=True, ignore_permissions=True)
		frappe.delete_doc("SM Sales Target", cls.target.name, force=True, ignore_permissions=True)
		frappe.db.commit()

	def test_manager_sees_the_team_kpis(self):
		with self.login_as("east") as page:
			text = open_report(page, "Salesperson KPI", view="Team")
			self.assertIn("East Manager", text)
			self.assertNotIn("West Manager", text)
			page.locator(".chart-container .frappe-chart").first.wait_for()
			screenshot(page, "salesperson-kpi-team")
			text = open_report(page, "Salesperson KPI", view="Salesperson")
			for name in ("East Manager", "East Rep 1", "East Rep 2"):
				self.assertIn(name, text)
			self.assertNotIn("West Rep 1", text)
			page.locator(".chart-container .frappe-chart").first.wait_for()
			self.assertIn(translate(page, "Visit Success Rate"), text)
			screenshot(page, "salesperson-kpi")

			page.goto(f"{self.url}/app/people")
			cards = read_number_cards(page)
			for title in ("Contract Amount This Month", "Visits This Month", "Visit Success Rate This Month"):
				self.assertIn(translate(page, title), cards)
			# the contract vs target chart draws East Rep 1's bars (1,000 against 4,000)
			page.wait_for_function(
				"""() => [...document.querySelectorAll('.widget.dashboard-widget-box .frappe-chart rect.bar')]
					.some((bar) => Number(bar.getAttribute('height')) > 0)"""
			)
			screenshot(page, "people-workspace")

	def test_rep_sees_own_kpis_on_the_workbench(self):
		frappe.set_user(self.team.users["east1"])
		achieved = people.contract_target_achieved()["value"]
		frappe.set_user("Administrator")
		self.assertGreater(achieved, 0)
		with self.login_as("east1") as page:
			page.goto(f"{self.url}/app/sales-workbench")
			cards = read_number_cards(page)
			target_card = cards[translate(page, "My Contract Target This Month")]
			self.assertIn(f"{achieved:g}"[:2], target_card.replace(",", ""))
			self.assertIn("%", target_card)
			self.assertIn(translate(page, "Visits This Month"), cards)
			screenshot(page, "sales-workbench-kpis")
