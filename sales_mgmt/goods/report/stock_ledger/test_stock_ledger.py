# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe

from sales_mgmt.exceptions import InvalidReportFilterError
from sales_mgmt.goods.report.stock_ledger.stock_ledger import execute
from sales_mgmt.tests.goods_data import issue, make_product, make_warehouse, receive, transfer, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestStockLedgerReport(SalesTeamTestCase):
	"""Product P in warehouse W (and a second warehouse V):

	2025-03-28 receive 20 into W                     balance 20   (before the period: the opening)
	2025-04-02 issue 5 from W (Gift, to a customer)  balance 15
	2025-04-05 move 6 from W to V                    balance 9    (V: 6)
	2025-04-09 receive 4 into W                      balance 13
	2025-04-12 issue 3 from W, then cancelled        balance 10, reversed +3 -> 13 (both flagged)
	2025-05-01 issue 1 from W                        after the period
	"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = make_warehouse(unique("W"))
		cls.v = make_warehouse(unique("V"))
		cls.p = make_product()
		receive(cls.p, cls.w, 20, posting_date="2025-03-28")
		cls.gift = issue(
			cls.p,
			cls.w,
			5,
			purpose="Gift",
			posting_date="2025-04-02",
			customer=cls.team.customers["east1"],
			salesperson=cls.team.salespeople["east1"],
		).name
		transfer(cls.p, cls.w, cls.v, 6, posting_date="2025-04-05")
		receive(cls.p, cls.w, 4, posting_date="2025-04-09")
		cls.cancelled = issue(cls.p, cls.w, 3, posting_date="2025-04-12")
		cls.cancelled.cancel()
		issue(cls.p, cls.w, 1, posting_date="2025-05-01")

	def run_report(self, **filters):
		filters = {"from_date": "2025-04-01", "to_date": "2025-04-30", "product": self.p, **filters}
		return execute(filters)

	def test_running_balance_with_opening(self):
		_columns, data, _message, chart, summary = self.run_report(warehouse=self.w)
		self.assertEqual(data[0]["is_opening"], 1)
		self.assertEqual(data[0]["qty_after"], 20)
		got = [(r["qty_in"], r["qty_out"], r["qty_after"], r["is_cancelled"]) for r in data[1:]]
		self.assertEqual(got, [(0, 5, 15, 0), (0, 6, 9, 0), (4, 0, 13, 0), (0, 3, 10, 1), (3, 0, 13, 1)])
		self.assertEqual(data[1]["purpose"], "Gift")
		values = {s["label"]: s["value"] for s in summary}
		# in 4 + 3 = 7; out 5 + 6 + 3 = 14; net -7 (20 -> 13)
		self.assertEqual(
			(values["Movements"], values["Quantity In"], values["Quantity Out"], values["Net Change"]),
			(5, 7, 14, -7),
		)
		self.assertEqual(chart["data"]["labels"], ["2025-04-02", "2025-04-05", "2025-04-09", "2025-04-12"])
		self.assertEqual(chart["data"]["datasets"][1]["values"], [5, 6, 0, 3])

	def test_hide_cancelled(self):
		_columns, data, *_ = self.run_report(warehouse=self.w, hide_cancelled=1)
		self.assertEqual([r["qty_after"] for r in data], [20, 15, 9, 13])

	def test_all_warehouses_and_voucher_filter(self):
		_columns, data, *_ = self.run_report()
		# no opening row without a warehouse; V's movement is in the list
		self.assertNotIn("is_opening", data[0])
		self.assertEqual(
			[(r["warehouse"], r["qty_after"]) for r in data if r["warehouse"] == self.v], [(self.v, 6)]
		)
		_columns, data, *_ = self.run_report(voucher_no=self.cancelled.name)
		self.assertEqual([(r["qty_out"], r["qty_in"]) for r in data], [(3, 0), (0, 3)])

	def test_dates_default_to_this_month_and_are_checked(self):
		with self.freeze_time("2025-04-20 10:00:00"):
			_columns, data, *_ = execute({"product": self.p, "warehouse": self.w})
		# 2025-04-01 .. 2025-04-20: opening 20 and the five movements of April
		self.assertEqual(len(data), 6)
		self.assertRaises(
			InvalidReportFilterError, self.run_report, from_date="2025-05-01", to_date="2025-04-01"
		)
		self.assertRaises(InvalidReportFilterError, self.run_report, product="NO-SUCH-PRODUCT")

	def test_customer_column_only_for_those_allowed(self):
		for key, sees in (("east1", False), ("director", False), ("warehouse", True), ("finance", True)):
			with self.subTest(user=key):
				frappe.set_user(self.team.users[key])
				columns, data, *_ = self.run_report(warehouse=self.w)
				self.assertEqual("customer" in {c["fieldname"] for c in columns}, sees)
				gift_row = next(r for r in data if r.get("voucher_no") == self.gift)
				self.assertEqual(gift_row.get("customer"), self.team.customers["east1"] if sees else None)
		frappe.set_user(self.team.users["service"])
		self.assertRaises(frappe.PermissionError, self.run_report)


class TestStockLedgerVisibility(SalesTeamTestCase):
	"""Rows follow their vouchers; balances stay the warehouse's. Product P in warehouse W:

	2025-03-28 receive 30                                  balance 30 (the opening of April)
	2025-04-02 issue 2 (Gift, by east1)                    balance 28
	2025-04-03 issue 3 (Gift, by east2)                    balance 25
	2025-04-04 issue 4 (Promotion, by west1)               balance 21
	2025-04-05 issue 5 (Sales Delivery, by the director)   balance 16
	2025-04-06 receive 10                                  balance 26
	"""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = make_warehouse(unique("VIS"))
		cls.p = make_product()
		receive(cls.p, cls.w, 30, posting_date="2025-03-28")
		cls.vouchers = {}
		for day, (key, qty, purpose) in enumerate(
			(
				("east1", 2, "Gift"),
				("east2", 3, "Gift"),
				("west1", 4, "Promotion"),
				("director", 5, "Sales Delivery"),
			),
			start=2,
		):
			cls.vouchers[key] = issue(
				cls.p,
				cls.w,
				qty,
				purpose=purpose,
				posting_date=f"2025-04-{day:02d}",
				salesperson=cls.team.salespeople[key],
			).name
		cls.vouchers["receipt"] = receive(cls.p, cls.w, 10, posting_date="2025-04-06").name

	def rows_as(self, key):
		"""(voucher key, out, balance) of the movements `key` sees, the opening balance, the summary."""
		frappe.set_user(self.team.users[key])
		_columns, data, _message, _chart, summary = execute(
			{"from_date": "2025-04-01", "to_date": "2025-04-30", "product": self.p, "warehouse": self.w}
		)
		keys = {name: k for k, name in self.vouchers.items()}
		opening, movements = data[0], data[1:]
		self.assertEqual(opening["is_opening"], 1)
		return (
			[(keys[r["voucher_no"]], r["qty_out"], r["qty_after"]) for r in movements],
			opening["qty_after"],
			{s["label"]: s["value"] for s in summary},
		)

	def test_rows_per_role(self):
		everything = [
			("east1", 2, 28),
			("east2", 3, 25),
			("west1", 4, 21),
			("director", 5, 16),
			("receipt", 0, 26),
		]
		expected = {
			"east1": everything[:1],
			"east": everything[:2],
			"director": everything[:4],
			"warehouse": everything,
			"finance": everything,
			"owner": everything,
		}
		for key, rows in expected.items():
			with self.subTest(user=key):
				movements, opening, summary = self.rows_as(key)
				self.assertEqual(movements, rows)
				# balances are the warehouse's, whatever the viewer sees: the opening counts the receipt
				# of 2025-03-28 that only warehouse, finance and the owner see
				self.assertEqual(opening, 30)
				self.assertEqual(summary["Movements"], len(rows))
				self.assertEqual(summary["Quantity Out"], sum(out for _key, out, _balance in rows))

	def test_a_shared_voucher_shares_its_rows(self):
		frappe.share.add("SM Stock Entry", self.vouchers["west1"], self.team.users["east1"], read=1)
		self.addCleanup(
			frappe.share.remove, "SM Stock Entry", self.vouchers["west1"], self.team.users["east1"]
		)
		movements, _opening, _summary = self.rows_as("east1")
		self.assertEqual(movements, [("east1", 2, 28), ("west1", 4, 21)])
