# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.exceptions import DuplicateSalesBudgetError, InvalidPeriodError
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.goods_data import make_product


def budget(product, period, qty=10, **kwargs):
	return frappe.get_doc(
		{"doctype": "SM Sales Budget", "product": product, "period": period, "budget_qty": qty, **kwargs}
	)


class TestSMSalesBudget(IntegrationTestCase):
	def test_period_is_a_month(self):
		product = make_product()
		for given, stored in (("2026-12", "2026-12"), ("2027-3", "2027-03"), ("2027-04-15", "2027-04")):
			with self.subTest(period=given):
				doc = budget(product, given, notes="  挑战目标 ").insert()
				self.assertEqual(doc.period, stored)
				self.assertEqual(doc.name, f"{product}-{stored}")
				self.assertEqual(doc.notes, "挑战目标")
		for bad in ("2026", "2026-13", "December", "26-12"):
			with self.subTest(period=bad):
				self.assertRaises(InvalidPeriodError, budget(product, bad).insert)

	def test_one_budget_per_product_and_month(self):
		product = make_product()
		budget(product, "2026-12").insert()
		before = frappe.db.count("SM Sales Budget")
		self.assertRaises(DuplicateSalesBudgetError, budget(product, "2026-12-01", 20).insert)
		self.assertEqual(frappe.db.count("SM Sales Budget"), before)

	def test_budget_quantity_is_not_negative(self):
		self.assertRaises(frappe.ValidationError, budget(make_product(), "2026-12", -1).insert)
