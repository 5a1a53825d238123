# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.exceptions import AssignmentNotAllowedError, DisabledSalespersonError, DuplicateCustomerError
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.sales_team import SalesTeamTestCase


def new_customer(name, **kwargs):
	return frappe.get_doc({"doctype": "SM Customer", "customer_name": name, **kwargs})


class TestSMCustomer(SalesTeamTestCase):
	def count(self):
		return frappe.db.count("SM Customer")

	def test_defaults_for_a_sales_user(self):
		frappe.set_user(self.team.users["east1"])
		doc = new_customer("Defaults Trading Co").insert()
		self.assertEqual(doc.salesperson, self.team.salespeople["east1"])
		self.assertEqual(doc.status, "Prospect")
		self.assertEqual(doc.customer_type, "Company")
		self.assertRegex(doc.name, r"^CUST-\d{5}$")

	def test_name_is_cleaned(self):
		doc = new_customer("  Clean   Name  Ltd ").insert()
		self.assertEqual(doc.customer_name, "Clean Name Ltd")
		self.assertEqual(doc.customer_name_key, "cleannameltd")

	def test_duplicate_name_ignores_case_and_whitespace(self):
		new_customer("Acme Widgets").insert()
		before = self.count()
		for duplicate in ("acme widgets", "  ACME   Widgets ", "AcmeWidgets", "ＡＣＭＥ Widgets"):
			with self.subTest(name=duplicate):
				self.assertRaises(DuplicateCustomerError, new_customer(duplicate).insert)
		self.assertEqual(self.count(), before)

	def test_names_are_compared_as_stored(self):
		evil = "<img src=x onerror=alert(1)> Evil"
		first = new_customer(evil).insert()
		# Frappe's sanitiser stores the name without the handler; the key is computed from that value
		self.assertEqual(
			frappe.db.get_value("SM Customer", first.name, ["customer_name", "customer_name_key"]),
			('<img src="x"> Evil', '<imgsrc="x">evil'),
		)
		before = self.count()
		for duplicate in (evil, '<img src="x"> evil', "<IMG SRC=x ONERROR=alert(1)>  EVIL"):
			with self.subTest(name=duplicate):
				with self.assertRaises(DuplicateCustomerError) as refused:
					new_customer(duplicate).insert()
				self.assertNotIn("Duplicate entry", str(refused.exception))
		self.assertEqual(self.count(), before)

	def test_race_past_the_check_gets_the_same_message(self):
		existing = new_customer("Raced Name Co").insert()
		doc = new_customer("raced name co")
		doc.validate_unique_name = lambda: None  # as if both saves had checked at the same moment
		with self.assertRaises(DuplicateCustomerError) as refused:
			doc.insert()
		self.assertEqual(
			str(refused.exception),
			f"Customer <strong>raced name co</strong> already exists as <strong>Raced Name Co ({existing.name})</strong>.",
		)
		self.assertNotIn("must be unique", str(frappe.local.message_log))

	def test_duplicate_names_the_existing_customer_only_to_who_may_read_it(self):
		west = new_customer("West Only Trading", salesperson=self.team.salespeople["west1"]).insert()
		frappe.set_user(self.team.users["east1"])
		with self.assertRaises(DuplicateCustomerError) as refused:
			new_customer("west only trading").insert()
		self.assertEqual(
			str(refused.exception),
			"A customer named <strong>west only trading</strong> already exists in another team; "
			"ask your manager to assign it to you.",
		)
		self.assertNotIn(west.name, str(frappe.local.message_log))
		frappe.set_user(self.team.users["west"])
		with self.assertRaises(DuplicateCustomerError) as refused:
			new_customer("west only trading").insert()
		self.assertIn(f"West Only Trading ({west.name})", str(refused.exception))

	def test_duplicate_on_rename_of_existing(self):
		new_customer("First Original").insert()
		second = new_customer("Second Original").insert()
		second.customer_name = "first original"
		self.assertRaises(DuplicateCustomerError, second.save)
		self.assertEqual(frappe.db.get_value("SM Customer", second.name, "customer_name"), "Second Original")

	def test_invalid_email_and_phone_are_refused(self):
		before = self.count()
		self.assertRaises(
			frappe.InvalidEmailAddressError, new_customer("Bad Mail Co", email="not-an-email").insert
		)
		for phone in ("abc", "12345", "138-0013-800a", "+86 138 0013 8000 1234 5"):
			with self.subTest(phone=phone):
				self.assertRaises(
					frappe.ValidationError, new_customer(f"Bad Phone {phone}", phone=phone).insert
				)
		self.assertEqual(self.count(), before)

	def test_valid_phones_are_accepted(self):
		for i, phone in enumerate(("13800138000", "021-62345678", "+86 138 0013 8000", "(0755) 2345 6789")):
			with self.subTest(phone=phone):
				doc = new_customer(f"Good Phone {i}", phone=phone, email="buyer@example.cn").insert()
				self.assertEqual(doc.phone, phone)

	def test_disabled_salesperson_is_refused(self):
		disabled = frappe.get_doc(
			{"doctype": "SM Salesperson", "salesperson_name": "Gone Rep", "enabled": 0}
		).insert()
		before = self.count()
		self.assertRaises(
			DisabledSalespersonError, new_customer("Orphan Co", salesperson=disabled.name).insert
		)
		self.assertEqual(self.count(), before)

		customer = new_customer("Kept Co", salesperson=self.team.salespeople["east1"]).insert()
		customer.salesperson = disabled.name
		self.assertRaises(DisabledSalespersonError, customer.save)

	def test_sales_user_cannot_reassign(self):
		customer = new_customer("Reassign Me Co", salesperson=self.team.salespeople["east1"]).insert()
		frappe.set_user(self.team.users["east1"])
		customer = frappe.get_doc("SM Customer", customer.name)
		customer.salesperson = self.team.salespeople["east2"]
		self.assertRaises(AssignmentNotAllowedError, customer.save)
		frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("SM Customer", customer.name, "salesperson"), self.team.salespeople["east1"]
		)

		# other edits by the owner are fine
		frappe.set_user(self.team.users["east1"])
		customer = frappe.get_doc("SM Customer", customer.name)
		customer.city = "杭州"
		customer.save()

	def test_sales_user_cannot_create_for_someone_else(self):
		frappe.set_user(self.team.users["east1"])
		doc = new_customer("Not Mine Co", salesperson=self.team.salespeople["east2"])
		self.assertRaises(AssignmentNotAllowedError, doc.insert)

	def test_unlinked_sales_user_is_told_why(self):
		frappe.set_user(self.team.users["unlinked"])
		self.assertRaises(AssignmentNotAllowedError, new_customer("Nobody's Co").insert)

	def test_manager_reassigns_within_team_only(self):
		customer = new_customer("Team Move Co", salesperson=self.team.salespeople["east1"]).insert()
		frappe.set_user(self.team.users["east"])
		customer = frappe.get_doc("SM Customer", customer.name)
		customer.salesperson = self.team.salespeople["east2"]
		customer.save()
		self.assertEqual(customer.salesperson, self.team.salespeople["east2"])

		customer.salesperson = self.team.salespeople["west1"]
		self.assertRaises(AssignmentNotAllowedError, customer.save)

		# the director above both regions may move it anywhere below them
		frappe.set_user(self.team.users["director"])
		customer = frappe.get_doc("SM Customer", customer.name)
		customer.salesperson = self.team.salespeople["west1"]
		customer.save()

	def test_business_owner_assigns_anyone(self):
		frappe.set_user(self.team.users["owner"])
		customer = new_customer("Owner Pick Co", salesperson=self.team.salespeople["west1"]).insert()
		customer.salesperson = self.team.salespeople["east2"]
		customer.save()
		self.assertEqual(customer.salesperson, self.team.salespeople["east2"])

	def test_negative_credit_limit_is_refused(self):
		self.assertRaises(frappe.ValidationError, new_customer("Negative Credit Co", credit_limit=-1).insert)

	def test_contacts_and_addresses_are_linked(self):
		customer = new_customer("Linked Contact Co").insert()
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "王",
				"last_name": "经理",
				"links": [{"link_doctype": "SM Customer", "link_name": customer.name}],
			}
		).insert()
		customer = frappe.get_doc("SM Customer", customer.name)
		customer.run_method("onload")
		self.assertEqual([c.name for c in customer.get_onload("contact_list")], [contact.name])
		customer.delete()
		self.assertFalse(frappe.db.exists("Contact", contact.name))


