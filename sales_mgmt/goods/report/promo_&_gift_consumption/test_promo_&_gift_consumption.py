# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import importlib

import frappe

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.goods_data import issue, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase

report = importlib.import_module("sales_mgmt.goods.report.promo_&_gift_consumption.promo_&_gift_consumption")

JUNE = {"from_date": "2025-06-01", "to_date": "2025-06-30"}


class TestPromoGiftConsumption(SalesTeamTestCase):
	"""One warehouse W, June 2025 (30 days):

	brochure BRO (Promotional Material): 100 received in May; issued in June 10 (Promotion, customer
	    C1 by salesperson east1), 20 (Promotion, C2 by east2), 5 (Internal Use, nobody); 7 more in July
	    -> issued 35; on hand now 100 - 35 - 7 = 58; 35 / 30 = 1.167 a day; 58 / (35 / 30) = 49.7 days
	cup CUP (Gift, cost 25): 50 received; issued 4 (Gift, C1 by east1), 6 (Gift, C2 by east2) and
	    10 (Gift, C1) that was cancelled -> issued 10, on hand 40, 0.333 a day, 120 days of cover
	phone PHN (Sales Item, list price 1000): 20 received; 2 delivered to C1 (Sales Delivery)
	    -> C1's delivered value 2 x 1000 = 2000; C1's gift value 4 x 25 = 100 = 5 % of it
	"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.c1, cls.c2 = cls.team.customers["east1"], cls.team.customers["east2"]
		cls.sp1, cls.sp2 = cls.team.salespeople["east1"], cls.team.salespeople["east2"]
		cls.w = make_warehouse(unique("PROMO"))
		cls.bro = make_product(product_type="Promotional Material", product_name="产品宣传册", cost_price=2)
		cls.cup = make_product(product_type="Gift", product_name="定制保温杯", cost_price=25)
		cls.phn = make_product(product_name="手机", standard_price=1000, cost_price=700)
		for product, qty in ((cls.bro, 100), (cls.cup, 50), (cls.phn, 20)):
			receive(product, cls.w, qty, posting_date="2025-05-20")

		def give(product, qty, purpose, date, customer=None, salesperson=None):
			return issue(
				product,
				cls.w,
				qty,
				purpose=purpose,
				posting_date=date,
				customer=customer,
				salesperson=salesperson,
			)

		give(cls.bro, 10, "Promotion", "2025-06-03", cls.c1, cls.sp1)
		give(cls.cup, 4, "Gift", "2025-06-05", cls.c1, cls.sp1)
		give(cls.phn, 2, "Sales Delivery", "2025-06-07", cls.c1, cls.sp1)
		give(cls.bro, 20, "Promotion", "2025-06-10", cls.c2, cls.sp2)
		give(cls.cup, 6, "Gift", "2025-06-12", cls.c2, cls.sp2)
		give(cls.bro, 5, "Internal Use", "2025-06-15")
		give(cls.cup, 10, "Gift", "2025-06-20", cls.c1, cls.sp1).cancel()
		# July is outside the period
		give(cls.bro, 7, "Promotion", "2025-07-01", cls.c1, cls.sp1)

	def run_report(self, **filters):
		columns, data, _message, chart, summary = report.execute({**JUNE, "warehouse": self.w, **filters})
		return columns, data, chart, {s["label"]: s["value"] for s in summary}

	def test_by_product(self):
		columns, data, chart, summary = self.run_report()
		rows = {r["product"]: r for r in data}
		self.assertEqual(set(rows), {self.bro, self.cup})
		purposes = {c["label"]: c["fieldname"] for c in columns if c["fieldname"].startswith("purpose_")}
		bro, cup = rows[self.bro], rows[self.cup]
		self.assertEqual((bro["issued_qty"], bro["on_hand"]), (35, 58))
		self.assertEqual(
			(bro[purposes["Promotion"]], bro[purposes["Internal Use"]], bro[purposes["Gift"]]), (30, 5, 0)
		)
		self.assertAlmostEqual(bro["avg_daily"], 35 / 30)
		self.assertAlmostEqual(bro["days_of_cover"], 49.714, places=3)
		self.assertEqual((cup["issued_qty"], cup["on_hand"], cup[purposes["Gift"]]), (10, 40, 10))
		self.assertAlmostEqual(cup["avg_daily"], 1 / 3)
		self.assertAlmostEqual(cup["days_of_cover"], 120)
		self.assertEqual(
			(summary["Promotional Material Issued"], summary["Gifts Issued"], summary["Days in Period"]),
			(35, 10, 30),
		)
		self.assertEqual(chart["data"]["datasets"][0]["values"], [35, 10])

	def test_product_type_filter_and_no_consumption(self):
		_columns, data, _chart, summary = self.run_report(product_type="Gift")
		self.assertEqual([r["product"] for r in data], [self.cup])
		self.assertEqual(summary["Promotional Material Issued"], 0)
		# in August nothing was issued: stock is listed without a rate or cover
		_columns, data, _chart, summary = self.run_report(from_date="2025-08-01", to_date="2025-08-31")
		rows = {r["product"]: r for r in data}
		self.assertEqual((rows[self.bro]["issued_qty"], rows[self.bro]["on_hand"]), (0, 58))
		self.assertEqual(rows[self.bro]["avg_daily"], 0)
		self.assertIsNone(rows[self.bro]["days_of_cover"])

	def test_by_customer(self):
		_columns, data, _chart, summary = self.run_report(group_by="Customer")
		rows = {r["customer"]: r for r in data}
		self.assertEqual(set(rows), {self.c1, self.c2})
		c1, c2 = rows[self.c1], rows[self.c2]
		self.assertEqual(
			(c1["promo_qty"], c1["gift_qty"], c1["gift_value"], c1["delivered_value"]), (10, 4, 100, 2000)
		)
		self.assertAlmostEqual(c1["gift_share"], 5)
		self.assertEqual(
			(c2["promo_qty"], c2["gift_qty"], c2["gift_value"], c2["delivered_value"]), (20, 6, 150, 0)
		)
		self.assertIsNone(c2["gift_share"])
		self.assertEqual((summary["Promotional Material Issued"], summary["Gifts Issued"]), (30, 10))

	def test_by_salesperson(self):
		_columns, data, _chart, _summary = self.run_report(group_by="Salesperson")
		rows = {r["salesperson"]: r for r in data}
		self.assertEqual(
			(rows[self.sp1]["promo_qty"], rows[self.sp1]["gift_qty"], rows[self.sp1]["customers"]), (10, 4, 1)
		)
		self.assertEqual(
			(rows[self.sp2]["promo_qty"], rows[self.sp2]["gift_qty"], rows[self.sp2]["customers"]), (20, 6, 1)
		)
		# the internal use has no salesperson
		self.assertEqual((rows[None]["promo_qty"], rows[None]["salesperson_name"]), (5, "Not Set"))

	def test_by_purpose(self):
		_columns, data, _chart, _summary = self.run_report(group_by="Purpose")
		got = {r["purpose"]: (r["promo_qty"], r["gift_qty"], r["products"]) for r in data}
		self.assertEqual(got, {"Gift": (0, 10, 1), "Internal Use": (5, 0, 1), "Promotion": (30, 0, 1)})

	def test_sales_see_their_own_customers(self):
		frappe.set_user(self.team.users["east1"])
		columns, data, _chart, _summary = self.run_report(group_by="Customer")
		self.assertEqual([r["customer"] for r in data], [self.c1])
		self.assertNotIn("gift_value", {c["fieldname"] for c in columns})
		_columns, data, _chart, _summary = self.run_report(group_by="Salesperson")
		self.assertEqual([r["salesperson"] for r in data], [self.sp1])
		# product totals are company-wide, like stock
		_columns, data, _chart, _summary = self.run_report()
		self.assertEqual({r["product"]: r["issued_qty"] for r in data}, {self.bro: 35, self.cup: 10})

		frappe.set_user(self.team.users["east"])
		_columns, data, _chart, _summary = self.run_report(group_by="Customer")
		self.assertEqual({r["customer"] for r in data}, {self.c1, self.c2})
		frappe.set_user(self.team.users["west1"])
		_columns, data, _chart, _summary = self.run_report(group_by="Customer")
		self.assertEqual(data, [])

	def test_days_in_period_stop_today(self):
		self.assertEqual(report.days_in_period("2025-06-01", "2025-06-30", as_of="2025-07-15"), 30)
		self.assertEqual(report.days_in_period("2025-06-01", "2025-06-30", as_of="2025-06-10"), 10)
		self.assertEqual(report.days_in_period("2025-06-01", "2025-06-30", as_of="2025-05-10"), 0)
		self.assertEqual(report.consumption(0, 10, 0), (None, None))
		self.assertEqual(report.consumption(30, 90, 30), (1, 90))

	def test_bad_filters(self):
		self.assertRaises(InvalidReportFilterError, self.run_report, group_by="Colour")
		self.assertRaises(InvalidReportFilterError, self.run_report, product_type="Sales Item")
