"""Demo service: the customers' complaints and how the service team handled them, and the FAQ the
agents answer from.

Complaints come in by phone, e-mail, the web or another way, logged by the service agent, or on a
visit or about one of the customer's sales orders (which the service agent may not read), logged by the
customer's account manager; most are from customers who have bought (some about
one of their sales orders and its product, some about a product only), a few from any customer. Each
is assigned to a service agent, who starts it (the first response), resolves it with a written
resolution, and closes most of them a few days later; a few are reopened (from Resolved or Closed) and
resolved again. Most responses and resolutions come within the severity's targets (SM Settings), some
late, so the SLA is met or breached. Most customers answer the satisfaction survey of the final
resolution (1–5 stars with a comment), the more satisfied the faster it went. Complaints opened in the
last days before the base date are still Open or In Progress, and a quarter of those of its last two
weeks wait (started or not), so some are overdue.

Times, service levels, reopen counts and surveys are not planned: the complaint computes them when it
is saved (sales_mgmt.service.complaints, sla, survey) at the planned moments.

`plan_complaints` is pure; `ensure_faq` creates the FAQ entries through their controller (every
size); `insert_complaints` runs each complaint through the workflow at the moments it happened as the
users who act, and the survey answers through the survey's own code as the guest (small sets);
`sales_mgmt.demo.complaints_bulk.bulk_insert_complaints` writes the same rows with bulk SQL (large
sets; test_demo_complaints compares the two).
"""

import bisect
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import frappe
from frappe.model.workflow import apply_workflow

from sales_mgmt.demo.clock import moving
from sales_mgmt.demo.series import set_series
from sales_mgmt.service.setup import CLOSE, REOPEN, RESOLVE, START

Progress = Callable[[int, int], None] | None

COMPLAINT = "SM Complaint"
FAQ = "SM FAQ"
PROGRESS_KEY = "sales_mgmt_demo_complaint_events"
CHANNELS = ("Phone", "Email", "Visit", "Web", "Other")
CHANNEL_WEIGHTS = (40, 25, 12, 18, 5)
SEVERITY_WEIGHTS = {"Low": 30, "Medium": 40, "High": 20, "Critical": 10}
LATE_RESPONSE = 0.12  # share of first responses after the response target
LATE_RESOLUTION = 0.18  # share of resolutions after the resolution target
STRAIGHT_RESOLVED = 0.1  # resolved straight from Open (the first response is the resolution)
CLOSED_SHARE = 0.65  # of the resolved, closed afterwards
REOPENED_SHARE = 0.06
STALLED_SHARE = 0.25  # of the complaints of the last STALLED_DAYS, still waiting (parts, a visit …)
STALLED_DAYS = 14
ANSWERED_SHARE = 0.75  # of the final resolutions, answered by the customer
BUYER_SHARE = 0.85  # of the complaints, from a customer who has ordered by then
ORDER_SHARE = 0.45  # of a buyer's complaints, about one of their orders (and its product)
PRODUCT_SHARE = 0.2  # of the others, about a product only

