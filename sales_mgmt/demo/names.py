"""Vocabulary for realistic Chinese demo data: people, companies, cities, industries, phone numbers.

Everything here is a pure function of the `random.Random` passed in, so a seed gives the same data on
every machine. Characters carry their pinyin where an e-mail address or web domain is built from them.
"""

import random

COMPANY_NAME = "上海星辰电子科技有限公司"

# (surname, pinyin, weight): the most common surnames are drawn far more often, as in real life
SURNAMES: tuple[tuple[str, str, int], ...] = (
	("王", "wang", 72),
	("李", "li", 70),
	("张", "zhang", 66),
	("刘", "liu", 53),
	("陈", "chen", 45),
	("杨", "yang", 31),
	("黄", "huang", 23),
	("赵", "zhao", 20),
	("吴", "wu", 20),
	("周", "zhou", 19),
	("徐", "xu", 15),
	("孙", "sun", 15),
	("马", "ma", 14),
	("朱", "zhu", 13),
	("胡", "hu", 12),
	("郭", "guo", 12),
	("何", "he", 11),
	("林", "lin", 11),
	("高", "gao", 10),
	("罗", "luo", 10),
	("郑", "zheng", 9),
	("梁", "liang", 9),
	("谢", "xie", 8),
	("宋", "song", 7),
	("唐", "tang", 7),
	("许", "xu", 7),
	("韩", "han", 6),
	("冯", "feng", 6),
	("邓", "deng", 6),
	("曹", "cao", 6),
	("彭", "peng", 6),
	("曾", "zeng", 6),
	("肖", "xiao", 6),
	("田", "tian", 5),
	("董", "dong", 5),
	("袁", "yuan", 5),
	("潘", "pan", 5),
	("于", "yu", 5),
	("蒋", "jiang", 5),
	("蔡", "cai", 5),
	("余", "yu", 5),
	("杜", "du", 5),
	("叶", "ye", 5),
	("程", "cheng", 5),
	("苏", "su", 4),
	("魏", "wei", 4),
	("吕", "lv", 4),
	("丁", "ding", 4),
	("任", "ren", 4),
	("沈", "shen", 4),
	("姚", "yao", 4),
	("卢", "lu", 4),
	("姜", "jiang", 3),
	("崔", "cui", 3),
	("钟", "zhong", 3),
	("谭", "tan", 3),
	("陆", "lu", 3),
	("汪", "wang", 3),
	("范", "fan", 3),
	("金", "jin", 3),
	("石", "shi", 3),
	("廖", "liao", 3),
	("贾", "jia", 3),
	("夏", "xia", 3),
	("韦", "wei", 3),
	("方", "fang", 3),
	("白", "bai", 2),
	("邹", "zou", 2),
	("孟", "meng", 2),
	("熊", "xiong", 2),
	("秦", "qin", 2),
	("邱", "qiu", 2),
	("江", "jiang", 2),
	("尹", "yin", 2),
	("薛", "xue", 2),
	("段", "duan", 2),
	("雷", "lei", 2),
	("侯", "hou", 2),
	("龙", "long", 2),
	("史", "shi", 2),
	("陶", "tao", 2),
	("贺", "he", 2),
	("顾", "gu", 2),
	("毛", "mao", 2),
	("郝", "hao", 2),
	("龚", "gong", 2),
	("邵", "shao", 2),
	("万", "wan", 2),
	("钱", "qian", 2),
	("严", "yan", 2),
	("武", "wu", 2),
	("戴", "dai", 2),
	("孔", "kong", 1),
	("汤", "tang", 1),
	("欧阳", "ouyang", 1),
	("上官", "shangguan", 1),
	("司马", "sima", 1),
)

GIVEN_NAME_CHARS: tuple[tuple[str, str], ...] = (
	("伟", "wei"),
	("芳", "fang"),
	("娜", "na"),
	("敏", "min"),
	("静", "jing"),
	("丽", "li"),
	("强", "qiang"),
	("磊", "lei"),
	("军", "jun"),
	("洋", "yang"),
	("勇", "yong"),
	("艳", "yan"),
	("杰", "jie"),
	("娟", "juan"),
	("涛", "tao"),
	("明", "ming"),
	("超", "chao"),
	("秀", "xiu"),
	("霞", "xia"),
	("平", "ping"),
	("刚", "gang"),
	("英", "ying"),
	("华", "hua"),
	("建", "jian"),
	("国", "guo"),
	("文", "wen"),
	("辉", "hui"),
	("玲", "ling"),
	("鹏", "peng"),
	("宇", "yu"),
	("浩", "hao"),
	("俊", "jun"),
	("博", "bo"),
	("婷", "ting"),
	("雪", "xue"),
	("琳", "lin"),
	("晨", "chen"),
	("欣", "xin"),
	("怡", "yi"),
	("佳", "jia"),
	("子", "zi"),
	("涵", "han"),
	("轩", "xuan"),
	("昊", "hao"),
	("然", "ran"),
	("思", "si"),
	("雨", "yu"),
	("晓", "xiao"),
	("志", "zhi"),
	("海", "hai"),
	("峰", "feng"),
	("斌", "bin"),
	("亮", "liang"),
	("红", "hong"),
	("燕", "yan"),
	("凯", "kai"),
	("琦", "qi"),
	("嘉", "jia"),
	("慧", "hui"),
	("颖", "ying"),
	("倩", "qian"),
	("晶", "jing"),
	("振", "zhen"),
	("宏", "hong"),
	("飞", "fei"),
	("云", "yun"),
	("波", "bo"),
	("丹", "dan"),
	("瑶", "yao"),
	("彤", "tong"),
	("诗", "shi"),
	("家", "jia"),
	("新", "xin"),
	("立", "li"),
	("成", "cheng"),
	("永", "yong"),
	("春", "chun"),
	("东", "dong"),
)

