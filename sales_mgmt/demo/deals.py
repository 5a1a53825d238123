"""Demo deals: opportunities in every stage with stage histories, leads, and hot flags.

`plan_opportunities` is pure: seed, base date and customers in, plans out. Each plan is a path
through the default stages (early tracking → proposal → quotation → bidding → won, with losses and
the odd step back) at office hours on real days; deals still open at the base date stay in their
last stage, and those that stayed longer than the stage allows are stalled.

`insert_opportunities` saves each plan as a document, one save per stage change under a frozen
clock, so the controller writes the stage log as it would have (small sets). `bulk_insert_opportunities`
writes the same rows with bulk SQL, computing what the controller would (status, probability,
amounts, closing day, stage log with days per stage), and moves the naming series on (large sets).
Both resume after the opportunities already there, so running them again adds nothing.
"""

import hashlib
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import frappe
from frappe.utils import add_days

from sales_mgmt.demo import names
from sales_mgmt.demo.clock import frozen
from sales_mgmt.demo.series import current_series, set_series

Progress = Callable[[int, int], None] | None

ET, PR, QU, BI, WON, LOST = "Early Tracking", "Proposal", "Quotation", "Bidding", "Won", "Lost"
OPEN_STAGES = (ET, PR, QU, BI)
# the installed defaults (sales_mgmt.deals.stages): probability by stage
PROBABILITY = {ET: 10, PR: 30, QU: 50, BI: 70, WON: 100, LOST: 0}
START_WEIGHTS = (70, 20, 7, 3)  # where a new deal starts
# median days a deal stays in each stage, and the chances of losing it / stepping back from there
MEDIAN_DAYS = {ET: 16, PR: 13, QU: 10, BI: 11}
LOSS = {ET: 0.17, PR: 0.15, QU: 0.15, BI: 0.2}
BACK = 0.1

LOST_REASONS = (
	("Price too high", 30),
	("Lost to a competitor", 30),
	("No budget", 15),
	("Project cancelled", 10),
	("No decision", 15),
)
COMPETITORS = (
	"华为",
	"海康威视",
	"大华股份",
	"新华三",
	"锐捷网络",
	"研华科技",
	"西门子",
	"施耐德电气",
	"台达",
	"汇川技术",
)
PRODUCTS = (
	"工业交换机",
	"监控系统",
	"机房UPS",
	"LED显示屏",
	"PLC控制器",
	"工控机",
	"服务器",
	"无线AP",
	"门禁系统",
	"工业相机",
	"变频器",
	"会议平板",
	"笔记本电脑",
	"存储阵列",
	"传感器",
)
PROJECTS = ("采购", "项目", "二期扩容", "年度框架协议", "备件采购", "升级改造", "新厂建设配套", "替换项目")
NEXT_STEPS = (
	"约技术负责人现场交流",
	"发送修订后的报价单",
	"安排样机测试",
	"跟进招标文件发布时间",
	"请经理陪同拜访采购总监",
	"确认付款方式和账期",
	"准备方案演示",
	"催客户确认技术参数",
	"等待客户内部立项",
	"寄送合同草稿",
)
HOT_NOTES = (
	"{m}月{d}日左右签单",
	"可能追加订单",
	"{m}月{d}日之前支付{n}期{amount}元",
	"客户老板{m}月{d}日来访，准备方案演示",
	"{m}月{d}日开标，标书已递交",
	"合同在走法务审批，预计{m}月{d}日盖章",
	"竞品在压价，{m}月{d}日前给最终报价",
	"年底预算要在{m}月{d}日前用完",
)
LOG_CHUNK = 20_000
OPP_CHUNK = 5_000
SERIES_PREFIX = "OPP-"


@dataclass(frozen=True)
class OpportunityPlan:
	title: str
	customer: str
	salesperson: str
	amount: float
	expected_close_date: date
	steps: tuple[tuple[datetime, str], ...]  # stage entries, the first is the creation
	lost_reason: str | None
	competitor: str | None
	next_step: str | None

	@property
	def stage(self) -> str:
		return self.steps[-1][1]

	@property
	def status(self) -> str:
		return {WON: "Won", LOST: "Lost"}.get(self.stage, "Open")


def plan_opportunities(
	count: int, seed: int, base_date: date, history_days: int, customers: list[tuple[str, str]]
) -> list[OpportunityPlan]:
	"""`count` opportunities of `customers` ((name, salesperson), salesperson set), oldest first."""
	rng = random.Random(f"{seed}:opportunities")
	end = datetime.combine(base_date, time(18, 0))
	plans = [_plan_opportunity(rng, end, history_days, rng.choice(customers)) for _ in range(count)]
	plans.sort(key=lambda p: p.steps[0][0])
	return plans


