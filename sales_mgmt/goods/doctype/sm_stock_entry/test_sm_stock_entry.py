# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.exceptions import (
	BackdatedPostingError,
	DisabledProductError,
	DisabledWarehouseError,
	FuturePostingError,
	InvalidQuantityError,
	MissingWarehouseError,
	NonStockItemError,
	SameWarehouseError,
)
from sales_mgmt.tests.goods_data import (
	bin_qty,
	issue,
	ledger,
	make_entry,
	make_product,
	make_warehouse,
	receive,
	unique,
)
from sales_mgmt.tests.sales_team import SalesTeamTestCase


def posted_at(entry) -> str:
	return str(frappe.utils.get_datetime(f"{entry.posting_date} {entry.posting_time}"))


class TestSMStockEntry(SalesTeamTestCase):
	def setUp(self):
		self.a = make_warehouse(unique("SEA"))
		self.b = make_warehouse(unique("SEB"))
		self.product = make_product(cost_price=12.5)

	def count(self):
		return frappe.db.count("SM Stock Entry")

	def assert_refused(self, exception, entry_type, items, **kwargs):
		before = self.count()
		self.assertRaises(exception, make_entry, entry_type, items, **kwargs)
		self.assertEqual(self.count(), before)

	def test_defaults_rates_and_totals(self):
		entry = make_entry(
			"Receipt",
			[
				{"product": self.product, "qty": 4},
				{"product": self.product, "qty": 6, "rate": 20, "to_warehouse": self.b},
			],
			submit=False,
			to_warehouse=self.a,
			from_warehouse=self.b,
			purpose="Gift",
			salesperson=self.team.salespeople["east1"],
		)
		first, second = entry.items
		# the header's target fills the blank row; a receipt has no source, purpose or recipient
		self.assertEqual((first.from_warehouse, first.to_warehouse), (None, self.a))
		self.assertEqual((second.from_warehouse, second.to_warehouse), (None, self.b))
		self.assertIsNone(entry.purpose)
		self.assertIsNone(entry.salesperson)
		# rate defaults to the cost price: 4 x 12.5 = 50; 6 x 20 = 120; total 170 for 10 units
		self.assertEqual((first.rate, first.amount), (12.5, 50))
		self.assertEqual((second.rate, second.amount), (20, 120))
		self.assertEqual((entry.total_qty, entry.total_amount), (10, 170))

	def test_adjustment_adds_found_and_removes_missing_stock(self):
		receive(self.product, self.a, 10)
		make_entry(
			"Adjustment",
			[
				{"product": self.product, "qty": 2, "to_warehouse": self.a},
				{"product": self.product, "qty": 5, "from_warehouse": self.a},
			],
		)
		# 10 + 2 found - 5 missing = 7
		self.assertEqual(bin_qty(self.product, self.a), 7)
		self.assert_refused(
			MissingWarehouseError,
			"Adjustment",
			[{"product": self.product, "qty": 1, "from_warehouse": self.a, "to_warehouse": self.b}],
		)
		self.assert_refused(MissingWarehouseError, "Adjustment", [{"product": self.product, "qty": 1}])
		# one header default is taken, two would be ambiguous
		one = make_entry(
			"Adjustment", [{"product": self.product, "qty": 1}], to_warehouse=self.b, submit=False
		)
		self.assertEqual((one.items[0].from_warehouse, one.items[0].to_warehouse), (None, self.b))

	def test_rows_link_existing_products_and_warehouses(self):
		product = make_product(product_name="无线鼠标", uom="个")
		# MariaDB matches names case-insensitively: the row takes the records' own spelling and the
		# product's name and unit
		entry = make_entry(
			"Receipt", [{"product": product.lower(), "qty": 3, "to_warehouse": self.a.lower()}], submit=False
		)
		row = entry.items[0]
		self.assertEqual((row.product, row.to_warehouse), (product, self.a))
		self.assertEqual((row.product_name, row.uom), ("无线鼠标", "个"))
		for items, missing in (
			([{"product": "NO-SUCH-PRODUCT", "qty": 1, "to_warehouse": self.a}], "NO-SUCH-PRODUCT"),
			([{"product": self.product, "qty": 1, "to_warehouse": "NO-SUCH-WH"}], "NO-SUCH-WH"),
		):
			with self.subTest(missing=missing):
				before = self.count()
				with self.assertRaises(frappe.LinkValidationError) as refused:
					make_entry("Receipt", items)
				self.assertIn("Row #1: ", str(refused.exception))
				self.assertIn(missing, str(refused.exception))
				self.assertEqual(self.count(), before)
		# the entry's own links are checked too
		self.assert_refused(
			frappe.LinkValidationError,
			"Receipt",
			[{"product": self.product, "qty": 1}],
			to_warehouse="NO-SUCH-WH",
		)

	def test_custom_row_fields_are_linked_and_fetched(self):
		"""A field an admin adds to the rows with Customize Form is checked and fetched as Frappe would."""
		from frappe.custom.doctype.custom_field.custom_field import create_custom_field

		from sales_mgmt.goods.doctype.sm_stock_entry.sm_stock_entry import rows_checked_in_bulk

		self.assertTrue(rows_checked_in_bulk())
		fields = [
			{
				"fieldname": "sm_test_list_price",
				"fieldtype": "Currency",
				"label": "List Price",
				"fetch_from": "product.standard_price",
				"insert_after": "rate",
			},
			{
				"fieldname": "sm_test_customer",
				"fieldtype": "Link",
				"label": "For Customer",
				"options": "SM Customer",
				"insert_after": "sm_test_list_price",
			},
		]
		for field in fields:
			create_custom_field("SM Stock Entry Item", field)
		try:
			self.assertFalse(rows_checked_in_bulk())
			entry = make_entry(
				"Receipt", [{"product": self.product, "qty": 1, "to_warehouse": self.a}], submit=False
			)
			# make_product's standard price
			self.assertEqual(entry.items[0].sm_test_list_price, 100)
			self.assertEqual(entry.items[0].product_name, f"Product {self.product}")
			with self.assertRaises(frappe.LinkValidationError):
				make_entry(
					"Receipt",
					[
						{
							"product": self.product,
							"qty": 1,
							"to_warehouse": self.a,
							"sm_test_customer": "NO-SUCH",
						}
					],
				)
			# Frappe's own row check lets a missing record through when the link fetches values; the
			# entry's validation names it
			with self.assertRaises(frappe.LinkValidationError) as refused:
				make_entry("Receipt", [{"product": "NO-SUCH-PRODUCT", "qty": 1, "to_warehouse": self.a}])
			self.assertIn("does not exist", str(refused.exception))
		finally:
			for field in fields:
				frappe.delete_doc("Custom Field", f"SM Stock Entry Item-{field['fieldname']}", force=True)
			# adding the columns committed; so must their removal, or the test's rollback restores them
			frappe.db.commit()
			frappe.clear_cache(doctype="SM Stock Entry Item")
		self.assertTrue(rows_checked_in_bulk())

	def test_custom_tables_are_submitted_and_cancelled_with_the_entry(self):
		from frappe.custom.doctype.custom_field.custom_field import create_custom_field

		create_custom_field(
			"SM Stock Entry",
			{
				"fieldname": "sm_test_roles",
				"fieldtype": "Table",
				"label": "Roles",
				"options": "Has Role",
				"insert_after": "items",
			},
		)
		try:
			entry = make_entry(
				"Receipt",
				[{"product": self.product, "qty": 1, "to_warehouse": self.a}],
				sm_test_roles=[{"role": "Sales User"}],
			)

			def statuses():
				return frappe.get_all(
					"Has Role",
					filters={"parent": entry.name, "parenttype": "SM Stock Entry"},
					pluck="docstatus",
				)

			self.assertEqual(statuses(), [1])
			entry.cancel()
			self.assertEqual(statuses(), [2])
		finally:
			frappe.delete_doc("Custom Field", "SM Stock Entry-sm_test_roles", force=True)
			frappe.db.commit()
			frappe.clear_cache(doctype="SM Stock Entry")

	def test_submit_and_cancel_store_the_rows_status_and_values(self):
		entry = make_entry(
			"Receipt",
			[
				{"product": self.product, "qty": 2, "to_warehouse": self.a},
				{"product": self.product, "qty": 3, "rate": 4, "to_warehouse": self.b},
			],
			submit=False,
		)
		# the second row changes in the same save that submits
		entry.items[1].rate = 5
		entry.submit()

		def stored():
			return frappe.get_all(
				"SM Stock Entry Item",
				filters={"parent": entry.name},
				fields=["docstatus", "qty", "rate", "amount", "modified"],
				order_by="idx",
			)

		rows = stored()
		self.assertEqual([row.docstatus for row in rows], [1, 1])
		# 2 x 12.5 (cost price) = 25; 3 x 5 = 15
		self.assertEqual([(row.rate, row.amount) for row in rows], [(12.5, 25), (5, 15)])
		self.assertEqual({row.modified for row in rows}, {frappe.utils.get_datetime(entry.modified)})
		self.assertEqual((bin_qty(self.product, self.a), bin_qty(self.product, self.b)), (2, 3))
		entry.cancel()
		self.assertEqual([row.docstatus for row in stored()], [2, 2])
		self.assertEqual((bin_qty(self.product, self.a), bin_qty(self.product, self.b)), (0, 0))

	def test_zero_and_negative_quantities_are_refused(self):
		for qty in (0, -3):
			with self.subTest(qty=qty):
				self.assert_refused(
					InvalidQuantityError,
					"Receipt",
					[{"product": self.product, "qty": qty, "to_warehouse": self.a}],
				)

	def test_missing_and_same_warehouses_are_refused(self):
		self.assert_refused(MissingWarehouseError, "Receipt", [{"product": self.product, "qty": 1}])
		self.assert_refused(
			MissingWarehouseError, "Issue", [{"product": self.product, "qty": 1}], purpose="Scrap"
		)
		self.assert_refused(
			MissingWarehouseError, "Transfer", [{"product": self.product, "qty": 1, "from_warehouse": self.a}]
		)
		self.assert_refused(
			SameWarehouseError,
			"Transfer",
			[{"product": self.product, "qty": 1, "from_warehouse": self.a, "to_warehouse": self.a}],
		)

	def test_issue_needs_a_purpose(self):
		receive(self.product, self.a, 1)
		self.assert_refused(
			frappe.MandatoryError, "Issue", [{"product": self.product, "qty": 1, "from_warehouse": self.a}]
		)

	def test_disabled_product_and_warehouse_and_non_stock_items_are_refused(self):
		disabled = make_product(enabled=0)
		service = make_product(is_stock_item=0, product_name="安装服务")
		closed = make_warehouse(unique("CLOSED"), enabled=0)
		self.assert_refused(
			DisabledProductError, "Receipt", [{"product": disabled, "qty": 1, "to_warehouse": self.a}]
		)
		self.assert_refused(
			DisabledWarehouseError, "Receipt", [{"product": self.product, "qty": 1, "to_warehouse": closed}]
		)
		with self.assertRaises(NonStockItemError) as refused:
			make_entry("Issue", [{"product": service, "qty": 1, "from_warehouse": self.a}], purpose="Gift")
		self.assertIn("安装服务", str(refused.exception))

	def test_disabling_a_product_after_drafting_stops_the_submit(self):
		entry = make_entry(
			"Receipt", [{"product": self.product, "qty": 1, "to_warehouse": self.a}], submit=False
		)
		frappe.db.set_value("SM Product", self.product, "enabled", 0)
		self.assertRaises(DisabledProductError, entry.submit)

	def test_future_posting_is_refused(self):
		self.assert_refused(
			FuturePostingError,
			"Receipt",
			[{"product": self.product, "qty": 1, "to_warehouse": self.a}],
			posting_date=frappe.utils.add_days(frappe.utils.today(), 2),
		)

	def test_a_draft_posts_when_it_is_submitted(self):
		# frozen clocks with microseconds: Frappe compares `modified` as text, which drops ".000000"
		with self.freeze_time("2026-03-09 16:00:00.5"):
			draft = make_entry(
				"Receipt",
				[{"product": self.product, "qty": 5, "to_warehouse": self.a}],
				submit=False,
				set_posting_time=0,
			)
		self.assertEqual(posted_at(draft), "2026-03-09 16:00:00.500000")
		with self.freeze_time("2026-03-10 09:00:00.5"):
			make_entry(
				"Receipt", [{"product": self.product, "qty": 1, "to_warehouse": self.a}], set_posting_time=0
			)
		# submitted the day after it was drafted, after another receipt: not backdated, posted now
		with self.freeze_time("2026-03-10 10:30:00.5"):
			draft.reload()
			draft.submit()
		self.assertEqual(posted_at(draft), "2026-03-10 10:30:00.500000")
		self.assertEqual(
			[(str(r.posting_datetime), r.qty_change, r.qty_after) for r in ledger(self.product, self.a)],
			[("2026-03-10 09:00:00.500000", 1, 1), ("2026-03-10 10:30:00.500000", 5, 6)],
		)

	def test_a_posting_time_set_by_hand_is_kept(self):
		with self.freeze_time("2026-03-10 09:00:00.5"):
			make_entry(
				"Receipt", [{"product": self.product, "qty": 1, "to_warehouse": self.a}], set_posting_time=0
			)
		with self.freeze_time("2026-03-10 11:00:00.5"):
			draft = make_entry(
				"Receipt",
				[{"product": self.product, "qty": 5, "to_warehouse": self.a}],
				submit=False,
				posting_date="2026-03-09",
				posting_time="16:00:00",
			)
			self.assertEqual(posted_at(draft), "2026-03-09 16:00:00")
			self.assertRaises(BackdatedPostingError, draft.submit)
		self.assertEqual(bin_qty(self.product, self.a), 1)

	def test_upgrade_keeps_the_dates_of_drafts_dated_by_hand(self):
		from sales_mgmt.goods.patches import keep_hand_set_posting_dates_of_drafts

		rows = [{"product": self.product, "qty": 1, "to_warehouse": self.a}]
		dated_back = make_entry("Receipt", rows, submit=False, posting_date="2026-03-01")
		today = make_entry(
			"Receipt", rows, submit=False, posting_date=frappe.utils.today(), posting_time="00:00:01"
		)
		submitted = make_entry("Receipt", rows, posting_date="2026-03-01")
		# as they were before the box existed
		names = [dated_back.name, today.name, submitted.name]
		frappe.db.sql("update `tabSM Stock Entry` set set_posting_time = 0 where name in %s", [names])
		keep_hand_set_posting_dates_of_drafts.execute()
		self.assertEqual(
			[frappe.db.get_value("SM Stock Entry", name, "set_posting_time") for name in names], [1, 0, 0]
		)

	def test_submitted_entry_cannot_be_edited_or_deleted(self):
		entry = receive(self.product, self.a, 5)
		entry.items[0].qty = 50
		self.assertRaises(frappe.UpdateAfterSubmitError, entry.save)
		entry.reload()
		self.assertRaises(frappe.ValidationError, entry.delete)
		entry.cancel()
		# a cancelled entry keeps its ledger history: it cannot be deleted either
		self.assertRaises(frappe.LinkExistsError, frappe.delete_doc, "SM Stock Entry", entry.name)
		self.assertEqual(len(ledger(self.product, self.a)), 2)

	def test_amended_entry_posts_again(self):
		entry = receive(self.product, self.a, 5)
		entry.cancel()
		amended = frappe.copy_doc(entry)
		amended.update({"amended_from": entry.name, "docstatus": 0})
		amended.items[0].qty = 6
		amended.insert()
		amended.submit()
		self.assertEqual(bin_qty(self.product, self.a), 6)

	def test_issue_records_purpose_customer_and_salesperson(self):
		receive(self.product, self.a, 5)
		issue(
			self.product,
			self.a,
			2,
			purpose="Gift",
			customer=self.team.customers["east1"],
			salesperson=self.team.salespeople["east1"],
		)
		movement = frappe.get_all(
			"SM Stock Ledger Entry",
			filters={"product": self.product, "qty_change": ("<", 0)},
			fields=["purpose", "customer", "salesperson"],
		)[0]
		self.assertEqual(
			(movement.purpose, movement.customer, movement.salesperson),
			("Gift", self.team.customers["east1"], self.team.salespeople["east1"]),
		)


