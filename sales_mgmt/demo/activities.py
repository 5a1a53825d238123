"""Demo activities: the salespeople's visits, calls, meetings, e-mails and demos, working day after
working day — visits, meetings and demos planned a few days ahead and completed once they are over,
calls and e-mails mostly logged right after they happened — with their outcomes (mostly done:
Successful, Unsuccessful or Follow-up Needed; a visit to a customer who orders within the next three
months more often successful), Chinese subjects and summaries, the customer's city as the location,
and follow-ups: a done activity with `next_activity_on` plans the next one (the controller creates
it, chained by `next_activity` / `previous_activity`), which is done, cancelled or left overdue in its
turn. Some activities are cancelled, a few planned ones were never completed (overdue), and the days
after the base date hold what is already planned.

`plan_activities` is pure; `insert_activities` runs every event through the SM Activity controller as
the salesperson at the moment it happened (small sets); `sales_mgmt.demo.activities_bulk.
bulk_insert_activities` writes the same rows with bulk SQL (large sets; test_demo_activities compares
the two).
"""

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import frappe
from frappe.utils import add_months

from sales_mgmt.demo import names
from sales_mgmt.demo.clock import moving
from sales_mgmt.demo.series import set_series
from sales_mgmt.people.activities import CANCELLED, DONE, PLANNED

Progress = Callable[[int, int], None] | None

ACTIVITY = "SM Activity"
PROGRESS_KEY = "sales_mgmt_demo_activity_events"
SUCCESSFUL, UNSUCCESSFUL, FOLLOW_UP = "Successful", "Unsuccessful", "Follow-up Needed"
AHEAD_DAYS = 10  # planned activities reach this many days past the base date
BUYING_WINDOW = 90  # a customer "later orders" when it orders within this many days of the activity
MAX_CHAIN = 4  # activities in one chain of follow-ups


@dataclass(frozen=True)
class TypePlan:
	activity_type: str
	weight: float  # share of a salesperson's activities
	planned: float  # share planned ahead (the rest logged once done)
	minutes: tuple[int, int]  # how long it takes
	hours: tuple[int, int]  # when it starts (first and last hour)
	at_customer: bool  # takes place at the customer's (location: the customer's city)
	subjects: tuple[str, ...]  # "{p}": a person at the customer, "{c}": the customer's city


TYPES = (
	TypePlan("Visit", 24, 0.85, (45, 150), (9, 16), True, ("拜访采购部{p}，介绍新品", "拜访{p}，洽谈年度框架协议", "上门回访，了解设备使用情况", "拜访技术部{p}，确认产品选型", "登门拜访，催收货款", "拜访新客户，了解采购需求", "{c}客户走访")),
	TypePlan("Call", 38, 0.2, (5, 30), (9, 17), False, ("电话跟进报价", "电话确认交货时间", "电话回访售后问题", "电话催收货款", "电话预约拜访时间", "与{p}电话沟通合同条款")),
	TypePlan("Email", 20, 0.0, (10, 20), (9, 18), False, ("发送产品报价单", "邮件发送技术方案", "邮件确认合同条款", "发送新品目录", "邮件回复{p}的询价")),
	TypePlan("Meeting", 9, 0.9, (60, 120), (9, 16), True, ("与{p}商务洽谈", "方案评审会", "合同谈判会议", "季度业务回顾会", "与{p}沟通合作方案")),
	TypePlan("Demo", 6, 0.95, (60, 120), (9, 15), True, ("产品演示：新品功能介绍", "现场演示设备操作", "线上演示系统方案", "为{p}演示样机")),
	TypePlan("Other", 3, 0.5, (60, 120), (9, 16), False, ("参加{c}行业展会", "部门周例会", "新产品培训", "整理客户资料")),
)  # fmt: skip
TITLES = ("经理", "总", "主任", "工", "科长", "主管")
SUMMARIES = {
	SUCCESSFUL: ("客户对新品很感兴趣，同意下周安排试用", "客户确认采购意向，准备下单", "报价已获认可，进入合同流程", "客户承诺本月底前付款", "技术方案通过客户评审", "客户同意签订年度框架协议"),
	UNSUCCESSFUL: ("客户要求降价5%，暂未达成一致", "客户已选择竞争对手的产品", "对接人出差，未能见面", "客户预算削减，项目暂缓", "客户对交货期不满意", "电话无人接听"),
	FOLLOW_UP: ("客户需要内部讨论，下周再跟进", "客户要求提供详细技术参数", "电话跟进报价，客户要求降价5%", "客户希望安排现场演示", "客户在比较三家供应商报价", "需与客户财务确认付款方式"),
}  # fmt: skip
NEXT_STEPS = ("再次拜访确认采购意向", "发送修改后的报价", "安排技术人员现场演示", "电话确认合同细节", "跟进付款进度", "提交样品测试报告", "约客户高层面谈")  # fmt: skip
OTHER_SUMMARIES = ("已完成", "会议纪要已发部门群", "已整理并归档")
TYPE_WEIGHTS = tuple(itertools.accumulate(t.weight for t in TYPES))
SURNAMES = tuple(s for s, _pinyin, _weight in names.SURNAMES)
SURNAME_WEIGHTS = tuple(itertools.accumulate(w for _s, _pinyin, w in names.SURNAMES))


