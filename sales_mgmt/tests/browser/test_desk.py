"""The desk in a real browser, per role: the customer list and form under hierarchy permissions,
creating customers, the workspace, the salesperson tree and the Chinese UI.

	bench --site SITE run-tests --module sales_mgmt.tests.browser.test_desk

Every page fails its test on a JavaScript error, a failed request or an HTTP error (desk.py).
With SM_SCREENSHOTS=1 the Chinese pages are saved as screenshots (docs/README.md).
"""

import html
import json
import os
import re

import frappe
from frappe.translate import get_translation_dict_from_file
from frappe.utils import strip_html_tags

from sales_mgmt.people.hierarchy import get_subtree
from sales_mgmt.tests.browser.desk import (
	CJK,
	BrowserTestCase,
	open_form,
	open_list,
	screenshot,
	set_route,
	translate,
	user_language,
	wait_for_desk,
	wait_for_form,
)
from sales_mgmt.tests.sales_team import EVERYTHING, PASSWORD

MATRIX_ONLY = json.dumps(["like", "Matrix Customer %"])

# who logs in -> the matrix customers their list shows (the whole matrix: tests/test_permissions.py)
LIST_EXPECTED = {
	"Administrator": EVERYTHING,
	"owner": EVERYTHING,
	"east": ["east", "east1", "east2"],
	"east1": ["east1"],
}


def workspace_labels(workspace: str) -> set[str]:
	"""The texts a workspace shows: title, headers, cards, links, shortcuts and number cards."""
	doc = frappe.get_doc("Workspace", workspace)
	labels = {doc.title}
	for block in json.loads(doc.content or "[]"):
		if block["type"] == "header":
			labels.add(html.unescape(strip_html_tags(block["data"]["text"])).strip())
	labels.update(row.label for row in doc.links)
	labels.update(row.label for row in doc.shortcuts)
	labels.update(row.label for row in doc.number_cards)
	return labels