class TestStockEntryPermissions(SalesTeamTestCase):
	"""Warehouse staff post; finance reads all; sales see entries of their part of the hierarchy."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.warehouse = make_warehouse(unique("PERM"))
		cls.product = make_product()
		receive(cls.product, cls.warehouse, 100)
		cls.entries = {
			key: issue(
				cls.product,
				cls.warehouse,
				1,
				purpose="Gift",
				salesperson=cls.team.salespeople[key],
				customer=cls.team.customers[key],
			).name
			for key in ("east1", "east2", "west1")
		}
		cls.entries["receipt"] = receive(cls.product, cls.warehouse, 1).name

	def test_visibility(self):
		expected = {
			"east1": {"east1"},
			"east": {"east1", "east2"},
			"director": {"east1", "east2", "west1"},
			"west1": {"west1"},
			"warehouse": {"east1", "east2", "west1", "receipt"},
			"finance": {"east1", "east2", "west1", "receipt"},
			"owner": {"east1", "east2", "west1", "receipt"},
			"unlinked": set(),
		}
		mine = set(self.entries.values())
		for user_key, keys in expected.items():
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				names = set(frappe.get_list("SM Stock Entry", pluck="name", limit_page_length=0)) & mine
				self.assertEqual(names, {self.entries[k] for k in keys})
				for key, name in self.entries.items():
					self.assertEqual(
						bool(frappe.has_permission("SM Stock Entry", "read", doc=name)), key in keys, key
					)

	def test_only_warehouse_owner_and_admin_post(self):
		for user_key, may in (("warehouse", True), ("owner", True), ("finance", False), ("east", False)):
			with self.subTest(user=user_key):
				frappe.set_user(self.team.users[user_key])
				for ptype in ("create", "submit", "cancel"):
					self.assertEqual(bool(frappe.has_permission("SM Stock Entry", ptype)), may, ptype)
		frappe.set_user(self.team.users["warehouse"])
		receive(self.product, self.warehouse, 2)
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(frappe.PermissionError, receive, self.product, self.warehouse, 2)

	def test_rates_are_hidden_from_sales_users(self):
		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc("SM Stock Entry", self.entries["east1"])
		doc.apply_fieldlevel_read_permissions()
		self.assertIsNone(doc.items[0].get("rate"))
		self.assertIsNone(doc.get("total_amount"))
		frappe.set_user(self.team.users["east"])
		doc = frappe.get_doc("SM Stock Entry", self.entries["east1"])
		doc.apply_fieldlevel_read_permissions()
		self.assertEqual(doc.items[0].rate, 60)


class TestStockEntryRestAPI(SalesTeamTestCase):
	"""/api/resource follows the same rules as the desk."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		warehouse = make_warehouse(unique("API"))
		product = make_product()
		receive(product, warehouse, 10)
		cls.mine = issue(
			product, warehouse, 1, purpose="Gift", salesperson=cls.team.salespeople["east1"]
		).name
		cls.theirs = issue(
			product, warehouse, 1, purpose="Gift", salesperson=cls.team.salespeople["west1"]
		).name
		# the web requests below run on their own connections
		frappe.db.commit()

	def test_sales_user_reads_only_own_entries(self):
		from frappe.tests.test_api import make_request
		from frappe.utils import get_test_client

		from sales_mgmt.tests.sales_team import PASSWORD

		client = get_test_client()
		login = make_request(
			target=client.post,
			args=("/api/method/login",),
			kwargs={"data": {"usr": self.team.users["east1"], "pwd": PASSWORD}},
		)
		self.assertEqual(login.status_code, 200)
		listed = make_request(
			target=client.get,
			args=("/api/resource/SM Stock Entry",),
			kwargs={"query_string": {"limit_page_length": 0, "fields": '["name"]'}},
		)
		names = {row["name"] for row in listed.json["data"]}
		self.assertIn(self.mine, names)
		self.assertNotIn(self.theirs, names)
		self.assertEqual(
			make_request(target=client.get, args=(f"/api/resource/SM Stock Entry/{self.mine}",)).status_code,
			200,
		)
		self.assertEqual(
			make_request(
				target=client.get, args=(f"/api/resource/SM Stock Entry/{self.theirs}",)
			).status_code,
			403,
		)
		# and cannot post stock
		created = make_request(
			target=client.post,
			args=("/api/resource/SM Stock Entry",),
			kwargs={"json": {"entry_type": "Receipt", "items": []}},
		)
		self.assertEqual(created.status_code, 403)
