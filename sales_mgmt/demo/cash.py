"""Demo cash book: the company's bank, cash, foreign-currency and payment-platform accounts with their
access lists, the cross rates its transfers need, the account each customer payment of the money plan
arrives in, and months of the book's own entries — suppliers paid, salaries, rent, taxes and social
insurance, bank fees, petty cash spent by the sales teams and topped up from the bank, takings swept
into the main account, currency bought for imports and sold again, surplus put on deposit — with a few
entries typed wrongly, cancelled and entered again.

`plan_cash` is pure: seed, base date, the salespeople, the money plan, the customers' regions and the
expenses paid out of an account (sales_mgmt.demo.expenses) in, a `CashPlan` out. It replays every
account's balance as it goes (the customers' payments and the expenses' payouts included), so nothing
is spent that is not there: an account that runs short is topped up from the account that funds it
first, or the spending is left out. For benchmarks it hits an exact number of cash entries (receipts
and payouts included) by scaling the book's everyday flows and leaving out the surplus.

Two layouts: `compact` (a handful of accounts: 基本户, 工资户, 现金, 美元账户, 欧元账户, 微信/支付宝,
理财户 and one petty-cash account per sales region) and `full` (50 accounts: head office, a collection
account and an office till per region, petty cash per sales team, three US dollar and two euro
accounts, ...).

`ensure_cash_accounts` creates the accounts through their controller; `insert_cash` submits each entry
through its controller as the user who enters it, under the demo clock (small sets);
`sales_mgmt.demo.cash_bulk.bulk_insert_cash` writes the same rows with bulk SQL (large sets;
test_demo_cash compares the two).
"""

import itertools
import math
import random
import zlib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import frappe
from frappe.utils import add_months, flt, get_first_day, get_last_day

from sales_mgmt.demo import names
from sales_mgmt.demo.clock import moving
from sales_mgmt.demo.money import (
	BASE_CURRENCY,
	CancelPlan,
	MoneyPlan,
	PaymentPlan,
	Progress,
	RatePlan,
)
from sales_mgmt.demo.series import set_series
from sales_mgmt.demo.users import demo_email

FINANCE, OWNER = demo_email("finance"), demo_email("owner")
ENTRY = "SM Cash Entry"
# how many events of the plan the site holds (as for the money plan)
PROGRESS_KEY = "sales_mgmt_demo_cash_events"
INCOME, EXPENSE, TRANSFER = "Income", "Expense", "Transfer"
VIEW, MANAGE = "View", "Manage"

# what an account is for
MAIN, GENERAL, PAYROLL, DEPOSIT, GUARANTEE = "main", "general", "payroll", "deposit", "guarantee"
COLLECTION, TILL, PETTY, FOREIGN, PLATFORM = "collection", "till", "petty", "foreign", "platform"


@dataclass(frozen=True)
class AccountPlan:
	name: str  # account_name, the record's name
	account_type: str  # Cash, Bank, Other
	currency: str
	role: str
	opening_balance: float
	bank_name: str | None = None
	account_no: str | None = None
	region: str | None = None  # a sales region's account; None: the head office's
	modes: tuple[str, ...] = ()  # the payment modes customers pay into it by
	keeper: str = FINANCE  # who enters its everyday entries
	funded_by: str | None = None  # topped up from this account when it runs short
	swept_to: str | None = None  # its takings go on to this account
	access: tuple[tuple[str, str], ...] = ()  # (user, View | Manage)
	description: str | None = None


@dataclass(frozen=True)
class CrossRate:
	day: date
	from_currency: str
	to_currency: str
	rate: float


@dataclass(frozen=True)
class EntryPlan:
	key: int
	moment: datetime
	user: str  # who enters it
	account: str
	entry_type: str
	amount: float  # in the account's currency
	to_account: str | None
	counterparty: str | None
	category: str | None
	remarks: str | None


@dataclass(frozen=True)
class EntryCancelPlan:
	moment: datetime
	key: int
	user: str


@dataclass(frozen=True)
class CashPlan:
	opening_date: date
	accounts: tuple[AccountPlan, ...]
	rates: tuple[CrossRate, ...]
	receipts: tuple[tuple[int, str], ...]  # (payment key in the money plan, account it arrives in)
	events: tuple[EntryPlan | EntryCancelPlan, ...]  # in the order they happened

	def entries(self) -> list[EntryPlan]:
		return [event for event in self.events if isinstance(event, EntryPlan)]

	def receiving(self) -> dict[int, str]:
		return dict(self.receipts)


# --- flows ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
	"""A lognormal amount around `median`, within [low, high], rounded to `digits`."""

	median: float
	sigma: float
	low: float
	high: float
	digits: int = 2

	def draw(self, rng: random.Random, median: float | None = None) -> float:
		value = rng.lognormvariate(math.log(median or self.median), self.sigma)
		return max(flt(min(max(value, self.low), self.high), self.digits), 0.01)


@dataclass(frozen=True)
class Flow:
	"""Entries an account makes on working days: `per_day` of them on average."""

	category: str
	entry_type: str
	per_day: float
	amount: Amount
	counterparties: tuple[str, ...]  # "{bank}": the account's bank
	remarks: tuple[str, ...]
	everyday: bool = True  # scaled to reach a number of entries; may be left out to hit it exactly


