"""The permission matrix (sales_mgmt/tests/permission_matrix.py) through every path Frappe offers:
list, count, group-by counts, form load with its version history, get_value, link search, link
titles and checks, Report View, export, REST GET / POST / PUT / DELETE over HTTP, every script report
and every number card. For each role it asserts the records it sees and what it may create, change
and delete, and that a field it may not read appears nowhere."""

import csv
import io
import json
from contextlib import contextmanager

import frappe
from frappe.desk.listview import get_group_by_count as frappe_group_by_count
from frappe.desk.query_report import run as run_report
from frappe.desk.reportview import export_query
from frappe.desk.reportview import get as reportview_get
from frappe.desk.reportview import get_count as reportview_get_count
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client

from sales_mgmt.api import frappe_overrides
from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.tests.permission_matrix import (
	COST_PRICE_2,
	CREDIT_LIMIT_2,
	EXPENSE_YEAR,
	MARKERS,
	MATRIX,
	PICK,
	ROLES,
	SHARED,
	cancel_money_data,
	delete_cash_data,
	make_shared_data,
	own_customer,
	remove_expense_data,
)
from sales_mgmt.tests.sales_team import PASSWORD, SalesTeamTestCase


class MatrixCase(SalesTeamTestCase):
	"""The matrix's records, made once and committed (HTTP requests read them on other connections)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.data = make_shared_data(cls.team)
		cls.records = {line.doctype: line.make(cls.team, cls.data) for line in MATRIX}
		cls.created = []  # (doctype, name) made by the tests, removed at the end
		# version history that changes fields some roles may not read, with a field all may read
		for line in MATRIX:
			if line.version_edit:
				for name in cls.records[line.doctype].values():
					doc = frappe.get_doc(line.doctype, name)
					doc.update(line.version_edit)
					doc.flags.ignore_permissions = True
					doc.save(ignore_version=False)  # tests skip version history unless asked
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for doctype, name in reversed(cls.created):
			if frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		remove_expense_data(cls.data)
		for name in cls.data.write_offs.values():
			frappe.delete_doc("SM Bad Debt Write Off", name, force=True, ignore_permissions=True)
		cancel_money_data(cls.data)
		delete_cash_data(cls.data)
		for name in cls.data.draft_orders.values():
			frappe.delete_doc("SM Sales Order", name, force=True, ignore_permissions=True)
		for key in ("east1", "east", "east2", "director", "west", "west1"):
			entry = frappe.get_doc("SM Stock Entry", cls.data.entries[key])
			entry.flags.ignore_permissions = True
			entry.cancel()
		receipt = frappe.get_doc("SM Stock Entry", cls.data.entries["unassigned"])
		receipt.flags.ignore_permissions = True
		receipt.cancel()
		frappe.db.set_value("SM Product", cls.data.product, "enabled", 0)
		for name in cls.team.customers.values():  # as sales_team made them
			frappe.db.set_value("SM Customer", name, "credit_limit", 50000, update_modified=False)
		for doctype in (
			"SM Complaint",
			"SM FAQ",
			"SM Complaint Category",
			"SM Hot Flag",
			"SM Opportunity",
			"SM Lead",
			"SM Sales Budget",
			"SM Lost Reason",
			"Currency Exchange",
			"SM Daily Report",
			"SM Sales Target",
		):
			for name in cls.records[doctype].values():
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.delete_doc("SM Sales Stage", cls.records["SM Sales Stage"][SHARED], force=True)
		for doctype in ("Contact", "Address"):
			for name in cls.records[doctype].values():
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.commit()
		super().tearDownClass()

	# --- expectations ---------------------------------------------------------------------------

	def names(self, line) -> list[str]:
		return list(self.records[line.doctype].values())

	def expected(self, line, user: str) -> set[str] | None:
		"""Names `user` lists (None: no permission at all); PICK roles list every record."""
		sees = line.sees[user]
		if sees is None:
			return None
		keys = self.records[line.doctype] if sees == PICK else sees
		return {self.records[line.doctype][k] for k in keys if k in self.records[line.doctype]}

	def readable(self, line, user: str) -> set[str]:
		"""Names `user` may open."""
		return set() if line.sees[user] in (None, PICK) else self.expected(line, user)

	def hidden_for(self, line, user: str) -> list[str]:
		return [f for f, users in line.hidden.items() if user in users]

	def filters(self, line) -> list:
		return [[line.doctype, "name", "in", self.names(line)]]

	def assert_nothing_hidden(self, line, user, response, where):
		"""No value of a field `user` may not read in `response` (a dict, JSON or CSV text): Frappe may
		keep such a field's key with an empty value, never with the value."""
		hidden = {f.split(".")[-1] for f in self.hidden_for(line, user)}
		if not hidden:
			return
		text = response if isinstance(response, str) else json.dumps(response, default=str)
		for marker in MARKERS:
			self.assertNotIn(marker, text, f"{where}: a hidden value shown")
		try:
			data = json.loads(text)
		except ValueError:
			return
		for key, value in _items(data):
			if key in hidden:
				self.assertFalse(value, f"{where}: {key} = {value}")

	@contextmanager
	def as_role(self, line, user):
		"""A sub-test of one line and one role, run as that role's user."""
		with self.subTest(doctype=line.doctype, user=user):
			frappe.set_user(self.team.users[user])
			try:
				yield
			finally:
				frappe.set_user("Administrator")


