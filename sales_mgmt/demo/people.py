"""The demo sales organisation: a sales director, regional managers, (for large sets) team leads,
and reps, each with a desk user.

`plan_salespeople` is pure (seed in, plan out); `ensure_salespeople` writes the plan through
documents, so the nested set and every validation run, and skips whoever already exists.
"""

import random
from dataclasses import dataclass

import frappe

from sales_mgmt.demo import names
from sales_mgmt.demo.sizes import DemoSize
from sales_mgmt.demo.users import demo_email, ensure_user

MANAGER_ROLE = "Sales Manager"
REP_ROLE = "Sales User"

# the demo logins that are salespeople, by their place in the tree
DIRECTOR_LOGIN = demo_email("director")
MANAGER_LOGIN = demo_email("manager")
REP_LOGIN = demo_email("sales")


@dataclass(frozen=True)
class SalespersonPlan:
	key: str  # stable within a plan: "d", "d.1" (region), "d.1.2" (team lead), "d.1.2.3" (rep)
	salesperson_name: str
	user: str
	parent_key: str | None
	team: str
	region: str | None  # None: the head office, selling in every region
	mobile_no: str
	is_manager: bool

	@property
	def role(self) -> str:
		return MANAGER_ROLE if self.is_manager else REP_ROLE


class NameDrawer:
	"""Draws distinct names, e-mail addresses and mobile numbers."""

	def __init__(self, rng: random.Random, taken_names: set[str] | None = None):
		self.rng = rng
		self.names: set[str] = set(taken_names or ())
		self.emails: set[str] = set()
		self.mobiles: set[str] = set()

	def person(self, email: str | None = None) -> tuple[str, str, str]:
		"""A new (name, e-mail, mobile); the e-mail is made from the name's pinyin unless given."""
		while True:
			name, pinyin = names.person_name(self.rng)
			if name not in self.names:
				break
		self.names.add(name)
		if not email:
			email, n = demo_email(pinyin), 1
			while email in self.emails:
				n += 1
				email = demo_email(f"{pinyin}{n}")
		self.emails.add(email)
		while (mobile := names.mobile(self.rng)) in self.mobiles:
			pass
		self.mobiles.add(mobile)
		return name, email, mobile


def plan_salespeople(size: DemoSize, seed: int) -> list[SalespersonPlan]:
	"""The tree for `size`, parents before children; the same for the same seed."""
	people = NameDrawer(random.Random(f"{seed}:people"))
	regions = list(names.REGIONS)[: size.regions]
	plans: list[SalespersonPlan] = []

	def add(key, parent_key, team, region, is_manager, email=None):
		name, email, mobile = people.person(email)
		plans.append(SalespersonPlan(key, name, email, parent_key, team, region, mobile, is_manager))

	add("d", None, names.HEAD_OFFICE_TEAM, None, True, DIRECTOR_LOGIN)
	for r, region in enumerate(regions, 1):
		add(f"d.{r}", "d", region, region, True, MANAGER_LOGIN if r == 1 else None)
	for r, region in enumerate(regions, 1):
		for t in range(1, size.leads_per_region + 1):
			add(f"d.{r}.{t}", f"d.{r}", region, region, True)

	# reps are dealt round-robin to the lowest managers, region by region
	rep_parents = [p for p in plans if p.key.count(".") == (2 if size.leads_per_region else 1)]
	counts = dict.fromkeys((p.key for p in rep_parents), 0)
	for i in range(size.reps):
		parent = rep_parents[i % len(rep_parents)]
		counts[parent.key] += 1
		email = REP_LOGIN if i == 0 else None
		add(f"{parent.key}.{counts[parent.key]}", parent.key, parent.team, parent.region, False, email)
	return plans


def ensure_salespeople(plans: list[SalespersonPlan], progress=None) -> dict[str, str]:
	"""Create users and SM Salesperson records that are missing; return plan key → record name."""
	by_key: dict[str, str] = {}
	for i, plan in enumerate(plans):
		ensure_user(plan.user, plan.salesperson_name, [plan.role], plan.mobile_no)
		existing = frappe.db.get_value("SM Salesperson", {"user": plan.user})
		if existing:
			by_key[plan.key] = existing
		else:
			doc = frappe.get_doc(
				{
					"doctype": "SM Salesperson",
					"salesperson_name": plan.salesperson_name,
					"user": plan.user,
					"parent_sm_salesperson": by_key.get(plan.parent_key) if plan.parent_key else None,
					"is_group": int(plan.is_manager),
					"team": plan.team,
					"enabled": 1,
					"mobile_no": plan.mobile_no,
				}
			).insert()
			by_key[plan.key] = doc.name
		if progress:
			progress(i, len(plans))
	return by_key