COURIERS = ("顺丰速运有限公司", "上海中通吉速递服务有限公司", "圆通速递有限公司", "韵达快递")
LOGISTICS = (
	"顺丰速运有限公司",
	"德邦物流股份有限公司",
	"京东物流供应链有限公司",
	"上海安能聚创供应链管理有限公司",
)
TRAVEL = (
	"中国铁路12306",
	"携程旅行网",
	"东方航空",
	"南方航空",
	"如家酒店",
	"汉庭酒店",
	"全季酒店",
	"亚朵酒店",
)
RIDES = ("滴滴出行", "出租车", "高德打车", "停车费", "高速公路通行费")
SHOPS = ("上海晨光文具店", "得力办公用品专营店", "京东商城", "天猫超市")
RESTAURANTS = ("小南国", "外婆家", "海底捞火锅", "西贝莜面村", "新荣记", "鼎泰丰", "绿茶餐厅", "望湘园")
FOREIGN_SUPPLIERS = {
	"USD": (
		"Pacific Semiconductor Ltd.",
		"Everbright Components (HK) Ltd.",
		"Sunrise Electronics Co., Ltd. (Taiwan)",
		"Apex Microdevices Inc.",
		"Orient Display Technology Pte. Ltd.",
	),
	"EUR": (
		"Rheinland Elektronik GmbH",
		"Nordic Sensor AB",
		"Milano Connettori S.r.l.",
		"Messe München GmbH",
	),
}
TENDER_AGENTS = (
	"上海国际招标有限公司",
	"中化商务有限公司",
	"中国仪器进出口集团有限公司",
	"江苏省招标中心有限公司",
)

BANK_FEES = Flow(
	"银行手续费",
	EXPENSE,
	0.6,
	Amount(15, 0.7, 2, 200, 2),
	("{bank}",),
	("转账手续费", "网银转账手续费", "短信通知服务费", "账户管理费"),
)
SUPPLIERS = Flow(
	"采购货款",
	EXPENSE,
	1.2,
	Amount(50_000, 0.9, 500, 5_000_000, 2),  # the median follows the receipts (`_Book.supplier_median`)
	("{supplier}",),
	("按合同支付货款", "按对账单支付货款", "采购预付款", "到货验收后付款", "支付上月货款"),
)
FREIGHT = Flow(
	"物流运费",
	EXPENSE,
	0.2,
	Amount(6_000, 0.7, 300, 80_000, 2),
	LOGISTICS,
	("月度运费结算", "大件货物运费", "加急空运费"),
	everyday=False,
)
REIMBURSEMENTS = Flow(
	"费用报销",
	EXPENSE,
	0.35,
	Amount(900, 0.8, 30, 20_000, 2),
	("{employee}",),
	("差旅费报销", "业务招待费报销", "办公用品报销", "培训费报销", "通讯费报销"),
)
SUPPLIER_REFUNDS = Flow(
	"供应商退款",
	INCOME,
	0.04,
	Amount(4_000, 1.0, 100, 200_000, 2),
	("{supplier}",),
	("退货退款", "多付货款退回", "质量问题折让"),
	everyday=False,
)
SUBSIDIES = Flow(
	"政府补贴",
	INCOME,
	0.01,
	Amount(50_000, 0.8, 5_000, 500_000, -3),
	("上海市浦东新区科技和经济委员会", "上海市商务委员会"),
	("中小企业发展专项资金", "稳岗补贴", "外贸发展专项资金"),
	everyday=False,
)
TILL_SPENDING = (
	Flow(
		"办公用品",
		EXPENSE,
		0.25,
		Amount(150, 0.8, 5, 3_000, 1),
		SHOPS,
		("打印纸、墨盒", "办公文具", "饮用水"),
	),
	Flow("快递费", EXPENSE, 0.2, Amount(25, 0.6, 8, 300, 0), COURIERS, ("寄送合同", "寄送发票")),
	Flow("餐费", EXPENSE, 0.12, Amount(280, 0.6, 30, 2_000, 0), RESTAURANTS, ("员工加班餐", "部门工作餐")),
	Flow("交通费", EXPENSE, 0.2, Amount(60, 0.7, 10, 500, 0), RIDES, ("银行办事", "送货上门", "外出办事")),
)
PETTY_SPENDING = (
	Flow(
		"差旅费",
		EXPENSE,
		0.35,
		Amount(700, 0.8, 50, 6_000, 0),
		TRAVEL,
		("拜访客户高铁票", "出差住宿费", "出差机票"),
	),
	Flow("交通费", EXPENSE, 0.6, Amount(45, 0.7, 8, 400, 0), RIDES, ("拜访客户", "送样品", "参加展会")),
	Flow(
		"业务招待费",
		EXPENSE,
		0.25,
		Amount(600, 0.7, 80, 5_000, 0),
		RESTAURANTS,
		("宴请客户", "客户来访工作餐"),
	),
	Flow("样品快递费", EXPENSE, 0.2, Amount(35, 0.6, 10, 300, 0), COURIERS, ("寄送样品", "寄送合同")),
	Flow(
		"礼品费",
		EXPENSE,
		0.05,
		Amount(400, 0.6, 50, 3_000, 0),
		("京东商城", "天猫超市"),
		("客户拜访伴手礼", "节日客户礼品"),
	),
)
PLATFORM_SPENDING = (
	Flow("平台手续费", EXPENSE, 0.5, Amount(40, 1.0, 1, 2_000, 2), ("{bank}",), ("交易手续费", "提现手续费")),
	Flow("办公用品", EXPENSE, 0.08, Amount(300, 0.8, 20, 5_000, 2), SHOPS, ("网购办公用品", "网购耗材")),
)
IMPORTS = Flow(
	"进口货款",
	EXPENSE,
	0.12,
	Amount(20_000, 0.8, 500, 2_000_000, 2),  # the median follows the account's receipts
	("{foreign supplier}",),
	("T/T货款", "信用证付款", "预付货款30%", "尾款70%"),
)
# what share of the yuan receipts is paid to suppliers: the small demo's few hundred orders carry a
# whole office's salaries and rent, the large set's 100,000 a trading company's thin margin
SUPPLIER_SHARE = {"compact": 0.4, "full": 0.78}
IMPORT_MEDIAN = {"USD": 3_000.0, "EUR": 2_000.0}  # at least
WIRE_FEES = Flow(
	"银行手续费",
	EXPENSE,
	0.2,
	Amount(25, 0.5, 10, 100, 2),
	("{bank}",),
	("电汇手续费", "电报费", "中转行扣费"),
)
BID_BONDS = Flow(
	"投标保证金",
	EXPENSE,
	0.1,
	Amount(50_000, 0.8, 5_000, 500_000, -3),
	TENDER_AGENTS,
	("项目投标保证金",),
	everyday=False,
)

