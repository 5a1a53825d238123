"""Demo stock movements: opening stock, weekly supplier receipts into the head warehouse, weekly
transfers to the branches, sales deliveries to customers, promotional materials and gifts handed out by
salespeople, monthly internal use and scrap, quarterly stock-take adjustments.

`plan_movements` is pure and simulates every bin, so no planned entry takes stock that is not there.
Small sets submit one SM Stock Entry per planned entry, so the posting function writes the ledger;
large sets (benchmarks) write entries, items, ledger rows and bins with bulk SQL, with exactly the
rows the posting function would have written (quantities and amounts rounded as it rounds them, the
same running balances; test_demo_goods compares the two). Entries carry the remark REMARK, and a
second run continues after the entries already there.
"""

import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import frappe
from frappe.model.meta import get_field_precision
from frappe.utils import flt

from sales_mgmt.demo.catalog import GIFT, PROMO, SALES_ITEM, ProductPlan, WarehousePlan, warehouse_regions
from sales_mgmt.demo.customers import CustomerPlan
from sales_mgmt.demo.people import SalespersonPlan
from sales_mgmt.demo.series import current_series, set_series
from sales_mgmt.demo.sizes import GoodsSize
from sales_mgmt.goods.stock_ledger import qty_precision

REMARK = "演示数据"
LINES_PER_ENTRY = 20  # receipts and transfers are split into entries of at most this many rows
BULK_CHUNK = 2_000  # entries per transaction when writing in bulk
SEASON = {
	1: 1.25,
	2: 0.75,
	3: 0.95,
	4: 0.95,
	5: 1.05,
	6: 1.3,
	7: 0.95,
	8: 0.95,
	9: 1.05,
	10: 1.1,
	11: 1.45,
	12: 1.2,
}
GROWTH_PER_YEAR = 0.3

Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class EntryPlan:
	entry_type: str
	purpose: str | None
	posting_date: date
	posting_time: str
	customer: str | None  # customer_name
	salesperson_key: str | None
	remarks: str
	items: tuple[tuple[str, float, str | None, str | None], ...]  # product, qty, source, target

	@property
	def ledger_rows(self) -> int:
		return sum(bool(source) + bool(target) for _p, _q, source, target in self.items)


