"""The posting function: balances, running balances, cancellation, negative and backdated stock,
immutability, and concurrent postings against one bin."""

import threading

import frappe
from frappe.utils import format_datetime, now_datetime

from sales_mgmt.exceptions import (
	BackdatedPostingError,
	DisabledProductError,
	DisabledWarehouseError,
	FuturePostingError,
	ImmutableLedgerError,
	InvalidQuantityError,
	NegativeStockError,
	NonStockItemError,
)
from sales_mgmt.goods.stock_ledger import StockMove, post_stock, qty_precision
from sales_mgmt.tests import IntegrationTestCase
from sales_mgmt.tests.goods_data import (
	bin_qty,
	in_parallel,
	issue,
	ledger,
	make_entry,
	make_product,
	make_warehouse,
	receive,
	set_settings,
	transfer,
	unique,
)
from sales_mgmt.tests.sales_team import SalesTeamTestCase


def strong(value) -> str:
	"""A value as messages emphasise it (codes and numbers here need no escaping)."""
	return f"<strong>{value}</strong>"


def at(moment: str) -> str:
	"""A moment as messages write it, in the site's date format."""
	return format_datetime(moment)


def rows(product, warehouse):
	"""(qty_change, qty_after, is_cancelled) of a bin's movements in time order."""
	return [(r.qty_change, r.qty_after, r.is_cancelled) for r in ledger(product, warehouse)]