FLOWS: dict[str, tuple[Flow, ...]] = {
	MAIN: (SUPPLIERS, BANK_FEES, FREIGHT, REIMBURSEMENTS, SUPPLIER_REFUNDS, SUBSIDIES),
	GENERAL: (SUPPLIERS, BANK_FEES, FREIGHT),
	PAYROLL: (),
	DEPOSIT: (),
	GUARANTEE: (BID_BONDS,),
	COLLECTION: (BANK_FEES,),
	TILL: TILL_SPENDING,
	PETTY: PETTY_SPENDING,
	FOREIGN: (IMPORTS, WIRE_FEES),
	PLATFORM: PLATFORM_SPENDING,
}


# --- accounts -----------------------------------------------------------------------------------------


def plan_accounts(layout: str, seed: int, people) -> list[AccountPlan]:
	"""The accounts of `layout` ("compact" or "full") with their access lists, for the sales tree
	`people` (SalespersonPlan)."""
	rng = random.Random(f"{seed}:cash:accounts")
	regions = list(dict.fromkeys(p.region for p in people if p.region))
	region_manager = {p.region: p.user for p in people if p.is_manager and p.key.count(".") == 1}
	first_rep = {}
	for p in people:
		if not p.is_manager:
			first_rep.setdefault(p.region, p)
	team_leads = [p for p in people if p.is_manager and p.key.count(".") == 2]

	def number(digits: int) -> str:
		return "".join(str(rng.randrange(10)) for _ in range(digits))

	def bank(name, currency, role, opening, bank_name, digits=16, **kwargs) -> AccountPlan:
		return AccountPlan(name, "Bank", currency, role, opening, bank_name, number(digits), **kwargs)

	full = layout == "full"
	main = "基本户（招商银行）"
	scale = 10 if full else 1
	accounts = [
		bank(
			main,
			"CNY",
			MAIN,
			3_000_000.0 * scale,
			"招商银行上海分行",
			modes=("Bank Transfer",) if full else ("Bank Transfer", "Cheque", "Other"),
			funded_by="理财户（招商银行）",
			description="公司基本存款账户，日常收付款",
		),
		bank(
			"工资户（工商银行）",
			"CNY",
			PAYROLL,
			50_000.0 * scale,
			"中国工商银行上海张江支行",
			19,
			funded_by=main,
		),
		bank(
			"理财户（招商银行）",
			"CNY",
			DEPOSIT,
			2_000_000.0 * scale,
			"招商银行上海分行",
			keeper=OWNER,
			description="闲置资金购买银行理财产品",
		),
	]
	if full:
		accounts += [
			bank("一般户（工商银行）", "CNY", GENERAL, 5_000_000.0, "中国工商银行上海浦东分行", 19, modes=("Cheque",), funded_by=main, swept_to=main),
			bank("一般户（农业银行）", "CNY", GENERAL, 2_000_000.0, "中国农业银行上海分行", 19, modes=("Other",), funded_by=main, swept_to=main),
			bank("保证金户（建设银行）", "CNY", GUARANTEE, 500_000.0, "中国建设银行上海分行", 20, funded_by=main, description="投标保证金专户"),
		]  # fmt: skip
	till_name = "现金（总部）" if full else "现金"
	accounts.append(
		AccountPlan(till_name, "Cash", "CNY", TILL, 20_000.0, modes=("Cash",), funded_by=main, swept_to=main)
	)
	usd = (
		[("美元账户（中国银行）", "中国银行上海分行"), ("美元账户（汇丰银行）", "汇丰银行（中国）上海分行"), ("美元账户（招商银行离岸）", "招商银行离岸金融中心")]
		if full
		else [("美元账户（中国银行）", "中国银行上海分行")]
	)  # fmt: skip
	eur = (
		[("欧元账户（中国银行）", "中国银行上海分行"), ("欧元账户（德意志银行）", "德意志银行（中国）上海分行")]
		if full
		else [("欧元账户（中国银行）", "中国银行上海分行")]
	)  # fmt: skip
	openings = {"USD": 240_000.0, "EUR": 90_000.0} if full else {"USD": 30_000.0, "EUR": 15_000.0}
	for currency, listed in (("USD", usd), ("EUR", eur)):
		opening = openings[currency]
		for name, bank_name in listed:
			accounts.append(
				bank(
					name,
					currency,
					FOREIGN,
					opening,
					bank_name,
					14,
					modes=("Bank Transfer",),
					funded_by=main,
					swept_to=main,
					description="外币结算账户：境外客户回款、进口付汇",
				)
			)
	if full:
		accounts += [
			AccountPlan("微信商户号", "Other", "CNY", PLATFORM, 10_000.0, "财付通支付科技有限公司", number(10), modes=("WeChat Pay",), swept_to=main),
			AccountPlan("支付宝企业账户", "Other", "CNY", PLATFORM, 10_000.0, "支付宝（中国）网络技术有限公司", number(16), modes=("Alipay",), swept_to=main),
		]  # fmt: skip
	else:
		accounts.append(
			AccountPlan(
				"微信/支付宝",
				"Other",
				"CNY",
				PLATFORM,
				5_000.0,
				"财付通 / 支付宝",
				modes=("Alipay", "WeChat Pay"),
				swept_to=main,
			)
		)
	if full:
		for region in regions:
			manager = region_manager.get(region)
			accounts.append(
				bank(
					f"{region}收款户（浦发银行）",
					"CNY",
					COLLECTION,
					200_000.0,
					"上海浦东发展银行",
					region=region,
					modes=("Bank Transfer",),
					swept_to=main,
					access=((manager, VIEW),) if manager else (),
					description=f"{region}大区客户回款",
				)
			)
			accounts.append(
				AccountPlan(
					f"现金（{region}办事处）",
					"Cash",
					"CNY",
					TILL,
					10_000.0,
					region=region,
					modes=("Cash",),
					keeper=manager or FINANCE,
					funded_by=main,
					swept_to=main,
					access=((manager, MANAGE),) if manager else (),
				)
			)
		for lead in team_leads:
			team = f"{lead.region}{'一二三四五六七八九'[int(lead.key.split('.')[-1]) - 1]}组"
			reps = [p for p in people if p.parent_key == lead.key]
			access = [(lead.user, MANAGE)]
			if region_manager.get(lead.region):
				access.append((region_manager[lead.region], VIEW))
			# the team sees its petty cash (an expense may be paid from it); the region's first rep keeps it
			for rep in reps:
				access.append((rep.user, MANAGE if rep.user == first_rep[lead.region].user else VIEW))
			accounts.append(
				AccountPlan(
					f"备用金（{team}）",
					"Cash",
					"CNY",
					PETTY,
					20_000.0,
					region=lead.region,
					keeper=lead.user,
					funded_by=main,
					access=tuple(access),
					description=f"{team}差旅、招待等日常费用",
				)
			)
	else:
		for region in regions:
			rep = first_rep[region]
			access = [(rep.user, MANAGE)]
			if region_manager.get(region):
				access.append((region_manager[region], VIEW))
			# the region's other reps see it (an expense of theirs may be paid from it)
			access += [(p.user, VIEW) for p in people if p.region == region and not p.is_manager and p != rep]
			accounts.append(
				AccountPlan(
					f"备用金（{region}）",
					"Cash",
					"CNY",
					PETTY,
					8_000.0,
					region=region,
					keeper=rep.user,
					funded_by=main,
					access=tuple(access),
					description=f"{region}销售差旅、招待等日常费用",
				)
			)
	# Finance manages every account but the owner's deposit, which it only sees
	return [
		replace(a, access=((FINANCE, VIEW if a.role == DEPOSIT else MANAGE), *a.access)) for a in accounts
	]