class Simulation:
	"""Plans entries day by day against simulated bin balances."""

	def __init__(self, rng, size: GoodsSize, products, warehouses, salespeople, customers):
		self.rng, self.size = rng, size
		self.head = warehouses[0].name
		self.branches = [w.name for w in warehouses[1:]]
		self.balance: dict[tuple[str, str], float] = defaultdict(float)
		self.entries: list[EntryPlan] = []
		self.rows = 0
		self.sales_items = [p for p in products if p.product_type == SALES_ITEM]
		self.promo = [p for p in products if p.product_type == PROMO]
		self.gifts = [p for p in products if p.product_type == GIFT]
		self.sales_weights = [p.weekly_demand for p in self.sales_items]

		regions = {p.key: p.region or "华东" for p in salespeople}
		serving = warehouse_regions(warehouses)
		self.buyers = [(c, serving[regions[c.salesperson_key]]) for c in customers if c.status == "Active"]
		self.prospects = [
			(c, serving[regions[c.salesperson_key]]) for c in customers if c.status in ("Active", "Prospect")
		]
		# the share of sales each warehouse serves, from where the buying customers are
		served = defaultdict(float)
		for _customer, choices in self.buyers:
			for name in choices:
				served[name] += 1 / len(choices)
		total = sum(served.values()) or 1
		self.share = {w.name: served[w.name] / total for w in warehouses}

		# units a product sells a week, so that the planned sales volume spreads by popularity
		lines_a_week = 5 * size.sales_per_day * sum(size.lines_per_sale) / 2
		weight_total = sum(self.sales_weights)
		self.weekly = {
			p.code: lines_a_week * p.weekly_demand / weight_total * (1 + self.max_qty(p)) / 2
			for p in self.sales_items
		}
		for p in self.promo + self.gifts:
			self.weekly[p.code] = p.weekly_demand * size.promo_per_day / 3

	def full(self) -> bool:
		return self.size.ledger_rows is not None and self.rows >= self.size.ledger_rows

	@staticmethod
	def max_qty(product: ProductPlan) -> int:
		return 3 if product.standard_price >= 500 else 8

	def target(self, code: str, warehouse: str, weeks: float) -> float:
		share = 1.0 if warehouse == self.head else self.share[warehouse]
		return float(math.ceil(self.weekly[code] * share * weeks) + 2)

	def add(self, day, entry_type, items, purpose=None, customer=None, salesperson=None, remarks=REMARK):
		items = [i for i in items if i[1] > 0]
		if not items or self.full():
			return
		if self.size.ledger_rows is not None:
			room = self.size.ledger_rows - self.rows
			kept, rows = [], 0
			for item in items:
				cost = bool(item[2]) + bool(item[3])
				if rows + cost > room:
					break
				kept.append(item)
				rows += cost
			items = kept
			if not items:
				return
		for code, qty, source, target in items:
			if source:
				self.balance[(code, source)] -= qty
			if target:
				self.balance[(code, target)] += qty
		entry = EntryPlan(
			entry_type,
			purpose,
			day,
			"",
			customer.customer_name if customer else None,
			customer.salesperson_key if customer and salesperson is None else salesperson,
			remarks,
			tuple(items),
		)
		self.entries.append(entry)
		self.rows += entry.ledger_rows

	def add_chunked(self, day, entry_type, items, remarks):
		for i in range(0, len(items), LINES_PER_ENTRY):
			self.add(day, entry_type, items[i : i + LINES_PER_ENTRY], remarks=remarks)

	def opening(self, day):
		items = []
		for p in self.sales_items:
			items.append((p.code, self.target(p.code, self.head, 4), None, self.head))
		for name in self.branches:
			items += [(p.code, self.target(p.code, name, 3), None, name) for p in self.sales_items]
		for name in [self.head, *self.branches]:
			items += [(p.code, self.target(p.code, name, 6), None, name) for p in self.promo + self.gifts]
		self.add_chunked(day, "Receipt", items, f"{REMARK}：期初库存")

	def supplier_receipt(self, day):
		items = []
		for p in self.sales_items:
			have = self.balance[(p.code, self.head)]
			if have < self.target(p.code, self.head, 2):
				items.append((p.code, self.target(p.code, self.head, 4) - have, None, self.head))
		self.add_chunked(day, "Receipt", items, f"{REMARK}：供应商到货")

	def branch_transfers(self, day):
		for name in self.branches:
			items = []
			for p in self.sales_items:
				have = self.balance[(p.code, name)]
				if have < self.target(p.code, name, 1.5):
					qty = min(self.target(p.code, name, 3) - have, self.balance[(p.code, self.head)])
					if qty > 0:
						items.append((p.code, qty, self.head, name))
			self.add_chunked(day, "Transfer", items, f"{REMARK}：总仓调拨至{name}")

	def promo_top_up(self, day):
		items = []
		for name in [self.head, *self.branches]:
			for p in self.promo + self.gifts:
				have = self.balance[(p.code, name)]
				if have < self.target(p.code, name, 3):
					items.append((p.code, self.target(p.code, name, 6) - have, None, name))
		self.add_chunked(day, "Receipt", items, f"{REMARK}：宣传物料与礼品补货")

	def sales(self, day, factor):
		for _ in range(poisson(self.rng, self.size.sales_per_day * factor)):
			customer, choices = self.rng.choice(self.buyers)
			warehouse = self.rng.choice(choices)
			lines = self.rng.randint(*self.size.lines_per_sale)
			items, seen = [], set()
			for p in self.rng.choices(self.sales_items, weights=self.sales_weights, k=lines):
				if p.code in seen:
					continue
				seen.add(p.code)
				qty = min(self.rng.randint(1, self.max_qty(p)), self.balance[(p.code, warehouse)])
				items.append((p.code, qty, warehouse, None))
			self.add(day, "Issue", items, "Sales Delivery", customer, remarks=f"{REMARK}：销售发货")

	def hand_outs(self, day):
		for _ in range(poisson(self.rng, self.size.promo_per_day)):
			customer, choices = self.rng.choice(self.prospects)
			warehouse = self.rng.choice(choices)
			gift = self.rng.random() < 0.4
			pool = self.gifts if gift else self.promo
			items = []
			for p in self.rng.sample(pool, k=min(len(pool), self.rng.randint(1, 2))):
				wanted = (
					self.rng.randint(10, 60) if p.cost_price < 10 else self.rng.randint(1, 6 if gift else 2)
				)
				items.append((p.code, min(wanted, self.balance[(p.code, warehouse)]), warehouse, None))
			purpose = "Gift" if gift else "Promotion"
			note = "客户拜访赠送礼品" if gift else "客户拜访发放宣传物料"
			self.add(day, "Issue", items, purpose, customer, remarks=f"{REMARK}：{note}")

	def month_end(self, day):
		p = self.rng.choice(self.promo)
		qty = min(self.rng.randint(5, 20), self.balance[(p.code, self.head)])
		self.add(
			day, "Issue", [(p.code, qty, self.head, None)], "Internal Use", remarks=f"{REMARK}：展厅布置"
		)
		p = self.rng.choice(self.sales_items)
		qty = min(1, self.balance[(p.code, self.head)])
		self.add(day, "Issue", [(p.code, qty, self.head, None)], "Scrap", remarks=f"{REMARK}：样机损坏报废")

	def stock_take(self, day):
		items = []
		for p in self.rng.sample(self.sales_items, k=min(3, len(self.sales_items))):
			qty = self.rng.randint(1, 2)
			if self.rng.random() < 0.5 and self.balance[(p.code, self.head)] >= qty:
				items.append((p.code, qty, self.head, None))
			else:
				items.append((p.code, qty, None, self.head))
		self.add(day, "Adjustment", items, remarks=f"{REMARK}：季度盘点差异")


