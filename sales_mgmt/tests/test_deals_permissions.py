"""Permission matrix for leads, opportunities and hot flags: the same hierarchy rules as customers,
through get_list, get_doc, link search, report view, the Deals reports and the REST API."""

import frappe
from frappe.desk.query_report import run as run_report
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_link
from frappe.tests.test_api import make_request
from frappe.utils import add_days, get_test_client, nowdate

from sales_mgmt.tests.sales_team import EVERYTHING, HIERARCHY, PASSWORD, UNASSIGNED, SalesTeamTestCase

NO_ACCESS = ["service", "warehouse"]
# user key -> record keys visible, per DocType; None: no read permission at all
EXPECTED = {
	"SM Opportunity": {**HIERARCHY, "finance": EVERYTHING, "service": None, "warehouse": None},
	"SM Lead": {**HIERARCHY, "finance": None, "service": None, "warehouse": None},
	"SM Hot Flag": {**HIERARCHY, "finance": None, "service": None, "warehouse": None},
}
PREFIX = "Deals Matrix"
AMOUNTS = {key: 1000 * (i + 1) for i, key in enumerate(EVERYTHING)}  # director 1000 ... unassigned 7000
CLOSE_DATE = add_days(nowdate(), 5)


def create_records(team) -> dict:
	"""One lead, opportunity and hot flag per salesperson key (and one unassigned of each)."""
	records = {"SM Opportunity": {}, "SM Lead": {}, "SM Hot Flag": {}}
	for key in EVERYTHING:
		salesperson = team.salespeople.get(key)
		customer = team.customers[key]
		opportunity = {
			"title": f"{PREFIX} {key}",
			"customer": customer,
			"stage": "Proposal",
			"amount": AMOUNTS[key],
			"expected_close_date": CLOSE_DATE,
		}
		for doctype, values in (
			("SM Opportunity", opportunity),
			("SM Lead", {"lead_name": f"{PREFIX} {key}"}),
			(
				"SM Hot Flag",
				{"customer": customer, "note": f"{PREFIX} {key}", "expires_on": add_days(nowdate(), 30)},
			),
		):
			doc = frappe.get_doc({"doctype": doctype, "salesperson": salesperson, **values})
			doc.flags.ignore_permissions = True
			doc.insert()
			if key == UNASSIGNED and doc.salesperson:
				doc.db_set("salesperson", None)
			records[doctype][key] = doc.name
	return records


def delete_records(records) -> None:
	for doctype in ("SM Hot Flag", "SM Lead", "SM Opportunity"):
		for name in records[doctype].values():
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)