def receiving_account(
	accounts: list[AccountPlan], mode: str, currency: str, region: str | None, customer: str
) -> str:
	"""The account a customer's payment by `mode` in `currency` arrives in: one that takes that mode
	(foreign currency: any of its accounts), the customer's region's first, else the head office's; of
	several, always the same one for a customer."""
	takes = [a for a in accounts if a.currency == currency and a.modes]
	exact = [a for a in takes if mode in a.modes] or takes
	local = [a for a in exact if a.region == region] or [a for a in exact if a.region is None] or exact
	return local[zlib.crc32(customer.encode()) % len(local)].name


def cross_rates(rates: tuple[RatePlan, ...]) -> list[CrossRate]:
	"""Rates between the base and the foreign currencies the other way round, and between the foreign
	currencies, on the days of the money plan's rates (to the base currency)."""
	by_day = defaultdict(dict)
	for rate in rates:
		by_day[rate.day][rate.currency] = rate.rate
	crossed = []
	for day, to_base in sorted(by_day.items()):
		for currency, rate in sorted(to_base.items()):
			crossed.append(CrossRate(day, BASE_CURRENCY, currency, round(1 / rate, 6)))
		for a, b in itertools.permutations(sorted(to_base), 2):
			crossed.append(CrossRate(day, a, b, round(to_base[a] / to_base[b], 6)))
	return crossed


# --- planning -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Happening:
	moment: datetime
	seq: int
	account: str
	entry_type: str
	amount: float
	user: str
	to_account: str | None = None
	counterparty: str | None = None
	category: str | None = None
	remarks: str | None = None
	everyday: bool = False
	receipt: bool = False  # a customer payment (or its cancellation): moves the balance, not an entry


def plan_cash(
	size,
	seed: int,
	base_date: date,
	people,
	money: MoneyPlan,
	customer_regions: dict[str, str | None],
	payouts: list[tuple[int, datetime, str, float]] = (),
) -> CashPlan:
	"""The cash book of `size` (a CashSize) for the months before `base_date`, with the money plan's
	payments arriving in it and `payouts` ((expense key, moment, account, amount) of the expenses paid
	out of an account, sales_mgmt.demo.expenses) leaving it. The accounts open on the first day of the
	month before the money plan's orders start: customers pay deposits up to a few weeks before their
	first order."""
	opening = get_first_day(add_months(base_date, -size.months - 1))
	accounts = plan_accounts(size.layout, seed, people)
	rates = cross_rates(money.rates)
	receipts, arrivals = _receipts(accounts, money, customer_regions)
	arrivals += [
		_Happening(moment, 0, account, EXPENSE, amount, "", receipt=True)
		for _k, moment, account, amount in payouts
	]
	if arrivals and min(a.moment for a in arrivals).date() < opening:
		raise ValueError(
			f"a customer payment of the money plan is dated before the accounts open ({opening})"
		)
	staff = _plan_staff(seed, people, 40 if size.layout == "full" else 4)

	def simulate(activity: float) -> list[_Happening]:
		return _Book(
			seed,
			opening,
			base_date,
			accounts,
			money.rates,
			rates,
			arrivals,
			staff,
			activity,
			SUPPLIER_SHARE[size.layout],
		).run()

	activity, happened = size.activity, None
	if size.entries is None:
		happened = simulate(activity)
		typos = max(1, round(len(happened) * 0.004))
	else:
		# the book's own entries, typos included, to reach size.entries with the receipts and payouts
		wanted = size.entries - len(receipts) - len(payouts)
		typos = max(1, round(wanted * 0.002))
		for _attempt in range(4):
			happened = simulate(activity)
			everyday = sum(h.everyday for h in happened)
			surplus = len(happened) + typos - wanted
			if 0 <= surplus <= 0.03 * wanted:
				break
			fixed = len(happened) - everyday
			activity *= (wanted - typos - fixed) / everyday * 1.015
		else:
			raise RuntimeError(f"the cash plan does not reach {wanted:,} entries ({len(happened) + typos:,})")
		spending = [i for i, h in enumerate(happened) if h.everyday and h.entry_type == EXPENSE]
		drop = set(random.Random(f"{seed}:cash:drop").sample(spending, surplus))
		happened = [h for i, h in enumerate(happened) if i not in drop]
	events = _with_typos(seed, happened, typos)
	return CashPlan(opening, tuple(accounts), tuple(rates), tuple(receipts), tuple(events))