# region → (city, telephone area code); teams are named after the regions
REGIONS: dict[str, tuple[tuple[str, str], ...]] = {
	"华东": (
		("上海", "021"),
		("杭州", "0571"),
		("南京", "025"),
		("苏州", "0512"),
		("宁波", "0574"),
		("无锡", "0510"),
		("合肥", "0551"),
		("济南", "0531"),
		("青岛", "0532"),
		("福州", "0591"),
		("厦门", "0592"),
	),
	"华南": (
		("广州", "020"),
		("深圳", "0755"),
		("东莞", "0769"),
		("佛山", "0757"),
		("珠海", "0756"),
		("南宁", "0771"),
		("海口", "0898"),
	),
	"华北": (
		("北京", "010"),
		("天津", "022"),
		("石家庄", "0311"),
		("太原", "0351"),
		("呼和浩特", "0471"),
	),
	"华中": (("武汉", "027"), ("长沙", "0731"), ("郑州", "0371"), ("南昌", "0791")),
	"西南": (("成都", "028"), ("重庆", "023"), ("昆明", "0871"), ("贵阳", "0851")),
	"西北": (("西安", "029"), ("兰州", "0931"), ("银川", "0951"), ("乌鲁木齐", "0991")),
	"东北": (("沈阳", "024"), ("大连", "0411"), ("长春", "0431"), ("哈尔滨", "0451")),
}
HEAD_OFFICE_TEAM = "总部"

# industry → words a company in it puts between its brand and its legal form, with a pinyin tag
# for its web domain
INDUSTRIES: dict[str, tuple[tuple[str, str], ...]] = {
	"制造业": (
		("机械制造", "jx"),
		("精密机械", "jm"),
		("模具", "mj"),
		("五金制品", "wj"),
		("自动化设备", "auto"),
		("新材料", "xcl"),
		("塑胶制品", "sj"),
		("电子科技", "tech"),
	),
	"零售": (("商贸", "trade"), ("百货", "bh"), ("超市", "mart"), ("贸易", "trade"), ("连锁便利店", "cvs")),
	"教育": (("教育科技", "edu"), ("教育咨询", "edu"), ("文化传播", "culture"), ("职业培训", "px")),
	"医疗": (("医疗器械", "med"), ("医药", "pharma"), ("生物科技", "bio"), ("健康管理", "health")),
	"互联网": (("网络科技", "net"), ("信息技术", "it"), ("软件", "soft"), ("数字科技", "digital")),
	"建筑": (("建设工程", "build"), ("建筑装饰", "deco"), ("建材", "jc")),
	"物流": (("物流", "logistics"), ("供应链管理", "scm"), ("国际货运代理", "freight")),
	"餐饮": (("餐饮管理", "food"), ("食品", "food")),
	"能源": (("新能源", "energy"), ("电力设备", "power"), ("光伏科技", "solar")),
	"农业": (("农业科技", "agri"), ("生态农业", "eco")),
	"汽车": (("汽车配件", "auto"), ("汽车销售服务", "4s")),
	"纺织服装": (("服饰", "fashion"), ("纺织", "textile")),
}
# how often each industry occurs among company customers
INDUSTRY_WEIGHTS: dict[str, int] = {
	"制造业": 26,
	"零售": 14,
	"教育": 6,
	"医疗": 7,
	"互联网": 10,
	"建筑": 8,
	"物流": 7,
	"餐饮": 6,
	"能源": 4,
	"农业": 3,
	"汽车": 5,
	"纺织服装": 4,
}