# category (a default SM Complaint Category) -> weight, subjects, descriptions, resolutions
TEXTS = {
	"Product Quality": (
		30,
		("{p}开机无反应", "{p}屏幕出现坏点", "{p}使用一周后频繁死机", "{p}外壳有划痕", "{p}电池续航明显不足", "{p}接口松动接触不良"),
		("客户反映收到的{p}存在质量问题，要求尽快处理。", "客户称{p}在正常使用中出现故障，影响日常工作。", "客户多次反馈{p}同一问题，情绪较为不满。"),
		("已安排技术人员上门检测，确认为硬件故障，为客户免费更换新机。", "远程指导客户升级固件后问题消失，已回访确认。", "经检测属于质量问题，已按三包政策办理退货并全额退款。", "更换故障配件，并赠送延保一年以示歉意。"),
	),
	"Logistics": (
		22,
		("订单{o}发货延迟", "{p}到货时包装破损", "收到的货品数量与订单{o}不符", "物流信息长时间未更新", "送错收货地址"),
		("客户表示约定的交货日期已过仍未收到货物。", "客户签收时发现外包装破损，怀疑内部货品受损。", "客户清点后发现少发了部分货品。"),
		("已联系物流公司加急配送，次日送达并致电客户确认。", "已补发缺少的货品，并承担全部运费。", "已重新发货，破损货品上门取回。", "已与物流公司核实并更正收货地址，货物已送达。"),
	),
	"Installation": (
		12,
		("{p}安装调试未完成", "上门安装预约多次改期", "安装后设备无法联网", "安装人员操作不规范"),
		("客户反映安装人员未按约定时间上门，耽误了项目进度。", "客户称安装完成后设备仍不能正常使用。", "客户对安装质量不满意，要求重新安装。"),
		("已重新安排资深工程师上门完成安装调试，客户验收通过。", "已远程协助完成网络配置，设备恢复正常。", "已对安装人员进行培训，并上门重新安装。"),
	),
	"Service Attitude": (
		10,
		("客服电话长时间无人接听", "销售人员答复不及时", "售后人员态度冷淡", "投诉处理进度无人跟进"),
		("客户反映多次致电未能得到有效答复，对服务态度表示不满。", "客户称对接人员沟通不耐烦，要求更换对接人。"),
		("已向客户郑重致歉，并指定专人负责后续跟进。", "已对相关人员进行批评教育，并安排客户经理登门拜访。", "已优化值班安排，客服热线接通率恢复正常。"),
	),
	"Billing": (
		16,
		("订单{o}发票信息有误", "对账金额与订单{o}不符", "重复扣款", "优惠未按合同执行"),
		("客户财务反映发票抬头或税号填写错误，无法入账。", "客户称对账单金额与合同约定不一致，要求核实。"),
		("已作废原发票并重新开具，快递寄给客户财务。", "经财务核对确有差错，已更正对账单并退还多收款项。", "已按合同补足优惠，并向客户说明原因。"),
	),
	"Other": (
		10,
		("咨询产品使用方法", "希望提供培训资料", "对产品功能提出改进建议", "要求提供检测报告"),
		("客户提出其他需求，希望得到答复。", "客户希望我们提供更多的使用支持。"),
		("已发送产品说明书和培训视频，并安排线上培训。", "已记录客户建议并转交产品部门评估。", "已提供相关资料，客户表示满意。"),
	),
}  # fmt: skip

FEEDBACK = {
	5: ("处理非常及时，非常满意！", "服务很专业，问题彻底解决了，谢谢。", "响应速度快，态度好，给五星。"),
	4: ("问题解决了，整体满意。", "处理得不错，希望以后更快一些。", "工程师很耐心，满意。"),
	3: ("问题解决了，但等待时间较长。", "一般，沟通还可以再及时些。", ""),
	2: ("处理太慢，影响了我们的生产。", "问题反复出现，不太满意。"),
	1: ("等了很久才解决，非常不满意。", "多次投诉才有人处理，希望改进。"),
}