class TestPermissionMatrix(MatrixCase):
	def test_list_count_and_group_by_count(self):
		for line in MATRIX:
			for user in ROLES:
				with self.as_role(line, user):
					expected = self.expected(line, user)
					if expected is None:
						self.assertRaises(frappe.PermissionError, frappe.get_list, line.doctype, limit=1)
						continue
					names = frappe.get_list(line.doctype, filters=self.filters(line), pluck="name", limit=0)
					self.assertEqual(_names(names), expected, "get_list")
					self.assertEqual(
						frappe_overrides.get_count(line.doctype, self.filters(line)), len(expected)
					)
					frappe.local.form_dict = frappe._dict(doctype=line.doctype, filters=self.filters(line))
					self.assertEqual(reportview_get_count(), len(expected), "reportview.get_count")
					counts = frappe_group_by_count(line.doctype, json.dumps(self.filters(line)), "owner")
					self.assertEqual(sum(c["count"] for c in counts), len(expected), "group-by count")

	def test_hidden_fields_cannot_filter_sort_or_group(self):
		for line in MATRIX:
			for user in ROLES:
				with self.as_role(line, user):
					for fieldname in self.hidden_for(line, user):
						if self.expected(line, user) is None:
							continue
						table, _dot, column = fieldname.rpartition(".")
						doctype = line.doctype
						if table:
							doctype = frappe.get_meta(line.doctype).get_field(table).options
						condition = [[doctype, column, ">", 0]]
						self.assertRaises(
							frappe.PermissionError, frappe.get_list, line.doctype, filters=condition
						)
						self.assertRaises(
							frappe.PermissionError, frappe.get_list, line.doctype, or_filters=condition
						)
						order = f"`tab{doctype}`.`{column}` desc"
						self.assertRaises(
							frappe.PermissionError, frappe.get_list, line.doctype, order_by=order
						)
						self.assertRaises(
							frappe.PermissionError,
							frappe.get_list,
							line.doctype,
							fields=["count(*) as n"],
							group_by=f"`tab{doctype}`.`{column}`",
						)
						if not table:
							self.assertRaises(
								frappe.PermissionError, frappe_group_by_count, line.doctype, "[]", column
							)
							self.assertRaises(
								frappe.PermissionError,
								frappe_overrides.get_count,
								line.doctype,
								json.dumps({column: [">", 0]}),
							)

	def test_readable_fields_still_filter_and_sort(self):
		"""The refusal is only for fields a role may not read: those who may read them keep Frappe's
		filters, sort and grouping."""
		frappe.set_user(self.team.users["finance"])
		names = frappe.get_list(
			"SM Customer",
			filters=[["credit_limit", "=", CREDIT_LIMIT_2], ["name", "in", self.names(MATRIX[0])]],
			order_by="credit_limit desc",
			pluck="name",
		)
		self.assertEqual(set(names), set(self.records["SM Customer"].values()))
		frappe.set_user(self.team.users["east"])
		rows = frappe.get_list(
			"SM Product",
			filters={"name": self.data.product},
			fields=["cost_price"],
			group_by="cost_price",
			order_by="cost_price",
		)
		self.assertEqual([r.cost_price for r in rows], [COST_PRICE_2])

	def test_get_value_report_view_and_export(self):
		for line in MATRIX:
			for user in ROLES:
				with self.as_role(line, user):
					readable = self.readable(line, user)
					if not readable:
						continue
					hidden = [f for f in self.hidden_for(line, user) if "." not in f]
					name = sorted(readable)[0]
					value = frappe.client.get_value(line.doctype, json.dumps(["name", *hidden]), name)
					self.assertEqual(str(value["name"]), name)
					self.assertFalse(any(value.get(f) for f in hidden), "get_value")
					child = [f for f in self.hidden_for(line, user) if "." in f]
					fields = [f"`tab{line.doctype}`.`name`"]
					fields += [f"`tab{line.doctype}`.`{f}`" for f in hidden]
					for f in child:
						table, column = f.split(".")
						fields.append(
							f"`tab{frappe.get_meta(line.doctype).get_field(table).options}`.`{column}`"
						)
					frappe.local.form_dict = frappe._dict(
						doctype=line.doctype, fields=fields, filters=self.filters(line), view="Report"
					)
					result = reportview_get()
					self.assertEqual(_names(row[0] for row in result["values"]), readable, "report view")
					self.assert_nothing_hidden(line, user, result, "report view")
					frappe.local.form_dict = frappe._dict(
						doctype=line.doctype,
						file_format_type="CSV",
						fields=fields,
						filters=self.filters(line),
					)
					frappe.local.response = frappe._dict()
					if not frappe.has_permission(line.doctype, "export"):
						self.assertRaises(frappe.PermissionError, export_query)
						continue
					export_query()
					content = frappe.response["filecontent"]
					content = content.decode("utf-8-sig") if isinstance(content, bytes) else content
					rows = list(csv.reader(io.StringIO(content)))
					exported = {row[rows[0].index("ID")] for row in rows[1:] if row}
					self.assertEqual(exported, readable, "export")
					self.assert_nothing_hidden(line, user, content, "export")

	def test_link_search_titles_and_checks(self):
		for line in MATRIX:
			for user in ROLES:
				with self.as_role(line, user):
					expected = self.expected(line, user)
					if expected is None:
						continue
					names = self.names(line)
					for ignore_user_permissions in (False, True):
						results = frappe_overrides.search_link(
							line.doctype,
							"",
							filters=json.dumps({"name": ["in", names]}),
							page_length=100,
							ignore_user_permissions=ignore_user_permissions,
						)
						self.assertEqual(_names(r["value"] for r in results), expected, "search_link")
					for name in names:
						pickable = name in expected
						checked = frappe_overrides.validate_link(line.doctype, name)
						self.assertEqual(
							checked.get("name") and str(checked.name),
							name if pickable else None,
							"validate_link",
						)
						title = frappe_overrides.get_link_title(line.doctype, name)
						if not pickable:
							meta = frappe.get_meta(line.doctype)
							stored = (
								frappe.db.get_value(line.doctype, name, meta.title_field)
								if meta.title_field
								else None
							)
							self.assertTrue(title == name or not stored or title != stored, "link title")

	def test_links_only_to_readable_records(self):
		"""A customer of another team cannot be picked in a record's link field: refused as if it did
		not exist, with nothing of it in the message."""
		frappe.set_user(self.team.users["east1"])
		other = self.team.customers["west1"]
		for values in (
			{"doctype": "SM Opportunity", "customer": other, "amount": 1},
			{"doctype": "SM Hot Flag", "customer": other, "note": "x"},
			{
				"doctype": "Contact",
				"first_name": "x",
				"links": [{"link_doctype": "SM Customer", "link_name": other}],
			},
		):
			with self.subTest(doctype=values["doctype"]):
				with self.assertRaises(frappe.LinkValidationError) as refused:
					frappe.get_doc(values).insert()
				message = str(refused.exception)
				self.assertIn(other, message)
				self.assertNotIn("Matrix Customer west1", message)
				self.assertNotIn(self.team.salespeople["west1"], message)
		# the rep's own customer is fine
		doc = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.team.customers["east1"], "amount": 1}
		)
		doc.insert()
		self.created.append(("SM Opportunity", doc.name))
		# and a record keeps a link it already had, though the customer moved to another team since
		frappe.set_user("Administrator")
		customer = frappe.get_doc(
			{"doctype": "SM Customer", "customer_name": f"PM Moving {frappe.generate_hash(length=6)}"}
		).insert()
		self.created.append(("SM Customer", customer.name))
		frappe.set_user(self.team.users["east1"])
		deal = frappe.get_doc({"doctype": "SM Opportunity", "customer": customer.name, "amount": 1})
		frappe.set_user("Administrator")
		customer.db_set("salesperson", self.team.salespeople["east1"])
		frappe.set_user(self.team.users["east1"])
		deal.insert()
		self.created.append(("SM Opportunity", deal.name))
		frappe.set_user("Administrator")
		customer.db_set("salesperson", self.team.salespeople["west1"])
		frappe.set_user(self.team.users["east1"])
		deal.reload()
		deal.next_step = "电话回访"
		deal.save()
		self.assertEqual(frappe.db.get_value("SM Opportunity", deal.name, "next_step"), "电话回访")

	def test_data_import_cannot_link_another_teams_customer(self):
		"""Data Import inserts as the importing user, through the same check (a manager of the East
		region imports a deal for a West customer)."""
		from frappe.permissions import add_permission, reset_perms, update_permission_property
		from frappe.utils.file_manager import save_file

		# Data Import is for System Managers; here a Sales Manager may use it too
		add_permission("Data Import", "Sales Manager", 0)
		for right in ("read", "write", "create"):
			update_permission_property("Data Import", "Sales Manager", 0, right, 1, validate=False)
		self.addCleanup(frappe.db.commit)  # the import commits the permission: so must its removal
		self.addCleanup(reset_perms, "Data Import")
		frappe.set_user(self.team.users["east"])
		title = f"PM Import {frappe.generate_hash(length=6)}"
		data_import = frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": "SM Opportunity",
				"import_type": "Insert New Records",
			}
		).insert()
		content = f"Customer,Title,Amount\n{self.team.customers['west1']},{title},100\n"
		file = save_file("pm-import.csv", content, "Data Import", data_import.name, is_private=1)
		data_import.db_set("import_file", file.file_url)
		data_import.reload()
		data_import.start_import()
		self.assertFalse(frappe.db.exists("SM Opportunity", {"title": title}))
		logs = frappe.get_all(
			"Data Import Log",
			filters={"data_import": data_import.name},
			fields=["success", "messages", "exception"],
		)
		self.assertEqual([log.success for log in logs], [0])
		# the import log keeps the message, and the exception (all of it when messages are muted)
		said = f"{logs[0].messages}\n{logs[0].exception}"
		self.assertIn(f"Could not find Customer: {self.team.customers['west1']}", said)
		self.assertNotIn("Matrix Customer west1", said)
		self.assertNotIn(self.team.salespeople["west1"], said)

	def test_every_doctype_is_in_the_matrix(self):
		"""A new DocType of the app joins the matrix (one line in permission_matrix.MATRIX)."""
		doctypes = frappe.get_all(
			"DocType",
			filters={"module": ("in", APP_MODULES), "istable": 0, "issingle": 0},
			pluck="name",
		)
		self.assertEqual(sorted(set(doctypes) - {line.doctype for line in MATRIX}), [])

	def test_reports(self):
		entries = self.records["SM Stock Entry"]
		for report, filters, key_column, doctype, exact, hidden_columns in REPORTS(self):
			roles = set(frappe.get_all("Has Role", {"parent": report, "parenttype": "Report"}, pluck="role"))
			line = next(line for line in MATRIX if line.doctype == doctype)
			for user in ROLES:
				with self.subTest(report=report, user=user):
					frappe.set_user(self.team.users[user])
					if not roles & set(frappe.get_roles()):
						self.assertRaises(
							frappe.PermissionError, run_report, report, filters, ignore_prepared_report=True
						)
						continue
					if account := filters.get("cash_account"):
						# a report on one account answers an account the user may not see as missing
						accounts = self.records["SM Cash Account"]
						if account not in {accounts[k] for k in self.keys_seen("SM Cash Account", user)}:
							self.assertRaises(
								InvalidReportFilterError,
								run_report,
								report,
								filters,
								ignore_prepared_report=True,
							)
							continue
					result = run_report(report, filters=filters, ignore_prepared_report=True)
					rows = [r for r in result["result"] if isinstance(r, dict)]
					if key_column == "voucher_no":
						shown = {r.get("voucher_no") for r in rows} & set(entries.values())
						visible = {entries[k] for k in line.sees[user]}
					elif key_column == "salesperson":
						team = set(self.team.salespeople.values())
						shown = {r.get("salesperson") for r in rows} & team
						visible = {
							self.team.salespeople[k] for k in line.sees[user] if k in self.team.salespeople
						}
					elif key_column == "cash_account":
						accounts = self.records["SM Cash Account"]
						shown = {r.get("cash_account") for r in rows} & set(accounts.values())
						visible = {accounts[k] for k in line.sees[user] or ()}
					if key_column:
						self.assertTrue(shown <= visible, f"{shown - visible} shown")
						if exact:
							self.assertEqual(shown, visible)
					columns = {c["fieldname"] for c in result["columns"]}
					for column, users in hidden_columns.items():
						self.assertEqual(column in columns, user not in users, f"column {column}")
						if user in users:
							self.assertFalse(any(column in row for row in rows), f"values of {column}")
					self.assert_nothing_hidden(line, user, result, report)

	def keys_seen(self, doctype, user) -> set:
		line = next(line for line in MATRIX if line.doctype == doctype)
		return line.sees[user] or set()

	def test_number_cards(self):
		"""Every card of the app, as every role: refused where the role may not see it, otherwise its
		value over exactly the records the role may see (computed as Administrator with an explicit
		salesperson filter, not through the permission rules)."""
		from frappe.desk.doctype.number_card.number_card import get_result

		cards = frappe.get_all("Number Card", filters={"module": ("in", APP_MODULES)}, pluck="name")
		self.assertGreaterEqual(len(cards), 11)
		for card in cards:
			doc = frappe.get_doc("Number Card", card)
			for user in ROLES:
				with self.subTest(card=card, user=user):
					frappe.set_user(self.team.users[user])
					# a card counts the records its role may list (a role that may only pick records
					# in links counts them too); a custom card checks what it needs itself
					permitted = bool(
						frappe.has_permission(doc.document_type, "read")
						or frappe.has_permission(doc.document_type, "select")
					) and (doc.type != "Custom" or frappe.has_permission("Number Card", doc=doc))
					if doc.type == "Custom":
						compute = frappe.get_attr(doc.method)
					else:
						# as the desk asks: the card's own filters
						compute = lambda doc=doc: get_result(doc, doc.filters_json)  # noqa: E731
					if not permitted:
						self.assertRaises(frappe.PermissionError, compute)
						continue
					value = compute()
					value = value["value"] if isinstance(value, dict) else value
					frappe.set_user("Administrator")
					self.assertEqual(value, expected_card_value(self, doc, user))


