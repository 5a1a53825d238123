"""The demo goods plans (pure): catalog, warehouses and stock movements that never go negative; and the
bulk writer of those movements against the posting function."""

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from unittest.mock import patch

import frappe

from sales_mgmt.demo.catalog import (
	CATEGORIES,
	GIFT,
	PROMO,
	SALES_ITEM,
	ProductPlan,
	plan_catalog,
	plan_warehouses,
)
from sales_mgmt.demo.customers import plan_customers
from sales_mgmt.demo.people import plan_salespeople
from sales_mgmt.demo.sizes import SIZES
from sales_mgmt.demo.stock import (
	REMARK,
	EntryPlan,
	bulk_insert_movements,
	insert_movements,
	plan_movements,
)
from sales_mgmt.tests import IntegrationTestCase, UnitTestCase
from sales_mgmt.tests.goods_data import make_product, make_warehouse, unique
from sales_mgmt.tests.sales_team import customer_name, ensure_sales_team

BASE = date(2026, 11, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")


def plan(size_name: str, seed: int = 42):
	size = SIZES[size_name]
	people = plan_salespeople(size, seed)
	customers = plan_customers(size.customers, seed, BASE, people)
	goods = size.goods
	warehouses = plan_warehouses(goods.warehouses)
	catalog = plan_catalog(goods.sales_items, goods.promo_items, goods.gift_items, seed, BASE)
	products, entries = plan_movements(goods, seed, BASE, catalog, warehouses, people, customers)
	return products, warehouses, entries, customers


class TestDemoGoodsPlans(UnitTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.products, cls.warehouses, cls.entries, cls.customers = plan("small")

	def test_same_seed_gives_same_goods(self):
		products, warehouses, entries, _customers = plan("small")
		self.assertEqual((products, warehouses, entries), (self.products, self.warehouses, self.entries))
		self.assertNotEqual(plan("small", seed=7)[2], self.entries)

	def test_small_catalog(self):
		self.assertEqual([w.name for w in self.warehouses], ["上海总仓", "北京分仓", "广州分仓"])
		types = defaultdict(int)
		for p in self.products:
			types[p.product_type] += 1
			self.assertRegex(p.product_name, CJK)
			self.assertIn(p.category, CATEGORIES)
			if p.product_type == SALES_ITEM:
				self.assertGreater(p.standard_price, p.cost_price)
		self.assertEqual(dict(types), {SALES_ITEM: 282, PROMO: 10, GIFT: 8})
		self.assertEqual(len({p.code for p in self.products}), 300)
		names = {p.product_name for p in self.products}
		for expected in ("新品宣传册", "手机样品机", "定制保温杯 500ml", "定制U盘 64GB"):
			self.assertIn(expected, names)

	def test_movements_never_take_stock_that_is_not_there(self):
		balance = defaultdict(float)
		last = {}
		for entry in self.entries:
			self.assertTrue(entry.remarks.startswith(REMARK))
			self.assertLess(entry.posting_date, BASE)
			moment = (entry.posting_date, entry.posting_time)
			for code, qty, source, target in entry.items:
				self.assertGreater(qty, 0)
				for warehouse, change in ((source, -qty), (target, qty)):
					if warehouse:
						# each bin moves forward in time: nothing is backdated
						self.assertGreaterEqual(moment, last.get((code, warehouse), moment))
						last[(code, warehouse)] = moment
						balance[(code, warehouse)] += change
						self.assertGreaterEqual(balance[(code, warehouse)], 0, (entry, code))

	def test_every_kind_of_movement_is_there(self):
		kinds = {(e.entry_type, e.purpose) for e in self.entries}
		for kind in (
			("Receipt", None),
			("Transfer", None),
			("Adjustment", None),
			("Issue", "Sales Delivery"),
			("Issue", "Promotion"),
			("Issue", "Gift"),
			("Issue", "Internal Use"),
			("Issue", "Scrap"),
		):
			self.assertIn(kind, kinds)
		issues = [e for e in self.entries if e.purpose in ("Promotion", "Gift", "Sales Delivery")]
		self.assertTrue(all(e.customer and e.salesperson_key for e in issues))
		# more than a year of sales, so the sales budget can compare with last year
		sales = [e.posting_date for e in self.entries if e.purpose == "Sales Delivery"]
		self.assertGreater((max(sales) - min(sales)).days, 365)

	def test_large_set_has_exactly_500000_ledger_rows(self):
		products, warehouses, entries, _customers = plan("large")
		self.assertEqual(len(products), 5000)
		self.assertEqual(len(warehouses), 20)
		self.assertEqual(sum(e.ledger_rows for e in entries), 500_000)


class TestBulkMovementsEqualPostings(IntegrationTestCase):
	"""The same planned movements, once submitted as SM Stock Entries (the posting function writes the
	ledger and bins) and once written in bulk, into two copies of a small catalog: entries, items,
	ledger rows and bins are the same but for names, owners and timestamps."""

	def test_bulk_rows_equal_posted_rows(self):
		team = ensure_sales_team()
		warehouses = [make_warehouse(unique("DEMO")) for _ in range(2)]
		posted = self.catalog("PST")
		bulk = self.catalog("BLK")
		plan = self.plan(team, warehouses)
		customers = {customer_name(key): team.customers[key] for key in ("east1", "east2")}
		keeper = "Administrator"
		with patch("sales_mgmt.demo.stock.existing_demo_entries", return_value=0):
			insert_movements(self.for_products(plan, posted), customers, team.salespeople, keeper)
			bulk_insert_movements(
				self.for_products(plan, bulk), list(bulk.values()), customers, team.salespeople, keeper
			)
		as_posted, as_bulk = self.written(posted), self.written(bulk)
		self.assertEqual(len(as_posted["entries"]), len(plan))
		self.assertEqual(len(as_posted["ledger"]), sum(entry.ledger_rows for entry in plan))
		for part in ("entries", "items", "ledger", "bins"):
			with self.subTest(part=part):
				self.assertEqual(as_bulk[part], as_posted[part])

	def catalog(self, prefix: str) -> dict[str, ProductPlan]:
		"""Three products, keyed by their role in the plan; same names and prices in each copy."""
		products = {}
		for key, product_type, cost in (
			("phone", SALES_ITEM, 1234.56),
			("case", SALES_ITEM, 12.34),
			("cup", GIFT, 25),
		):
			plan = ProductPlan(
				code=unique(f"{prefix}-{key}"),
				product_name=f"演示{key}",
				category=None,
				product_type=product_type,
				uom="个",
				standard_price=cost * 2,
				cost_price=cost,
				reorder_level=0,
				specification=None,
				weekly_demand=1,
				price_history=(),
			)
			make_product(
				plan.code,
				product_name=plan.product_name,
				product_type=product_type,
				uom=plan.uom,
				standard_price=plan.standard_price,
				cost_price=cost,
			)
			products[key] = plan
		return products

	def plan(self, team, warehouses) -> list[EntryPlan]:
		head, branch = warehouses
		day = date(2025, 1, 6)

		def entry(days, time, entry_type, items, purpose=None, customer=None, salesperson=None):
			return EntryPlan(
				entry_type,
				purpose,
				day + timedelta(days=days),
				time,
				customer_name(customer) if customer else None,
				salesperson,
				f"{REMARK}：测试",
				tuple(items),
			)

		return [
			entry(
				0,
				"08:00:00",
				"Receipt",
				[("phone", 10, None, head), ("case", 5.5, None, head), ("cup", 20, None, head)],
			),
			entry(1, "09:30:00", "Transfer", [("phone", 3, head, branch), ("case", 1 / 3, head, branch)]),
			entry(
				2,
				"10:00:00",
				"Issue",
				[("phone", 2, branch, None), ("case", 1 / 3, branch, None)],
				"Sales Delivery",
				"east1",
				"east1",
			),
			entry(2, "11:15:00", "Issue", [("cup", 2, head, None)], "Gift", "east2", "east2"),
			entry(3, "14:00:00", "Adjustment", [("phone", 1, None, head), ("case", 0.5, head, None)]),
			entry(
				4, "16:45:00", "Issue", [("phone", 1, head, None), ("phone", 2, head, None)], "Internal Use"
			),
		]

	@staticmethod
	def for_products(plan: list[EntryPlan], products: dict[str, ProductPlan]) -> list[EntryPlan]:
		return [
			replace(entry, items=tuple((products[key].code, *rest) for key, *rest in entry.items))
			for entry in plan
		]

	@staticmethod
	def written(products: dict[str, ProductPlan]) -> dict[str, list]:
		"""What was written for these products, with names replaced by positions and product codes by
		the products' roles."""
		key = {plan.code: role for role, plan in products.items()}
		codes = list(key)
		items = frappe.get_all(
			"SM Stock Entry Item",
			filters={"product": ("in", codes)},
			fields=[
				"name",
				"parent",
				"idx",
				"product",
				"product_name",
				"uom",
				"qty",
				"from_warehouse",
				"to_warehouse",
				"rate",
				"amount",
				"docstatus",
			],
			order_by="parent, idx",
		)
		entries = frappe.get_all(
			"SM Stock Entry",
			filters={"name": ("in", sorted({item.parent for item in items}))},
			fields=[
				"name",
				"entry_type",
				"purpose",
				"posting_date",
				"posting_time",
				"set_posting_time",
				"customer",
				"salesperson",
				"total_qty",
				"total_amount",
				"remarks",
				"docstatus",
			],
			order_by="posting_date, posting_time",
		)
		position = {entry.name: i for i, entry in enumerate(entries)}
		row = {item.name: (position[item.parent], item.idx) for item in items}
		ledger = frappe.get_all(
			"SM Stock Ledger Entry",
			filters={"product": ("in", codes)},
			fields=[
				"product",
				"warehouse",
				"posting_date",
				"posting_time",
				"posting_datetime",
				"qty_change",
				"qty_after",
				"is_cancelled",
				"voucher_type",
				"voucher_no",
				"voucher_detail_no",
				"purpose",
				"customer",
				"salesperson",
			],
			order_by="posting_datetime, name",
		)
		bins = frappe.get_all(
			"SM Bin",
			filters={"product": ("in", codes)},
			fields=["product", "warehouse", "actual_qty", "last_posting_datetime"],
		)
		for record in items + ledger + bins:
			record.product = key[record.product]
		for item in items:
			item.parent = position[item.pop("parent")]
			del item["name"]
		for entry in entries:
			del entry["name"]
		for movement in ledger:
			movement.voucher_no = position[movement.voucher_no]
			movement.voucher_detail_no = row[movement.voucher_detail_no]
		return {
			"entries": entries,
			"items": sorted(items, key=lambda item: (item.parent, item.idx)),
			"ledger": ledger,
			"bins": sorted(bins, key=lambda b: (b.product, b.warehouse)),
		}
