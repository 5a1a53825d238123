"""Field-level security beyond the permission matrix's paths: the Version list, the documents-you-follow
digest, print formats written in Jinja, Data Export and the Data Import template with child tables,
link titles on a form, and the parsing the query check relies on."""

import json

import frappe
from frappe.core.doctype.data_export.exporter import export_data
from frappe.core.doctype.data_import.exporter import Exporter
from frappe.desk.form.document_follow import follow_document, get_version
from frappe.permissions import add_permission, update_permission_property

from sales_mgmt.api import frappe_overrides
from sales_mgmt.field_security import hidden_fields, referenced_fields, strip_version_data
from sales_mgmt.frappe_patches import install
from sales_mgmt.tests.goods_data import issue, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase

CREDIT = 765.43
RATE = 234.56


class TestFieldSecurity(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		install()
		cls.customer = cls.team.customers["east1"]
		doc = frappe.get_doc("SM Customer", cls.customer)
		doc.credit_limit, doc.city = CREDIT, "苏州"
		doc.flags.ignore_permissions = True
		doc.save(ignore_version=False)  # tests skip version history unless asked
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.db.set_value("SM Customer", cls.customer, {"credit_limit": 50000, "city": "上海"})
		frappe.db.commit()
		super().tearDownClass()

	def grant(self, doctype: str, role: str, *rights: str):
		"""A Custom DocPerm for the test only (the class rolls back)."""
		add_permission(doctype, role, 0)
		for right in rights:
			update_permission_property(doctype, role, 0, right, 1, validate=False)
		frappe.clear_cache(doctype=doctype)

	def test_hidden_fields_follow_the_roles(self):
		self.assertEqual(hidden_fields("SM Customer", self.team.users["east1"]), {"credit_limit"})
		self.assertEqual(hidden_fields("SM Customer", self.team.users["finance"]), set())
		self.assertEqual(hidden_fields("SM Customer", self.team.users["warehouse"]), {"credit_limit"})
		self.assertEqual(
			hidden_fields("SM Stock Entry Item", self.team.users["east1"], "SM Stock Entry"),
			{"rate", "amount"},
		)
		self.assertEqual(
			hidden_fields("SM Stock Entry Item", self.team.users["east"], "SM Stock Entry"), set()
		)

	def test_referenced_fields(self):
		found = referenced_fields(
			"`tabSM Customer`.`credit_limit` desc, ifnull(city, '') asc, count(*) as n, 'credit_limit'",
			"SM Customer",
		)
		self.assertEqual(found, [("SM Customer", "credit_limit"), ("SM Customer", "city")])
		self.assertEqual(
			referenced_fields("customer.credit_limit > 5", "SM Opportunity"),
			[("SM Customer", "credit_limit")],
		)
		self.assertEqual(referenced_fields("modified desc", "SM Customer"), [])

	def test_child_table_queried_on_its_own(self):
		"""The rows of a stock entry, listed through their parent: a rate is no filter for a rep."""
		frappe.set_user(self.team.users["east1"])
		for call in (
			lambda: frappe.get_list(
				"SM Stock Entry Item", parent_doctype="SM Stock Entry", filters=[["rate", ">", 0]]
			),
			lambda: frappe.client.get_list(
				"SM Stock Entry Item", parent="SM Stock Entry", fields=["name"], order_by="rate desc"
			),
		):
			self.assertRaises(frappe.PermissionError, call)
		rows = frappe.client.get_list("SM Stock Entry Item", parent="SM Stock Entry", fields=["name", "rate"])
		self.assertFalse(any(row.get("rate") for row in rows))
		frappe.set_user(self.team.users["east"])
		frappe.get_list("SM Stock Entry Item", parent_doctype="SM Stock Entry", filters=[["rate", ">", 0]])

	def test_default_sort_by_a_hidden_field(self):
		"""A DocType an administrator sorts by a hidden field (Customize Form): a rep's list is refused
		rather than ordered by it."""
		from frappe.custom.doctype.property_setter.property_setter import make_property_setter

		setter = make_property_setter(
			"SM Customer", None, "sort_field", "credit_limit", "Data", for_doctype=True
		)
		self.addCleanup(frappe.clear_cache, doctype="SM Customer")
		self.addCleanup(frappe.delete_doc, "Property Setter", setter.name, ignore_permissions=True)
		self.addCleanup(frappe.set_user, "Administrator")
		frappe.clear_cache(doctype="SM Customer")
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(frappe.PermissionError, frappe.get_list, "SM Customer")
		frappe.set_user(self.team.users["finance"])
		self.assertTrue(frappe.get_list("SM Customer", limit=1))

	def test_link_search_by_a_hidden_field(self):
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(
			frappe.PermissionError,
			frappe_overrides.search_link,
			"SM Customer",
			"",
			filters=json.dumps({"credit_limit": [">", 0]}),
		)
		# naming it as the field to search finds nothing by its value
		found = frappe_overrides.search_link("SM Customer", "765", searchfield="credit_limit")
		self.assertNotIn(self.customer, [r["value"] for r in found])

	def test_version_data_loses_only_what_the_reader_may_not_read(self):
		data = json.dumps(
			{
				"changed": [["credit_limit", "1", "2"], ["city", "a", "b"]],
				"added": [["items", {"product": "P", "rate": RATE}]],
				"removed": [],
				"row_changed": [
					["items", 0, "row1", [["rate", 1, 2]]],
					["items", 1, "row2", [["qty", 1, 2]]],
				],
			}
		)
		east1 = self.team.users["east1"]
		customer = json.loads(strip_version_data("SM Customer", data, east1))
		self.assertEqual(customer["changed"], [["city", "a", "b"]])
		entry = json.loads(strip_version_data("SM Stock Entry", data, east1))
		self.assertEqual(entry["added"], [["items", {"product": "P"}]])
		self.assertEqual(entry["row_changed"], [["items", 1, "row2", [["qty", 1, 2]]]])
		only_hidden = json.dumps({"changed": [["credit_limit", "1", "2"]]})
		self.assertIsNone(strip_version_data("SM Customer", only_hidden, east1))
		self.assertEqual(strip_version_data("SM Customer", data, self.team.users["finance"]), data)

	def test_version_list_is_not_a_way_around(self):
		"""Even where an administrator lets a role read Version records, a role that may not read a
		field of a DocType cannot list or open that DocType's raw versions."""
		self.grant("Version", "Sales User", "read", "report")
		version = frappe.get_all(
			"Version", {"ref_doctype": "SM Customer", "docname": self.customer}, pluck="name", limit=1
		)[0]
		frappe.set_user(self.team.users["east1"])
		listed = frappe.get_list("Version", filters={"docname": self.customer}, pluck="name")
		self.assertNotIn(version, listed)
		self.assertFalse(frappe.has_permission("Version", "read", doc=version))
		self.assertRaises(frappe.PermissionError, frappe.client.get, "Version", version)
		lead = frappe.get_doc({"doctype": "SM Lead", "lead_name": unique("FS Lead")}).insert()
		lead.source = "展会"
		lead.save(ignore_version=False)
		self.assertTrue(frappe.get_list("Version", filters={"docname": lead.name}))
		frappe.set_user("Administrator")
		self.grant("Version", "Finance User", "read")
		frappe.set_user(self.team.users["finance"])
		self.assertIn(version, frappe.get_list("Version", filters={"docname": self.customer}, pluck="name"))

	def test_document_follow_digest(self):
		east1, finance = self.team.users["east1"], self.team.users["finance"]
		for user in (east1, finance):
			follow_document("SM Customer", self.customer, user)
		# the hourly digest covers the last hour: the change made in setUpClass
		digest = json.dumps(
			get_version("SM Customer", self.customer, "Hourly", east1), default=str, ensure_ascii=False
		)
		self.assertNotIn("765.43", digest)
		self.assertIn("苏州", digest)
		digest = json.dumps(get_version("SM Customer", self.customer, "Hourly", finance), default=str)
		self.assertIn("765.43", digest)

	def test_print_format_in_jinja(self):
		print_format = frappe.get_doc(
			{
				"doctype": "Print Format",
				"name": unique("FS Print"),
				"doc_type": "SM Customer",
				"custom_format": 1,
				"print_format_type": "Jinja",
				"html": "<p>{{ doc.customer_name }} / {{ doc.credit_limit }}</p>",
			}
		).insert(ignore_permissions=True)
		frappe.set_user(self.team.users["east1"])
		html = frappe.get_print("SM Customer", self.customer, print_format.name)
		self.assertIn("Matrix Customer east1", html)
		self.assertNotIn("765.43", html)
		frappe.set_user(self.team.users["finance"])
		self.assertIn("765.43", frappe.get_print("SM Customer", self.customer, print_format.name))

	def test_exports_leave_out_hidden_child_columns(self):
		"""A role allowed to export stock entries but not to read their rates: neither Data Export nor
		the Data Import template carries a rate."""
		warehouse = make_warehouse(unique("FS-WH"))
		product = make_product()
		receive(product, warehouse, 5)
		entry = issue(product, warehouse, 1, purpose="Gift", salesperson=self.team.salespeople["east1"])
		frappe.db.set_value("SM Stock Entry Item", {"parent": entry.name}, "rate", RATE)
		self.grant("SM Stock Entry", "Sales User", "read", "export")
		frappe.set_user(self.team.users["east1"])
		frappe.local.response = frappe._dict()
		export_data(
			doctype="SM Stock Entry",
			all_doctypes=True,
			with_data=True,
			filters=json.dumps({"name": entry.name}),
		)
		content = frappe.response["result"]
		content = content.decode() if isinstance(content, bytes) else content
		self.assertIn(entry.name, content)
		self.assertIn(product, content)
		self.assertNotIn("234.56", content)
		exporter = Exporter(
			"SM Stock Entry",
			export_fields={
				"SM Stock Entry": ["name", "total_amount"],
				"items": ["product", "rate", "amount"],
			},
			export_data=True,
			export_filters={"name": entry.name},
		)
		exported = json.dumps(exporter.get_csv_array(), default=str)
		self.assertIn(product, exported)
		self.assertNotIn("234.56", exported)
		self.assertNotIn('"rate"', exported.lower())

	def test_form_shows_no_title_of_an_unreadable_link(self):
		"""A hand-out of east1's may name another team's customer; east1 opens it without learning that
		customer's name."""
		warehouse = make_warehouse(unique("FS-WH"))
		product = make_product(product_type="Gift")
		receive(product, warehouse, 5)
		entry = issue(
			product,
			warehouse,
			1,
			purpose="Gift",
			salesperson=self.team.salespeople["east1"],
			customer=self.team.customers["west1"],
		)
		frappe.db.commit()
		frappe.set_user(self.team.users["east1"])
		frappe.local.response = frappe._dict(docs=[])
		frappe_overrides.getdoc("SM Stock Entry", entry.name)
		titles = frappe.response.get("_link_titles") or {}
		self.assertNotIn(f"SM Customer::{self.team.customers['west1']}", titles)
		self.assertNotIn("Matrix Customer west1", json.dumps(titles))
		frappe.set_user(self.team.users["warehouse"])
		frappe.local.response = frappe._dict(docs=[])
		frappe_overrides.getdoc("SM Stock Entry", entry.name)
		self.assertEqual(
			frappe.response["_link_titles"][f"SM Customer::{self.team.customers['west1']}"],
			"Matrix Customer west1",
		)