@dataclass(frozen=True)
class Actor:
	user: str
	salesperson: str  # record
	rate: float  # activities a working day, relative to a rep's
	customers: tuple[tuple[str, str], ...]  # (record, city) of the salesperson's (a manager's: the team's)


@dataclass(frozen=True, slots=True)
class ActivityPlan:
	key: int
	moment: datetime  # entered; a follow-up: when the activity before it was completed
	user: str
	salesperson: str
	activity_type: str
	subject: str
	customer: str | None
	opportunity: str | None
	starts_on: datetime
	ends_on: datetime
	location: str | None
	# a follow-up: the activity whose completion planned it (the controller creates it; the loaders do
	# not insert it themselves)
	previous: int | None
	result: "ResultPlan | None" = None  # logged: entered already done, with this result


@dataclass(frozen=True, slots=True)
class ResultPlan:
	moment: datetime
	key: int
	status: str  # Done or Cancelled
	outcome: str | None = None
	summary: str | None = None
	next_step: str | None = None
	next_activity_on: datetime | None = None
	follow_up: int | None = None  # the key of the activity `next_activity_on` plans


@dataclass(frozen=True)
class ActivitiesPlan:
	activities: tuple[ActivityPlan, ...]  # by key
	events: tuple  # ActivityPlan (entered, follow-ups excluded) and ResultPlan, in the order they happened

	def follow_ups(self) -> dict[int, int]:
		"""key of an activity -> key of the follow-up its completion plans."""
		return {a.previous: a.key for a in self.activities if a.previous is not None}

	def results(self) -> dict[int, "ResultPlan"]:
		"""key of an activity -> how it ended (done or cancelled); still planned ones are absent."""
		found = {a.key: a.result for a in self.activities if a.result}
		found.update((e.key, e) for e in self.events if isinstance(e, ResultPlan))
		return found


def actors(people, by_key: dict[str, str], customers, customer_records: dict[str, str]) -> list[Actor]:
	"""Every salesperson of the plan `people`, with the customers they work on: a rep's own, a manager's
	whole team's (joint visits), the director's everyone's."""
	own: dict[str, list] = {}
	for c in customers:
		record = customer_records.get(c.customer_name)
		if record:
			own.setdefault(c.salesperson_key, []).append((record, c.city))
	result = []
	for p in people:
		depth = p.key.count(".")
		team = [q.key for q in people if q.key == p.key or q.key.startswith(p.key + ".")]
		result.append(
			Actor(
				p.user,
				by_key[p.key],
				1.0 if not p.is_manager else (0.15 if depth == 0 else 0.3 if depth == 1 else 0.6),
				tuple(c for key in team for c in own.get(key, ())),
			)
		)
	return result


def plan_activities(
	size,
	seed: int,
	base_date: date,
	actors_: list[Actor],
	ordered: dict[str, tuple[date, ...]],
	deals: dict[str, tuple[tuple[str, date, date], ...]],
) -> ActivitiesPlan:
	"""`size.count` activities (or as many as `size.per_day` gives) of `actors_` on the working days of
	the `size.months` months before `base_date` and the planned ones of the days after it.
	`ordered`: customer record -> the dates of its orders (sorted); `deals`: customer record ->
	(opportunity, opened on, closed on or the base date) an activity may be about."""
	start, end = add_months(base_date, -size.months), datetime.combine(base_date, time(23, 59, 59))
	if size.count is None:
		return _numbered(_Planner(seed, base_date, end, ordered, deals).chains(start, actors_, size.per_day))
	# how many a tenth of `per_day` gives (activities grow in proportion to it), then a little more
	# than `count`, cut down to it
	sample = size.per_day / 10
	found = sum(len(c) for c in _Planner(seed, base_date, end, ordered, deals).chains(start, actors_, sample))
	if not found:
		raise ValueError("no activities planned")
	for margin in (1.03, 1.06, 1.1):
		chains = _Planner(seed, base_date, end, ordered, deals).chains(
			start, actors_, sample * size.count / found * margin
		)
		if sum(len(c) for c in chains) >= size.count:
			break
	return _numbered(_exactly(chains, size.count, random.Random(f"{seed}:activities:drop")))