def _office_hours(rng: random.Random, moment: datetime) -> datetime:
	return moment.replace(hour=rng.randint(9, 17), minute=rng.randrange(60), second=rng.randrange(60))


def _plan_opportunity(rng, end: datetime, history_days: int, customer: tuple[str, str]) -> OpportunityPlan:
	# more deals were opened lately: the pipeline grows
	start = _office_hours(rng, end - timedelta(days=history_days * rng.random() ** 1.15))
	start = min(start, end)
	index = rng.choices(range(len(OPEN_STAGES)), weights=START_WEIGHTS)[0]
	steps = [(start, OPEN_STAGES[index])]
	moment = start
	while True:
		stage = OPEN_STAGES[index]
		days = rng.lognormvariate(math.log(MEDIAN_DAYS[stage]), 0.75)
		moment = _office_hours(rng, moment + timedelta(days=max(days, 1)))
		if moment > end:
			break  # still in this stage at the base date
		draw = rng.random()
		if draw < LOSS[stage]:
			steps.append((moment, LOST))
			break
		if draw < LOSS[stage] + BACK and index > 0:
			index -= 1
		else:
			index += 1
			if index == len(OPEN_STAGES):
				steps.append((moment, WON))
				break
		steps.append((moment, OPEN_STAGES[index]))

	closes = start.date() + timedelta(days=rng.randint(20, 120))
	still_open = steps[-1][1] in OPEN_STAGES
	if still_open and closes < end.date() and rng.random() < 0.6:
		# the salesperson moved the date on; the others are overdue
		closes = end.date() + timedelta(days=rng.randint(5, 90))
	lost = steps[-1][1] == LOST
	lost_reason = names.weighted(rng, LOST_REASONS) if lost else None
	competitor = (
		rng.choice(COMPETITORS) if lost_reason == "Lost to a competitor" or rng.random() < 0.2 else None
	)
	amount = min(max(round(rng.lognormvariate(math.log(60_000), 0.9), -2), 2_000), 5_000_000)
	return OpportunityPlan(
		title=f"{rng.choice(PRODUCTS)}{rng.choice(PROJECTS)}",
		customer=customer[0],
		salesperson=customer[1],
		amount=float(amount),
		expected_close_date=closes,
		steps=tuple(steps),
		lost_reason=lost_reason,
		competitor=competitor,
		next_step=rng.choice(NEXT_STEPS) if still_open and rng.random() < 0.7 else None,
	)


def demo_customers() -> list[tuple[str, str]]:
	"""(customer, salesperson) of every customer that has a salesperson, in name order."""
	return [
		tuple(row)
		for row in frappe.get_all(
			"SM Customer",
			filters={"salesperson": ("is", "set")},
			fields=["name", "salesperson"],
			order_by="name asc",
			as_list=True,
		)
	]


def salesperson_users() -> dict[str, str]:
	return dict(
		frappe.get_all(
			"SM Salesperson", filters={"user": ("is", "set")}, fields=["name", "user"], as_list=True
		)
	)


def insert_opportunities(plans: list[OpportunityPlan], progress: Progress = None) -> int:
	"""Save the plans not yet in the site as documents, one save per stage change at its time."""
	existing = frappe.db.count("SM Opportunity")
	users = salesperson_users()
	missing = plans[existing:]
	for i, plan in enumerate(missing):
		insert_opportunity(plan, users.get(plan.salesperson) or "Administrator")
		if progress:
			progress(i, len(missing))
	return len(missing)


def insert_opportunity(plan: OpportunityPlan, user: str) -> str:
	first, stage = plan.steps[0]
	with frozen(first):
		doc = frappe.get_doc(
			{
				"doctype": "SM Opportunity",
				"title": plan.title,
				"customer": plan.customer,
				"salesperson": plan.salesperson,
				"stage": stage,
				"amount": plan.amount,
				"expected_close_date": plan.expected_close_date,
				"competitor": plan.competitor,
				"next_step": plan.next_step,
			}
		).insert(ignore_permissions=True)
	for moment, stage in plan.steps[1:]:
		with frozen(moment):
			doc.reload()
			doc.stage = stage
			doc.lost_reason = plan.lost_reason if stage == LOST else None
			doc.save(ignore_permissions=True)
	_as_entered_by(doc.name, user)
	return doc.name


