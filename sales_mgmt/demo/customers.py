"""Demo customers: companies and individuals spread over the sales team, their regions and the last
three years.

`plan_customers` is pure. `insert_customers` writes one validated document per customer (small
sets); `bulk_insert_customers` writes rows with bulk SQL, computing what the controller would
(name, customer_name_key) and moving the naming series on, so later inserts continue (large sets).
Both skip customers whose name is already taken, so running them again adds nothing.
"""

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

import frappe

from sales_mgmt.deals.customer import customer_name_key
from sales_mgmt.demo import names
from sales_mgmt.demo.people import SalespersonPlan
from sales_mgmt.demo.series import current_series, set_series

HISTORY_DAYS = 3 * 365
SERIES_PREFIX = "CUST-"  # SM Customer autoname CUST-.#####
SERIES_DIGITS = 5
BULK_CHUNK = 10_000

Progress = Callable[[int, int], None] | None

# how many customers a salesperson holds, relative to an average rep: managers keep a few key
# accounts, the director hardly any
OWNER_WEIGHTS = {0: 0.05, 1: 0.3, 2: 0.5}
CREDIT_STEPS = (5, 10, 20, 30, 50, 80, 100, 150, 200, 300, 500)  # × 10,000 元


@dataclass(frozen=True)
class CustomerPlan:
	customer_name: str
	customer_type: str
	salesperson_key: str
	status: str
	industry: str | None
	source: str
	phone: str | None
	email: str | None
	website: str | None
	city: str
	credit_limit: float
	notes: str | None
	creation: datetime
	modified: datetime

	@property
	def key(self) -> str:
		return customer_name_key(self.customer_name)


