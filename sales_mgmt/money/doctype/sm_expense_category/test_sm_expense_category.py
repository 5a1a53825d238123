"""Expense categories: the default tree (created once), types inherited from the parent, groups and
leaves."""

import frappe

from sales_mgmt.exceptions import InvalidExpenseCategoryError
from sales_mgmt.money.setup import DEFAULT_EXPENSE_CATEGORIES, create_default_expense_categories
from sales_mgmt.tests.expense_data import ExpenseTestCase, make_expense, make_expense_category
from sales_mgmt.tests.goods_data import unique


class TestExpenseCategory(ExpenseTestCase):
	def test_default_categories(self):
		for group, expense_type, children in DEFAULT_EXPENSE_CATEGORIES:
			self.assertEqual(
				frappe.db.get_value("SM Expense Category", group, ["is_group", "expense_type"]),
				(1, expense_type),
			)
			for child in children:
				self.assertEqual(
					frappe.db.get_value(
						"SM Expense Category",
						child,
						["parent_sm_expense_category", "is_group", "expense_type"],
					),
					(group, 0, expense_type),
				)

	def test_default_categories_read_in_chinese(self):
		from sales_mgmt.tests.test_translations import CJK, zh_translations

		translations = zh_translations()
		for group, _type, children in DEFAULT_EXPENSE_CATEGORIES:
			for name in (group, *children):
				self.assertRegex(translations.get(name, ""), CJK, name)

	def test_defaults_are_created_only_on_a_site_without_categories(self):
		count = frappe.db.count("SM Expense Category")
		frappe.delete_doc("SM Expense Category", "Trade Shows", ignore_permissions=True)
		frappe.rename_doc("SM Expense Category", "Advertising", "Online Ads", force=True)
		create_default_expense_categories()
		from sales_mgmt.install import after_migrate

		after_migrate()
		self.assertEqual(frappe.db.count("SM Expense Category"), count - 1)
		self.assertFalse(frappe.db.exists("SM Expense Category", "Trade Shows"))
		self.assertFalse(frappe.db.exists("SM Expense Category", "Advertising"))

	def test_type_comes_from_the_parent(self):
		leaf = make_expense_category(unique("Parking"), self.mgmt)
		self.assertEqual(frappe.db.get_value("SM Expense Category", leaf, "expense_type"), "Management")
		# a leaf of its own type below a group of another
		leaf = make_expense_category(unique("Samples"), self.mgmt, expense_type="Promotion")
		self.assertEqual(frappe.db.get_value("SM Expense Category", leaf, "expense_type"), "Promotion")
		# a leaf without a type and without a parent to take it from
		self.assertRaises(InvalidExpenseCategoryError, make_expense_category, unique("Loose"))

	def test_groups_and_leaves(self):
		# a category below a leaf
		self.assertRaises(InvalidExpenseCategoryError, make_expense_category, unique("Taxi"), self.travel)
		# a leaf with expenses stays a leaf
		make_expense(self.office, 10)
		office = frappe.get_doc("SM Expense Category", self.office)
		office.is_group = 1
		self.assertRaises(InvalidExpenseCategoryError, office.save)
		# one without becomes a group, and takes categories below it
		spare = make_expense_category(unique("Spare"), self.mgmt)
		doc = frappe.get_doc("SM Expense Category", spare)
		doc.is_group = 1
		doc.save()
		make_expense_category(unique("Taxi"), spare)
		# a group with categories below it stays a group
		mgmt = frappe.get_doc("SM Expense Category", self.mgmt)
		mgmt.is_group = 0
		self.assertRaises(frappe.ValidationError, mgmt.save)