# the FAQ: category -> (question, answer)
FAQ_ENTRIES = {
	"Product Quality": (
		(
			"设备开机无反应怎么办？",
			"请先确认电源适配器连接牢固、插座有电，长按电源键10秒强制重启。仍无反应请联系售后安排检测。",
		),
		(
			"产品的保修期是多久？",
			"整机保修一年，主要部件保修三年，自签收之日起计算；人为损坏不在保修范围内。",
		),
		("屏幕出现坏点可以更换吗？", "签收后15天内出现3个及以上坏点可免费更换新机；超过15天按保修政策维修。"),
		(
			"如何升级设备固件？",
			"在设置-系统-固件升级中检查更新，升级过程中请勿断电；也可从官网下载升级包离线升级。",
		),
		(
			"电池续航变短是质量问题吗？",
			"电池属于消耗品，一年内容量低于80%可免费更换；请避免长期满电高温存放。",
		),
		(
			"设备频繁死机如何处理？",
			"请先升级到最新固件并恢复出厂设置；若仍频繁死机，请提供序列号，我们安排检测。",
		),
	),
	"Logistics": (
		("下单后多久发货？", "现货订单在付款或合同确认后48小时内发货，定制订单以合同约定交期为准。"),
		(
			"如何查询物流进度？",
			"发货后系统会短信通知运单号，可在物流公司官网或小程序查询；也可联系您的客户经理。",
		),
		(
			"收到货物包装破损怎么办？",
			"请当场拍照并拒收或在签收单上注明破损，24小时内联系客服，我们负责补发或换货。",
		),
		(
			"货物数量与订单不符如何处理？",
			"请在签收后3天内提供装箱单照片，核实后我们会补发缺少的货品并承担运费。",
		),
		(
			"可以修改收货地址吗？",
			"发货前可以联系客户经理修改；已发货的订单我们会协调物流公司改派，可能产生额外费用。",
		),
	),
	"Installation": (
		(
			"是否提供上门安装服务？",
			"本市及周边地区提供免费上门安装，其他地区可安排合作服务商，费用以报价为准。",
		),
		("如何预约安装时间？", "收货后拨打客服热线或联系客户经理预约，我们会在2个工作日内安排工程师上门。"),
		(
			"安装后设备无法联网怎么办？",
			"请检查网线和路由器设置，确认设备获取到IP地址；也可预约工程师远程协助配置。",
		),
		("安装需要客户准备什么？", "请准备好电源、网络接口和安装位置，并安排一名熟悉现场的人员配合。"),
		(
			"对安装质量不满意怎么办？",
			"请在验收单上注明问题并联系客服，我们会安排工程师重新上门调整，直至验收合格。",
		),
	),
	"Service Attitude": (
		("客服热线的服务时间是？", "工作日8:30-18:00，紧急故障可拨打7×24小时值班电话。"),
		(
			"对服务人员不满意如何反馈？",
			"可直接拨打投诉电话或通过客户经理反馈，我们会在24小时内回复处理结果。",
		),
		(
			"可以更换对接的客户经理吗？",
			"可以，请向销售总监或客服提出申请，我们会在3个工作日内安排新的对接人。",
		),
		("投诉后多久会有回复？", "紧急投诉1小时内响应，高优先级4小时内，一般投诉8小时内响应。"),
		("如何查询投诉处理进度？", "您可随时联系客服或客户经理查询，处理完成后我们会发送满意度调查链接。"),
	),
	"Billing": (
		(
			"如何申请开具增值税专用发票？",
			"请提供开票信息（名称、税号、地址电话、开户行及账号），我们在收款后5个工作日内开具。",
		),
		(
			"发票信息有误如何处理？",
			"请退回原发票并提供正确信息，我们会作废重开；跨月发票需开具红字发票后重开。",
		),
		("对账单金额有疑问怎么办？", "请联系客户经理或财务提供明细，我们会在2个工作日内核对并回复。"),
		("支持哪些付款方式？", "支持银行转账、承兑汇票和在线支付；合同客户可按约定账期付款。"),
		("重复付款可以退回吗？", "核实到账后，我们会在5个工作日内原路退回，或按您的要求抵扣下一笔货款。"),
		("合同优惠未执行怎么办？", "请提供合同编号，财务核对后会补开差额发票或退还多收款项。"),
	),
	"Other": (
		("是否提供产品培训？", "新客户可免费获得一次线上培训，也可预约工程师上门培训，费用以报价为准。"),
		("在哪里下载产品说明书？", "可在官网的服务支持页面下载，或联系客户经理发送电子版。"),
		(
			"如何提出产品改进建议？",
			"欢迎通过客服或客户经理反馈，我们会记录并转交产品部门评估，采纳后会通知您。",
		),
		("能否提供产品检测报告？", "可以提供型式检验报告和出厂检验报告，请联系客户经理索取。"),
		("旧设备可以回收或以旧换新吗？", "我们定期开展以旧换新活动，详情请咨询您的客户经理。"),
	),
}


@dataclass(frozen=True)
class Account:
	"""A customer who may complain: its record, its account manager's user, and its submitted orders
	by date as (date, order, a product of it)."""

	customer: str
	manager_user: str | None
	orders: tuple[tuple[date, str, str | None], ...]


