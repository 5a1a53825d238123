# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Sales Order Profit on the data set of sales_mgmt/tests/money_scenario.py (read its table).

Submitted orders dated 2026-01-01 to 2026-03-31 (SO4 cancelled, SO7 dated 04-01):
	order  customer  revenue  cost   gross profit  margin
	SO1    C1        1000     600    400           40
	SO2    C1        1000     750    250           25
	SO3    C2        1400     240    1160          82.86   (200 USD x 7.0; cost 4 x 60)
	SO5    C3        2000     1500   500           25
	SO6    C3        200      120    80            40
	total            5600     3210   2390          42.68"""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.money.report.sales_order_profit.sales_order_profit import execute
from sales_mgmt.tests.money_scenario import ScenarioTestCase

REPORT = "Sales Order Profit"
Q1 = {"from_date": "2026-01-01", "to_date": "2026-03-31"}
COST_COLUMNS = {"cost", "gross_profit", "margin_percent"}


class TestSalesOrderProfit(ScenarioTestCase):
	def run_report(self, **filters):
		result = run_report(REPORT, filters={**Q1, **filters}, ignore_prepared_report=True)
		return result, [row for row in result["result"] if isinstance(row, dict)]

	def figures(self, rows, key) -> dict:
		return {
			row[key]: (row["revenue"], row["cost"], row["gross_profit"], row["margin_percent"])
			for row in rows
		}

	def summary(self, result) -> dict:
		return {entry["label"]: entry["value"] for entry in result["report_summary"]}

	def test_per_order(self):
		s = self.s
		result, rows = self.run_report(group_by="Sales Order")
		self.assertEqual(
			self.figures(rows, "sales_order"),
			{
				s.so1.name: (1000, 600, 400, 40),
				s.so2.name: (1000, 750, 250, 25),
				s.so3.name: (1400, 240, 1160, 82.86),
				s.so5.name: (2000, 1500, 500, 25),
				s.so6.name: (200, 120, 80, 40),
			},
		)
		# highest revenue first
		self.assertEqual(rows[0]["sales_order"], s.so5.name)
		self.assertEqual(
			self.summary(result),
			{"Revenue": 5600, "Cost": 3210, "Gross Profit": 2390, "Margin %": 42.68, "Orders": 5},
		)
		chart = result["chart"]["data"]
		self.assertEqual([d["name"] for d in chart["datasets"]], ["Revenue", "Gross Profit"])
		self.assertEqual(chart["datasets"][0]["values"], [2000, 1400, 1000, 1000, 200])

	def test_per_customer_and_salesperson(self):
		s, sp = self.s, self.team.salespeople
		result, rows = self.run_report(group_by="Customer")
		# C1 650 / 2000 = 32.5%; C3 580 / 2200 = 26.36%
		self.assertEqual(
			self.figures(rows, "customer"),
			{s.c1: (2000, 1350, 650, 32.5), s.c2: (1400, 240, 1160, 82.86), s.c3: (2200, 1620, 580, 26.36)},
		)
		self.assertEqual({row["customer"]: row["order_count"] for row in rows}, {s.c1: 2, s.c2: 1, s.c3: 2})
		self.assertEqual(self.summary(result)["Orders"], 5)
		_result, rows = self.run_report(group_by="Salesperson")
		self.assertEqual(
			self.figures(rows, "salesperson"),
			{
				sp["east1"]: (2000, 1350, 650, 32.5),
				sp["east2"]: (1400, 240, 1160, 82.86),
				sp["west1"]: (2200, 1620, 580, 26.36),
			},
		)

	def test_per_product(self):
		s = self.s
		result, rows = self.run_report(group_by="Product")
		# P1: SO1 1000/600, SO3 1400/240, SO6 200/120 = 2600/960 (1640 / 2600 = 63.08%), 16 units
		# P2: SO2 1000/750, SO5 2000/1500 = 3000/2250, 15 units
		self.assertEqual(
			self.figures(rows, "product"),
			{s.p1: (2600, 960, 1640, 63.08), s.p2: (3000, 2250, 750, 25)},
		)
		self.assertEqual(
			{row["product"]: (row["qty"], row["order_count"]) for row in rows}, {s.p1: (16, 3), s.p2: (15, 2)}
		)
		# the same totals as per order
		self.assertEqual(
			self.summary(result),
			{"Revenue": 5600, "Cost": 3210, "Gross Profit": 2390, "Margin %": 42.68, "Orders": 5},
		)

	def test_date_range_and_filters(self):
		s = self.s
		_result, rows = self.run_report(group_by="Sales Order", to_date="2026-04-30")
		self.assertIn(s.so7.name, {row["sales_order"] for row in rows})
		self.assertNotIn(s.so4.name, {row["sales_order"] for row in rows})
		_result, rows = self.run_report(group_by="Sales Order", from_date="2026-02-01")
		self.assertEqual({row["sales_order"] for row in rows}, {s.so2.name, s.so5.name, s.so6.name})
		_result, rows = self.run_report(group_by="Customer", customer=s.c3)
		self.assertEqual(self.figures(rows, "customer"), {s.c3: (2200, 1620, 580, 26.36)})
		_result, rows = self.run_report(group_by="Customer", salesperson=self.team.salespeople["east"])
		self.assertEqual({row["customer"] for row in rows}, {s.c1, s.c2})

	def test_who_sees_it(self):
		s = self.s
		# a sales user may not run the report at all
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(frappe.PermissionError, self.run_report)
		# nor read costs: called directly, the report shows their own orders' revenue only
		columns, data, _message, chart, summary = execute({**Q1, "group_by": "Sales Order"})
		self.assertEqual({row["sales_order"] for row in data}, {s.so1.name, s.so2.name})
		self.assertFalse(COST_COLUMNS & {c["fieldname"] for c in columns})
		self.assertFalse(any(COST_COLUMNS & set(row) for row in data))
		self.assertEqual({entry["label"] for entry in summary}, {"Revenue", "Orders"})
		self.assertEqual([d["name"] for d in chart["data"]["datasets"]], ["Revenue"])

		for user, customers in (("east", {s.c1, s.c2}), ("finance", {s.c1, s.c2, s.c3})):
			with self.subTest(user=user):
				frappe.set_user(self.team.users[user])
				for group_by in ("Customer", "Sales Order"):
					result, rows = self.run_report(group_by=group_by)
					self.assertEqual({row["customer"] for row in rows}, customers)
					self.assertLessEqual(COST_COLUMNS, {c["fieldname"] for c in result["columns"]})
		for user in ("service", "warehouse"):
			frappe.set_user(self.team.users[user])
			self.assertRaises(frappe.PermissionError, self.run_report)

	def test_bad_filters(self):
		for filters in (
			{"group_by": "Region"},
			{"from_date": "2026-04-01", "to_date": "2026-03-01"},
			{"from_date": "someday"},
			{"customer": "CUST-NOBODY"},
			{"salesperson": "SP-NOBODY"},
		):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, self.run_report, **filters)