class TestPermissionMatrixOverHTTP(MatrixCase):
	"""/api/resource and the desk's own endpoints, over Frappe's WSGI application, as each role."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.clients = {}

	def client(self, user):
		if user not in self.clients:
			client = get_test_client()
			response = make_request(
				target=client.post,
				args=("/api/method/login",),
				kwargs={"data": {"usr": self.team.users[user], "pwd": PASSWORD}},
			)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
			self.clients[user] = client
		return self.clients[user]

	def request(self, user, method, path, **kwargs):
		client = self.client(user)
		return make_request(target=getattr(client, method), args=(path,), kwargs=kwargs)

	def sample(self, line, user) -> list[tuple[str, bool]]:
		"""One record `user` may open and one they may not (where there are such)."""
		readable = self.readable(line, user)
		names = sorted(self.names(line))
		visible = [n for n in names if n in readable][:1]
		invisible = [n for n in names if n not in readable][:1]
		return [(n, True) for n in visible] + [(n, False) for n in invisible]

	def test_rest_and_form_load(self):
		for line in MATRIX:
			for user in ROLES:
				with self.as_role(line, user):
					expected = self.expected(line, user)
					response = self.request(
						user,
						"get",
						f"/api/resource/{line.doctype}",
						query_string={
							"filters": json.dumps(self.filters(line)),
							"fields": json.dumps(["name"]),
							"limit_page_length": 0,
						},
					)
					if expected is None:
						self.assertEqual(response.status_code, 403, "GET list")
					else:
						self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
						self.assertEqual(
							_names(r["name"] for r in response.json["data"]), expected, "GET list"
						)
					for name, readable in self.sample(line, user):
						response = self.request(user, "get", f"/api/resource/{line.doctype}/{name}")
						self.assertEqual(response.status_code, 200 if readable else 403, f"GET {name}")
						if readable:
							self.assert_nothing_hidden(line, user, response.get_data(as_text=True), "GET")
						response = self.request(
							user,
							"get",
							"/api/method/frappe.desk.form.load.getdoc",
							query_string={"doctype": line.doctype, "name": name},
						)
						self.assertEqual(response.status_code, 200 if readable else 403, f"form {name}")
						if readable:
							body = response.get_data(as_text=True)
							self.assert_nothing_hidden(line, user, body, "form load")
							if line.version_edit and not self.hidden_for(line, user):
								# roles that may read the field do see its history
								self.assertTrue(
									any(m in body for m in MARKERS), "version history of a readable field"
								)
							if line.version_edit:
								self.assertIn("versions", response.json["docinfo"])

	def test_rest_create_change_delete(self):
		for line in MATRIX:
			for user in ROLES:
				with self.as_role(line, user):
					if line.new is None:
						continue
					values = {"doctype": line.doctype, **line.new(self.team, self.data, user)}
					response = self.request(user, "post", f"/api/resource/{line.doctype}", json=values)
					allowed = user in line.create
					self.assertEqual(
						response.status_code,
						200 if allowed else 403,
						f"POST {response.get_data(as_text=True)[:300]}",
					)
					if allowed:
						self.created.append((line.doctype, response.json["data"]["name"]))
					# change and delete a record made for the role (one it sees, where it sees any)
					victim = self.victim(line, user)
					visible = victim in self.readable_now(line, user)
					if line.edit is not None:
						response = self.request(
							user, "put", f"/api/resource/{line.doctype}/{victim}", json=line.edit
						)
						may = visible and user in line.write
						self.assertEqual(response.status_code, 200 if may else 403, f"PUT {victim}")
						for name, readable in self.sample(line, user):
							if not readable:
								response = self.request(
									user, "put", f"/api/resource/{line.doctype}/{name}", json=line.edit
								)
								self.assertEqual(response.status_code, 403, f"PUT {name}")
					may = visible and user in line.delete
					response = self.request(user, "delete", f"/api/resource/{line.doctype}/{victim}")
					self.assertEqual(response.status_code, 202 if may else 403, f"DELETE {victim}")

	def victim(self, line, user) -> str | None:
		if not line.create:
			return sorted(self.names(line))[0]
		frappe.set_user("Administrator")
		values = {"doctype": line.doctype, **line.new(self.team, self.data, user)}
		meta = frappe.get_meta(line.doctype)
		if meta.has_field("salesperson"):
			# a record that must have a salesperson (a target) keeps the one new() chose for a user without one
			values["salesperson"] = self.team.salespeople.get(user) or values.get("salesperson")
		if meta.has_field("customer") and user in self.team.salespeople:
			values["customer"] = own_customer(self.team, user)
		doc = frappe.get_doc(values)
		doc.flags.ignore_permissions = True
		doc.insert()
		self.created.append((line.doctype, doc.name))
		frappe.db.commit()
		frappe.set_user(self.team.users[user])
		return doc.name

	def readable_now(self, line, user) -> set[str]:
		return (
			_names(frappe.get_list(line.doctype, pluck="name", limit=0))
			if line.sees[user] not in (None, PICK)
			else set()
		)


APP_MODULES = ["Deals", "Goods", "Sales Management", "People", "Money", "Service"]


def REPORTS(case):
	"""(report, filters, the column naming a record, the DocType whose rule applies, whether every
	visible record must appear, hidden columns -> users who may not see them)."""
	from frappe.utils import add_days, nowdate

	return [
		("Sales Forecast", {"period": "Month", "date": add_days(nowdate(), 10)}, "salesperson", "SM Opportunity", True, {}),
		("Stage Conversion", {}, "salesperson", "SM Opportunity", True, {}),
		("Stalled Opportunities", {}, "salesperson", "SM Opportunity", False, {}),
		("Stock Ledger", {"product": case.data.product}, "voucher_no", "SM Stock Entry", True, {"customer": {"east1", "east", "director"}}),
		("Stock Balance", {"product": case.data.product}, None, "SM Bin", False, {"cost_price": {"east1", "service"}, "stock_value": {"east1", "service"}}),
		("Promo & Gift Consumption", {"group_by": "Customer", "product": case.data.product}, None, "SM Stock Entry", False, {"gift_value": {"east1"}}),
		("Sales Budget", {"period": "2031-01"}, None, "SM Sales Budget", False, {}),
		("Receivables Reconciliation", {}, "salesperson", "SM Receivable", True, {}),
		("Receivables Reconciliation", {"group_by": "Sales Order", "include_settled": 1}, "salesperson", "SM Receivable", True, {}),
		("Receivable Aging", {"group_by": "Salesperson"}, "salesperson", "SM Receivable", True, {}),
		("Sales Order Profit", {"group_by": "Sales Order"}, "salesperson", "SM Sales Order", True, {"cost": {"east1"}, "gross_profit": {"east1"}, "margin_percent": {"east1"}}),
		("Sales Order Profit", {"group_by": "Product"}, None, "SM Sales Order", False, {"cost": {"east1"}, "gross_profit": {"east1"}, "margin_percent": {"east1"}}),
		("Collections", {}, "salesperson", "SM Payment", True, {}),
		("Expense Budget Variance", {"fiscal_year": EXPENSE_YEAR, "category": case.data.expense_group}, "salesperson", "SM Expense", True, {}),
		("Customer Expense Analysis", {"from_date": nowdate(), "to_date": nowdate()}, "salesperson", "SM Expense", True, {}),
		("Cash Position", {}, "cash_account", "SM Cash Account", True, {}),
		("Cash Account Ledger", {"cash_account": case.data.cash_accounts["a"], "show_cancelled": 1}, None, "SM Cash Ledger Entry", False, {}),
		("Activity Analysis", {"from_date": nowdate(), "to_date": add_days(nowdate(), 5)}, "salesperson", "SM Activity", True, {}),
		# the team members (users of the salespeople the viewer sees, as on activities)
		("Team Tasks", {"view": "Per Person"}, "salesperson", "SM Activity", True, {}),
		("Salesperson KPI", {}, "salesperson", "SM Sales Target", True, {"gross_profit": {"east1"}, "gross_profit_target": {"east1"}, "gross_profit_achieved": {"east1"}}),
		("Salesperson KPI", {"view": "Team"}, "salesperson", "SM Sales Target", False, {"gross_profit": {"east1"}}),
		("Lost Customers", {"include_inactive": 1}, None, "SM Customer", False, {}),
		("Complaint Analysis", {"from_date": nowdate(), "to_date": nowdate(), "group_by": "Customer"}, None, "SM Complaint", False, {}),
	]  # fmt: skip


def expected_card_value(case, card, user: str):
	"""A card's value for `user`, as Administrator: over the salespeople whose records `user` sees."""
	from frappe.desk.doctype.number_card.number_card import get_result
	from frappe.utils import flt, get_first_day, get_last_day, today

	line = next((line for line in MATRIX if line.doctype == card.document_type), None)
	salespeople = subtree_of(case, user) if line and line.sees[user] not in (None, PICK) else None
	if line and set(line.sees[user] or ()) == set(case.records[line.doctype]):
		salespeople = None  # the role sees every record
	if card.name == "Gifts Issued This Month":
		scope = "" if salespeople is None else "and salesperson in %(salespeople)s"
		return flt(
			frappe.db.sql(
				f"""select coalesce(sum(-l.qty_change), 0) from `tabSM Stock Ledger Entry` l
				join `tabSM Product` p on p.name = l.product
				where p.product_type = 'Gift' and l.is_cancelled = 0 and l.qty_change < 0
				and ifnull(l.purpose, '') != '' and l.posting_date between %(start)s and %(end)s {scope}""",
				{
					"start": get_first_day(today()),
					"end": get_last_day(today()),
					"salespeople": salespeople or [""],
				},
			)[0][0]
		)
	if card.name == "Stalled Opportunities":
		from frappe.query_builder.functions import Count

		from sales_mgmt.deals.stall import stalled_query

		query, opp, _stage = stalled_query()
		query = query.select(Count(opp.name))
		if salespeople is not None:
			query = query.where(opp.salesperson.isin(salespeople or [""]))
		return query.run()[0][0]
	if card.name == "Cash Position":
		return cash_position_of(case.team.users[user])
	if card.name in ("My Overdue Tasks", "Team Overdue Tasks"):
		return overdue_tasks_of(case, user, team=card.name == "Team Overdue Tasks")
	if card.name == "Visit Success Rate This Month":
		return visit_success_rate_of(salespeople)
	if card.name == "My Contract Target This Month":
		return contract_target_achieved_of(case, user)
	if card.type == "Custom":
		return frappe.get_attr(card.method)()["value"]
	if line and line.sees[user] == PICK and card.function != "Count":
		# a role that may only pick records in links reads none of their amounts: Frappe leaves the
		# summed field out of a select-only query
		return 0.0
	filters = json.loads(card.filters_json or "[]")
	if salespeople is not None:
		filters.append([card.document_type, "salesperson", "in", salespeople or [""]])
	return get_result(card, json.dumps(filters))