@dataclass(frozen=True)
class ComplaintPlan:
	key: int
	moment: datetime  # opened and logged
	user: str  # who logs it
	customer: str
	channel: str
	category: str
	severity: str
	subject: str
	description: str
	product: str | None
	sales_order: str | None
	assigned_to: str


@dataclass(frozen=True)
class StepPlan:
	key: int
	moment: datetime
	user: str  # the agent who moves it
	action: str  # Start, Resolve, Close, Reopen
	resolution: str | None = None  # Resolve: the resolution text


@dataclass(frozen=True)
class AnswerPlan:
	key: int
	moment: datetime
	stars: int
	feedback: str


Event = ComplaintPlan | StepPlan | AnswerPlan


@dataclass(frozen=True)
class ServicePlan:
	events: tuple[Event, ...]  # in the order they happened

	def complaints(self) -> list[ComplaintPlan]:
		return [e for e in self.events if isinstance(e, ComplaintPlan)]


def event_order(event: Event) -> tuple:
	rank = {ComplaintPlan: 0, StepPlan: 1, AnswerPlan: 2}[type(event)]
	return (event.moment, rank, event.key)


def plan_complaints(
	count: int,
	months: int,
	seed: int,
	base_date: date,
	accounts: list[Account],
	agents: list[str],
	products: list[str],
	targets: dict[str, tuple[float, float]],
) -> ServicePlan:
	"""`count` complaints opened over the `months` months before `base_date` (to its end) with their
	handling and answers up to then. `targets`: severity -> (response, resolution) hours."""
	if not accounts or not agents:
		raise ValueError("complaints need customers and a service agent")
	rng = random.Random(f"{seed}:complaints")
	end = datetime.combine(base_date, time(23, 59, 59))
	start = datetime.combine(add_months_(base_date, -months), time(0))
	span = (end - start).total_seconds()
	moments = sorted(start + timedelta(seconds=_working_second(rng, span, start)) for _ in range(count))
	categories = list(TEXTS)
	category_weights = [TEXTS[c][0] for c in categories]
	severities, severity_weights = zip(*SEVERITY_WEIGHTS.items(), strict=True)
	buyers = [a for a in accounts if a.orders]
	firsts = sorted((a.orders[0][0], i) for i, a in enumerate(buyers))
	first_days = [f[0] for f in firsts]
	events: list[Event] = []
	for key, opened in enumerate(moments):
		account, order = _account(rng, opened.date(), accounts, buyers, firsts, first_days)
		category = rng.choices(categories, weights=category_weights)[0]
		_weight, subjects, descriptions, resolutions = TEXTS[category]
		if order and not account.manager_user:
			order = None
		product = order[2] if order else None
		sales_order = order[1] if order else None
		if not order and products and rng.random() < PRODUCT_SHARE:
			product = rng.choice(products)
		subject_choices = [
			s for s in subjects if ("{o}" not in s or sales_order) and ("{p}" not in s or product)
		] or ["{c}投诉"]
		subject = rng.choice(subject_choices).format(p=product or "", o=sales_order or "", c=category)
		channel = rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
		if channel == "Visit" and not account.manager_user:
			channel = "Phone"
		agent = agents[key % len(agents)] if len(agents) > 1 else agents[0]
		severity = rng.choices(severities, weights=severity_weights)[0]
		events.append(
			ComplaintPlan(
				key,
				opened,
				# the service agent may not read sales orders: the account manager logs those about one
				account.manager_user if channel == "Visit" or sales_order else agent,
				account.customer,
				channel,
				category,
				severity,
				subject[:140],
				rng.choice(descriptions).format(p=product or "产品"),
				product,
				sales_order,
				agent,
			)
		)
		events += _handling(rng, key, opened, end, agent, targets[severity], resolutions)
	events.sort(key=event_order)
	return ServicePlan(tuple(events))


def add_months_(day: date, months: int) -> date:
	from frappe.utils import add_months

	return add_months(day, months)


def _working_second(rng, span: float, start: datetime) -> float:
	"""Seconds after `start` of a moment in working hours (8:30–20:00, a few on weekends)."""
	while True:
		moment = start + timedelta(seconds=rng.random() * span)
		if moment.weekday() >= 5 and rng.random() < 0.8:
			continue
		if not (time(8, 30) <= moment.time() <= time(20)):
			continue
		return int((moment - start).total_seconds())