class TestDesk(BrowserTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()

	def delete_customer_later(self, name: str) -> None:
		def delete():
			frappe.delete_doc("SM Customer", name, force=True, ignore_permissions=True)
			frappe.db.commit()

		self.addCleanup(delete)

	def saved_customer(self, name: str) -> dict:
		frappe.db.rollback()  # a fresh snapshot: the web server committed after our transaction began
		return frappe.db.get_value(
			"SM Customer", name, ["customer_name", "phone", "salesperson"], as_dict=True
		)

	def test_customer_list_shows_each_role_its_customers(self):
		for key, customer_keys in LIST_EXPECTED.items():
			with self.subTest(user=key), self.login_as(key) as page:
				shown = open_list(page, "SM Customer", customer_name=MATRIX_ONLY)
				expected = [self.team.customers[k] for k in customer_keys]
				self.assertCountEqual(shown, expected)

	def test_sales_user_works_with_own_customers(self):
		own, colleague = self.team.customers["east1"], self.team.customers["east2"]
		with self.login_as("east1") as page:
			self.assertRealtimeConnected(page)
			open_form(page, "SM Customer", own)
			self.assertEqual(page.evaluate("cur_frm.doc.salesperson"), self.team.salespeople["east1"])
			self.assertTrue(page.locator('.frappe-control[data-fieldname="customer_name"]:visible').count())
			# permlevel 1: a sales user does not see the credit limit
			self.assertFalse(page.locator('.frappe-control[data-fieldname="credit_limit"]:visible').count())

			# a colleague's customer: the server refuses it and the desk says so
			with page.problems.expect(403, "frappe.desk.form.load.getdoc", console="PermissionError"):
				set_route(page, "Form", "SM Customer", colleague)
				dialog = page.locator(".modal.show .modal-title", has_text=translate(page, "Not permitted"))
				dialog.wait_for()
				page.locator(".modal.show .btn-modal-close").click()
				dialog.wait_for(state="hidden")

			# create one through the list's "Add SM Customer" (quick entry)
			open_list(page, "SM Customer")
			page.click(".primary-action:visible")
			quick_entry = page.locator(".modal.show")
			quick_entry.locator('[data-fieldname="customer_name"] input').wait_for()
			# the rep's own salesperson is the default (boot defaults from sales_mgmt.boot)
			self.assertEqual(
				page.evaluate("frappe.quick_entry.dialog.get_value('salesperson')"),
				self.team.salespeople["east1"],
			)
			customer_name = f"Browser Quick Entry {frappe.generate_hash(length=6)}"
			quick_entry.locator('[data-fieldname="customer_name"] input').fill(customer_name)
			quick_entry.locator('[data-fieldname="phone"] input').fill("021-5555 0101")
			with page.expect_response(lambda r: "frappe.client.save" in r.url) as response:
				quick_entry.locator(".btn-modal-primary").click()
			name = response.value.json()["message"]["name"]
			self.delete_customer_later(name)
			# the server's list_update over socket.io makes the list show it
			page.locator(f'.list-row-checkbox[data-name="{name}"]').wait_for()

		self.assertEqual(
			self.saved_customer(name),
			{
				"customer_name": customer_name,
				"phone": "021-5555 0101",
				"salesperson": self.team.salespeople["east1"],
			},
		)

	def test_sales_manager_sees_credit_and_creates_in_full_form(self):
		with self.login_as("east") as page:
			open_form(page, "SM Customer", self.team.customers["east1"])
			credit = page.locator('.frappe-control[data-fieldname="credit_limit"]:visible input')
			self.assertIn("50,000", credit.input_value())

			set_route(page, "Form", "SM Customer", "new")
			wait_for_form(page, "SM Customer")
			self.assertEqual(page.evaluate("cur_frm.doc.salesperson"), self.team.salespeople["east"])
			customer_name = f"Browser Full Form {frappe.generate_hash(length=6)}"
			page.locator('.frappe-control[data-fieldname="customer_name"]:visible input').fill(customer_name)
			page.locator('.frappe-control[data-fieldname="phone"]:visible input').fill("+86 138 0013 8000")
			with page.expect_response(lambda r: "frappe.desk.form.save.savedocs" in r.url) as response:
				page.keyboard.press("Control+s")
			name = response.value.json()["docs"][0]["name"]
			self.delete_customer_later(name)
			wait_for_form(page, "SM Customer", name)
			self.assertFalse(page.evaluate("cur_frm.is_dirty()"))

		self.assertEqual(self.saved_customer(name)["salesperson"], self.team.salespeople["east"])

	def test_workspace_and_salesperson_tree(self):
		with self.login_as("east", "/app/sales-management") as page:
			cards = self.read_number_cards(page)
			self.assertEqual(
				cards[translate(page, "Customers")], self.visible_customers(self.team.users["east"])
			)
			self.assertEqual(len(cards), 4)

			self.assertTreeShows(self.open_expanded_tree(page), list(self.team.salespeople.values()))

	def test_chinese_ui_for_sales_user(self):
		user = self.team.users["east2"]
		frappe_zh = get_translation_dict_from_file(
			frappe.get_app_path("frappe", "translations", "zh.csv"), "zh", "frappe"
		)
		# every label the app ships has a translation (test_translations.py): none may show in English
		app_zh = get_translation_dict_from_file(
			frappe.get_app_path("sales_mgmt", "translations", "zh.csv"), "zh", "sales_mgmt"
		)
		with user_language(user, "zh"), self.desk(user, PASSWORD, "/app/sales-management") as page:
			self.assertEqual(page.evaluate("frappe.boot.lang"), "zh")
			lines = {
				line.strip() for line in page.locator(".page-container:visible").inner_text().splitlines()
			}
			labels = workspace_labels("Sales Management")
			self.assertEqual(
				[label for label in labels if label in lines and app_zh[label] != label],
				[],
				"workspace labels shown in English",
			)
			self.assertIn(app_zh["Customers"], lines)

			open_list(page, "SM Customer")
			sidebar = page.locator(".layout-side-section:visible").inner_text()
			self.assertIn(frappe_zh["Assigned To"], sidebar)
			self.assertIn(frappe_zh["Created By"], sidebar)
			title = page.locator(".page-head:visible .title-text").inner_text()
			header = page.locator(".list-row-head:visible").inner_text()
			self.assertEqual(title, app_zh["SM Customer"])
			self.assertIn(app_zh["Customer Name"], header)
			self.assertIn(app_zh["SM Customer"], page.locator(".primary-action:visible").inner_text())

	def test_key_pages_in_chinese_for_manager(self):
		"""Workspace, customer list, customer form and salesperson tree as the sales director in Chinese:
		no errors, Chinese text, and the screenshots for docs/ when SM_SCREENSHOTS=1.

		SM_SCREENSHOT_USER / SM_SCREENSHOT_PASSWORD pick another manager, e.g. the demo data's director."""
		user = os.environ.get("SM_SCREENSHOT_USER") or self.team.users["director"]
		password = os.environ.get("SM_SCREENSHOT_PASSWORD") or PASSWORD
		with user_language(user, "zh"), self.desk(user, password, "/app/sales-management") as page:
			cards = self.read_number_cards(page)
			self.assertEqual(cards[translate(page, "Customers")], self.visible_customers(user))
			self.assertRegex(page.locator(".page-head:visible .title-text").inner_text(), CJK)
			screenshot(page, "workspace")

			shown = open_list(page, "SM Customer")
			self.assertTrue(shown)
			self.assertRegex(page.locator(".list-row-head:visible").inner_text(), CJK)
			screenshot(page, "customer-list")

			open_form(page, "SM Customer", self.showcase_customer(shown))
			self.assertRegex(page.locator(".form-layout:visible").inner_text(), CJK)
			screenshot(page, "customer-form")

			own = frappe.db.get_value("SM Salesperson", {"user": user})
			self.assertTreeShows(self.open_expanded_tree(page), get_subtree(own))
			self.focus_tree_on(page, own)
			screenshot(page, "salesperson-tree")

	# --- helpers -------------------------------------------------------------------------------

	def visible_customers(self, user: str) -> int:
		frappe.set_user(user)
		try:
			return len(frappe.get_list("SM Customer", pluck="name", limit_page_length=0))
		finally:
			frappe.set_user("Administrator")

	def read_number_cards(self, page) -> dict[str, int]:
		"""{card title: number} of the workspace's number cards, once they have loaded."""
		wait_for_desk(
			page,
			"""() => { const cards = $('.number-widget-box:visible');
				return cards.length && cards.toArray().every((c) => /\\d/.test($(c).find('.number').text())); }""",
		)
		cards = page.evaluate(
			"""() => $('.number-widget-box:visible').toArray().map((c) =>
				[$(c).find('.widget-title').text().trim(), $(c).find('.number').text().trim()])"""
		)
		return {title: int(re.sub(r"\D", "", number)) for title, number in cards}

	def open_expanded_tree(self, page) -> str:
		"""Open the salesperson tree, expand it all and return its text."""
		set_route(page, "Tree", "SM Salesperson")
		page.locator(".tree-node:visible").first.wait_for()
		page.locator(".page-actions:visible button", has_text=translate(page, "Expand All")).click()
		wait_for_desk(page, "() => $('.tree-node:visible').length > 1")
		return "\n".join(page.locator(".tree-label:visible").all_inner_texts())

	def assertTreeShows(self, tree: str, salespeople: list[str]) -> None:
		"""Every salesperson is in the tree's text by name; except that when the tree has a single
		top-level salesperson, Frappe labels that root node with its ID only."""
		rows = frappe.get_all(
			"SM Salesperson",
			filters={"name": ("in", salespeople)},
			fields=["name", "salesperson_name", "parent_sm_salesperson"],
		)
		self.assertEqual(len(rows), len(salespeople))
		for row in rows:
			if row.parent_sm_salesperson:
				self.assertIn(row.salesperson_name, tree)
			else:
				self.assertTrue(row.salesperson_name in tree or row.name in tree, f"{row.name} not in {tree}")

	def focus_tree_on(self, page, salesperson: str) -> None:
		"""Fold the tree's other top-level branches and highlight `salesperson`: the manager's own view."""
		page.evaluate(
			"""(mine) => {
				const tree = frappe.views.trees["SM Salesperson"].tree;
				const path = new Set();
				for (let node = tree.nodes[mine]; node; node = node.parent_node) path.add(node.label);
				for (const node of Object.values(tree.nodes)) {
					if (node.parent_node === tree.root_node && node.expanded && !path.has(node.label)) {
						tree.expand_node(node, false);
					}
				}
				tree.select_link(tree.nodes[mine]);
			}""",
			salesperson,
		)

	def showcase_customer(self, shown: list[str]) -> str:
		"""The customer whose form the screenshot shows: the most filled-in of those listed."""
		fields = ["phone", "email", "city", "industry", "source", "website", "notes"]
		rows = frappe.get_all("SM Customer", filters={"name": ("in", shown)}, fields=["name", *fields])
		return max(rows, key=lambda row: (sum(bool(row[f]) for f in fields), row.name)).name
