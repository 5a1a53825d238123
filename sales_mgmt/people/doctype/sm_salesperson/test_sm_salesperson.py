# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.people.hierarchy import get_ancestors, get_salesperson, get_subtree
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.sales_team import ensure_user


def make_salesperson(name, parent=None, user=None, **kwargs):
	return frappe.get_doc(
		{
			"doctype": "SM Salesperson",
			"salesperson_name": name,
			"parent_sm_salesperson": parent,
			"user": user,
			**kwargs,
		}
	).insert()


class TestSMSalesperson(IntegrationTestCase):
	def test_tree_nests_and_moves(self):
		head = make_salesperson("Tree Head")
		north = make_salesperson("Tree North", head.name)
		south = make_salesperson("Tree South", head.name)
		rep = make_salesperson("Tree Rep", north.name)

		head.reload()
		self.assertEqual(head.rgt - head.lft, 7)  # 4 nodes -> 8 boundaries
		self.assertEqual(set(get_subtree(head.name)), {head.name, north.name, south.name, rep.name})
		self.assertEqual(get_subtree(north.name), [north.name, rep.name])
		self.assertEqual(get_subtree(rep.name), [rep.name])
		self.assertEqual(get_ancestors(rep.name), [north.name, head.name])

		# a parent with people reporting to it becomes a group node
		self.assertEqual(frappe.db.get_value("SM Salesperson", north.name, "is_group"), 1)

		rep.reload()
		rep.parent_sm_salesperson = south.name
		rep.save()
		self.assertEqual(get_subtree(north.name), [north.name])
		self.assertEqual(get_subtree(south.name), [south.name, rep.name])
		self.assertEqual(get_ancestors(rep.name), [south.name, head.name])

	def test_cannot_report_to_own_subtree(self):
		head = make_salesperson("Loop Head")
		child = make_salesperson("Loop Child", head.name)
		head.reload()
		head.parent_sm_salesperson = child.name
		self.assertRaises(frappe.ValidationError, head.save)

	def test_user_maps_to_one_salesperson(self):
		user = ensure_user("unique.check", "Unique Check", ["Sales User"])
		first = make_salesperson("Unique One", user=user)
		self.assertEqual(get_salesperson(user), first.name)

		duplicate = frappe.get_doc(
			{"doctype": "SM Salesperson", "salesperson_name": "Unique Two", "user": user}
		)
		self.assertRaises(frappe.UniqueValidationError, duplicate.insert)
		self.assertFalse(frappe.db.exists("SM Salesperson", {"salesperson_name": "Unique Two"}))

	def test_salesperson_name_is_required(self):
		doc = frappe.get_doc({"doctype": "SM Salesperson", "salesperson_name": ""})
		self.assertRaises(frappe.MandatoryError, doc.insert)