def overdue_tasks_of(case, user: str, team: bool) -> int:
	"""Open ToDos due before today of `user`, or of the users of the salespeople `user` sees (every
	salesperson's user for the owner and the system manager)."""
	from frappe.utils import today

	member = case.team.users[user]
	if not team:
		users = [member]
	elif {"Business Owner", "System Manager"} & set(frappe.get_roles(member)):
		users = frappe.get_all("SM Salesperson", filters={"user": ("is", "set")}, pluck="user")
	else:
		people = subtree_of(case, user)
		users = frappe.get_all("SM Salesperson", filters={"name": ("in", people or [""])}, pluck="user")
	return frappe.db.sql(
		"""select count(*) from `tabToDo`
		where status = 'Open' and date < %(today)s and allocated_to in %(users)s""",
		{"today": today(), "users": [u for u in users if u] or [""]},
	)[0][0]


def visit_success_rate_of(salespeople: list[str] | None) -> float:
	"""Successful ÷ Done visits dated this month × 100, of `salespeople` (None: everyone)."""
	from frappe.utils import flt, get_first_day, get_last_day, today

	scope = "" if salespeople is None else "and salesperson in %(salespeople)s"
	done, successful = frappe.db.sql(
		f"""select count(*), coalesce(sum(outcome = 'Successful'), 0) from `tabSM Activity`
		where activity_type = 'Visit' and status = 'Done' and activity_date between %(start)s and %(end)s
		{scope}""",
		{"start": get_first_day(today()), "end": get_last_day(today()), "salespeople": salespeople or [""]},
	)[0]
	return flt(100 * flt(successful) / done, 2) if done else 0.0