def _as_entered_by(name: str, user: str) -> None:
	"""As if the salesperson had entered it: owner and history in their name."""
	frappe.db.sql(
		"update `tabSM Opportunity` set owner=%(user)s, modified_by=%(user)s where name=%(name)s",
		{"user": user, "name": name},
	)
	frappe.db.sql(
		"update `tabSM Opportunity Stage Log` set owner=%(user)s, modified_by=%(user)s, changed_by=%(user)s "
		"where parent=%(name)s and parenttype='SM Opportunity'",
		{"user": user, "name": name},
	)


def bulk_insert_opportunities(plans: list[OpportunityPlan], progress: Progress = None) -> tuple[int, int]:
	"""Write the plans not yet in the site with bulk SQL; returns (opportunities, stage log rows) added."""
	existing = frappe.db.count("SM Opportunity")
	missing = plans[existing:]
	users = salesperson_users()
	customer_names = dict(
		frappe.db.sql("select name, customer_name from `tabSM Customer` where salesperson is not null")
	)
	opp_columns = (
		"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "title", "customer",
		"customer_name", "salesperson", "stage", "status", "probability", "expected_close_date", "currency",
		"exchange_rate", "amount", "base_amount", "weighted_amount", "next_step", "competitor", "lost_reason",
		"stage_changed_on", "closed_on", "opportunity_date",
	)  # fmt: skip
	log_columns = (
		"name", "owner", "modified_by", "creation", "modified", "docstatus", "idx", "parent", "parenttype",
		"parentfield", "from_stage", "to_stage", "changed_on", "changed_by", "days_in_from_stage",
		"from_stage_entered_on",
	)  # fmt: skip
	added_logs = 0
	for start in range(0, len(missing), OPP_CHUNK):
		chunk = missing[start : start + OPP_CHUNK]
		number = current_series(SERIES_PREFIX)
		opp_rows, log_rows = [], []
		for plan in chunk:
			number += 1
			name = f"{SERIES_PREFIX}{number:05d}"
			user = users.get(plan.salesperson) or "Administrator"
			opp_rows.append(_opportunity_row(name, user, plan, customer_names.get(plan.customer)))
			log_rows.extend(_log_rows(name, user, plan))
		frappe.db.bulk_insert("SM Opportunity", opp_columns, opp_rows, chunk_size=OPP_CHUNK)
		frappe.db.bulk_insert("SM Opportunity Stage Log", log_columns, log_rows, chunk_size=LOG_CHUNK)
		set_series(SERIES_PREFIX, number)
		frappe.db.commit()
		added_logs += len(log_rows)
		if progress:
			progress(start + len(chunk) - 1, len(missing))
	if missing:
		# fresh index statistics, or the optimizer misjudges the reports' ranges (see customers.py)
		frappe.db.sql("analyze table `tabSM Opportunity`, `tabSM Opportunity Stage Log`")
	return len(missing), added_logs


def _opportunity_row(name: str, user: str, plan: OpportunityPlan, customer_name: str | None) -> tuple:
	created, changed = plan.steps[0][0], plan.steps[-1][0]
	probability = PROBABILITY[plan.stage]
	return (
		name, user, user, created, changed, 0, 0, plan.title, plan.customer, customer_name,
		plan.salesperson, plan.stage, plan.status, probability, plan.expected_close_date, "CNY", 1,
		plan.amount, plan.amount, round(plan.amount * probability / 100, 2), plan.next_step,
		plan.competitor, plan.lost_reason, changed, changed.date() if plan.status != "Open" else None,
		created.date(),
	)  # fmt: skip


def _log_rows(name: str, user: str, plan: OpportunityPlan) -> list[tuple]:
	rows = []
	previous = None
	for idx, (moment, stage) in enumerate(plan.steps, 1):
		from_stage, entered = previous or (None, None)
		days = (moment.date() - entered.date()).days if entered else 0
		row_name = hashlib.sha1(f"{name}:{idx}".encode()).hexdigest()[:10]
		rows.append(
			(
				row_name,
				user,
				user,
				moment,
				moment,
				0,
				idx,
				name,
				"SM Opportunity",
				"stage_log",
				from_stage,
				stage,
				moment,
				user,
				days,
				entered,
			)
		)
		previous = (stage, moment)
	return rows


# --- leads -------------------------------------------------------------------------------------