class TestStockLedger(IntegrationTestCase):
	def setUp(self):
		self.a = make_warehouse(unique("A"))
		self.b = make_warehouse(unique("B"))
		self.product = make_product(product_name="测试手机")

	def tearDown(self):
		frappe.set_user("Administrator")
		set_settings(allow_negative_stock=0, allow_backdated_stock_posting=0)

	def test_receipt_transfer_issue_cancel(self):
		receive(self.product, self.a, 10, posting_date="2025-01-01")
		transfer(self.product, self.a, self.b, 4, posting_date="2025-01-02")
		issued = issue(self.product, self.b, 3, posting_date="2025-01-03", purpose="Gift")
		# A: 10 received, 4 moved out -> 6; B: 4 moved in, 3 issued -> 1
		self.assertEqual(bin_qty(self.product, self.a), 6)
		self.assertEqual(bin_qty(self.product, self.b), 1)
		self.assertEqual(rows(self.product, self.a), [(10, 10, 0), (-4, 6, 0)])
		self.assertEqual(rows(self.product, self.b), [(4, 4, 0), (-3, 1, 0)])

		issued.cancel()
		# the issue is flagged and reversed (+3, dated like the issue): B back to 1 + 3 = 4
		self.assertEqual(bin_qty(self.product, self.b), 4)
		self.assertEqual(rows(self.product, self.b), [(4, 4, 0), (-3, 1, 1), (3, 4, 1)])
		original, reversal = ledger(self.product, self.b)[1:]
		self.assertEqual(reversal.voucher_no, issued.name)
		self.assertEqual(reversal.posting_datetime, original.posting_datetime)
		self.assertEqual(bin_qty(self.product, self.a), 6)

	def test_cancelling_an_older_voucher_recomputes_later_balances(self):
		receive(self.product, self.a, 10, posting_date="2025-01-01")
		second = receive(self.product, self.a, 5, posting_date="2025-01-02")
		issue(self.product, self.a, 3, posting_date="2025-01-03")
		self.assertEqual(rows(self.product, self.a), [(10, 10, 0), (5, 15, 0), (-3, 12, 0)])
		# backdated postings are off, yet a cancellation reverses on 01-02: 15 - 5 = 10, then 12 -> 7
		second.cancel()
		self.assertEqual(rows(self.product, self.a), [(10, 10, 0), (5, 15, 1), (-5, 10, 1), (-3, 7, 0)])
		self.assertEqual(bin_qty(self.product, self.a), 7)
		# an amendment is a new posting: on 01-02, before the issue of 01-03, it is backdated
		amended = frappe.copy_doc(second)
		amended.update({"amended_from": second.name, "docstatus": 0})
		amended.insert()
		self.assertRaises(BackdatedPostingError, amended.submit)

	def test_several_rows_of_one_bin_run_in_row_order(self):
		make_entry(
			"Receipt",
			[
				{"product": self.product, "qty": 5, "to_warehouse": self.a},
				{"product": self.product, "qty": 7, "to_warehouse": self.a},
			],
		)
		self.assertEqual(rows(self.product, self.a), [(5, 5, 0), (7, 12, 0)])
		self.assertEqual(bin_qty(self.product, self.a), 12)

	def test_negative_stock_is_refused_with_the_numbers(self):
		receive(self.product, self.a, 2)
		entry = make_entry(
			"Issue",
			[{"product": self.product, "qty": 5, "from_warehouse": self.a}],
			submit=False,
			purpose="Sales Delivery",
		)
		with self.assertRaises(NegativeStockError) as refused:
			entry.submit()
		self.assertEqual(
			str(refused.exception),
			f"Not enough stock of {strong(f'测试手机 ({self.product})')} in {strong(self.a)}: "
			f"{strong(2)} available, {strong(5)} requested.",
		)
		# refused before anything was written (the request's rollback undoes the entry's own update)
		self.assertEqual(rows(self.product, self.a), [(2, 2, 0)])
		self.assertEqual(bin_qty(self.product, self.a), 2)

	def test_last_unit_can_be_issued(self):
		receive(self.product, self.a, 2)
		issue(self.product, self.a, 2)
		self.assertEqual(bin_qty(self.product, self.a), 0)
		self.assertRaises(NegativeStockError, issue, self.product, self.a, 1)

	def test_negative_stock_when_allowed(self):
		set_settings(allow_negative_stock=1)
		receive(self.product, self.a, 2)
		issue(self.product, self.a, 5)
		self.assertEqual(rows(self.product, self.a), [(2, 2, 0), (-5, -3, 0)])
		self.assertEqual(bin_qty(self.product, self.a), -3)

	def test_backdated_posting_is_refused_by_default(self):
		receive(self.product, self.a, 10, posting_date="2025-02-10", posting_time="12:00:00")
		with self.assertRaises(BackdatedPostingError) as refused:
			issue(self.product, self.a, 1, posting_date="2025-02-05")
		self.assertEqual(
			str(refused.exception),
			f"{strong(self.product)} in {strong(self.a)} already has stock movements after "
			f"{at('2025-02-05 09:00:00')} (the latest on {at('2025-02-10 12:00:00')}); post on or after that "
			"date, or ask an administrator to allow backdated stock postings.",
		)
		# the same moment as the latest movement is not backdated
		issue(self.product, self.a, 1, posting_date="2025-02-10", posting_time="12:00:00")
		self.assertEqual(rows(self.product, self.a), [(10, 10, 0), (-1, 9, 0)])
		# another warehouse's history does not matter
		receive(self.product, self.b, 1, posting_date="2025-02-01")

	def test_backdated_posting_recomputes_later_balances(self):
		set_settings(allow_backdated_stock_posting=1)
		receive(self.product, self.a, 10, posting_date="2025-02-01")
		issue(self.product, self.a, 4, posting_date="2025-02-10")
		issue(self.product, self.a, 2, posting_date="2025-02-20")
		self.assertEqual(rows(self.product, self.a), [(10, 10, 0), (-4, 6, 0), (-2, 4, 0)])

		# +5 on 02-05: balance then 10 + 5 = 15; later balances 6 -> 11 and 4 -> 9
		receive(self.product, self.a, 5, posting_date="2025-02-05")
		self.assertEqual(rows(self.product, self.a), [(10, 10, 0), (5, 15, 0), (-4, 11, 0), (-2, 9, 0)])
		self.assertEqual(bin_qty(self.product, self.a), 9)

		# -10 on 02-07 fits then (15 -> 5) but would leave 02-20 at 9 - 10 = -1
		with self.assertRaises(NegativeStockError) as refused:
			issue(self.product, self.a, 10, posting_date="2025-02-07")
		self.assertEqual(
			str(refused.exception),
			f"Taking {strong(10)} of {strong(self.product)} out of {strong(self.a)} on "
			f"{at('2025-02-07 09:00:00')} would leave {strong(-1)} in stock on {at('2025-02-20 09:00:00')}.",
		)
		self.assertEqual(bin_qty(self.product, self.a), 9)

		# -9 on 02-07: 15 -> 6; later 11 -> 2, 9 -> 0
		issue(self.product, self.a, 9, posting_date="2025-02-07")
		self.assertEqual(
			rows(self.product, self.a),
			[(10, 10, 0), (5, 15, 0), (-9, 6, 0), (-4, 2, 0), (-2, 0, 0)],
		)
		self.assertEqual(bin_qty(self.product, self.a), 0)

	def test_backdated_issue_checks_the_balance_on_its_date(self):
		set_settings(allow_backdated_stock_posting=1)
		receive(self.product, self.a, 3, posting_date="2025-03-01")
		receive(self.product, self.a, 10, posting_date="2025-03-20")
		# on 03-10 only 3 are there, although 13 are now
		with self.assertRaises(NegativeStockError) as refused:
			issue(self.product, self.a, 5, posting_date="2025-03-10")
		self.assertEqual(
			str(refused.exception),
			f"Not enough stock of {strong(f'测试手机 ({self.product})')} in {strong(self.a)}: "
			f"{strong(3)} available, {strong(5)} requested.",
		)

	def test_cancelling_a_receipt_whose_stock_is_gone_is_refused(self):
		receipt = receive(self.product, self.a, 5)
		issue(self.product, self.a, 5, posting_date="2025-01-02")
		# reversing 5 on 01-01 would leave the issue of 01-02 at 0 - 5 = -5
		with self.assertRaises(NegativeStockError) as refused:
			receipt.cancel()
		self.assertEqual(
			str(refused.exception),
			f"Taking {strong(5)} of {strong(self.product)} out of {strong(self.a)} on "
			f"{at('2025-01-01 09:00:00')} would leave {strong(-5)} in stock on {at('2025-01-02 09:00:00')}.",
		)
		self.assertEqual(bin_qty(self.product, self.a), 0)

	def test_cancelled_vouchers_do_not_count_in_later_balances(self):
		first = receive(self.product, self.a, 10, posting_date="2025-01-01")
		issue(self.product, self.a, 10, posting_date="2025-01-02").cancel()
		receive(self.product, self.a, 5, posting_date="2025-01-03")
		self.assertEqual(rows(self.product, self.a), [(10, 10, 0), (-10, 0, 1), (10, 10, 1), (5, 15, 0)])
		# the cancelled issue's balance of 0 is no balance anyone had; the live one after 01-01 is 15,
		# which the reversal of the first receipt takes to 5
		first.cancel()
		self.assertEqual(
			rows(self.product, self.a),
			[(10, 10, 1), (-10, 0, 1), (-10, -10, 1), (10, 0, 1), (5, 5, 0)],
		)
		self.assertEqual(bin_qty(self.product, self.a), 5)
		self.assertEqual(sum(r.qty_change for r in ledger(self.product, self.a)), 5)

	def test_cancelling_is_refused_when_a_live_balance_would_turn_negative(self):
		first = receive(self.product, self.a, 10, posting_date="2025-01-01")
		issue(self.product, self.a, 10, posting_date="2025-01-02").cancel()
		receive(self.product, self.a, 5, posting_date="2025-01-03")
		issue(self.product, self.a, 8, posting_date="2025-01-04")
		# without the first receipt the issue of 01-04 would leave 7 - 10 = -3
		with self.assertRaises(NegativeStockError) as refused:
			first.cancel()
		self.assertEqual(
			str(refused.exception),
			f"Taking {strong(10)} of {strong(self.product)} out of {strong(self.a)} on "
			f"{at('2025-01-01 09:00:00')} would leave {strong(-3)} in stock on {at('2025-01-04 09:00:00')}.",
		)
		self.assertEqual(bin_qty(self.product, self.a), 7)
		self.assertEqual([r.is_cancelled for r in ledger(self.product, self.a)], [0, 1, 1, 0, 0])

	def test_stock_does_not_come_back_into_a_disabled_warehouse(self):
		receive(self.product, self.a, 5)
		issued = issue(self.product, self.a, 5, posting_date="2025-01-02")
		warehouse = frappe.get_doc("SM Warehouse", self.a)
		warehouse.enabled = 0
		warehouse.save()
		with self.assertRaises(DisabledWarehouseError) as refused:
			issued.cancel()
		self.assertEqual(
			str(refused.exception),
			f"Warehouse {strong(self.a)} is disabled: enable it to take back the stock this cancellation "
			"returns.",
		)
		self.assertEqual(bin_qty(self.product, self.a), 0)
		self.assertEqual([r.is_cancelled for r in ledger(self.product, self.a)], [0, 0])

	def test_cancel_twice_reverses_once(self):
		receipt = receive(self.product, self.a, 5)
		receipt.cancel()
		self.assertEqual(rows(self.product, self.a), [(5, 5, 1), (-5, 0, 1)])
		from sales_mgmt.goods.stock_ledger import cancel_stock

		self.assertEqual(cancel_stock("SM Stock Entry", receipt.name), [])
		self.assertEqual(bin_qty(self.product, self.a), 0)

	def test_quantities_are_rounded_so_that_the_bin_is_the_sum_of_its_ledger(self):
		# a site's float precision (3 unless set otherwise) is the quantity fields' precision
		self.assertEqual(qty_precision(), 3)
		entry = make_entry("Receipt", [{"product": self.product, "qty": 1 / 3, "to_warehouse": self.a}] * 3)
		# each row is 0.333, as stored on the entry: 3 x 0.333 = 0.999, not 1
		self.assertEqual([row.qty for row in entry.items], [0.333] * 3)
		self.assertEqual(entry.total_qty, 0.999)
		self.assertEqual(
			rows(self.product, self.a), [(0.333, 0.333, 0), (0.333, 0.666, 0), (0.333, 0.999, 0)]
		)
		self.assertEqual(bin_qty(self.product, self.a), 0.999)

		# 20 postings of 1/7 (0.143 each), then 7 postings of three moves of -1/30 (-0.033 each)
		for day in range(1, 21):
			post_stock(
				"SM Stock Entry",
				"TEST-VOUCHER",
				f"2025-02-{day:02d}",
				"09:00:00",
				[StockMove(self.product, self.a, 1 / 7)],
			)
		for day in range(21, 28):
			post_stock(
				"SM Stock Entry",
				"TEST-VOUCHER",
				f"2025-02-{day:02d}",
				"09:00:00",
				[StockMove(self.product, self.a, -1 / 30)] * 3,
			)
		# 0.999 + 20 x 0.143 - 7 x 3 x 0.033 = 0.999 + 2.86 - 0.693 = 3.166
		self.assertEqual(bin_qty(self.product, self.a), 3.166)
		self.assertEqual(ledger(self.product, self.a)[-1].qty_after, 3.166)
		# compared as MariaDB stores them (decimal(21,9)), not as Python floats
		stored = frappe.db.sql(
			"""select cast(b.actual_qty as char), cast(sum(l.qty_change) as char)
			from `tabSM Bin` b join `tabSM Stock Ledger Entry` l
				on l.product = b.product and l.warehouse = b.warehouse
			where b.product = %s group by b.name""",
			self.product,
		)
		self.assertEqual([tuple(row) for row in stored], [("3.166000000", "3.166000000")])

	def test_a_quantity_that_rounds_to_zero_is_refused(self):
		self.assertRaises(
			InvalidQuantityError,
			make_entry,
			"Receipt",
			[{"product": self.product, "qty": 0.0004, "to_warehouse": self.a}],
		)
		self.assertRaises(
			InvalidQuantityError,
			post_stock,
			"SM Stock Entry",
			"TEST-VOUCHER",
			"2025-01-01",
			"09:00:00",
			[StockMove(self.product, self.a, 0.0004)],
		)
		self.assertEqual(ledger(self.product), [])

	def test_posting_function_guards_every_voucher(self):
		def post(*moves, when=("2025-01-01", "09:00:00")):
			return post_stock("SM Stock Entry", "TEST-VOUCHER", when[0], when[1], list(moves))

		self.assertRaises(InvalidQuantityError, post, StockMove(self.product, self.a, 0))
		self.assertRaises(InvalidQuantityError, post)
		future = now_datetime().replace(year=now_datetime().year + 1)
		self.assertRaises(
			FuturePostingError,
			post,
			StockMove(self.product, self.a, 1),
			when=(future.date(), future.time()),
		)
		service = make_product(is_stock_item=0)
		self.assertRaises(NonStockItemError, post, StockMove(service, self.a, 1))
		disabled = make_product(enabled=0)
		self.assertRaises(DisabledProductError, post, StockMove(disabled, self.a, 1))
		closed = make_warehouse(unique("CLOSED"), enabled=0)
		self.assertRaises(DisabledWarehouseError, post, StockMove(self.product, closed, 1))
		self.assertEqual(ledger(self.product), [])

		written = post(StockMove(self.product, self.a, 4, purpose=None))
		self.assertEqual([(r.qty_change, r.qty_after) for r in written], [(4, 4)])
		self.assertEqual(bin_qty(self.product, self.a), 4)