class TestSMCustomerImport(IntegrationTestCase):
	"""Frappe's Data Import goes through the same validation as the form."""

	def test_import_inserts_valid_rows_and_rejects_bad_ones(self):
		import csv
		import tempfile

		from frappe.core.doctype.data_import.importer import Importer

		suffix = frappe.generate_hash(length=6)
		new_customer(f"Existing Import {suffix}").insert()
		rows = [
			["Customer Name", "Customer Type", "Status", "City", "Phone"],
			[f"Imported Good {suffix}", "Company", "Active", "苏州", "0512-66668888"],
			[f"  existing   IMPORT {suffix}", "Company", "Active", "苏州", ""],
			[f"Imported Bad Phone {suffix}", "Individual", "Prospect", "苏州", "call me"],
		]
		with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
			csv.writer(f).writerows(rows)
		Importer(
			"SM Customer", file_path=f.name, import_type="Insert New Records", console=True
		).import_data()

		imported = frappe.get_all(
			"SM Customer", filters={"customer_name": ("like", f"%{suffix}")}, pluck="customer_name"
		)
		self.assertEqual(sorted(imported), sorted([f"Existing Import {suffix}", f"Imported Good {suffix}"]))
		self.assertEqual(
			frappe.db.get_value("SM Customer", {"customer_name": f"Imported Good {suffix}"}, "city"), "苏州"
		)