def contract_target_achieved_of(case, user: str) -> float:
	"""This month's submitted orders of `user`'s salesperson (a Sales Manager: of their subtree) ÷ their
	monthly target of that scope × 100; 0 without one."""
	from frappe.utils import flt, get_first_day, get_last_day, today

	me = case.team.salespeople.get(user)
	if not me:
		return 0.0
	manager = "Sales Manager" in frappe.get_roles(case.team.users[user])
	start, end = get_first_day(today()), get_last_day(today())
	target = flt(
		frappe.db.sql(
			"""select sum(contract_amount) from `tabSM Sales Target` where salesperson = %s and scope = %s
			and period_type = 'Month' and period_start = %s""",
			(me, "Team" if manager else "Salesperson", start),
		)[0][0]
	)
	if not target:
		return 0.0
	amount = flt(
		frappe.db.sql(
			"""select sum(base_total) from `tabSM Sales Order` where docstatus = 1
			and order_date between %s and %s and salesperson in %s""",
			(start, end, subtree_of(case, user) if manager else [me]),
		)[0][0]
	)
	return flt(100 * amount / target, 2)


def cash_position_of(user: str) -> float:
	"""Today's balance in CNY of the accounts opened by today that list `user` (all for the owner)."""
	from frappe.utils import flt, today

	from sales_mgmt.deals.exchange_rates import get_exchange_rate

	listed = (
		""
		if {"Business Owner", "System Manager"} & set(frappe.get_roles(user))
		else "and name in (select parent from `tabSM Cash Account Access` where `user` = %(user)s)"
	)
	balances = frappe.db.sql(
		f"""select currency, current_balance from `tabSM Cash Account`
		where opening_date <= %(today)s {listed}""",
		{"user": user, "today": today()},
	)
	# each account converted and rounded, as a balance in base currency is shown
	return flt(sum(flt(flt(b) * (get_exchange_rate(c, "CNY", today()) or 0), 2) for c, b in balances), 2)


def subtree_of(case, user: str) -> list[str]:
	"""The salespeople whose records `user` sees by the hierarchy, read from the tree's nested set."""
	me = case.team.salespeople.get(user)
	if not me:
		return []
	if "Sales Manager" not in frappe.get_roles(case.team.users[user]):
		return [me]
	lft, rgt = frappe.db.get_value("SM Salesperson", me, ["lft", "rgt"])
	return frappe.get_all("SM Salesperson", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def _items(data):
	"""Every (key, value) of nested dicts and lists."""
	if isinstance(data, dict):
		for key, value in data.items():
			yield key, value
			yield from _items(value)
	elif isinstance(data, list):
		for value in data:
			yield from _items(value)


def _names(names) -> set[str]:
	"""Record names as text (a ledger's names are numbers)."""
	return {str(name) for name in names}