BRAND_CHARS: tuple[tuple[str, str], ...] = (
	("星", "xing"),
	("辰", "chen"),
	("华", "hua"),
	("瑞", "rui"),
	("恒", "heng"),
	("达", "da"),
	("信", "xin"),
	("诚", "cheng"),
	("安", "an"),
	("泰", "tai"),
	("鑫", "xin"),
	("源", "yuan"),
	("宏", "hong"),
	("盛", "sheng"),
	("嘉", "jia"),
	("禾", "he"),
	("博", "bo"),
	("远", "yuan"),
	("创", "chuang"),
	("新", "xin"),
	("锐", "rui"),
	("联", "lian"),
	("合", "he"),
	("众", "zhong"),
	("天", "tian"),
	("宇", "yu"),
	("金", "jin"),
	("海", "hai"),
	("川", "chuan"),
	("凯", "kai"),
	("峰", "feng"),
	("德", "de"),
	("康", "kang"),
	("润", "run"),
	("丰", "feng"),
	("永", "yong"),
	("佳", "jia"),
	("美", "mei"),
	("立", "li"),
	("汇", "hui"),
	("通", "tong"),
	("明", "ming"),
	("光", "guang"),
	("启", "qi"),
	("航", "hang"),
	("振", "zhen"),
	("兴", "xing"),
	("中", "zhong"),
	("科", "ke"),
	("智", "zhi"),
	("云", "yun"),
	("蓝", "lan"),
	("青", "qing"),
	("东", "dong"),
	("方", "fang"),
	("正", "zheng"),
	("和", "he"),
	("伟", "wei"),
	("益", "yi"),
	("腾", "teng"),
	("弘", "hong"),
	("卓", "zhuo"),
	("越", "yue"),
	("晟", "sheng"),
	("昌", "chang"),
	("隆", "long"),
)

# (legal form, weight)
COMPANY_FORMS: tuple[tuple[str, int], ...] = (
	("有限公司", 70),
	("股份有限公司", 10),
	("有限责任公司", 10),
	("集团有限公司", 4),
)
# small traders register as a shop rather than a company
SHOP_FORMS: tuple[tuple[str, int], ...] = (("商行", 1), ("经营部", 1))
SHOP_INDUSTRIES = frozenset({"零售", "餐饮", "农业"})

SOURCES: tuple[tuple[str, int], ...] = (
	("展会", 14),
	("官网", 12),
	("转介绍", 18),
	("电话营销", 14),
	("网络推广", 10),
	("老客户", 10),
	("微信", 9),
	("地推", 5),
	("招投标", 4),
	("合作伙伴", 4),
)

STATUSES: tuple[tuple[str, int], ...] = (("Prospect", 35), ("Active", 40), ("Dormant", 15), ("Lost", 10))

NOTES: tuple[str, ...] = (
	"年底有扩产计划，预计明年一季度采购。",
	"对价格比较敏感，需多次跟进。",
	"老板是转介绍认识的，关系不错。",
	"要求开增值税专用发票。",
	"账期要求 60 天，需财务审批。",
	"竞争对手在报价，注意跟进节奏。",
	"采购负责人刚换人，需重新拜访。",
	"已寄样品，等待测试结果。",
	"有意向签年度框架协议。",
	"上次展会留的名片，尚未深入沟通。",
	"客户关注售后响应速度。",
	"去年合作过一次，回款及时。",
	"预算有限，优先推荐标准款。",
	"决策链较长，需要拿到技术部门认可。",
	"春节前备货，提前一个月联系。",
)

MOBILE_PREFIXES: tuple[str, ...] = (
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"166", "173", "175", "176", "177", "178",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
	"191", "198", "199",
)  # fmt: skip

PERSONAL_MAIL_DOMAINS: tuple[str, ...] = ("qq.com", "163.com", "126.com", "sina.com", "foxmail.com")
WEB_SUFFIXES: tuple[str, ...] = ("com", "com.cn", "cn")


def weighted(rng: random.Random, table: tuple[tuple, ...]):
	"""Pick the first element of one row of `table`, whose last element is the row's weight."""
	return rng.choices(table, weights=[row[-1] for row in table])[0][0]


def person_name(rng: random.Random) -> tuple[str, str]:
	"""A Chinese full name and its pinyin (surname first, as in an e-mail address `zhangwei`)."""
	index = rng.choices(range(len(SURNAMES)), weights=[row[2] for row in SURNAMES])[0]
	surname, surname_pinyin, _weight = SURNAMES[index]
	given = rng.sample(GIVEN_NAME_CHARS, 1 if rng.random() < 0.35 else 2)
	return surname + "".join(c for c, _p in given), surname_pinyin + "".join(p for _c, p in given)


def mobile(rng: random.Random) -> str:
	return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random, area_code: str) -> str:
	# local numbers never start with 0 or 1
	return f"{area_code}-{rng.randint(2, 8)}{rng.randrange(10**7):07d}"


def company_name(rng: random.Random, city: str, industry: str) -> tuple[str, str]:
	"""A company name such as 苏州恒达精密机械有限公司, and a web domain for it."""
	(brand1, pinyin1), (brand2, pinyin2) = rng.sample(BRAND_CHARS, 2)
	trade, tag = rng.choice(INDUSTRIES[industry])
	if industry in SHOP_INDUSTRIES and rng.random() < 0.2:
		form = weighted(rng, SHOP_FORMS)
	else:
		form = weighted(rng, COMPANY_FORMS)
	brand = brand1 + brand2
	layout = rng.random()
	if layout < 0.75:
		name = f"{city}{brand}{trade}{form}"
	elif layout < 0.9 and form.endswith("公司"):
		# a branch registered under the parent company's name
		name = f"{brand}{trade}（{city}）{form}"
	else:
		name = f"{brand}{trade}{form}"
	domain = f"{pinyin1}{pinyin2}{'-' + tag if rng.random() < 0.5 else ''}.{rng.choice(WEB_SUFFIXES)}"
	return name, domain