class TestLedgerIsImmutable(SalesTeamTestCase):
	def setUp(self):
		self.warehouse = make_warehouse(unique("IMM"))
		self.product = make_product()
		receive(self.product, self.warehouse, 3)
		self.entry_name = ledger(self.product)[0].name
		self.bin_name = frappe.db.get_value("SM Bin", {"product": self.product})

	def test_ledger_row_cannot_be_edited_deleted_or_created(self):
		row = frappe.get_doc("SM Stock Ledger Entry", self.entry_name)
		row.qty_change = 300
		self.assertRaises(ImmutableLedgerError, row.save)
		self.assertRaises(ImmutableLedgerError, frappe.delete_doc, "SM Stock Ledger Entry", self.entry_name)
		forged = frappe.get_doc(
			{"doctype": "SM Stock Ledger Entry", "product": self.product, "warehouse": self.warehouse}
		)
		self.assertRaises(ImmutableLedgerError, forged.insert)
		self.assertEqual(frappe.db.get_value("SM Stock Ledger Entry", self.entry_name, "qty_change"), 3)

	def test_bin_cannot_be_edited_or_deleted(self):
		bin = frappe.get_doc("SM Bin", self.bin_name)
		bin.actual_qty = 1000
		self.assertRaises(ImmutableLedgerError, bin.save)
		self.assertRaises(ImmutableLedgerError, frappe.delete_doc, "SM Bin", self.bin_name)
		self.assertEqual(bin_qty(self.product, self.warehouse), 3)

	def test_no_role_may_write_ledger_or_bins(self):
		for user_key in ("sysman", "owner", "warehouse", "finance", "director", "east1"):
			frappe.set_user(self.team.users[user_key])
			for doctype in ("SM Stock Ledger Entry", "SM Bin"):
				with self.subTest(user=user_key, doctype=doctype):
					self.assertTrue(frappe.has_permission(doctype, "read"))
					for ptype in ("create", "write", "delete", "submit", "cancel"):
						self.assertFalse(frappe.has_permission(doctype, ptype), ptype)
		frappe.set_user(self.team.users["service"])
		self.assertFalse(frappe.has_permission("SM Stock Ledger Entry", "read"))
		self.assertTrue(frappe.has_permission("SM Bin", "read"))

	def test_customer_on_ledger_is_hidden_from_sales(self):
		frappe.set_user(self.team.users["east1"])
		self.assertNotIn(1, frappe.get_meta("SM Stock Ledger Entry").get_permlevel_access("read"))
		frappe.set_user(self.team.users["warehouse"])
		self.assertIn(1, frappe.get_meta("SM Stock Ledger Entry").get_permlevel_access("read"))