LEAD_STATUSES = (("New", 30), ("Contacted", 25), ("Qualified", 20), ("Disqualified", 12), ("Converted", 13))
DISQUALIFY_REASONS = (
	"只是比价，没有采购计划",
	"预算不足，明年再说",
	"联系方式无效",
	"同行打听价格",
	"需求不在我们的产品范围",
)


@dataclass(frozen=True)
class LeadPlan:
	lead_name: str
	company_name: str | None
	phone: str
	source: str
	salesperson: str
	status: str
	disqualify_reason: str | None
	created: datetime


def plan_leads(count: int, seed: int, base_date: date, reps: list[str]) -> list[LeadPlan]:
	"""`count` leads of the reps `reps`, the newest in the last two months."""
	rng = random.Random(f"{seed}:leads")
	end = datetime.combine(base_date, time(18, 0))
	plans = []
	for _ in range(count):
		person, _pinyin = names.person_name(rng)
		company = None
		if rng.random() < 0.8:
			region = rng.choice(list(names.REGIONS))
			city, _area = rng.choice(names.REGIONS[region])
			industry = rng.choices(list(names.INDUSTRY_WEIGHTS), weights=names.INDUSTRY_WEIGHTS.values())[0]
			company, _domain = names.company_name(rng, city, industry)
		status = names.weighted(rng, LEAD_STATUSES)
		plans.append(
			LeadPlan(
				lead_name=person,
				company_name=company,
				phone=names.mobile(rng),
				source=names.weighted(rng, names.SOURCES),
				salesperson=rng.choice(reps),
				status=status,
				disqualify_reason=rng.choice(DISQUALIFY_REASONS) if status == "Disqualified" else None,
				created=_office_hours(rng, end - timedelta(days=60 * rng.random())),
			)
		)
	plans.sort(key=lambda p: p.created)
	return plans


def insert_leads(plans: list[LeadPlan]) -> int:
	"""Save the missing leads; Converted ones go through the real conversion (customer, opportunity)."""
	from sales_mgmt.deals.lead_conversion import convert_lead

	existing = frappe.db.count("SM Lead")
	for plan in plans[existing:]:
		with frozen(plan.created):
			lead = frappe.get_doc(
				{
					"doctype": "SM Lead",
					"lead_name": plan.lead_name,
					"company_name": plan.company_name,
					"phone": plan.phone,
					"source": plan.source,
					"salesperson": plan.salesperson,
					"status": "Qualified" if plan.status == "Converted" else plan.status,
					"disqualify_reason": plan.disqualify_reason,
				}
			).insert(ignore_permissions=True)
			if plan.status == "Converted":
				convert_lead(lead.name)
	return len(plans[existing:])


# --- hot flags ---------------------------------------------------------------------------------


def insert_hot_flags(seed: int, base_date: date, per_rep: int) -> int:
	"""Up to `per_rep` hot customers per rep, on customers with open deals, with realistic notes;
	set on the base date, expiring a month after the date they are about."""
	if frappe.db.count("SM Hot Flag"):
		return 0
	rng = random.Random(f"{seed}:hot_flags")
	open_deals = frappe.get_all(
		"SM Opportunity",
		filters={"status": "Open"},
		fields=["name", "customer", "salesperson", "amount"],
		order_by="name asc",
	)
	by_rep: dict[str, list] = {}
	for deal in open_deals:
		by_rep.setdefault(deal.salesperson, []).append(deal)
	added = 0
	with frozen(datetime.combine(base_date, time(9, 0))):
		for rep in sorted(by_rep):
			deals = by_rep[rep]
			chosen, seen = [], set()
			for deal in rng.sample(deals, len(deals)):
				if deal.customer not in seen:
					seen.add(deal.customer)
					chosen.append(deal)
				if len(chosen) == per_rep:
					break
			for deal in chosen:
				expected = base_date + timedelta(days=rng.randint(2, 25))
				template = rng.choice(HOT_NOTES)
				note = template.format(
					m=expected.month,
					d=expected.day,
					n=rng.randint(2, 3),
					amount=f"{round(deal.amount * rng.choice((0.3, 0.4, 0.5)), -2):.0f}",
				)
				frappe.get_doc(
					{
						"doctype": "SM Hot Flag",
						"customer": deal.customer,
						"opportunity": deal.name,
						"salesperson": rep,
						"note": note,
						# a note about a day is due that day; others are open-ended
						"expected_date": expected if "{m}" in template or rng.random() < 0.5 else None,
						"expires_on": add_days(expected, 30),
					}
				).insert(ignore_permissions=True)
				added += 1
	return added