def _account(rng, day: date, accounts, buyers, firsts, first_days):
	"""(account, order or None): mostly a customer who has ordered by `day`, about one of its orders
	then; else anyone."""
	bought = bisect.bisect_right(first_days, day)
	if bought and rng.random() < BUYER_SHARE:
		account = buyers[firsts[rng.randrange(bought)][1]]
		if rng.random() < ORDER_SHARE:
			placed = [o for o in account.orders if o[0] <= day]
			return account, rng.choice(placed)
		return account, None
	return rng.choice(accounts), None


def _handling(rng, key, opened, end, agent, target, resolutions) -> list[Event]:
	"""The steps and the answer of a complaint, those up to `end`."""
	response, resolution = target
	response = response or 8
	resolution = max(resolution or 72, response * 1.5)
	events: list[Event] = []

	def step(moment, action, text=None):
		events.append(StepPlan(key, moment, agent, action, text))

	def hours(h):
		return timedelta(seconds=int(h * 3600))

	late_response = rng.random() < LATE_RESPONSE
	late_resolution = late_response or rng.random() < LATE_RESOLUTION
	first = rng.uniform(1.1, 3) * response if late_response else rng.uniform(0.05, 0.9) * response
	resolved = rng.uniform(1.05, 2.5) * resolution if late_resolution else rng.uniform(0.3, 0.95) * resolution
	resolved = max(resolved, first + 0.25)
	text = rng.choice(resolutions)
	if end - opened < timedelta(days=STALLED_DAYS) and rng.random() < STALLED_SHARE:
		if rng.random() < 0.7:
			step(opened + hours(first), START)
		return [e for e in events if e.moment <= end]
	if rng.random() < STRAIGHT_RESOLVED:
		step(opened + hours(first), RESOLVE, text)
	else:
		step(opened + hours(first), START)
		step(opened + hours(resolved), RESOLVE, text)
	last = opened + hours(resolved)
	if rng.random() < REOPENED_SHARE:
		closed_first = rng.random() < 0.5
		if closed_first:
			last += hours(rng.uniform(4, 48))
			step(last, CLOSE)
		last += hours(rng.uniform(12, 96))
		step(last, REOPEN)
		last += hours(rng.uniform(2, 48))
		step(last, RESOLVE, text + "客户再次反馈后，已彻底排查并处理完毕。")
	resolved_at = last
	fast = not late_resolution
	if rng.random() < CLOSED_SHARE:
		step(last + hours(rng.uniform(24, 120)), CLOSE)
	if rng.random() < ANSWERED_SHARE:
		stars = rng.choices((5, 4, 3, 2, 1), weights=(50, 30, 12, 5, 3) if fast else (10, 25, 30, 20, 15))[0]
		events.append(
			AnswerPlan(key, resolved_at + hours(rng.uniform(1, 72)), stars, rng.choice(FEEDBACK[stars]))
		)
	# steps are in time order, except the answer and a close
	return [e for e in events if e.moment <= end]


# --- what the plan is made from ---------------------------------------------------------------------


def service_accounts(base_date: date) -> list[Account]:
	"""Every customer with its account manager's user and its submitted orders up to the base date
	(what is entered later does not change the plan), by customer."""
	orders: dict[str, list] = {}
	for customer, day, order, product in frappe.db.sql(
		"""select o.customer, o.order_date, o.name,
			(select i.product from `tabSM Sales Order Item` i
				where i.parent = o.name and i.parenttype = 'SM Sales Order' order by i.idx limit 1)
		from `tabSM Sales Order` o
		where o.docstatus = 1 and o.order_date <= %s order by o.customer, o.order_date, o.name""",
		base_date,
	):
		orders.setdefault(customer, []).append((day, order, product))
	return [
		Account(customer, user, tuple(orders.get(customer, ())))
		for customer, user in frappe.db.sql(
			"""select c.name, s.user from `tabSM Customer` c
			left join `tabSM Salesperson` s on s.name = c.salesperson order by c.name"""
		)
	]


