# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.goods.report.stock_balance.stock_balance import execute
from sales_mgmt.tests.goods_data import (
	issue,
	make_category,
	make_product,
	make_warehouse,
	receive,
	transfer,
	unique,
)
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestStockBalance(SalesTeamTestCase):
	"""Data (two warehouses W1, W2; category tree Phones > Smart):

	A (Smart, reorder 20, cost 60): receive 10 into W1, 8 into W2; move 4 W1 -> W2; issue 4 from W2
	    -> W1 6, W2 8, total 14 < 20: below reorder; value 14 x 60 = 840
	B (Phones, reorder 5, cost 30, Gift): receive 8 into W1 -> W1 8, total 8, value 240
	C (Smart, reorder 3): no stock -> hidden unless asked for; below reorder (0 < 3)
	"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.phones = make_category(unique("Phones"))
		cls.smart = make_category(unique("Smart"), parent=cls.phones)
		cls.w1 = make_warehouse(unique("W1"))
		cls.w2 = make_warehouse(unique("W2"))
		cls.a = make_product(category=cls.smart, reorder_level=20, cost_price=60)
		cls.b = make_product(category=cls.phones, reorder_level=5, cost_price=30, product_type="Gift")
		cls.c = make_product(category=cls.smart, reorder_level=3)
		receive(cls.a, cls.w1, 10, posting_date="2025-01-01")
		receive(cls.a, cls.w2, 8, posting_date="2025-01-01")
		transfer(cls.a, cls.w1, cls.w2, 4, posting_date="2025-01-02")
		issue(cls.a, cls.w2, 4, posting_date="2025-01-03")
		receive(cls.b, cls.w1, 8, posting_date="2025-01-01")

	def run_report(self, **filters):
		columns, data, _message, chart, summary = execute({"category": self.phones, **filters})
		return (
			columns,
			{row["product"]: row for row in data} if filters.get("layout") is None else data,
			chart,
			summary,
		)

	def quantity(self, columns, row, warehouse):
		fieldname = next(c["fieldname"] for c in columns if c["label"] == warehouse)
		return row[fieldname]

	def test_warehouses_as_columns(self):
		columns, rows, chart, summary = self.run_report()
		self.assertEqual(set(rows), {self.a, self.b})
		a, b = rows[self.a], rows[self.b]
		self.assertEqual((self.quantity(columns, a, self.w1), self.quantity(columns, a, self.w2)), (6, 8))
		self.assertEqual((a["total_qty"], a["below_reorder"], a["stock_value"]), (14, 1, 840))
		self.assertEqual((self.quantity(columns, b, self.w1), self.quantity(columns, b, self.w2)), (8, 0))
		self.assertEqual((b["total_qty"], b["below_reorder"], b["stock_value"]), (8, 0, 240))
		values = {s["label"]: s["value"] for s in summary}
		# 2 products, 14 + 8 = 22 units, one below reorder, 840 + 240 = 1080
		self.assertEqual(
			(
				values["Products"],
				values["Total Quantity"],
				values["Below Reorder Level"],
				values["Stock Value"],
			),
			(2, 22, 1, 1080),
		)
		chart_values = dict(zip(chart["data"]["labels"], chart["data"]["datasets"][0]["values"], strict=True))
		self.assertEqual((chart_values[self.w1], chart_values[self.w2]), (14, 8))

	def test_filters(self):
		_columns, rows, _chart, _summary = self.run_report(category=self.smart)
		self.assertEqual(set(rows), {self.a})
		_columns, rows, _chart, _summary = self.run_report(product_type="Gift")
		self.assertEqual(set(rows), {self.b})
		columns, rows, _chart, _summary = self.run_report(warehouse=self.w2)
		# only W2: A has 8 there (still below its reorder level of 20), B none
		self.assertEqual(set(rows), {self.a})
		self.assertEqual([c["label"] for c in columns if c["fieldname"].startswith("wh_")], [self.w2])
		self.assertEqual((rows[self.a]["total_qty"], rows[self.a]["stock_value"]), (8, 480))
		_columns, rows, _chart, _summary = self.run_report(show_zero=1)
		self.assertEqual(set(rows), {self.a, self.b, self.c})
		self.assertEqual(rows[self.c]["total_qty"], 0)

	def test_below_reorder_only(self):
		_columns, rows, _chart, _summary = self.run_report(below_reorder_only=1)
		self.assertEqual(set(rows), {self.a, self.c})

	def test_warehouses_as_rows(self):
		_columns, data, _chart, _summary = self.run_report(layout="Warehouses as Rows")
		got = sorted((r["product"], r["warehouse"], r["qty"], r["stock_value"]) for r in data)
		expected = [(self.a, self.w1, 6, 360), (self.a, self.w2, 8, 480), (self.b, self.w1, 8, 240)]
		self.assertEqual(got, sorted(expected))

	def test_value_at_cost_only_for_those_who_see_costs(self):
		for key, sees in (("east1", False), ("service", False), ("east", True), ("warehouse", True)):
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				columns, rows, _chart, summary = self.run_report()
				fieldnames = {c["fieldname"] for c in columns}
				self.assertEqual("stock_value" in fieldnames, sees)
				self.assertEqual("stock_value" in rows[self.a], sees)
				self.assertEqual("cost_price" in rows[self.a], sees)
				self.assertEqual(any(s["label"] == "Stock Value" for s in summary), sees)
				self.assertEqual(rows[self.a]["total_qty"], 14)

	def test_bad_filters(self):
		for filters in ({"layout": "Sideways"}, {"product_type": "Food"}, {"warehouse": "No Such Place"}):
			with self.subTest(filters=filters):
				self.assertRaises(InvalidReportFilterError, execute, filters)
