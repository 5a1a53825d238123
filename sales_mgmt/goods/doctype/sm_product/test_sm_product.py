# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import json
from unittest.mock import patch

import frappe

from sales_mgmt.exceptions import PriceBelowCostError, StockItemChangeError
from sales_mgmt.goods import price_change
from sales_mgmt.tests.goods_data import make_product, make_warehouse, receive, set_settings, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase

SALES_KEYS = ("director", "east", "east1", "east2", "west", "west1", "unlinked")
OTHER_KEYS = ("owner", "finance", "service", "warehouse", "sysman")


def messages() -> list[str]:
	"""The messages shown to the user since the message log was emptied."""
	return [
		json.loads(m)["message"] if isinstance(m, str) else m["message"] for m in frappe.get_message_log()
	]


def notices(product: str, user: str | None = None) -> list[dict]:
	filters = {"document_type": "SM Product", "document_name": product}
	if user:
		filters["for_user"] = user
	return frappe.get_all(
		"Notification Log", filters=filters, fields=["for_user", "subject", "email_content", "from_user"]
	)


class TestSMProduct(SalesTeamTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")
		set_settings(notify_product_changes=1)

	def test_code_names_the_product_and_is_unique(self):
		code = unique("CODE")
		doc = frappe.get_doc(
			{"doctype": "SM Product", "product_code": f"  {code} ", "product_name": " 蓝牙耳机 "}
		).insert()
		self.assertEqual((doc.name, doc.product_code, doc.product_name), (code, code, "蓝牙耳机"))
		self.assertEqual((doc.product_type, doc.enabled, doc.is_stock_item), ("Sales Item", 1, 1))
		duplicate = frappe.get_doc({"doctype": "SM Product", "product_code": code, "product_name": "Other"})
		self.assertRaises(frappe.DuplicateEntryError, duplicate.insert)

	def test_every_price_change_is_recorded(self):
		code = make_product(standard_price=100)
		doc = frappe.get_doc("SM Product", code)
		self.assertEqual(doc.price_history, [])

		doc.standard_price = 120
		doc.price_change_reason = "原材料涨价"
		doc.save()
		doc.product_name = "renamed, price unchanged"
		doc.save()
		frappe.set_user(self.team.users["director"])
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 99.5
		doc.save()
		frappe.set_user("Administrator")

		history = frappe.get_doc("SM Product", code).price_history
		self.assertEqual(
			[(h.old, h.new, h.changed_by, h.reason) for h in history],
			[(100, 120, "Administrator", "原材料涨价"), (120, 99.5, self.team.users["director"], None)],
		)
		self.assertTrue(all(h.changed_on for h in history))
		self.assertFalse(frappe.db.get_value("SM Product", code, "price_change_reason"))

	def test_price_history_cannot_be_rewritten(self):
		code = make_product(standard_price=100)
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 110
		doc.save()
		doc.price_history[0].old = 1
		doc.append("price_history", {"old": 5, "new": 6})
		doc.save()
		history = frappe.get_doc("SM Product", code).price_history
		self.assertEqual([(h.old, h.new) for h in history], [(100, 110)])

	def test_price_change_notifies_every_sales_user(self):
		code = make_product(standard_price=100, product_name="旗舰手机")
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 120
		doc.price_change_reason = "成本上涨"
		doc.save()

		received = {n.for_user: n for n in notices(code)}
		for key in SALES_KEYS:
			with self.subTest(user=key):
				notice = received[self.team.users[key]]
				self.assertIn("旗舰手机", notice.subject)
				self.assertIn("100.00", notice.subject)
				self.assertIn("120.00", notice.subject)
				self.assertLess(notice.subject.index("100.00"), notice.subject.index("120.00"))
				self.assertIn("成本上涨", notice.email_content)
				self.assertEqual(notice.from_user, "Administrator")
		for key in OTHER_KEYS:
			self.assertNotIn(self.team.users[key], received)

	def test_specification_change_says_what_changed(self):
		code = make_product(specification="<p>6.1 英寸屏幕，128GB</p>")
		doc = frappe.get_doc("SM Product", code)
		doc.specification = "<p>6.7 英寸屏幕，256GB</p>"
		doc.save()
		notice = notices(code, self.team.users["east1"])[0]
		self.assertIn("6.1 英寸屏幕，128GB", notice.subject)
		self.assertIn("6.7 英寸屏幕，256GB", notice.subject)
		self.assertNotIn("<p>", notice.subject)

	def test_other_changes_notify_nobody(self):
		code = make_product(standard_price=100)
		doc = frappe.get_doc("SM Product", code)
		doc.reorder_level = 5
		doc.cost_price = 70
		doc.save()
		self.assertEqual(notices(code), [])

	def test_admin_can_turn_notices_off(self):
		set_settings(notify_product_changes=0)
		code = make_product(standard_price=100)
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 80
		doc.save()
		self.assertEqual(notices(code), [])
		self.assertEqual(len(doc.price_history), 1)

	def test_notices_speak_the_users_language(self):
		user = self.team.users["west1"]
		frappe.db.set_value("User", user, "language", "zh")
		try:
			code = make_product(standard_price=100, product_name="平板电脑")
			doc = frappe.get_doc("SM Product", code)
			doc.standard_price = 90
			doc.save()
			subject = notices(code, user)[0].subject
			self.assertIn("标准价格", subject)
			self.assertIn("平板电脑", subject)
			self.assertIn("Standard price", notices(code, self.team.users["east1"])[0].subject)
		finally:
			frappe.db.set_value("User", user, "language", None)

	def test_product_names_are_escaped_in_notices(self):
		code = make_product(standard_price=100, product_name="Phone <img src=x onerror=alert(1)>")
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 90
		doc.save()
		subject = notices(code, self.team.users["east1"])[0].subject
		self.assertNotIn("<img", subject)

	def test_many_recipients_go_through_one_idempotent_job(self):
		code = make_product(standard_price=100)
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 150
		with patch("frappe.enqueue") as enqueue:
			doc.save()
		enqueue.assert_called_once()
		kwargs = enqueue.call_args.kwargs
		self.assertEqual(enqueue.call_args.args[0], "sales_mgmt.goods.price_change.send_change_notices")
		self.assertTrue(kwargs["deduplicate"])
		# one job per change of the product: a second enqueue of the same change is dropped
		self.assertEqual(kwargs["job_id"], f"sm-product-change::{code}::{doc.modified}")
		self.assertEqual(notices(code), [])

		job_args = {
			k: kwargs[k] for k in ("product", "changes", "reason", "changed_by", "changed_on", "users")
		}
		# every enabled sales user and manager but the one who made the change, each notified once,
		# however often the job runs
		self.assertEqual(
			job_args["users"], [user for user, _lang in price_change.get_recipients("Administrator")]
		)
		self.assertTrue({self.team.users[key] for key in SALES_KEYS} <= set(job_args["users"]))
		for _run in range(2):
			price_change.send_change_notices(**job_args)
			self.assertEqual(sorted(n.for_user for n in notices(code)), sorted(job_args["users"]))

	def test_a_few_recipients_are_notified_at_once(self):
		code = make_product(standard_price=100)
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 130
		user = self.team.users["east2"]
		with (
			patch.object(price_change, "get_recipients", return_value=[(user, None)]),
			patch("frappe.enqueue") as enqueue,
		):
			doc.save()
		enqueue.assert_not_called()
		self.assertEqual([n.for_user for n in notices(code)], [user])

	def test_price_below_cost(self):
		code = make_product(standard_price=100, cost_price=60, product_name="清仓手机")
		name = "<strong>清仓手机</strong>"
		# warehouse staff may not sell below cost
		frappe.set_user(self.team.users["warehouse"])
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 50
		self.assertRaises(PriceBelowCostError, doc.save)
		self.assertEqual(frappe.db.get_value("SM Product", code, "standard_price"), 100)
		# but may record a cost above the price (a warning)
		doc = frappe.get_doc("SM Product", code)
		doc.cost_price = 110
		# not `frappe.message_log = []`: that replaces Frappe's per-request proxy for every later test
		frappe.clear_messages()
		doc.save()
		self.assertEqual(
			messages(), [f"The standard price of {name} (100.00) is below its cost price (110.00)."]
		)

		# a sales manager may set a clearance price, with a warning
		frappe.set_user(self.team.users["director"])
		doc = frappe.get_doc("SM Product", code)
		doc.standard_price = 80
		# not `frappe.message_log = []`: that replaces Frappe's per-request proxy for every later test
		frappe.clear_messages()
		doc.save()
		self.assertEqual(frappe.db.get_value("SM Product", code, "standard_price"), 80)
		self.assertEqual(
			messages(), [f"The standard price of {name} (80.00) is below its cost price (110.00)."]
		)

	def test_cost_price_is_hidden_from_sales_users(self):
		code = make_product(standard_price=100, cost_price=61)
		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc("SM Product", code)
		doc.apply_fieldlevel_read_permissions()
		self.assertIsNone(doc.get("cost_price"))
		self.assertEqual(doc.standard_price, 100)
		row = frappe.get_list("SM Product", filters={"name": code}, fields=["name", "cost_price"])[0]
		self.assertNotIn("cost_price", row)
		for key in ("east", "finance", "warehouse", "owner"):
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				row = frappe.get_list("SM Product", filters={"name": code}, fields=["name", "cost_price"])[0]
				self.assertEqual(row.cost_price, 61)

	def test_who_may_edit_products(self):
		code = make_product()
		for key, may in (("east1", False), ("finance", False), ("director", True), ("warehouse", True)):
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				self.assertEqual(bool(frappe.has_permission("SM Product", "write", doc=code)), may)
		# a sales manager cannot change the cost (permlevel 1 is read-only for them)
		frappe.set_user(self.team.users["director"])
		doc = frappe.get_doc("SM Product", code)
		doc.cost_price = 1
		doc.save()
		self.assertEqual(frappe.db.get_value("SM Product", code, "cost_price"), 60)

	def test_stock_item_with_movements_keeps_maintaining_stock(self):
		code = make_product()
		receive(code, make_warehouse(unique("STK")), 1)
		doc = frappe.get_doc("SM Product", code)
		doc.is_stock_item = 0
		self.assertRaises(StockItemChangeError, doc.save)
		unused = frappe.get_doc("SM Product", make_product())
		unused.is_stock_item = 0
		unused.save()

	def test_form_shows_stock_per_warehouse(self):
		code = make_product()
		warehouse = make_warehouse(unique("ONL"))
		receive(code, warehouse, 7)
		doc = frappe.get_doc("SM Product", code)
		doc.run_method("onload")
		self.assertEqual([(s.warehouse, s.actual_qty) for s in doc.get_onload("stock")], [(warehouse, 7)])