def service_agents() -> list[str]:
	"""Enabled users with the Service Agent role (the demo's service login), by name."""
	return frappe.db.sql_list(
		"""select distinct u.name from `tabUser` u join `tabHas Role` r
			on r.parent = u.name and r.parenttype = 'User' and r.role = 'Service Agent'
		where u.enabled = 1 and u.name like %s order by u.name""",
		"%@demo.sales",
	)


def sla_targets() -> dict[str, tuple[float, float]]:
	from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
	from sales_mgmt.service.sla import SEVERITIES, target_fields

	settings = get_settings()
	return {
		s: tuple(float(settings.get(f) or 0) for f in target_fields(s))  # type: ignore[misc]
		for s in SEVERITIES
	}


def complaint_products() -> list[str]:
	return frappe.db.sql_list(
		"select name from `tabSM Product` where enabled = 1 and product_type = 'Sales Item' order by name"
	)


# --- writing through the controllers -----------------------------------------------------------------


def ensure_faq(seed: int) -> int:
	"""Create the FAQ entries that are missing (by question); return how many."""
	rng = random.Random(f"{seed}:faq")
	added = 0
	for category, entries in FAQ_ENTRIES.items():
		for question, answer in entries:
			helpful = rng.randint(0, 40)
			if frappe.db.exists(FAQ, {"question": question}):
				continue
			frappe.get_doc(
				{
					"doctype": FAQ,
					"question": question,
					"answer": f"<p>{answer}</p>",
					"category": category if frappe.db.exists("SM Complaint Category", category) else None,
					"published": 1,
					"helpful_count": helpful,
				}
			).insert(ignore_permissions=True)
			added += 1
	return added


def insert_complaints(
	plan: ServicePlan, start: int = 0, progress: Progress = None, categories: dict[str, str] | None = None
) -> int:
	"""Run each event from `start` on at the moment it happened, as the user who acts (the survey
	answer as the guest, through its link's token), one transaction each, counting them in
	PROGRESS_KEY; return how many. `categories`: the record of each category (default: its name)."""
	from sales_mgmt.service import survey

	names = _resume_names(plan, start)
	missing = plan.events[start:]
	if not missing:
		return 0
	with moving(missing[0].moment) as move_to:
		for i, event in enumerate(missing, start):
			move_to(event.moment)
			try:
				if isinstance(event, ComplaintPlan):
					frappe.set_user(event.user)
					doc = frappe.get_doc(complaint_doc(event, categories))
					doc.insert()
					names[event.key] = doc.name
				elif isinstance(event, StepPlan):
					frappe.set_user(event.user)
					doc = frappe.get_doc(COMPLAINT, names[event.key])
					if event.resolution:
						# written and saved first, as in the form (the workflow action reloads the document)
						doc.resolution = event.resolution
						doc.save()
					apply_workflow(doc, event.action)
				else:
					token = survey.current_token(frappe.get_doc(COMPLAINT, names[event.key]))
					frappe.set_user("Guest")
					survey.submit(token, event.stars, event.feedback)
			finally:
				frappe.set_user("Administrator")
			set_series(PROGRESS_KEY, i + 1)
			frappe.db.commit()
			if progress:
				progress(i - start, len(missing))
	return len(missing)


def _resume_names(plan: ServicePlan, start: int) -> dict[int, str]:
	"""Names of the complaints logged before `start` (a load resumed), in the order they were logged."""
	done = [event.key for event in plan.events[:start] if isinstance(event, ComplaintPlan)]
	if not done:
		return {}
	found = frappe.get_all(COMPLAINT, order_by="creation asc, name asc", pluck="name", limit=len(done))
	return dict(zip(done, found, strict=True))


def complaint_doc(plan: ComplaintPlan, categories: dict[str, str] | None = None) -> dict:
	return {
		"doctype": COMPLAINT,
		"customer": plan.customer,
		"channel": plan.channel,
		"category": (categories or {}).get(plan.category, plan.category),
		"severity": plan.severity,
		"subject": plan.subject,
		"description": plan.description,
		"product": plan.product,
		"sales_order": plan.sales_order,
		"assigned_to": plan.assigned_to,
		"opened_on": plan.moment,
	}