def _exactly(chains: list[list], count: int, rng: random.Random) -> list[list]:
	"""Drop whole chains at random until `count` activities are left; then shorten chains by their last
	follow-up (the activity before it then plans nothing) if that is what is left to drop."""
	excess = sum(len(c) for c in chains) - count
	if excess < 0:
		raise RuntimeError(f"the activity plan does not reach {count:,} activities")
	order = list(range(len(chains)))
	rng.shuffle(order)
	dropped = set()
	for i in order:
		if not excess:
			break
		if len(chains[i]) <= excess:
			dropped.add(i)
			excess -= len(chains[i])
	kept = [c for i, c in enumerate(chains) if i not in dropped]
	for chain in kept:
		if not excess:
			break
		if len(chain) > 1:
			chain.pop()
			activity, result = chain[-1]
			result = replace(result, next_step=None, next_activity_on=None, follow_up=None)
			chain[-1] = (replace(activity, result=result) if activity.result else activity, result)
			excess -= 1
	return kept


def _numbered(chains: list[list]) -> ActivitiesPlan:
	"""Events in the order they happened; keys renumbered in the order the loaders enter the activities
	(an event enters its activity, then the follow-up its completion plans), so that the first n keys
	are the first n activities a site holds."""
	pairs = [pair for chain in chains for pair in chain]
	events = []
	for activity, result in pairs:
		if activity.previous is None:
			events.append(activity)
		if result is not None and activity.result is None:
			events.append(result)
	events.sort(key=event_order)
	new_key: dict[int, int] = {}
	for event in events:
		if isinstance(event, ActivityPlan):
			new_key[event.key] = len(new_key)
			event = event.result
		if event is not None and event.follow_up is not None:
			new_key[event.follow_up] = len(new_key)

	def renumbered(result):
		if result is None:
			return None
		follow_up = new_key[result.follow_up] if result.follow_up is not None else None
		return replace(result, key=new_key[result.key], follow_up=follow_up)

	activities: list = [None] * len(pairs)
	results = {}
	for activity, result in pairs:
		key = new_key[activity.key]
		previous = new_key[activity.previous] if activity.previous is not None else None
		activities[key] = replace(activity, key=key, previous=previous, result=renumbered(activity.result))
		results[key] = activities[key].result or renumbered(result)
	ordered = tuple(
		activities[new_key[e.key]] if isinstance(e, ActivityPlan) else results[new_key[e.key]] for e in events
	)
	return ActivitiesPlan(tuple(activities), ordered)


def event_order(event) -> tuple:
	return (event.moment, isinstance(event, ResultPlan), event.key)


