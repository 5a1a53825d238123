# Copyright (c) 2026, sales_mgmt contributors and Contributors
# See license.txt

import frappe

from sales_mgmt.exceptions import InvalidCategoryError
from sales_mgmt.goods.doctype.sm_product_category.sm_product_category import get_category_with_descendants
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.goods_data import make_category, unique


class TestSMProductCategory(IntegrationTestCase):
	"""Phones > (Smart > Folding, Basic); Audio."""

	def setUp(self):
		self.phones = make_category(unique("Phones"))
		self.smart = make_category(unique("Smart"), parent=self.phones)
		self.folding = make_category(unique("Folding"), parent=self.smart)
		self.basic = make_category(unique("Basic"), parent=self.phones)
		self.audio = make_category(unique("Audio"))

	def test_a_category_with_children_is_a_group(self):
		groups = {
			name: frappe.db.get_value("SM Product Category", name, "is_group")
			for name in (self.phones, self.smart, self.folding, self.basic, self.audio)
		}
		self.assertEqual(
			groups, {self.phones: 1, self.smart: 1, self.folding: 0, self.basic: 0, self.audio: 0}
		)

	def test_a_category_stands_for_its_subtree(self):
		self.assertEqual(
			sorted(get_category_with_descendants(self.phones)),
			sorted([self.phones, self.smart, self.folding, self.basic]),
		)
		self.assertEqual(
			sorted(get_category_with_descendants(self.smart)), sorted([self.smart, self.folding])
		)
		self.assertEqual(get_category_with_descendants(self.audio), [self.audio])

	def test_names_are_trimmed_and_a_category_is_not_its_own_parent(self):
		name = unique("Cables")
		doc = frappe.get_doc({"doctype": "SM Product Category", "category_name": f"  {name} "}).insert()
		self.assertEqual((doc.name, doc.category_name), (name, name))
		doc.parent_sm_product_category = name
		self.assertRaises(InvalidCategoryError, doc.save)
		self.assertIsNone(frappe.db.get_value("SM Product Category", name, "parent_sm_product_category"))