def _receipts(accounts, money: MoneyPlan, customer_regions) -> tuple[list, list[_Happening]]:
	"""(payment key, account) of every payment, and the balance changes they and their
	cancellations make."""
	receipts, arrivals, into = [], [], {}
	payments = {}
	for event in money.events:
		if isinstance(event, PaymentPlan):
			account = receiving_account(
				accounts, event.mode, event.currency, customer_regions.get(event.customer), event.customer
			)
			receipts.append((event.key, account))
			into[event.key], payments[event.key] = account, event
			arrivals.append(_Happening(event.moment, 0, account, INCOME, event.amount, "", receipt=True))
		elif isinstance(event, CancelPlan) and event.doctype == "SM Payment":
			payment = payments[event.key]
			arrivals.append(
				_Happening(event.moment, 0, into[event.key], INCOME, -payment.amount, "", receipt=True)
			)
	return receipts, arrivals


def _plan_staff(seed: int, people, count: int) -> list[tuple[str, float]]:
	"""(name, monthly salary) of everyone on the payroll: the salespeople and the back office."""
	rng = random.Random(f"{seed}:cash:staff")
	drawn = {p.salesperson_name for p in people}
	staff = []
	for p in people:
		if p.key == "d":
			salary = 45_000
		elif p.is_manager:
			salary = rng.randrange(18_000, 32_000, 500)
		else:
			salary = rng.randrange(7_000, 15_000, 100)
		staff.append((p.salesperson_name, float(salary)))
	while len(staff) < len(people) + count:
		name, _pinyin = names.person_name(rng)
		if name not in drawn:
			drawn.add(name)
			staff.append((name, float(rng.randrange(6_000, 20_000, 100))))
	return staff


def _working_days(first: date, last: date):
	day = first
	while day <= last:
		if day.weekday() < 5:
			yield day
		day += timedelta(days=1)


def _on_or_after(day: date, month_start: date, dom: int) -> bool:
	"""Whether `day` is the first working day on or after day `dom` of its month."""
	target = month_start.replace(day=min(dom, get_last_day(month_start).day))
	while target.weekday() >= 5:
		target += timedelta(days=1)
	return day == target