class _Planner:
	def __init__(self, seed, base_date: date, end: datetime, ordered, deals):
		self.seed, self.base_date, self.end = seed, base_date, end
		self.ordered, self.deals = ordered, deals
		self.days = random.Random(f"{seed}:activities")
		self.rng = random.Random(f"{seed}:activities:details")
		self.keys = 0

	def chains(self, start: date, actors_: list[Actor], per_day: float) -> list[list]:
		"""Chains of (activity, its result or None) — an activity and the follow-ups it led to — of every
		working day from `start` to AHEAD_DAYS after the base date."""
		chains = []
		day, last = start, self.base_date + timedelta(days=AHEAD_DAYS)
		while day <= last:
			if day.weekday() < 5:
				for actor in actors_:
					mean = per_day * actor.rate
					for _ in range(int(mean) + (self.days.random() < mean - int(mean))):
						chain = self.chain(day, actor)
						if chain:
							chains.append(chain)
			day += timedelta(days=1)
		return chains

	def key(self) -> int:
		self.keys += 1
		return self.keys

	def chain(self, day: date, actor: Actor) -> list:
		rng = self.rng
		kind = rng.choices(TYPES, cum_weights=TYPE_WEIGHTS)[0]
		customer, city = (None, None)
		if kind.activity_type != "Other" and actor.customers:
			customer, city = rng.choice(actor.customers)
		elif kind.activity_type != "Other":
			kind = TYPES[-1]
		planned = rng.random() < kind.planned
		starts_on = datetime.combine(
			day, time(rng.randint(*kind.hours), rng.choice((0, 15, 30, 45)) if planned else rng.randrange(60))
		)
		ends_on = starts_on + timedelta(minutes=rng.randint(*kind.minutes))
		if planned:
			entered = _working_day_before(day, rng.randint(1, 5))
			moment = datetime.combine(entered, time(rng.randint(8, 17), rng.randrange(60), rng.randrange(60)))
		else:
			moment = ends_on + timedelta(minutes=rng.randint(1, 90), seconds=rng.randrange(60))
		if moment > self.end:
			return []  # neither planned before the base date nor yet logged
		person = rng.choices(SURNAMES, cum_weights=SURNAME_WEIGHTS)[0] + rng.choice(TITLES)
		subject = rng.choice(kind.subjects).format(p=person, c=city or "上海")
		opportunity = None
		about, pick = rng.random(), rng.random()  # drawn alike whatever the site holds
		if customer and about < (0.5 if kind.at_customer else 0.3):
			open_then = [d for d in self.deals.get(customer, ()) if d[1] <= day <= d[2]]
			opportunity = open_then[int(pick * len(open_then))][0] if open_then else None
		activity = ActivityPlan(
			self.key(),
			moment,
			actor.user,
			actor.salesperson,
			kind.activity_type,
			subject,
			customer,
			opportunity,
			starts_on,
			ends_on,
			city if kind.at_customer else None,
			None,
		)
		chain = []
		while activity:
			activity, following = self.outcome(activity, logged=not planned and not chain, depth=len(chain))
			chain.append(activity)
			activity = following
		return chain

	def outcome(self, activity: ActivityPlan, logged: bool, depth: int):
		"""(activity, its result) and the follow-up its completion plans, if any."""
		rng = self.rng
		if logged:
			done_at = activity.moment
		else:
			done_at = activity.ends_on + timedelta(minutes=rng.randint(5, 240), seconds=rng.randrange(60))
			fate = rng.random()
			if done_at > self.end or fate < (0.02 if depth == 0 else 0.06):
				return (activity, None), None  # still planned: to come, or overdue
			if fate < (0.05 if depth == 0 else 0.11):
				moment = activity.ends_on - timedelta(hours=rng.randint(2, 30))
				moment = max(moment, activity.moment + timedelta(minutes=10))
				return (activity, ResultPlan(moment, activity.key, CANCELLED)), None
		outcome = self.draw_outcome(activity)
		if activity.activity_type == "Other":
			summary = rng.choice(OTHER_SUMMARIES)
		else:
			summary = rng.choice(SUMMARIES[outcome])
		follows = depth + 1 < MAX_CHAIN and rng.random() < {FOLLOW_UP: 0.7, SUCCESSFUL: 0.15, UNSUCCESSFUL: 0.05}[outcome]  # fmt: skip
		if activity.activity_type == "Other":
			follows = False
		next_step, next_on, following = None, None, None
		if follows or rng.random() < 0.1:
			next_step = rng.choice(NEXT_STEPS)
		if follows:
			day = _working_day_after(done_at.date(), rng.randint(1, 7))
			next_on = datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 30))))
			following = ActivityPlan(
				self.key(),
				done_at,
				activity.user,
				activity.salesperson,
				activity.activity_type,
				next_step or activity.subject,
				activity.customer,
				activity.opportunity,
				next_on,
				next_on + (activity.ends_on - activity.starts_on),
				activity.location,
				activity.key,
			)
		result = ResultPlan(
			done_at,
			activity.key,
			DONE,
			outcome,
			summary,
			next_step,
			next_on,
			following.key if following else None,
		)
		if logged:
			activity = replace(activity, result=result)
		return (activity, result), following

	def draw_outcome(self, activity: ActivityPlan) -> str:
		rng = self.rng
		buys = self.buys_soon(activity.customer, activity.starts_on.date())
		if activity.activity_type == "Visit":
			successful = 0.62 if buys else 0.3
		elif activity.activity_type in ("Meeting", "Demo"):
			successful = 0.55 if buys else 0.35
		else:
			successful = 0.45 if buys else 0.35
		draw = rng.random()
		if draw < successful:
			return SUCCESSFUL
		return UNSUCCESSFUL if draw < successful + (1 - successful) * 0.45 else FOLLOW_UP

	def buys_soon(self, customer: str | None, day: date) -> bool:
		if not customer:
			return False
		last = day + timedelta(days=BUYING_WINDOW)
		return any(day <= d <= last for d in self.ordered.get(customer, ()))


def _working_day_before(day: date, count: int) -> date:
	for _ in range(count):
		day -= timedelta(days=1)
		while day.weekday() >= 5:
			day -= timedelta(days=1)
	return day