class DealsMatrixCase(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.records = create_records(cls.team)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		delete_records(cls.records)
		frappe.db.commit()
		super().tearDownClass()

	def expected(self, doctype, user_key):
		keys = EXPECTED[doctype][user_key]
		return None if keys is None else {self.records[doctype][k] for k in keys}

	def mine(self, doctype, names):
		return set(names) & set(self.records[doctype].values())


class TestDealsPermissionMatrix(DealsMatrixCase):
	def test_get_list_and_get_doc(self):
		for doctype in EXPECTED:
			for user_key in EXPECTED[doctype]:
				with self.subTest(doctype=doctype, user=user_key):
					frappe.set_user(self.team.users[user_key])
					expected = self.expected(doctype, user_key)
					if expected is None:
						self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)
						continue
					names = frappe.get_list(doctype, pluck="name", limit_page_length=0)
					self.assertEqual(self.mine(doctype, names), expected)
					for key, name in self.records[doctype].items():
						self.assertEqual(
							bool(frappe.has_permission(doctype, "read", doc=name)), name in expected, key
						)

	def test_link_search_and_report_view(self):
		for user_key in ("east1", "east", "director", "owner"):
			frappe.set_user(self.team.users[user_key])
			with self.subTest(user=user_key, path="search_link"):
				results = search_link("SM Opportunity", PREFIX, page_length=100)
				self.assertEqual(
					self.mine("SM Opportunity", (r["value"] for r in results)),
					self.expected("SM Opportunity", user_key),
				)
			with self.subTest(user=user_key, path="reportview"):
				frappe.local.form_dict = frappe._dict(
					doctype="SM Lead",
					fields=["`tabSM Lead`.`name`"],
					filters=[["SM Lead", "lead_name", "like", f"{PREFIX}%"]],
					page_length=0,
					view="Report",
				)
				result = reportview_get()
				names = [row[0] for row in result["values"]] if result else []
				self.assertEqual(self.mine("SM Lead", names), self.expected("SM Lead", user_key))

	def test_reports_and_chart_show_only_visible_deals(self):
		from sales_mgmt.api.deals import pipeline_funnel as funnel

		for user_key in ("east1", "east", "west", "director", "finance"):
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				visible = EXPECTED["SM Opportunity"][user_key]
				# Sales Forecast for the month of the matrix deals' close date, one row per owner:
				# open amount = the matrix amount, weighted = 30% (Proposal)
				result = run_report(
					"Sales Forecast",
					filters={"period": "Month", "date": CLOSE_DATE},
					ignore_prepared_report=True,
				)
				rows = {r["salesperson"]: r for r in result["result"] if isinstance(r, dict)}
				for key in visible:
					row = rows[self.team.salespeople.get(key)]
					self.assertGreaterEqual(row["open_amount"], AMOUNTS[key])
				hidden = {self.team.salespeople.get(k) for k in EVERYTHING if k not in visible}
				self.assertFalse(hidden & set(rows))
				if user_key in ("east1", "east"):  # nobody else keeps open deals for these reps
					for key in visible:
						self.assertEqual(rows[self.team.salespeople[key]]["open_amount"], AMOUNTS[key])
						self.assertEqual(
							rows[self.team.salespeople[key]]["weighted_amount"], AMOUNTS[key] * 0.3
						)
					# the Pipeline Funnel's Proposal bar is the same sum
					chart = funnel(filters={})
					proposal = chart["labels"].index("Proposal")
					self.assertEqual(
						chart["datasets"][0]["values"][proposal], sum(AMOUNTS[k] for k in visible)
					)

	def test_rep_cannot_move_someone_elses_deal(self):
		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc("SM Opportunity", self.records["SM Opportunity"]["east2"])
		self.assertRaises(frappe.PermissionError, doc.check_permission, "write")


class TestDealsRestAPI(DealsMatrixCase):
	def login(self, user):
		client = get_test_client()
		response = make_request(
			target=client.post, args=("/api/method/login",), kwargs={"data": {"usr": user, "pwd": PASSWORD}}
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		return client

	def test_list_and_get(self):
		for user_key in ("east1", "east", "finance", "service"):
			client = self.login(self.team.users[user_key])
			for doctype in EXPECTED:
				with self.subTest(user=user_key, doctype=doctype):
					expected = self.expected(doctype, user_key)
					response = make_request(
						target=client.get,
						args=(f"/api/resource/{doctype}",),
						kwargs={"query_string": {"limit_page_length": 0, "fields": '["name"]'}},
					)
					if expected is None:
						self.assertEqual(response.status_code, 403)
						continue
					self.assertEqual(response.status_code, 200)
					names = {row["name"] for row in response.json["data"]}
					self.assertEqual(self.mine(doctype, names), expected)
					for name in self.records[doctype].values():
						response = make_request(target=client.get, args=(f"/api/resource/{doctype}/{name}",))
						self.assertEqual(response.status_code, 200 if name in expected else 403, name)

	def test_workbench_api_returns_own_flags(self):
		client = self.login(self.team.users["east1"])
		response = make_request(
			target=client.get, args=("/api/method/sales_mgmt.api.workbench.get_hot_customers",)
		)
		self.assertEqual(response.status_code, 200)
		notes = [f["note"] for f in response.json["message"]["flags"]]
		self.assertIn(f"{PREFIX} east1", notes)
		self.assertNotIn(f"{PREFIX} east2", notes)

	def test_hot_flag_notes_for_the_customer_list(self):
		"""The flame on the customer list: each user gets the notes of the flags they may read, whoever's
		customers they ask about; Finance and Service, who read the customers, get none."""
		customers = [self.team.customers[key] for key in EVERYTHING]
		for user_key in ("east1", "east", "west1", "finance", "service"):
			with self.subTest(user=user_key):
				client = self.login(self.team.users[user_key])
				response = make_request(
					target=client.post,
					args=("/api/method/sales_mgmt.api.deals.hot_flags",),
					kwargs={"json": {"customers": customers}},
				)
				self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
				notes = {
					customer: flag["note"]
					for customer, flag in response.json["message"].items()
					if flag["note"].startswith(PREFIX)
				}
				visible = EXPECTED["SM Hot Flag"][user_key] or []
				self.assertEqual(notes, {self.team.customers[k]: f"{PREFIX} {k}" for k in visible})