class _Book:
	"""One pass over the working days, balances replayed as entries are made."""

	def __init__(
		self,
		seed,
		opening,
		base_date,
		accounts,
		base_rates,
		cross,
		arrivals,
		staff,
		activity,
		supplier_share=0.5,
	):
		self.rng = random.Random(f"{seed}:cash")
		self.opening, self.end = opening, base_date
		self.accounts = {a.name: a for a in accounts}
		self.balance = {a.name: flt(a.opening_balance, 2) for a in accounts}
		self.rates = defaultdict(list)  # (from, to) -> [(day, rate)] ascending
		for rate in base_rates:
			self.rates[(rate.currency, BASE_CURRENCY)].append((rate.day, rate.rate))
		for rate in cross:
			self.rates[(rate.from_currency, rate.to_currency)].append((rate.day, rate.rate))
		for listed in self.rates.values():
			listed.sort()
		self.arrivals = defaultdict(list)
		for arrival in arrivals:
			self.arrivals[arrival.moment.date()].append(arrival)
		self.staff = staff
		self.payroll = flt(sum(salary for _n, salary in staff), 2)
		self.activity = activity
		self.supplier_share = supplier_share
		self.seq = itertools.count(1)
		self.happened: list[_Happening] = []  # in the order they were made
		self.last = datetime.min
		self.pending = defaultdict(list)  # day -> bond refunds due
		self.suppliers = self._suppliers(seed, 300 if len(accounts) > 20 else 40)
		days = list(_working_days(opening, base_date))
		self.days = len(days)
		# what the customers pay per working day, per account's currency, and per month in base
		received = defaultdict(float)
		self.monthly_receipts = defaultdict(float)
		for arrival in arrivals:
			if arrival.entry_type != INCOME:
				continue  # an expense paid out
			currency = self.accounts[arrival.account].currency
			received[currency] += arrival.amount
			self.monthly_receipts[get_first_day(arrival.moment.date())] += arrival.amount * self.rate(
				currency, BASE_CURRENCY, arrival.moment.date()
			)
		self.received_per_day = {c: v / max(self.days, 1) for c, v in received.items()}

	@staticmethod
	def _suppliers(seed, count) -> list[str]:
		rng = random.Random(f"{seed}:cash:suppliers")
		found = set()
		cities = [city for listed in names.REGIONS.values() for city, _code in listed[:3]]
		while len(found) < count:
			found.add(names.company_name(rng, rng.choice(cities), rng.choice(("制造业", "物流", "能源")))[0])
		return sorted(found)

	def rate(self, from_currency: str, to_currency: str, day: date) -> float:
		if from_currency == to_currency:
			return 1.0
		return [rate for d, rate in self.rates[(from_currency, to_currency)] if d <= day][-1]

	# --- making entries ----------------------------------------------------------------------------

	def enter(self, h: _Happening, fund: bool = True) -> bool:
		"""Make the entry if the money is there (after topping the account up from what funds it, when
		`fund`); return whether it was made."""
		if h.entry_type != INCOME and self.balance[h.account] < h.amount:
			if not (fund and self.top_up(h.account, h.amount - self.balance[h.account], h.moment)):
				return False
		# entries are made in time order: one made to fund another, or at the end of the day, is not
		# dated before what was made already
		if h.moment < self.last:
			h = replace(h, moment=self.last)
		self.last = h.moment
		self.happened.append(h)
		self.move(h)
		return True

	def move(self, h: _Happening) -> None:
		if h.entry_type == INCOME:
			self.balance[h.account] = flt(self.balance[h.account] + h.amount, 2)
			return
		self.balance[h.account] = flt(self.balance[h.account] - h.amount, 2)
		if h.entry_type == TRANSFER:
			self.balance[h.to_account] = flt(self.balance[h.to_account] + self.to_amount(h), 2)

	def to_amount(self, h: _Happening) -> float:
		source, target = self.accounts[h.account], self.accounts[h.to_account]
		return flt(h.amount * self.rate(source.currency, target.currency, h.moment.date()), 2)

	def transfer(
		self, moment, source: str, target: str, amount: float, remarks: str, fund: bool = False
	) -> bool:
		deposit = DEPOSIT in (self.accounts[source].role, self.accounts[target].role)
		return self.enter(
			_Happening(
				moment,
				next(self.seq),
				source,
				TRANSFER,
				flt(amount, 2),
				OWNER if deposit else FINANCE,
				to_account=target,
				category="内部转账",
				remarks=remarks,
			),
			fund=fund,
		)

	def top_up(self, name: str, short: float, moment: datetime) -> bool:
		"""Move what `name` lacks (and a reserve) in from the account funding it, before `moment`."""
		account = self.accounts[name]
		source = account.funded_by
		if account.role == FOREIGN and account.currency == "EUR":
			# euros are bought with US dollars when there are plenty, else with yuan
			dollars = max(
				(a for a in self.accounts.values() if a.currency == "USD"),
				key=lambda a: self.balance[a.name],
				default=None,
			)
			if (
				dollars
				and self.balance[dollars.name] > 3 * short * self.rate("EUR", "USD", moment.date()) + 50_000
			):
				source = dollars.name
		if not source:
			return False
		reserve = {PETTY: 0.6, TILL: 0.5}.get(account.role, 0.2)
		wanted = short + reserve * max(short, self.level(account))
		rate = self.rate(self.accounts[source].currency, account.currency, moment.date())
		step = 1_000 if account.role in (PETTY, TILL) else 10_000
		amount = math.ceil(wanted / rate / step) * step
		remarks = {
			PETTY: "备用金补充",
			TILL: "提取备用现金",
			FOREIGN: "购汇" if self.accounts[source].currency == BASE_CURRENCY else "货币兑换",
			MAIN: "理财赎回",
		}.get(account.role, "资金调拨")
		return self.transfer(moment - timedelta(minutes=30), source, name, amount, remarks, fund=True)

	def level(self, account: AccountPlan) -> float:
		"""What an account that is topped up is brought back to."""
		return {PETTY: 10_000.0, TILL: 15_000.0}.get(account.role, account.opening_balance)

	# --- a day ------------------------------------------------------------------------------------------

	def run(self) -> list[_Happening]:
		for day in _working_days(self.opening, self.end):
			self.day(day)
		return self.happened

	def moment(self, day: date, hour: int | None = None) -> datetime:
		if hour is None:
			return datetime.combine(
				day, time(self.rng.randint(9, 17), self.rng.randrange(60), self.rng.randrange(60))
			)
		return datetime.combine(day, time(hour, self.rng.randrange(60), self.rng.randrange(60)))

	def day(self, day: date) -> None:
		todo = list(self.arrivals.get(day, ()))
		for account in self.accounts.values():
			for flow in FLOWS[account.role]:
				for _ in range(self.poisson(flow.per_day * (self.activity if flow.everyday else 1))):
					todo.append(self.flow_entry(day, account, flow))
		todo += self.pending.pop(day, [])
		todo += self.scheduled(day)
		# arrivals move balances at their moment; everything else is entered in time order
		for h in sorted(todo, key=lambda h: (h.moment, h.seq)):
			if h.receipt:
				# a customer's payment, or an expense paid out (the account topped up first if short)
				if h.entry_type == EXPENSE and self.balance[h.account] < h.amount:
					self.top_up(h.account, h.amount - self.balance[h.account], h.moment)
				self.move(h)
				self.last = max(self.last, h.moment)
			elif self.enter(h) and h.category == BID_BONDS.category and self.rng.random() < 0.85:
				back = day + timedelta(days=self.rng.randint(20, 75))
				while back.weekday() >= 5:
					back += timedelta(days=1)
				if back <= self.end:
					self.pending[back].append(
						_Happening(
							self.moment(back),
							next(self.seq),
							h.account,
							INCOME,
							h.amount,
							h.user,
							counterparty=h.counterparty,
							category="保证金退回",
							remarks="投标保证金退回",
						)
					)
		self.sweep(day)

	def poisson(self, mean: float) -> int:
		if mean <= 0:
			return 0
		if mean > 30:
			return max(0, round(self.rng.gauss(mean, math.sqrt(mean))))
		limit, k, p = math.exp(-mean), 0, self.rng.random()
		while p > limit:
			k += 1
			p *= self.rng.random()
		return k

	def flow_entry(self, day: date, account: AccountPlan, flow: Flow) -> _Happening:
		median = None
		if flow is SUPPLIERS:
			median = self.supplier_median()
		elif flow is IMPORTS:
			median = self.import_median(account.currency)
		amount = flow.amount.draw(self.rng, median)
		counterparty = self.rng.choice(flow.counterparties)
		if counterparty == "{bank}":
			counterparty = account.bank_name
		elif counterparty == "{supplier}":
			counterparty = self.rng.choice(self.suppliers)
		elif counterparty == "{foreign supplier}":
			counterparty = self.rng.choice(FOREIGN_SUPPLIERS[account.currency])
		elif counterparty == "{employee}":
			counterparty = self.rng.choice(self.staff)[0]
		return _Happening(
			self.moment(day),
			next(self.seq),
			account.name,
			flow.entry_type,
			amount,
			account.keeper,
			counterparty=counterparty,
			category=flow.category,
			remarks=self.rng.choice(flow.remarks),
			everyday=flow.everyday,
		)

	def paying(self, flow: Flow) -> list[AccountPlan]:
		return [a for a in self.accounts.values() if flow in FLOWS[a.role]]

	def supplier_median(self) -> float:
		"""A share of what customers pay in yuan goes to suppliers, over every account paying them."""
		per_day = self.received_per_day.get(BASE_CURRENCY, 0) * self.supplier_share
		entries = SUPPLIERS.per_day * self.activity * len(self.paying(SUPPLIERS))
		return max(per_day / max(entries, 0.01) / math.exp(SUPPLIERS.amount.sigma**2 / 2), 1_000)

	def import_median(self, currency: str) -> float:
		"""Imports cost about 1.3 times the account's currency's receipts (the rest is bought), and
		some imports are paid for even without receipts."""
		per_day = self.received_per_day.get(currency, 0) * 1.3
		entries = (
			IMPORTS.per_day * self.activity * len([a for a in self.paying(IMPORTS) if a.currency == currency])
		)
		return max(
			per_day / max(entries, 0.01) / math.exp(IMPORTS.amount.sigma**2 / 2), IMPORT_MEDIAN[currency]
		)

	def scheduled(self, day: date) -> list[_Happening]:
		"""Monthly bills, taxes, social insurance and payroll (on the first working day on or after
		their day), and the quarter's interest."""
		month = get_first_day(day)
		main = self.main()
		h = []

		def bill(dom, category, counterparty, amount, remarks, account=main, entry_type=EXPENSE, hour=10):
			if _on_or_after(day, month, dom) and amount > 0:
				h.append(
					_Happening(
						self.moment(day, hour),
						next(self.seq),
						account,
						entry_type,
						flt(amount, 2),
						self.accounts[account].keeper,
						counterparty=counterparty,
						category=category,
						remarks=remarks,
					)
				)

		full = len(self.accounts) > 20
		big = 3 if full else 1
		label = f"{month.year}年{month.month}月"
		previous = add_months(month, -1)
		received = self.monthly_receipts.get(previous) or self.monthly_receipts.get(month, 0)
		bill(3, "房租", "上海张江高科技园区开发股份有限公司", 38_000 * big, f"{label}办公室租金")
		bill(3, "物业费", "上海陆家嘴物业管理有限公司", 8_600 * big, f"{label}物业管理费")
		if full:
			for account in self.accounts.values():
				if account.role == COLLECTION:
					bill(
						4, "房租", f"{account.region}办事处房东", 26_000, f"{label}{account.region}办事处租金"
					)
		bill(
			10,
			"社会保险费",
			"上海市社会保险事业管理中心",
			self.payroll * 0.32,
			f"{label}社会保险费（单位＋个人）",
		)
		bill(10, "住房公积金", "上海市公积金管理中心", self.payroll * 0.14, f"{label}住房公积金")
		vat = flt(received * 0.017, 2)
		bill(15, "增值税", "国家税务总局上海市浦东新区税务局", vat, f"申报缴纳{previous.month}月增值税")
		bill(
			15,
			"城建税及附加",
			"国家税务总局上海市浦东新区税务局",
			vat * 0.12,
			f"{previous.month}月城建税、教育费附加",
		)
		bill(
			15,
			"个人所得税",
			"国家税务总局上海市浦东新区税务局",
			self.payroll * 0.05,
			f"代扣代缴{previous.month}月个人所得税",
		)
		if month.month in (1, 4, 7, 10):
			quarter = sum(self.monthly_receipts.get(add_months(month, -n), 0) for n in (1, 2, 3))
			bill(
				15, "企业所得税", "国家税务总局上海市浦东新区税务局", quarter * 0.008, "预缴上季度企业所得税"
			)
		bill(20, "电费", "国网上海市电力公司", self.rng.uniform(3_500, 5_500) * big, f"{label}电费")
		bill(20, "水费", "上海城投水务（集团）有限公司", self.rng.uniform(450, 800) * big, f"{label}水费")
		bill(
			25,
			"通讯费",
			"中国电信股份有限公司上海分公司",
			self.rng.uniform(2_500, 3_200) * big,
			f"{label}电话及宽带费",
		)
		payroll = next(a.name for a in self.accounts.values() if a.role == PAYROLL)
		if _on_or_after(day, month, 9):
			short = self.payroll - self.balance[payroll]
			if short > 0:
				h.append(
					_Happening(
						self.moment(day, 9),
						next(self.seq),
						main,
						TRANSFER,
						flt(math.ceil(short / 1_000) * 1_000, 2),
						FINANCE,
						to_account=payroll,
						category="内部转账",
						remarks=f"划拨{previous.month}月工资",
					)
				)
		for name, salary in self.staff:
			bill(
				10, "工资", name, salary, f"{previous.year}年{previous.month}月工资", account=payroll, hour=11
			)
		if month.month in (3, 6, 9, 12):
			for account in self.accounts.values():
				if account.role == MAIN:
					bill(
						21,
						"利息收入",
						account.bank_name,
						self.balance[account.name] * 0.0035 / 4,
						"结息",
						account.name,
						INCOME,
					)
				elif account.role == DEPOSIT:
					bill(
						21,
						"理财收益",
						account.bank_name,
						self.balance[account.name] * 0.025 / 4,
						"理财产品收益",
						account.name,
						INCOME,
					)
		return h

	def main(self) -> str:
		return next(a.name for a in self.accounts.values() if a.role == MAIN)

	def sweep(self, day: date) -> None:
		"""At the end of the day: takings passed on to the account they are swept to, tills and petty
		cash topped up when low, the main account's surplus put on deposit at the end of the month."""
		main = self.main()
		month_end = not any(True for _ in _working_days(day + timedelta(days=1), get_last_day(day)))
		for account in self.accounts.values():
			balance = self.balance[account.name]
			amount, remarks = self.takings(account, balance, day, month_end)
			if amount > 0 and account.swept_to:
				self.transfer(self.moment(day, 16), account.name, account.swept_to, amount, remarks)
			elif account.role in (TILL, PETTY) and balance < 0.2 * self.level(account):
				self.top_up(account.name, self.level(account) - balance, self.moment(day, 17))
		if month_end:
			deposit = next(a for a in self.accounts.values() if a.role == DEPOSIT)
			keep = 2 * self.accounts[main].opening_balance
			if self.balance[main] > 2 * keep:
				amount = math.floor((self.balance[main] - keep) / 100_000) * 100_000
				self.transfer(self.moment(day, 17), main, deposit.name, amount, "购买银行理财产品")

	@staticmethod
	def takings(account: AccountPlan, balance: float, day: date, month_end: bool) -> tuple[float, str]:
		"""What an account passes on at the end of `day`: collections on Fridays, platforms on Mondays,
		tills over their limit, foreign currency over its limit on Thursdays (sold), the general
		accounts' surplus at the end of the month."""
		if account.role == COLLECTION and day.weekday() == 4 and balance > 60_000:
			return math.floor((balance - 50_000) / 1_000) * 1_000, "回款归集"
		if account.role == PLATFORM and day.weekday() == 0 and balance > 1_000:
			return math.floor(balance / 100) * 100, "平台余额提现"
		if account.role == TILL and balance > 50_000:
			return math.floor((balance - 15_000) / 100) * 100, "现金存入银行"
		if account.role == FOREIGN and day.weekday() == 3 and balance > 4 * account.opening_balance:
			return math.floor((balance - 2 * account.opening_balance) / 1_000) * 1_000, "结汇"
		if account.role == GENERAL and month_end and balance > 2 * account.opening_balance:
			return math.floor((balance - account.opening_balance) / 10_000) * 10_000, "资金归集"
		return 0, ""