def plan_customers(
	count: int, seed: int, base_date: date, salespeople: list[SalespersonPlan]
) -> list[CustomerPlan]:
	"""`count` customers with distinct names, oldest first."""
	rng = random.Random(f"{seed}:customers")
	end = datetime.combine(base_date, time(18, 0))
	weights = [
		OWNER_WEIGHTS.get(p.key.count("."), 1.0) if p.is_manager else rng.lognormvariate(0, 0.45)
		for p in salespeople
	]
	# every rep has some customers to show, the rest go by weight
	reps = [p for p in salespeople if not p.is_manager]
	owners = reps * (count // (4 * len(reps))) if reps else []
	owners += rng.choices(salespeople, weights=weights, k=count - len(owners))
	seen: set[str] = set()
	plans = [_plan_customer(rng, owner, end, seen) for owner in owners]
	plans.sort(key=lambda c: c.creation)
	return plans


def _plan_customer(rng: random.Random, owner: SalespersonPlan, end: datetime, seen: set[str]) -> CustomerPlan:
	region = owner.region or rng.choice(list(names.REGIONS))
	cities = names.REGIONS[region]
	# the first city of a region is its biggest market
	city, area_code = rng.choices(cities, weights=range(len(cities) + 3, 3, -1))[0]
	status = names.weighted(rng, names.STATUSES)
	individual = rng.random() < 0.12

	while True:
		if individual:
			industry = "零售" if rng.random() < 0.3 else None
			name, pinyin = names.person_name(rng)
			domain = None
		else:
			industry = rng.choices(list(names.INDUSTRY_WEIGHTS), weights=names.INDUSTRY_WEIGHTS.values())[0]
			name, domain = names.company_name(rng, city, industry)
		if customer_name_key(name) not in seen:
			seen.add(customer_name_key(name))
			break

	phone = None
	if rng.random() < 0.95:
		phone = names.mobile(rng) if individual or rng.random() < 0.35 else names.landline(rng, area_code)
	email = website = None
	if individual:
		if rng.random() < 0.3:
			local = pinyin + str(rng.randint(1, 999)) if rng.random() < 0.6 else phone or names.mobile(rng)
			email = f"{local}@{rng.choice(names.PERSONAL_MAIL_DOMAINS)}"
	else:
		if rng.random() < 0.45:
			email = f"{rng.choice(('sales', 'info', 'purchase', 'contact', 'service'))}@{domain}"
		if rng.random() < 0.35:
			website = f"https://www.{domain}"

	credit_limit = 0
	if status == "Active" and rng.random() < (0.3 if individual else 0.7):
		credit_limit = rng.choice(CREDIT_STEPS[:3] if individual else CREDIT_STEPS) * 10_000

	# more customers were won recently than three years ago: the company is growing
	creation = end - timedelta(days=HISTORY_DAYS * rng.random() ** 1.4)
	creation = creation.replace(
		hour=rng.randint(8, 19),
		minute=rng.randrange(60),
		second=rng.randrange(60),
		microsecond=rng.randrange(10**6),
	)
	creation = min(creation, end)
	# open customers were touched lately; lost and dormant ones stopped changing soon after creation
	follow_up = (
		(end - creation) if status in ("Active", "Prospect") else min(end - creation, timedelta(days=90))
	)
	modified = creation + follow_up * rng.random()
	if modified.date() > creation.date():
		# people edit records during office hours
		modified = min(modified.replace(hour=rng.randint(8, 19)), end)

	return CustomerPlan(
		customer_name=name,
		customer_type="Individual" if individual else "Company",
		salesperson_key=owner.key,
		status=status,
		industry=industry,
		source=names.weighted(rng, names.SOURCES),
		phone=phone,
		email=email,
		website=website,
		city=city,
		credit_limit=credit_limit,
		notes=rng.choice(names.NOTES) if rng.random() < 0.25 else None,
		creation=creation,
		modified=modified,
	)


def _missing(plans: list[CustomerPlan]) -> list[CustomerPlan]:
	existing = set(frappe.db.sql_list("select customer_name_key from `tabSM Customer`"))
	return [plan for plan in plans if plan.key not in existing]


def _fields(plan: CustomerPlan, salesperson: str) -> dict:
	fields = asdict(plan)
	for meta_field in ("salesperson_key", "creation", "modified"):
		del fields[meta_field]
	fields["salesperson"] = salesperson
	return fields


def insert_customers(
	plans: list[CustomerPlan], salespeople: dict[str, str], owners: dict[str, str], progress: Progress = None
) -> int:
	"""Insert the missing customers one validated document at a time; return how many were added.

	`salespeople` maps plan keys to SM Salesperson names, `owners` maps them to users.
	"""
	missing = _missing(plans)
	for i, plan in enumerate(missing):
		doc = frappe.get_doc({"doctype": "SM Customer", **_fields(plan, salespeople[plan.salesperson_key])})
		doc.insert()
		# as if the salesperson had entered it back then
		owner = owners[plan.salesperson_key]
		frappe.db.set_value(
			"SM Customer",
			doc.name,
			{"creation": plan.creation, "modified": plan.modified, "owner": owner, "modified_by": owner},
			update_modified=False,
		)
		if progress:
			progress(i, len(missing))
	return len(missing)


def bulk_insert_customers(
	plans: list[CustomerPlan], salespeople: dict[str, str], owners: dict[str, str], progress: Progress = None
) -> int:
	"""Insert the missing customers with bulk SQL, committing every chunk; return how many were added."""
	missing = _missing(plans)
	columns = (
		[
			"name",
			"owner",
			"modified_by",
			"creation",
			"modified",
			"docstatus",
			"idx",
			"customer_name_key",
			*_fields(missing[0], "").keys(),
		]
		if missing
		else []
	)
	for start in range(0, len(missing), BULK_CHUNK):
		chunk = missing[start : start + BULK_CHUNK]
		number = current_series(SERIES_PREFIX)
		rows = []
		for plan in chunk:
			number += 1
			owner = owners[plan.salesperson_key]
			fields = _fields(plan, salespeople[plan.salesperson_key])
			rows.append(
				(
					f"{SERIES_PREFIX}{number:0{SERIES_DIGITS}d}",
					owner,
					owner,
					plan.creation,
					plan.modified,
					0,
					0,
					plan.key,
					*fields.values(),
				)
			)
		frappe.db.bulk_insert("SM Customer", columns, rows, chunk_size=BULK_CHUNK)
		set_series(SERIES_PREFIX, number)
		frappe.db.commit()
		if progress:
			progress(start + len(chunk) - 1, len(missing))
	if missing:
		# InnoDB samples index statistics in the background; until it has, the optimizer may misjudge
		# `salesperson in (...)` and sort the whole table for a manager's list
		frappe.db.sql("analyze table `tabSM Customer`")
	return len(missing)
