"""How big each demo data set is and how its salesperson tree is shaped."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GoodsSize:
	sales_items: int
	promo_items: int
	gift_items: int
	warehouses: int
	months: int  # of stock movements before the base date
	sales_per_day: float  # sales deliveries on a working day (before season and growth)
	lines_per_sale: tuple[int, int]
	promo_per_day: float  # hand-outs of promotional materials and gifts on a working day
	ledger_rows: int | None  # stop at exactly this many ledger rows (benchmarks)
	bulk: bool

	@property
	def products(self) -> int:
		return self.sales_items + self.promo_items + self.gift_items


@dataclass(frozen=True)
class MoneySize:
	orders: int  # sales orders (contracts), cancelled ones included
	months: int  # orders were signed over this many months before the base date
	lines_per_order: tuple[int, int]
	bulk: bool  # bulk SQL instead of submitting documents


@dataclass(frozen=True)
class CashSize:
	layout: str  # "compact": a handful of accounts; "full": 50 (head office, regions, sales teams)
	months: int  # of the money plan's orders before the base date (the accounts open a month earlier)
	entries: int | None  # cash entries in all, the customer payments' receipts included (exactly)
	activity: float  # how busy the book's everyday flows are (a first guess when `entries` is set)
	bulk: bool  # bulk SQL instead of submitting documents


@dataclass(frozen=True)
class ExpenseSize:
	count: int | None  # expenses in all (exactly); None: as many as `per_day` gives
	per_day: float  # expenses a salesperson enters on a working day (a first guess when `count` is set)
	paid_share: float  # of the approved expenses paid out of a cash account (the rest with the salaries)
	bulk: bool  # bulk SQL instead of entering, sending and approving documents


@dataclass(frozen=True)
class ActivitySize:
	months: int  # of activities before the base date (and the planned ones of the days after it)
	per_day: float  # activities a rep records on a working day (a first guess when `count` is set)
	count: int | None  # activities in all, follow-ups and planned ones included (exactly)
	bulk: bool  # bulk SQL instead of entering and completing each activity through its controller


@dataclass(frozen=True)
class ServiceSize:
	complaints: int  # in all (exactly), opened over `months` months before the base date
	months: int
	bulk: bool  # bulk SQL instead of moving each complaint through the workflow


@dataclass(frozen=True)
class DemoSize:
	name: str
	salespeople: int  # everyone in the tree: director, managers, team leads and reps
	regions: int  # regional managers reporting to the sales director
	leads_per_region: int  # team leads under each regional manager; 0: reps report to the region
	customers: int
	bulk: bool  # insert customers and opportunities with bulk SQL instead of validated documents
	goods: GoodsSize  # catalog, warehouses and stock movements
	money: MoneySize  # sales orders, deliveries, invoices, payments, receivables
	cash: CashSize  # cash accounts, their entries and the payments' receipts
	expenses: ExpenseSize  # salespeople's expenses, their budgets and approvals
	activities: ActivitySize  # visits, calls, meetings, e-mails and demos with their outcomes
	opportunities: int = 0
	deal_history_days: int = 183  # opportunities were opened over this many days before the base date
	leads: int = 0
	hot_flags_per_rep: int = 0
	service: ServiceSize | None = None  # customers' complaints, their handling and surveys; the FAQ

	@property
	def managers(self) -> int:
		return 1 + self.regions + self.regions * self.leads_per_region

	@property
	def reps(self) -> int:
		return self.salespeople - self.managers


SIZES: dict[str, DemoSize] = {
	# a demo a person clicks through: director → 3 regions → reps
	"small": DemoSize(
		"small",
		salespeople=20,
		regions=3,
		leads_per_region=0,
		customers=300,
		bulk=False,
		opportunities=400,
		deal_history_days=183,
		leads=60,
		hot_flags_per_rep=3,
		# a few hundred products in 3 warehouses, 15 months of movements through the posting function
		goods=GoodsSize(
			sales_items=282,
			promo_items=10,
			gift_items=8,
			warehouses=3,
			months=15,
			sales_per_day=2.5,
			lines_per_sale=(1, 3),
			promo_per_day=0.8,
			ledger_rows=None,
			bulk=False,
		),
		# a few hundred contracts over six months, each document submitted through its controller
		money=MoneySize(orders=300, months=6, lines_per_order=(1, 4), bulk=False),
		# ten accounts in CNY, USD and EUR, six months of entries through the controllers
		cash=CashSize(layout="compact", months=6, entries=None, activity=1.0, bulk=False),
		# a few hundred expenses over the same months, entered, sent and approved in the desk's workflow
		expenses=ExpenseSize(count=None, per_day=0.2, paid_share=0.6, bulk=False),
		# three months of visits, calls, meetings … entered and completed through the controller
		activities=ActivitySize(months=3, per_day=2.0, count=None, bulk=False),
		# complaints over six months moved through the workflow by the service agent, surveys answered
		service=ServiceSize(complaints=160, months=6, bulk=False),
	),
	# benchmarks: director → 6 regions → 4 team leads each → reps, so a regional manager's
	# subtree spans three levels; 200,000 opportunities over two years, about 800,000 stage log rows;
	# 5,000 products in 20 warehouses
	"large": DemoSize(
		"large",
		salespeople=200,
		regions=6,
		leads_per_region=4,
		customers=100_000,
		bulk=True,
		opportunities=200_000,
		deal_history_days=730,
		hot_flags_per_rep=3,
		# 5,000 products, 20 warehouses, exactly 500,000 stock ledger rows
		goods=GoodsSize(
			sales_items=4_700,
			promo_items=150,
			gift_items=150,
			warehouses=20,
			months=15,
			sales_per_day=42,
			lines_per_sale=(4, 12),
			promo_per_day=12,
			ledger_rows=500_000,
			bulk=True,
		),
		# 100,000 contracts over a year with their deliveries, invoices and payments (bulk SQL)
		money=MoneySize(orders=100_000, months=12, lines_per_order=(1, 4), bulk=True),
		# 50 accounts, exactly 300,000 cash entries over a year (bulk SQL)
		cash=CashSize(layout="full", months=12, entries=300_000, activity=12.0, bulk=True),
		# exactly 200,000 expenses over the year (bulk SQL)
		expenses=ExpenseSize(count=200_000, per_day=3.8, paid_share=0.25, bulk=True),
		# exactly 1,000,000 activities over the year (bulk SQL)
		activities=ActivitySize(months=12, per_day=20.0, count=1_000_000, bulk=True),
		# exactly 300,000 complaints over the year (bulk SQL)
		service=ServiceSize(complaints=300_000, months=12, bulk=True),
	),
}


def get_size(name: str) -> DemoSize:
	if name not in SIZES:
		raise ValueError(f"unknown demo size {name!r}; choose one of {', '.join(SIZES)}")
	return SIZES[name]
