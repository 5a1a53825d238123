"""Permission matrix: every role in a three-level hierarchy sees exactly the customers it should,
through every path Frappe offers (get_list, get_doc, link search, report view, export, REST API)."""

import csv
import io

import frappe
from frappe.desk.reportview import export_query
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_link
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client

from sales_mgmt.tests.sales_team import (
	EVERYTHING,
	HIERARCHY,
	PASSWORD,
	SALESPEOPLE,
	SalesTeamTestCase,
	customer_name,
)

# user key -> customer keys the user must see (and nothing else)
EXPECTED = {**HIERARCHY, "finance": EVERYTHING, "service": EVERYTHING}


class TestCustomerPermissionMatrix(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.matrix_names = set(cls.team.customers.values())

	def expected_names(self, user_key):
		return {self.team.customers[k] for k in EXPECTED[user_key]}

	def visible(self, names):
		"""Only the matrix customers count: other tests may add customers of their own."""
		return set(names) & self.matrix_names

	def test_get_list(self):
		for user_key in EXPECTED:
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				names = frappe.get_list("SM Customer", pluck="name", limit_page_length=0)
				self.assertEqual(self.visible(names), self.expected_names(user_key))

	def test_whole_tree_condition(self):
		"""A manager whose subtree is the whole tree gets "any assigned record" instead of a long list."""
		from unittest.mock import patch

		from sales_mgmt.permissions import get_permission_query_conditions

		director = self.team.users["director"]
		director_subtree = len(SALESPEOPLE)  # the whole test team reports to the director
		# pretend the team is the whole tree
		with patch("sales_mgmt.permissions.get_salesperson_count", return_value=director_subtree):
			frappe.set_user(director)
			self.assertNotIn(" in (", get_permission_query_conditions(director, "SM Customer"))
			names = frappe.get_list("SM Customer", pluck="name", limit_page_length=0)
			self.assertEqual(self.visible(names), self.expected_names("director"))
		# otherwise the director's subtree is listed
		with patch("sales_mgmt.permissions.get_salesperson_count", return_value=director_subtree + 1):
			self.assertIn(" in (", get_permission_query_conditions(director, "SM Customer"))
			names = frappe.get_list("SM Customer", pluck="name", limit_page_length=0)
			self.assertEqual(self.visible(names), self.expected_names("director"))

	def test_get_doc(self):
		for user_key in EXPECTED:
			frappe.set_user(self.team.users[user_key])
			for customer_key, name in self.team.customers.items():
				with self.subTest(user=user_key, customer=customer_key):
					if customer_key in EXPECTED[user_key]:
						self.assertEqual(frappe.get_doc("SM Customer", name).name, name)
						self.assertTrue(frappe.has_permission("SM Customer", "read", doc=name))
					else:
						self.assertFalse(frappe.has_permission("SM Customer", "read", doc=name))
						self.assertRaises(
							frappe.PermissionError, frappe.get_doc("SM Customer", name).check_permission
						)

	def test_search_link(self):
		for user_key in EXPECTED:
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				results = search_link("SM Customer", "Matrix Customer", page_length=100)
				self.assertEqual(self.visible(r["value"] for r in results), self.expected_names(user_key))

	def test_warehouse_user_can_only_pick_customers(self):
		frappe.set_user(self.team.users["warehouse"])
		results = search_link("SM Customer", "Matrix Customer", page_length=100)
		self.assertEqual(self.visible(r["value"] for r in results), self.matrix_names)
		self.assertRaises(
			frappe.PermissionError,
			frappe.get_doc("SM Customer", self.team.customers["east1"]).check_permission,
		)

	def test_report_view(self):
		for user_key in EXPECTED:
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				frappe.local.form_dict = frappe._dict(
					doctype="SM Customer",
					fields=["`tabSM Customer`.`name`", "`tabSM Customer`.`customer_name`"],
					filters=[["SM Customer", "customer_name", "like", "Matrix Customer%"]],
					page_length=0,
					view="Report",
				)
				result = reportview_get()
				names = [row[0] for row in result["values"]] if result else []
				self.assertEqual(self.visible(names), self.expected_names(user_key))

	def test_export(self):
		for user_key in ("east", "east1", "owner"):
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				frappe.local.form_dict = frappe._dict(
					doctype="SM Customer",
					file_format_type="CSV",
					fields=["`tabSM Customer`.`name`", "`tabSM Customer`.`customer_name`"],
					filters=[["SM Customer", "customer_name", "like", "Matrix Customer%"]],
					title="SM Customer",
				)
				frappe.local.response = frappe._dict()
				export_query()
				content = frappe.response["filecontent"]
				if isinstance(content, bytes):
					content = content.decode("utf-8-sig")
				rows = list(csv.reader(io.StringIO(content)))
				exported = {cell for row in rows[1:] for cell in row}
				self.assertEqual(self.visible(exported), self.expected_names(user_key))
				self.assertTrue({customer_name(k) for k in EXPECTED[user_key]} <= exported)

	def test_credit_limit_is_hidden_from_sales_users(self):
		name = self.team.customers["east1"]
		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc("SM Customer", name)
		doc.apply_fieldlevel_read_permissions()
		self.assertFalse(doc.get("credit_limit"))
		self.assertNotIn("credit_limit", doc.get_permlevel_access("read") or [])
		rows = frappe.get_list("SM Customer", filters={"name": name}, fields=["name", "credit_limit"])
		self.assertEqual(len(rows), 1)
		self.assertNotIn("credit_limit", rows[0])

		for user_key in ("east", "finance", "owner"):
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				rows = frappe.get_list("SM Customer", filters={"name": name}, fields=["name", "credit_limit"])
				self.assertEqual(rows[0].credit_limit, 50000)

	def test_contacts_and_addresses_follow_their_customer(self):
		customer = self.team.customers["east1"]
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Matrix Contact",
				"links": [{"link_doctype": "SM Customer", "link_name": customer}],
			}
		).insert(ignore_permissions=True)
		address = frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": "Matrix Address",
				"address_line1": "南京东路 1 号",
				"city": "上海",
				"country": "China",
				"links": [{"link_doctype": "SM Customer", "link_name": customer}],
			}
		).insert(ignore_permissions=True)
		unlinked = frappe.get_doc({"doctype": "Contact", "first_name": "Matrix Loose Contact"}).insert(
			ignore_permissions=True
		)
		sees_customer = {"east1", "east", "director", "owner", "finance", "service"}
		for user_key in ("east1", "east2", "east", "west", "director", "owner", "finance", "service"):
			frappe.set_user(self.team.users[user_key])
			for doc in (contact, address):
				with self.subTest(user=user_key, doctype=doc.doctype):
					names = frappe.get_list(doc.doctype, pluck="name", limit_page_length=0)
					self.assertEqual(doc.name in names, user_key in sees_customer)
					self.assertEqual(
						frappe.has_permission(doc.doctype, "read", doc=doc.name), user_key in sees_customer
					)
			if user_key in ("east1", "east2"):
				# a contact of no SM Customer is left to Frappe's own rules (Sales User may read contacts)
				self.assertIn(unlinked.name, frappe.get_list("Contact", pluck="name", limit_page_length=0))

		# the customer form shows the linked contact to its owner
		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc("SM Customer", customer)
		doc.run_method("onload")
		self.assertIn(contact.name, [c.name for c in doc.get_onload("contact_list")])
		self.assertIn(address.name, [a.name for a in doc.get_onload("addr_list")])

	def test_shared_customer_becomes_visible(self):
		other = self.team.customers["west1"]
		user = self.team.users["east1"]
		frappe.share.add_docshare("SM Customer", other, user, read=1, flags={"ignore_share_permission": True})
		try:
			frappe.set_user(user)
			self.assertIn(other, frappe.get_list("SM Customer", pluck="name", limit_page_length=0))
			self.assertEqual(frappe.get_doc("SM Customer", other).name, other)
		finally:
			frappe.set_user("Administrator")
			frappe.share.remove("SM Customer", other, user, flags={"ignore_permissions": True})