def _working_day_after(day: date, count: int) -> date:
	for _ in range(count):
		day += timedelta(days=1)
		while day.weekday() >= 5:
			day += timedelta(days=1)
	return day


# --- what the plan needs from the site ---------------------------------------------------------------


def customer_orders(base_date: date) -> dict[str, tuple[date, ...]]:
	"""customer record -> the dates of its submitted sales orders up to the base date, sorted (what is
	entered later, by benchmarks or people trying the demo, does not change the plan)."""
	orders: dict[str, list] = {}
	for customer, day in frappe.db.sql(
		"""select customer, order_date from `tabSM Sales Order`
		where docstatus = 1 and order_date <= %s order by customer, order_date""",
		base_date,
	):
		orders.setdefault(customer, []).append(day)
	return {customer: tuple(days) for customer, days in orders.items()}


def customer_deals(base_date: date) -> dict[str, tuple[tuple[str, date, date], ...]]:
	"""customer record -> (opportunity, opened on, closed on or the base date), by name: the
	opportunities opened up to the base date, as open as they were on it."""
	deals: dict[str, list] = {}
	for name, customer, opened, closed in frappe.db.sql(
		"""select name, customer, opportunity_date, closed_on from `tabSM Opportunity`
		where customer is not null and opportunity_date <= %s order by name""",
		base_date,
	):
		deals.setdefault(customer, []).append((name, opened, min(closed or base_date, base_date)))
	return {customer: tuple(found) for customer, found in deals.items()}


# --- writing through the controller -------------------------------------------------------------------


def insert_activities(plan: ActivitiesPlan, start: int = 0, progress: Progress = None) -> int:
	"""Run each event from `start` on through the SM Activity controller at the moment it happened, as
	the salesperson, one transaction each, counting them in PROGRESS_KEY; return how many."""
	missing = plan.events[start:]
	if not missing:
		return 0
	names_ = _resume_names(plan, start)
	follow_ups = plan.follow_ups()
	with moving(missing[0].moment) as move_to:
		for i, event in enumerate(missing, start):
			move_to(event.moment)
			frappe.set_user(
				event.user if isinstance(event, ActivityPlan) else plan.activities[event.key].user
			)
			try:
				if isinstance(event, ActivityPlan):
					doc = frappe.get_doc(activity_doc(event))
					doc.insert()
				else:
					doc = frappe.get_doc(ACTIVITY, names_[event.key])
					doc.update(result_fields(event))
					doc.save()
				names_[event.key] = doc.name
				if doc.next_activity:
					names_[follow_ups[event.key]] = doc.next_activity
			finally:
				frappe.set_user("Administrator")
			set_series(PROGRESS_KEY, i + 1)
			frappe.db.commit()
			if progress:
				progress(i - start, len(missing))
	return len(missing)


def _resume_names(plan: ActivitiesPlan, start: int) -> dict[int, str]:
	"""Names of the activities entered before `start` (a load resumed): keys are numbered in the order
	activities were entered, so the first n keys are the first n activities by creation."""
	done = len(_entered_before(plan, start))
	if not done:
		return {}
	found = frappe.get_all(ACTIVITY, order_by="creation asc, name asc", pluck="name", limit=done)
	return dict(zip(range(done), found, strict=True))


def _entered_before(plan: ActivitiesPlan, start: int) -> list[int]:
	"""Keys of the activities the events before `start` entered (their follow-ups included)."""
	follow_ups = plan.follow_ups()
	keys = []
	for event in plan.events[:start]:
		if isinstance(event, ActivityPlan):
			keys.append(event.key)
			if event.result and event.result.next_activity_on:
				keys.append(follow_ups[event.key])
		elif event.next_activity_on:
			keys.append(follow_ups[event.key])
	return keys


def activity_doc(plan: ActivityPlan) -> dict:
	doc = {
		"doctype": ACTIVITY,
		"activity_type": plan.activity_type,
		"subject": plan.subject,
		"customer": plan.customer,
		"opportunity": plan.opportunity,
		"salesperson": plan.salesperson,
		"status": PLANNED,
		"starts_on": plan.starts_on,
		"ends_on": plan.ends_on,
		"location": plan.location,
	}
	if plan.result:
		doc |= result_fields(plan.result)
	return doc


def result_fields(result: ResultPlan) -> dict:
	return {
		"status": result.status,
		"outcome": result.outcome,
		"summary": result.summary,
		"next_step": result.next_step,
		"next_activity_on": result.next_activity_on,
	}
