"""Demo catalog: a category tree of consumer electronics, products with Chinese names, prices, costs
and specifications, promotional materials (宣传册, 样品 …), gifts (保温杯, 定制U盘 …) and warehouses.

`plan_catalog` is pure (seed in, plan out). `ensure_catalog` writes categories and warehouses as
documents and products as documents (small sets, so every validation runs) or with bulk SQL (large
sets); everything that already exists is skipped.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import frappe

from sales_mgmt.demo.names import REGIONS

SALES_ITEM, PROMO, GIFT = "Sales Item", "Promotional Material", "Gift"

ROOT = "电子产品"
PROMO_CATEGORY = "宣传物料"
GIFT_CATEGORY = "礼品"
# category -> parent (None: top level), in insertion order
CATEGORIES: dict[str, str | None] = {
	ROOT: None,
	"手机通讯": ROOT,
	"电脑办公": ROOT,
	"智能设备": ROOT,
	"影音娱乐": ROOT,
	"数码配件": ROOT,
	"手机": "手机通讯",
	"笔记本电脑": "电脑办公",
	"显示器": "电脑办公",
	"键盘鼠标": "电脑办公",
	"路由器": "电脑办公",
	"平板电脑": "智能设备",
	"智能手表": "智能设备",
	"耳机": "影音娱乐",
	"音箱": "影音娱乐",
	"充电器": "数码配件",
	"数据线": "数码配件",
	"移动电源": "数码配件",
	"保护壳": "数码配件",
	PROMO_CATEGORY: None,
	GIFT_CATEGORY: None,
}

BRANDS = ("星耀", "云帆", "极光", "锐达", "天弘", "青禾", "朗拓", "华映")


@dataclass(frozen=True)
class Line:
	"""How one leaf category names, prices and describes its products."""

	code: str
	uom: str
	models: tuple[str, ...]
	variants: tuple[str, ...]
	price: tuple[int, int]  # standard price range, yuan
	spec: str  # specification template, filled with the variant
	weekly_demand: float  # units an average product sells a week in all warehouses


LINES: dict[str, Line] = {
	"手机": Line(
		"SJ",
		"台",
		("X{n} 5G 手机", "X{n} Pro 5G 手机", "Note {n} 手机", "Lite {n} 手机"),
		("8GB+128GB 曜石黑", "12GB+256GB 冰川蓝", "12GB+512GB 月光白", "16GB+1TB 钛金灰"),
		(999, 6999),
		"<p>屏幕：6.7 英寸 OLED；内存与存储：{v}；电池：5000mAh；支持 5G 双卡双待。</p>",
		6,
	),
	"笔记本电脑": Line(
		"BJB",
		"台",
		("Book {n} 轻薄本", "Book {n} Pro 创作本", "Gamer {n} 游戏本"),
		("i5/16GB/512GB 深空灰", "i7/16GB/1TB 银色", "R7/32GB/1TB 黑色"),
		(3999, 12999),
		"<p>配置：{v}；屏幕：14 英寸 2.8K 120Hz；重量约 1.3kg；续航约 12 小时。</p>",
		2,
	),
	"显示器": Line(
		"XSQ",
		"台",
		("{n} 系列 27 英寸显示器", "{n} 系列 24 英寸显示器", "{n} 系列 34 英寸带鱼屏"),
		("2K 165Hz", "4K 60Hz", "1080P 100Hz"),
		(699, 3999),
		"<p>规格：{v}；IPS 面板；支持 HDR400；接口：HDMI、DP、USB-C。</p>",
		2,
	),
	"键盘鼠标": Line(
		"JP",
		"个",
		("K{n} 机械键盘", "M{n} 无线鼠标", "KM{n} 键鼠套装"),
		("茶轴", "红轴", "静音版", "蓝牙双模"),
		(79, 899),
		"<p>类型：{v}；2.4G/蓝牙双模连接；续航约 6 个月。</p>",
		5,
	),
	"路由器": Line(
		"LYQ",
		"台",
		("AX{n}00 WiFi6 路由器", "BE{n}00 WiFi7 路由器"),
		("单只装", "两只装（子母路由）"),
		(199, 1299),
		"<p>规格：{v}；千兆网口；支持 Mesh 组网与 IPv6。</p>",
		3,
	),
	"平板电脑": Line(
		"PB",
		"台",
		("Pad {n} 平板电脑", "Pad {n} Pro 平板电脑"),
		("8GB+128GB WiFi 版", "8GB+256GB WiFi 版", "12GB+256GB 5G 版"),
		(1299, 5999),
		"<p>屏幕：11 英寸 2.5K；配置：{v}；支持手写笔与键盘。</p>",
		3,
	),
	"智能手表": Line(
		"SB",
		"块",
		("Watch {n} 智能手表", "Band {n} 智能手环"),
		("46mm 黑色", "42mm 银色", "NFC 版"),
		(199, 2999),
		"<p>规格：{v}；心率血氧监测；续航约 14 天；50 米防水。</p>",
		4,
	),
	"耳机": Line(
		"EJ",
		"副",
		("Buds {n} 真无线耳机", "Buds {n} Pro 降噪耳机", "H{n} 头戴式耳机"),
		("标准版", "降噪版", "运动版"),
		(99, 1499),
		"<p>类型：{v}；蓝牙 5.3；综合续航约 30 小时。</p>",
		8,
	),
	"音箱": Line(
		"YX",
		"台",
		("Sound {n} 蓝牙音箱", "Home {n} 智能音箱"),
		("Mini", "标准版", "Max"),
		(99, 1999),
		"<p>规格：{v}；支持语音助手与多房间互联。</p>",
		3,
	),
	"充电器": Line(
		"CDQ",
		"个",
		("{n}W 氮化镓充电器", "{n}W 快充充电器"),
		("单口", "双口", "三口"),
		(49, 299),
		"<p>规格：{v}；支持 PD/QC 快充协议；多重安全保护。</p>",
		12,
	),
	"数据线": Line(
		"SJX",
		"条",
		("USB-C 快充数据线 C{n}", "Lightning 数据线 L{n}"),
		("1 米", "2 米", "编织款 1.5 米"),
		(19, 99),
		"<p>规格：{v}；支持最高 100W 快充与数据传输。</p>",
		15,
	),
	"移动电源": Line(
		"YDY",
		"个",
		("PowerBank {n} 移动电源", "磁吸移动电源 {n}"),
		("10000mAh", "20000mAh", "22.5W 快充版"),
		(79, 399),
		"<p>容量：{v}；支持双向快充；可带上飞机。</p>",
		8,
	),
	"保护壳": Line(
		"BHK",
		"个",
		("X{n} 硅胶保护壳", "X{n} 透明保护壳", "Pad {n} 保护套"),
		("雾蓝", "曜石黑", "透明"),
		(29, 129),
		"<p>适配机型见名称；颜色：{v}；亲肤防摔。</p>",
		10,
	),
}

# (name, uom, cost): promotional materials are not sold, so their standard price stays 0
PROMO_ITEMS: tuple[tuple[str, str, float], ...] = (
	("新品宣传册", "本", 3.5),
	("手机产品手册", "本", 4),
	("笔记本电脑产品目录", "本", 6),
	("企业采购方案手册", "本", 8),
	("门店海报 A1", "张", 2),
	("易拉宝（新品发布）", "个", 45),
	("展会折页", "份", 0.8),
	("手机样品机", "台", 900),
	("耳机样品", "副", 120),
	("平板电脑样品机", "台", 1500),
)
GIFT_ITEMS: tuple[tuple[str, str, float], ...] = (
	("定制保温杯 500ml", "个", 35),
	("定制U盘 64GB", "个", 28),
	("帆布购物袋", "个", 12),
	("品牌雨伞", "把", 30),
	("商务笔记本套装", "套", 45),
	("定制鼠标垫", "个", 8),
	("无线充电器（礼品款）", "个", 60),
	("品牌文化衫", "件", 25),
)

# warehouses: the head warehouse in Shanghai receives from suppliers, the others are branches
WAREHOUSE_CITIES = (
	("上海总仓", "上海市浦东新区", "华东"),
	("北京分仓", "北京市大兴区", "华北"),
	("广州分仓", "广州市白云区", "华南"),
	("武汉分仓", "武汉市东西湖区", "华中"),
	("成都分仓", "成都市双流区", "西南"),
	("西安分仓", "西安市未央区", "西北"),
	("沈阳分仓", "沈阳市于洪区", "东北"),
	("杭州分仓", "杭州市萧山区", "华东"),
	("深圳分仓", "深圳市龙华区", "华南"),
	("天津分仓", "天津市东丽区", "华北"),
	("南京分仓", "南京市江宁区", "华东"),
	("长沙分仓", "长沙市雨花区", "华中"),
	("重庆分仓", "重庆市渝北区", "西南"),
	("郑州分仓", "郑州市航空港区", "华中"),
	("青岛分仓", "青岛市城阳区", "华东"),
	("厦门分仓", "厦门市集美区", "华东"),
	("昆明分仓", "昆明市官渡区", "西南"),
	("大连分仓", "大连市甘井子区", "东北"),
	("苏州分仓", "苏州市吴中区", "华东"),
	("南宁分仓", "南宁市西乡塘区", "华南"),
)


@dataclass(frozen=True)
class ProductPlan:
	code: str
	product_name: str
	category: str
	product_type: str
	uom: str
	standard_price: float
	cost_price: float
	reorder_level: float
	specification: str | None
	weekly_demand: float  # expected units sold (or handed out) a week, all warehouses together
	price_history: tuple[tuple[float, float, str, str], ...]  # (old, new, reason, changed on)


@dataclass(frozen=True)
class WarehousePlan:
	name: str
	location: str
	region: str


def plan_warehouses(count: int) -> list[WarehousePlan]:
	return [WarehousePlan(name, location, region) for name, location, region in WAREHOUSE_CITIES[:count]]


def plan_catalog(
	sales_items: int, promo_items: int, gift_items: int, seed: int, base_date: date
) -> list[ProductPlan]:
	"""Products in a stable order: sales items by category, then promotional materials, then gifts."""
	rng = random.Random(f"{seed}:catalog")
	changed_on = (base_date - timedelta(days=75)).isoformat() + " 10:00:00"
	plans: list[ProductPlan] = []
	categories = list(LINES)
	per_category = [sales_items // len(categories)] * len(categories)
	for i in range(sales_items - sum(per_category)):
		per_category[i] += 1
	for category, count in zip(categories, per_category, strict=True):
		plans += _plan_line(rng, category, LINES[category], count, changed_on)
	plans += _plan_extras(rng, PROMO, PROMO_CATEGORY, "XC", PROMO_ITEMS, promo_items)
	plans += _plan_extras(rng, GIFT, GIFT_CATEGORY, "LP", GIFT_ITEMS, gift_items)
	return plans


def _plan_line(
	rng: random.Random, category: str, line: Line, count: int, changed_on: str
) -> list[ProductPlan]:
	plans, seen = [], set()
	number = 0
	while len(plans) < count:
		number += 1
		brand = BRANDS[number % len(BRANDS)]
		model = rng.choice(line.models).format(n=rng.randint(1, 9) * 10 + number % 10)
		variant = rng.choice(line.variants)
		name = f"{brand} {model} {variant}"
		if name in seen:
			continue
		seen.add(name)
		low, high = line.price
		price = _round_price(low + (high - low) * rng.random() ** 1.6)
		cost = round(price * rng.uniform(0.55, 0.8), 2)
		demand = line.weekly_demand * rng.lognormvariate(0, 0.6)
		history = ()
		if rng.random() < 0.15:
			# one price cut or rise before the demo began
			old = _round_price(price * rng.choice((1.1, 1.15, 0.95)))
			reason = rng.choice(("竞品降价，跟进调价", "原材料成本上涨", "渠道价格统一"))
			history = ((old, price, reason, changed_on),)
		plans.append(
			ProductPlan(
				code=f"{line.code}-{len(plans) + 1:04d}",
				product_name=name,
				category=category,
				product_type=SALES_ITEM,
				uom=line.uom,
				standard_price=price,
				cost_price=cost,
				reorder_level=max(2.0, round(demand * 1.5)),
				specification=line.spec.format(v=variant),
				weekly_demand=round(demand, 3),
				price_history=history,
			)
		)
	return plans


def _plan_extras(rng, product_type, category, code, items, count) -> list[ProductPlan]:
	plans = []
	for i in range(count):
		name, uom, cost = items[i % len(items)]
		if i >= len(items):
			name = f"{name}（{2025 + i // len(items) % 3} 版 {i // len(items)}）"
		bulky = cost < 10
		demand = (40 if bulky else 4) * rng.lognormvariate(0, 0.4)
		plans.append(
			ProductPlan(
				code=f"{code}-{i + 1:04d}",
				product_name=name,
				category=category,
				product_type=product_type,
				uom=uom,
				standard_price=0,
				cost_price=cost,
				reorder_level=round(demand * 2),
				specification=None,
				weekly_demand=round(demand, 3),
				price_history=(),
			)
		)
	return plans


def _round_price(value: float) -> float:
	"""Shop prices end in 9: 1299, 89, 19."""
	if value >= 100:
		return float(int(value / 100) * 100 + 99)
	return float(int(value / 10) * 10 + 9)


def warehouse_regions(warehouses: list[WarehousePlan]) -> dict[str, list[str]]:
	"""Region → the warehouses serving it; regions without one are served by the head warehouse."""
	serving = {region: [w.name for w in warehouses if w.region == region] for region in REGIONS}
	return {region: names or [warehouses[0].name] for region, names in serving.items()}


# --- writing -----------------------------------------------------------------------------------------


def ensure_catalog(
	products: list[ProductPlan], warehouses: list[WarehousePlan], bulk: bool, keeper: str
) -> int:
	"""Create missing categories, warehouses and products; return how many products were added."""
	for name, parent in CATEGORIES.items():
		if not frappe.db.exists("SM Product Category", name):
			frappe.get_doc(
				{
					"doctype": "SM Product Category",
					"category_name": name,
					"parent_sm_product_category": parent,
					"is_group": int(any(p == name for p in CATEGORIES.values())),
				}
			).insert()
	for warehouse in warehouses:
		if not frappe.db.exists("SM Warehouse", warehouse.name):
			frappe.get_doc(
				{
					"doctype": "SM Warehouse",
					"warehouse_name": warehouse.name,
					"location": warehouse.location,
					"keeper": keeper if frappe.db.exists("User", keeper) else None,
				}
			).insert()
	existing = set(frappe.get_all("SM Product", pluck="name"))
	missing = [p for p in products if p.code not in existing]
	if bulk:
		_bulk_insert_products(missing)
	else:
		for plan in missing:
			frappe.get_doc(_product_doc(plan)).insert()
	return len(missing)


def _product_doc(plan: ProductPlan) -> dict:
	return {
		"doctype": "SM Product",
		"product_code": plan.code,
		"product_name": plan.product_name,
		"category": plan.category,
		"product_type": plan.product_type,
		"uom": plan.uom,
		"standard_price": plan.standard_price,
		"cost_price": plan.cost_price,
		"reorder_level": plan.reorder_level,
		"specification": plan.specification,
		"price_history": [
			{
				"old": old,
				"new": new,
				"changed_by": "Administrator",
				"reason": reason,
				"changed_on": on,
			}
			for old, new, reason, on in plan.price_history
		],
	}


def _bulk_insert_products(plans: list[ProductPlan]) -> None:
	now = frappe.utils.now()
	fields = [
		"name",
		"product_code",
		"product_name",
		"category",
		"product_type",
		"uom",
		"standard_price",
		"cost_price",
		"reorder_level",
		"specification",
		"enabled",
		"is_stock_item",
		"creation",
		"modified",
		"owner",
		"modified_by",
	]
	rows = [
		(
			p.code,
			p.code,
			p.product_name,
			p.category,
			p.product_type,
			p.uom,
			p.standard_price,
			p.cost_price,
			p.reorder_level,
			p.specification,
			1,
			1,
			now,
			now,
			"Administrator",
			"Administrator",
		)
		for p in plans
	]
	frappe.db.bulk_insert("SM Product", fields, rows, chunk_size=5_000)