class TestCustomerRestAPI(SalesTeamTestCase):
	"""/api/resource through Frappe's WSGI application, logged in as each user."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.matrix_names = set(cls.team.customers.values())

	def login(self, user):
		client = get_test_client()
		response = make_request(
			target=client.post, args=("/api/method/login",), kwargs={"data": {"usr": user, "pwd": PASSWORD}}
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		return client

	def test_list_and_get(self):
		for user_key in ("east1", "east", "director", "owner", "finance", "unlinked"):
			with self.subTest(user=user_key):
				client = self.login(self.team.users[user_key])
				response = make_request(
					target=client.get,
					args=("/api/resource/SM Customer",),
					kwargs={"query_string": {"limit_page_length": 0, "fields": '["name"]'}},
				)
				self.assertEqual(response.status_code, 200)
				names = {row["name"] for row in response.json["data"]} & self.matrix_names
				self.assertEqual(names, {self.team.customers[k] for k in EXPECTED[user_key]})

				# frappe.client.get_count is overridden (hooks.py) to count only what the user may see
				response = make_request(
					target=client.get,
					args=("/api/method/frappe.client.get_count",),
					kwargs={
						"query_string": {
							"doctype": "SM Customer",
							"filters": '{"customer_name": ["like", "Matrix Customer%"]}',
						}
					},
				)
				self.assertEqual(response.json["message"], len(EXPECTED[user_key]))

				for customer_key, name in self.team.customers.items():
					response = make_request(target=client.get, args=(f"/api/resource/SM Customer/{name}",))
					expected_status = 200 if customer_key in EXPECTED[user_key] else 403
					self.assertEqual(response.status_code, expected_status, f"{user_key} -> {customer_key}")
					if expected_status == 200 and user_key in ("east1", "unlinked"):
						# masked: the stored limit is 50000
						self.assertFalse(response.json["data"].get("credit_limit"))
