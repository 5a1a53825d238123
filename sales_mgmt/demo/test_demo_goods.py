"""The demo goods plans (pure): catalog, warehouses and stock movements that never go negative."""

import re
from collections import defaultdict
from datetime import date

from sales_mgmt.demo.catalog import CATEGORIES, GIFT, PROMO, SALES_ITEM, plan_catalog, plan_warehouses
from sales_mgmt.demo.customers import plan_customers
from sales_mgmt.demo.people import plan_salespeople
from sales_mgmt.demo.sizes import SIZES
from sales_mgmt.demo.stock import REMARK, plan_movements
from sales_mgmt.tests import UnitTestCase

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