def _with_typos(seed: int, happened: list[_Happening], count: int) -> list[EntryPlan | EntryCancelPlan]:
	"""The entries with keys, in the order they were made; `count` everyday expenses are first typed
	10 % short, cancelled and entered again (within the twenty minutes before)."""
	rng = random.Random(f"{seed}:cash:typos")
	candidates = [i for i, h in enumerate(happened) if h.everyday and h.entry_type == EXPENSE]
	wrong = set(rng.sample(candidates, min(count, len(candidates))))
	events, key, last = [], itertools.count(), datetime.min
	for i, h in enumerate(happened):
		if i in wrong:
			typed = max(h.moment - timedelta(minutes=20), last)
			typo = EntryPlan(
				next(key),
				typed,
				h.user,
				h.account,
				h.entry_type,
				flt(h.amount * 0.9, 2),
				h.to_account,
				h.counterparty,
				h.category,
				h.remarks,
			)
			halfway = timedelta(seconds=(h.moment - typed).total_seconds() // 2)
			events += [typo, EntryCancelPlan(typed + halfway, typo.key, h.user)]
		events.append(
			EntryPlan(
				next(key),
				h.moment,
				h.user,
				h.account,
				h.entry_type,
				h.amount,
				h.to_account,
				h.counterparty,
				h.category,
				h.remarks,
			)
		)
		last = h.moment
	return events


# --- writing through the controllers -----------------------------------------------------------------


def ensure_cross_rates(rates: tuple[CrossRate, ...]) -> int:
	"""Currency Exchange rates the transfers between currencies use, where missing."""
	added = 0
	for rate in rates:
		filters = {"from_currency": rate.from_currency, "to_currency": rate.to_currency, "date": rate.day}
		if frappe.db.exists("Currency Exchange", filters):
			continue
		doc = {"doctype": "Currency Exchange", **filters, "exchange_rate": rate.rate}
		if frappe.get_meta("Currency Exchange").has_field("for_selling"):
			doc |= {"for_selling": 1, "for_buying": 1}
		frappe.get_doc(doc).insert(ignore_permissions=True)
		added += 1
	return added


def ensure_cash_accounts(plan: CashPlan) -> int:
	"""Create the accounts that are missing, with their access lists; return how many."""
	added = 0
	for account in plan.accounts:
		if frappe.db.exists("SM Cash Account", account.name):
			continue
		doc = frappe.get_doc(
			{
				"doctype": "SM Cash Account",
				"account_name": account.name,
				"account_type": account.account_type,
				"currency": account.currency,
				"bank_name": account.bank_name,
				"account_no": account.account_no,
				"opening_date": plan.opening_date,
				"opening_balance": account.opening_balance,
				"description": account.description,
				"access": [
					{"user": user, "level": level}
					for user, level in account.access
					if frappe.db.exists("User", user)
				],
			}
		)
		doc.insert(ignore_permissions=True)
		added += 1
	return added


def insert_cash(plan: CashPlan, start: int = 0, progress: Progress = None) -> int:
	"""Submit (or cancel) each event from `start` on through its controller at the moment it happened,
	as the user who enters it, one transaction each, counting them in PROGRESS_KEY; return how many."""
	names_ = _resume_names(plan, start)
	missing = plan.events[start:]
	if not missing:
		return 0
	users = set(
		frappe.get_all("User", filters={"name": ("in", list({e.user for e in missing}))}, pluck="name")
	)
	with moving(missing[0].moment) as move_to:
		for i, event in enumerate(missing, start):
			move_to(event.moment)
			frappe.set_user(event.user if event.user in users else "Administrator")
			try:
				if isinstance(event, EntryPlan):
					doc = frappe.get_doc(entry_doc(event))
					doc.docstatus = 1
					doc.insert()
					names_[event.key] = doc.name
				else:
					frappe.get_doc(ENTRY, names_[event.key]).cancel()
			finally:
				frappe.set_user("Administrator")
			set_series(PROGRESS_KEY, i + 1)
			frappe.db.commit()
			if progress:
				progress(i - start, len(missing))
	return len(missing)


def _resume_names(plan: CashPlan, start: int) -> dict[int, str]:
	"""Names of the plan's entries posted before `start` (a load resumed), in the order they were made;
	entries other documents posted (the payments' receipts) are not the plan's."""
	done = [event.key for event in plan.events[:start] if isinstance(event, EntryPlan)]
	if not done:
		return {}
	found = frappe.get_all(
		ENTRY,
		filters={"reference_name": ("is", "not set")},
		order_by="creation asc, name asc",
		pluck="name",
		limit=len(done),
	)
	return dict(zip(done, found, strict=True))


def entry_doc(plan: EntryPlan) -> dict:
	return {
		"doctype": ENTRY,
		"cash_account": plan.account,
		"entry_type": plan.entry_type,
		"posting_date": plan.moment.date(),
		"amount": plan.amount,
		"to_account": plan.to_account,
		"counterparty": plan.counterparty,
		"category": plan.category,
		"remarks": plan.remarks,
	}