class TestConcurrentIssues(IntegrationTestCase):
	"""Parallel connections issue from one bin: the balance is exactly what the winners left."""

	def setUp(self):
		self.warehouse = make_warehouse(unique("RACE"))
		self.product = make_product()
		frappe.db.commit()

	def submit_at_once(self, entry_type: str, qty: float, workers: int) -> list[str]:
		"""Drafts of `workers` entries of `qty`, committed; then each submitted on its own connection at the
		same moment. Returns each outcome: ok, refused (not enough stock) or the error."""
		warehouse = "from_warehouse" if entry_type == "Issue" else "to_warehouse"
		drafts = [
			make_entry(
				entry_type,
				[{"product": self.product, "qty": qty, warehouse: self.warehouse}],
				submit=False,
				purpose="Promotion" if entry_type == "Issue" else None,
				posting_date=frappe.utils.today(),
				posting_time="00:00:01",
			).name
			for _ in range(workers)
		]
		frappe.db.commit()
		barrier = threading.Barrier(workers)

		def submit(name):
			def work():
				entry = frappe.get_doc("SM Stock Entry", name)
				barrier.wait(timeout=60)
				entry.submit()

			return work

		outcomes = in_parallel(*(submit(name) for name in drafts))
		return [
			"ok"
			if outcome is None
			else "refused"
			if isinstance(outcome, NegativeStockError)
			else repr(outcome)
			for outcome in outcomes
		]

	def assert_ledger_consistent(self, expected_balance):
		frappe.db.rollback()  # a fresh snapshot, to see what the workers committed
		movements = ledger(self.product, self.warehouse)
		self.assertEqual(sum(m.qty_change for m in movements), expected_balance)
		self.assertEqual(bin_qty(self.product, self.warehouse), expected_balance)
		self.assertTrue(all(m.qty_after >= 0 for m in movements))
		# running balances follow each other in time order
		balance = 0
		for m in movements:
			balance += m.qty_change
			self.assertEqual(m.qty_after, balance)

	def test_two_users_issue_the_last_units(self):
		receive(self.product, self.warehouse, 5, posting_date="2025-01-01")
		outcomes = self.submit_at_once("Issue", 5, workers=2)
		self.assertEqual(sorted(outcomes), ["ok", "refused"], outcomes)
		self.assert_ledger_consistent(0)

	def test_many_users_issue_from_one_bin(self):
		receive(self.product, self.warehouse, 10, posting_date="2025-01-01")
		outcomes = self.submit_at_once("Issue", 3, workers=6)
		# 10 units, 3 per issue: exactly three issues fit, 1 unit is left
		self.assertEqual(outcomes.count("ok"), 3, outcomes)
		self.assertEqual(outcomes.count("refused"), 3, outcomes)
		self.assert_ledger_consistent(1)

	def test_new_bin_created_by_parallel_receipts(self):
		self.assertEqual(self.submit_at_once("Receipt", 2, workers=4), ["ok"] * 4)
		self.assertEqual(frappe.db.count("SM Bin", {"product": self.product}), 1)
		self.assert_ledger_consistent(8)