def poisson(rng: random.Random, mean: float) -> int:
	if mean <= 0:
		return 0
	if mean > 30:
		return max(0, round(rng.gauss(mean, math.sqrt(mean))))
	limit, k, product = math.exp(-mean), 0, rng.random()
	while product > limit:
		k += 1
		product *= rng.random()
	return k


def history_start(base_date: date, months: int) -> date:
	index = base_date.year * 12 + base_date.month - 1 - months
	return date(index // 12, index % 12 + 1, 1)


def plan_movements(
	size: GoodsSize,
	seed: int,
	base_date: date,
	products: list[ProductPlan],
	warehouses: list[WarehousePlan],
	salespeople: list[SalespersonPlan],
	customers: list[CustomerPlan],
) -> tuple[list[ProductPlan], list[EntryPlan]]:
	"""(products with reorder levels from the planned sales, entries in posting order)."""
	rng = random.Random(f"{seed}:stock")
	start = history_start(base_date, size.months)
	sim = Simulation(rng, size, products, warehouses, salespeople, customers)
	sim.opening(start)
	# the opening stock is counted at one moment
	sim.entries = [replace(entry, posting_time="08:00:00") for entry in sim.entries]
	day = start + timedelta(days=1)
	while day < base_date and not sim.full():
		if day.weekday() < 5:
			before = len(sim.entries)
			if day.weekday() == 0:
				sim.supplier_receipt(day)
			if day.weekday() == 1:
				sim.branch_transfers(day)
			if day.day <= 7 and day.weekday() == 2:
				sim.promo_top_up(day)
			if day.month in (1, 4, 7, 10) and day.day <= 7 and day.weekday() == 3:
				sim.stock_take(day)
			years = (day - start).days / 365
			sim.sales(day, SEASON[day.month] * (1 + GROWTH_PER_YEAR * years))
			sim.hand_outs(day)
			if (day + timedelta(days=7)).month != day.month and day.weekday() == 4:
				sim.month_end(day)
			set_times(rng, sim.entries, before, day)
		day += timedelta(days=1)
	products = [
		replace(p, reorder_level=float(math.ceil(sim.weekly[p.code] * 2) + 1)) if p.code in sim.weekly else p
		for p in products
	]
	return products, sim.entries


def set_times(rng, entries: list[EntryPlan], first: int, day: date) -> None:
	"""Give the entries of one day rising posting times from 08:30 on, so each bin moves in order
	(a busy day's last entries share 23:59:59, which keeps the order too)."""
	moment = datetime.combine(day, datetime.min.time()).replace(hour=8, minute=30)
	last = moment.replace(hour=23, minute=59, second=59)
	step = max(1, min(40, (10 * 60) // max(1, len(entries) - first)))
	for i in range(first, len(entries)):
		moment = min(last, moment + timedelta(minutes=rng.randint(1, step), seconds=rng.randrange(60)))
		entries[i] = replace(entries[i], posting_time=moment.strftime("%H:%M:%S"))


# --- writing -----------------------------------------------------------------------------------------


def existing_demo_entries() -> int:
	return frappe.db.count("SM Stock Entry", {"remarks": ("like", f"{REMARK}%"), "docstatus": 1})


def insert_movements(
	entries: list[EntryPlan],
	customers: dict[str, str],
	salespeople: dict[str, str],
	keeper: str,
	progress: Progress = None,
) -> int:
	"""Submit the entries not there yet, one SM Stock Entry each; return how many were added.

	`customers` maps customer names and `salespeople` plan keys to record names.
	"""
	done = existing_demo_entries()
	missing = entries[done:]
	for i, plan in enumerate(missing):
		doc = frappe.get_doc(entry_doc(plan, customers, salespeople))
		doc.docstatus = 1  # inserted as submitted: validated and posted in one save
		doc.insert()
		frappe.db.set_value("SM Stock Entry", doc.name, {"owner": keeper}, update_modified=False)
		if i % 50 == 49:
			frappe.db.commit()
		if progress:
			progress(i, len(missing))
	frappe.db.commit()
	return len(missing)


def entry_doc(plan: EntryPlan, customers: dict[str, str], salespeople: dict[str, str]) -> dict:
	return {
		"doctype": "SM Stock Entry",
		"entry_type": plan.entry_type,
		"purpose": plan.purpose,
		"posting_date": plan.posting_date,
		"posting_time": plan.posting_time,
		"set_posting_time": 1,
		"customer": customers.get(plan.customer) if plan.customer else None,
		"salesperson": salespeople.get(plan.salesperson_key) if plan.salesperson_key else None,
		"remarks": plan.remarks,
		"items": [
			{"product": code, "qty": qty, "from_warehouse": source, "to_warehouse": target}
			for code, qty, source, target in plan.items
		],
	}


def bulk_insert_movements(
	entries: list[EntryPlan],
	products: list[ProductPlan],
	customers: dict[str, str],
	salespeople: dict[str, str],
	keeper: str,
	progress: Progress = None,
) -> int:
	"""Write entries, items and ledger rows with bulk SQL, then the bins; return entries added.

	Runs the same arithmetic as the posting function: qty_after is each bin's running balance in
	posting order; the bins are then summed from the ledger. Entries already there (a previous,
	interrupted run) are replayed for the balances but not written again.
	"""
	details = {p.code: p for p in products}
	# rounded as SM Stock Entry and the posting function round them
	qty_digits = qty_precision()
	amount_digits = get_field_precision(frappe.get_meta("SM Stock Entry Item").get_field("amount"))
	total_digits = get_field_precision(frappe.get_meta("SM Stock Entry").get_field("total_amount"))
	done = existing_demo_entries()
	balance: dict[tuple[str, str], float] = defaultdict(float)
	series: dict[str, int] = {}
	ledger_id = int(frappe.db.sql("select coalesce(max(name), 0) from `tabSM Stock Ledger Entry`")[0][0])
	batch: dict[str, list[dict]] = {
		"SM Stock Entry": [],
		"SM Stock Entry Item": [],
		"SM Stock Ledger Entry": [],
	}
	for i, plan in enumerate(entries):
		write = i >= done
		posted = datetime.combine(plan.posting_date, datetime.strptime(plan.posting_time, "%H:%M:%S").time())
		stamps = {"owner": keeper, "modified_by": keeper, "creation": posted, "modified": posted}
		is_issue = plan.entry_type == "Issue"
		recipient = {
			"customer": customers.get(plan.customer) if is_issue and plan.customer else None,
			"salesperson": salespeople.get(plan.salesperson_key)
			if is_issue and plan.salesperson_key
			else None,
		}
		prefix = f"STE-{plan.posting_date.year}-"
		if prefix not in series:
			series[prefix] = current_series(prefix)
		if write:
			series[prefix] += 1
		name = f"{prefix}{series[prefix]:05d}"
		lines = [(code, flt(qty, qty_digits), source, target) for code, qty, source, target in plan.items]
		amounts = [flt(qty * details[code].cost_price, amount_digits) for code, qty, _s, _t in lines]
		for idx, (code, qty, source, target) in enumerate(lines, 1):
			item = frappe.generate_hash(length=10)
			if write:
				rate = details[code].cost_price
				batch["SM Stock Entry Item"].append(
					{
						"name": item,
						"parent": name,
						"parenttype": "SM Stock Entry",
						"parentfield": "items",
						"idx": idx,
						"docstatus": 1,
						"product": code,
						"product_name": details[code].product_name,
						"uom": details[code].uom,
						"qty": qty,
						"from_warehouse": source,
						"to_warehouse": target,
						"rate": rate,
						"amount": amounts[idx - 1],
						**stamps,
					}
				)
			for warehouse, change in ((source, -qty), (target, qty)):
				if not warehouse:
					continue
				balance[(code, warehouse)] = flt(balance[(code, warehouse)] + change, qty_digits)
				if write:
					ledger_id += 1
					batch["SM Stock Ledger Entry"].append(
						{
							"name": ledger_id,
							"product": code,
							"warehouse": warehouse,
							"posting_date": plan.posting_date,
							"posting_time": plan.posting_time,
							"posting_datetime": posted,
							"qty_change": change,
							"qty_after": balance[(code, warehouse)],
							"is_cancelled": 0,
							"voucher_type": "SM Stock Entry",
							"voucher_no": name,
							"voucher_detail_no": item,
							"purpose": plan.purpose if is_issue else None,
							**recipient,
							**stamps,
						}
					)
		if write:
			batch["SM Stock Entry"].append(
				{
					"name": name,
					"entry_type": plan.entry_type,
					"purpose": plan.purpose,
					"posting_date": plan.posting_date,
					"posting_time": plan.posting_time,
					"set_posting_time": 1,
					**recipient,
					"total_qty": flt(sum(qty for _c, qty, _s, _t in lines), qty_digits),
					"total_amount": flt(sum(amounts), total_digits),
					"remarks": plan.remarks,
					"docstatus": 1,
					**stamps,
				}
			)
		if len(batch["SM Stock Entry"]) >= BULK_CHUNK or (i == len(entries) - 1 and batch["SM Stock Entry"]):
			write_batch(batch, series)
			if progress:
				progress(i, len(entries))
	if done < len(entries):
		rebuild_bins(list(details))
	sequence = frappe.scrub("SM Stock Ledger Entry_id_seq")
	frappe.db.sql(f"select setval(`{sequence}`, %s)", ledger_id)
	for table in ("SM Stock Ledger Entry", "SM Bin", "SM Stock Entry", "SM Stock Entry Item"):
		frappe.db.sql(f"analyze table `tab{table}`")
	frappe.db.commit()
	return len(entries) - done


def write_batch(batch: dict[str, list[dict]], series: dict[str, int]) -> None:
	for doctype, rows in batch.items():
		if rows:
			fields = list(rows[0])
			frappe.db.bulk_insert(
				doctype, fields, [[row[f] for f in fields] for row in rows], chunk_size=10_000
			)
			rows.clear()
	for prefix, number in series.items():
		set_series(prefix, number)
	frappe.db.commit()


def rebuild_bins(products: list[str]) -> None:
	"""Bins of `products` from their ledger: the balance is the sum of the movements, whatever else
	posted in between."""
	for start in range(0, len(products), 1_000):
		chunk = products[start : start + 1_000]
		frappe.db.delete("SM Bin", {"product": ("in", chunk)})
		frappe.db.sql(
			"""insert into `tabSM Bin`
			(name, product, warehouse, actual_qty, last_posting_datetime, owner, modified_by, creation, modified)
			select substr(md5(concat(product, char(0), warehouse)), 1, 16), product, warehouse,
				sum(qty_change), max(posting_datetime), 'Administrator', 'Administrator', now(6), now(6)
			from `tabSM Stock Ledger Entry` where product in %(products)s
			group by product, warehouse""",
			{"products": chunk},
		)