class TestConcurrentCancellations(IntegrationTestCase):
	"""Parallel connections cancel old receipts of one product in one warehouse: each cancellation
	recomputes the later balances, including those of the other receipts being cancelled."""

	def setUp(self):
		self.warehouse = make_warehouse(unique("CANC"))
		self.product = make_product()
		receive(self.product, self.warehouse, 10, posting_date="2025-01-01")
		self.receipts = [
			receive(self.product, self.warehouse, 10, posting_date=f"2025-01-{day:02d}").name
			for day in (2, 3, 4, 5)
		]
		issue(self.product, self.warehouse, 5, posting_date="2025-01-06")
		frappe.db.commit()

	def test_old_entries_cancelled_at_once(self):
		barrier = threading.Barrier(len(self.receipts))

		def cancel(name):
			def work():
				doc = frappe.get_doc("SM Stock Entry", name)
				barrier.wait(timeout=60)
				doc.cancel()

			return work

		outcomes = in_parallel(*(cancel(name) for name in self.receipts))
		self.assertEqual(outcomes, [None] * len(self.receipts))
		frappe.db.rollback()  # a fresh snapshot, to see what the connections committed
		# 10 + 4 x 10 received, 5 issued, the four receipts of 10 reversed: 10 - 5 = 5
		self.assertEqual(bin_qty(self.product, self.warehouse), 5)
		movements = ledger(self.product, self.warehouse)
		self.assertEqual(sum(m.qty_change for m in movements), 5)
		self.assertEqual([m.qty_after for m in movements if not m.is_cancelled], [10, 5])
		balance = 0
		for m in movements:
			balance += m.qty_change
			self.assertEqual(m.qty_after, balance)
