"""The demo spending plan (pure), and its bulk writer against the controllers: the same expenses run
through the workflow document by document and written with bulk SQL give the same rows — budget
status, flags and their reasons, who approved, the cash entries of those paid out of an account."""

import collections
from datetime import date, datetime

import frappe
from frappe.utils import flt

from sales_mgmt.demo.cash import MANAGE, VIEW, AccountPlan, CashPlan, ensure_cash_accounts, plan_accounts
from sales_mgmt.demo.cash_bulk import bulk_insert_cash
from sales_mgmt.demo.customers import plan_customers
from sales_mgmt.demo.expenses import (
	CATEGORIES,
	PROGRESS_KEY,
	BudgetPlan,
	DecisionPlan,
	ExpensePlan,
	SpendingPlan,
	business_owner,
	ensure_budgets,
	insert_expenses,
	plan_expenses,
	spenders,
)
from sales_mgmt.demo.expenses_bulk import bulk_insert_expenses
from sales_mgmt.demo.money import PROGRESS_KEY as MONEY_PROGRESS_KEY
from sales_mgmt.demo.money import MoneyPlan, OrderPlan
from sales_mgmt.demo.people import MANAGER_LOGIN, REP_LOGIN, plan_salespeople
from sales_mgmt.demo.sizes import SIZES
from sales_mgmt.demo.test_demo_money import BASE, small_plan
from sales_mgmt.money.cash_ledger import recompute_balance
from sales_mgmt.tests import UnitTestCase
from sales_mgmt.tests.expense_data import make_expense_category
from sales_mgmt.tests.goods_data import make_product, unique
from sales_mgmt.tests.money_data import make_order
from sales_mgmt.tests.sales_team import SalesTeamTestCase

DEFAULTS = {c.category: c.category for c in CATEGORIES}


def small_spending(
	seed: int = 42, size: str = "small", ordered: dict | None = None
) -> tuple[SpendingPlan, list]:
	demo = SIZES[size]
	people = plan_salespeople(demo, seed)
	customers = plan_customers(demo.customers, seed, BASE, people)
	records = {c.customer_name: f"CUST-{i:05d}" for i, c in enumerate(customers, 1)}
	if ordered is None:
		money, _warehouses = small_plan(seed)
		ordered = {}
		for order in money.of(OrderPlan):
			first, total = ordered.get(order.customer, (order.moment.date(), 0.0))
			ordered[order.customer] = (first, total + sum(q * r for _p, q, r in order.items))
	by_key = {p.key: f"SP-{p.key}" for p in people}
	accounts = plan_accounts(demo.cash.layout, seed, people)
	found = spenders(people, by_key, customers, records, ordered, accounts)
	return plan_expenses(demo.expenses, seed, BASE, demo.money.months, found, DEFAULTS), found


class TestDemoSpendingPlan(UnitTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.plan, cls.spenders = small_spending()

	def test_same_seed_same_plan(self):
		self.assertEqual(small_spending()[0], self.plan)
		self.assertNotEqual(small_spending(seed=7)[0].events, self.plan.events)

	def test_expenses_of_every_kind_and_their_decisions(self):
		expenses = self.plan.expenses()
		self.assertGreater(len(expenses), 300)
		self.assertEqual({e.category for e in expenses}, set(DEFAULTS))
		promotion = {"Gifts", "Advertising", "Trade Shows"}
		self.assertTrue(all(e.customer for e in expenses if e.category in promotion))
		decisions = [e for e in self.plan.events if isinstance(e, DecisionPlan)]
		self.assertGreater(sum(not d.approve for d in decisions), 0, "some rejected")
		self.assertGreater(len(expenses) - len(decisions), 0, "some still pending")
		by_key = {e.key: e for e in expenses}
		for decision in decisions:
			self.assertGreater(decision.moment, by_key[decision.key].moment)
		moments = [e.moment for e in self.plan.events]
		self.assertEqual(moments, sorted(moments))
		self.assertTrue(all(e.expense_date <= e.moment.date() for e in expenses))

	def test_approved_by_the_salespersons_manager(self):
		managers = {s.user: s.manager for s in self.spenders}
		by_key = {e.key: e for e in self.plan.expenses()}
		for decision in (e for e in self.plan.events if isinstance(e, DecisionPlan)):
			self.assertEqual(decision.manager, managers[by_key[decision.key].user])
		self.assertEqual(managers[REP_LOGIN], MANAGER_LOGIN)

	def test_paid_only_from_an_account_the_spender_sees(self):
		readable = {s.user: s.account for s in self.spenders}
		paid = [e for e in self.plan.expenses() if e.paid_from]
		self.assertGreater(len(paid), 50)
		for expense in paid:
			self.assertEqual(expense.paid_from, readable[expense.user])
		self.assertTrue(all(account.startswith("备用金") for _k, _m, account, _a in self.plan.payouts()))
		self.assertLess(len(self.plan.payouts()), len(paid) + 1)

	def test_budgets_of_every_scope(self):
		scopes = collections.Counter(b.scope for b in self.plan.budgets)
		self.assertEqual(set(scopes), {"Company", "Team", "Salesperson"})
		self.assertEqual(scopes["Salesperson"], 3, "each region's first rep")
		for budget in self.plan.budgets:
			self.assertEqual(len(budget.amounts), 4 if budget.period_type == "Quarter" else 12)

	def test_large_set_has_exactly_200000_expenses(self):
		plan, _spenders = small_spending(size="large", ordered={})
		self.assertEqual(len(plan.expenses()), 200_000)


class TestBulkExpensesEqualControllers(SalesTeamTestCase):
	"""One hand-written set of expenses with budgets, into two copies of its categories, customers and
	petty-cash account: once run through the workflow document by document (insert_expenses) and once
	written in bulk (bulk_insert_expenses, bulk_insert_cash for the payouts)."""

	SETTINGS = {
		"expense_budget_action": "Warn",
		"expense_spend_ratio_percent": 10,
		"expense_dormant_months": 6,
		"expense_outlier_factor": 3,
		"expense_outlier_min_count": 5,
		"fiscal_year_start_month": "1",
	}

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.saved = {f: frappe.db.get_single_value("SM Settings", f) for f in cls.SETTINGS}
		cls.apply_settings(cls.SETTINGS)
		cls.product = make_product(unique("EXP-DEMO"), standard_price=2000)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		cls.apply_settings(cls.saved)
		super().tearDownClass()

	@staticmethod
	def apply_settings(values):
		for field, value in values.items():
			frappe.db.set_single_value("SM Settings", field, value)
		frappe.clear_document_cache("SM Settings", "SM Settings")
		frappe.db.commit()

	def tearDown(self):
		# the shared team's users see no cash account once the test is over
		for account in getattr(self, "accounts", []):
			frappe.db.delete("SM Cash Account Access", {"parent": account})
		frappe.db.delete(
			"Series", {"name": ("in", [PROGRESS_KEY, MONEY_PROGRESS_KEY, "sales_mgmt_demo_cash_events"])}
		)
		frappe.db.commit()
		super().tearDown()

	def test_bulk_rows_equal_posted_rows(self):
		posted, bulk = self.copy("PST"), self.copy("BLK")
		spending, cash = self.plan(posted)
		ensure_cash_accounts(cash)
		ensure_budgets(spending)
		self.assertEqual(insert_expenses(spending), len(spending.events))
		spending, cash = self.plan(bulk)
		ensure_cash_accounts(cash)
		ensure_budgets(spending)
		self.assertEqual(bulk_insert_expenses(spending), len(spending.events))
		bulk_insert_cash(cash, MoneyPlan((), ()), spending)
		as_posted, as_bulk = self.written(posted), self.written(bulk)
		self.assertEqual(len(as_posted["SM Expense"]), 15)
		self.assertEqual(len(as_posted["SM Cash Entry"]), 2)
		for doctype in as_posted:
			with self.subTest(doctype=doctype):
				self.assertEqual(as_bulk[doctype], as_posted[doctype])

	def test_statuses_flags_and_approvers(self):
		copy = self.copy("HND")
		spending, cash = self.plan(copy)
		ensure_cash_accounts(cash)
		ensure_budgets(spending)
		insert_expenses(spending)
		rows = {
			row.description: row
			for row in frappe.get_all(
				"SM Expense",
				filters={"category": ("in", [copy[c] for c in DEFAULTS])},
				fields=["description", "workflow_state", "budget_status", "approved_by", "is_flagged", "flag_over_budget", "flag_spend_ratio", "flag_dormant_customer", "flag_outlier", "cash_entry"],
			)
		}  # fmt: skip
		owner, east, west = business_owner(), self.team.users["east"], self.team.users["west"]

		def row(key):
			r = rows[f"k{key}"]
			flags = "".join(
				letter
				for letter, field in zip(
					"BSDO",
					("flag_over_budget", "flag_spend_ratio", "flag_dormant_customer", "flag_outlier"),
					strict=True,
				)
				if r[field]
			)
			return (r.workflow_state, r.budget_status, r.approved_by, flags)

		self.assertEqual(row(0), ("Approved", "Within", east, ""))
		self.assertEqual(row(1), ("Approved", "Within", east, "S"))  # no sales: any spend
		self.assertEqual(row(2), ("Approved", "No Budget", east, "SD"))
		self.assertEqual(row(3), ("Approved", "Over", owner, "B"))  # east1's own travel budget
		self.assertEqual(row(5), ("Approved", "Over", owner, "BS"))  # the east team's entertainment
		self.assertEqual(row(6), ("Approved", "No Budget", owner, "SD"))  # the director's
		self.assertEqual(row(7)[:3], ("Rejected", "Over", None))  # east1's travel, 2,700 spent already
		self.assertEqual(row(8)[:3], ("Pending Approval", "Within", None))
		self.assertEqual(row(14), ("Approved", "No Budget", west, "O"))
		self.assertEqual(row(4)[2], west)
		self.assertTrue(rows["k0"].cash_entry and rows["k2"].cash_entry)
		self.assertEqual(recompute_balance(copy["petty"]), 50_000 - 1_200 - 600)

	# --- the plan --------------------------------------------------------------------------------------

	def copy(self, prefix: str) -> dict[str, str]:
		"""Categories of their own, four customers (A with 20,000 of sales) and a petty-cash account."""
		names = {}
		groups = {
			"Management": make_expense_category(unique(f"{prefix}管理费用"), is_group=1, expense_type="Management"),
			"Promotion": make_expense_category(unique(f"{prefix}推广费用"), is_group=1, expense_type="Promotion"),
		}  # fmt: skip
		for category in CATEGORIES:
			group = (
				"Promotion" if category.category in ("Gifts", "Advertising", "Trade Shows") else "Management"
			)
			names[category.category] = make_expense_category(
				unique(f"{prefix}{category.category}"), groups[group]
			)
		for key, salesperson in (("A", "east1"), ("B", "east1"), ("C", "west1"), ("D", "east2")):
			doc = frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": unique(f"费用客户{prefix}{key}"),
					"salesperson": self.team.salespeople[salesperson],
					"status": "Active",
					"city": "上海",
				}
			)
			doc.flags.ignore_permissions = True
			names[key] = doc.insert().name
		make_order(names["A"], [(self.product, 10, 2000)], order_date="2025-02-01")
		names["petty"] = unique(f"{prefix}备用金")
		self.accounts = [*getattr(self, "accounts", []), names["petty"]]
		frappe.db.commit()
		return names

	def plan(self, copy: dict[str, str]) -> tuple[SpendingPlan, CashPlan]:
		def at(day: int, hour: int, minute: int = 0) -> datetime:
			return datetime(2025, 3, day, hour, minute)

		users, sp = self.team.users, self.team.salespeople
		east, west = users["east"], users["west"]
		petty = copy["petty"]
		spent = []

		def expense(key, moment, who, category, amount, customer=None, paid=False):
			spent.append(
				ExpensePlan(
					key, moment, users[who], sp[who], copy[category], moment.date(), amount,
					copy[customer] if customer else None, f"k{key}", petty if paid else None,
				)
			)  # fmt: skip

		expense(0, at(3, 18), "east1", "Travel", 1_200.0, "A", paid=True)
		expense(1, at(4, 18), "east1", "Entertainment", 900.0, "B")
		expense(2, at(4, 19), "east2", "Gifts", 600.0, "D", paid=True)
		expense(3, at(6, 18), "east1", "Travel", 1_500.0)
		expense(4, at(6, 19), "west1", "Office Supplies", 300.0)
		expense(5, at(6, 20), "east2", "Entertainment", 700.0, "D")
		expense(6, at(7, 18), "director", "Advertising", 8_000.0, "C")
		expense(7, at(7, 19), "east1", "Travel", 400.0)
		expense(8, at(12, 18), "west1", "Travel", 800.0)
		for n in range(9, 14):
			expense(n, at(n - 8, 17), "west1", "Office Supplies", 100.0)
		expense(14, at(11, 18), "west1", "Office Supplies", 2_000.0)
		decisions = [
			DecisionPlan(at(4, 10), 0, True, east),
			DecisionPlan(at(5, 10), 1, True, east),
			DecisionPlan(at(5, 11), 2, True, east),
			DecisionPlan(at(7, 10), 3, True, east),
			DecisionPlan(at(7, 11), 4, True, west),
			DecisionPlan(at(7, 12), 5, True, east),
			DecisionPlan(at(10, 10), 6, True, None),
			DecisionPlan(at(10, 11), 7, False, east),
			*(DecisionPlan(at(n - 7, 9), n, True, west) for n in range(9, 14)),
			DecisionPlan(at(12, 10), 14, True, west),
		]
		events = sorted([*spent, *decisions], key=lambda e: (e.moment, isinstance(e, DecisionPlan), e.key))
		budgets = (
			BudgetPlan(2025, "Month", copy["Travel"], "Company", None, (100_000.0,) * 12),
			BudgetPlan(2025, "Month", copy["Travel"], "Salesperson", sp["east1"], (2_000.0,) * 12),
			BudgetPlan(2025, "Quarter", copy["Entertainment"], "Team", sp["east"], (1_500.0,) * 4),
		)
		access = ((users["east"], MANAGE), (users["east1"], VIEW), (users["east2"], VIEW))
		account = AccountPlan(petty, "Cash", "CNY", "petty", 50_000.0, access=access)
		return SpendingPlan(budgets, tuple(events)), CashPlan(date(2025, 3, 1), (account,), (), (), ())

	# --- what was written --------------------------------------------------------------------------------

	def written(self, copy: dict[str, str]) -> dict[str, list]:
		alias = {value: key for key, value in copy.items()}
		for key in ("A", "B", "C", "D"):
			alias[frappe.db.get_value("SM Customer", copy[key], "customer_name")] = f"customer {key}"
		expenses = frappe.get_all(
			"SM Expense",
			filters={"category": ("in", [copy[c] for c in DEFAULTS])},
			fields=["*"],
			order_by="creation, name",
		)
		alias.update({e.name: f"expense {i}" for i, e in enumerate(expenses)})
		budgets = frappe.get_all(
			"SM Expense Budget",
			filters={"category": ("in", [copy[c] for c in DEFAULTS])},
			fields=["name", "budget_key"],
		)
		alias.update({b.name: b.budget_key.split("|", 1)[1].replace(copy["Travel"], "travel").replace(copy["Entertainment"], "entertainment") for b in budgets})  # fmt: skip
		entries = frappe.get_all(
			"SM Cash Entry", filters={"cash_account": copy["petty"]}, fields=["*"], order_by="creation, name"
		)
		alias.update({e.name: f"entry {i}" for i, e in enumerate(entries)})
		ledger = frappe.get_all(
			"SM Cash Ledger Entry", filters={"cash_account": copy["petty"]}, fields=["*"], order_by="name"
		)
		names = sorted(alias, key=len, reverse=True)

		def value(v):
			if not isinstance(v, str):
				return v
			if v in alias:
				return alias[v]
			for name in names:
				if name in v:
					v = v.replace(name, alias[name])
			return v

		ignored = {"name", "modified", "_user_tags", "_comments", "_assign", "_liked_by"}

		def normalized(rows, named=True):
			out = [
				{k: value(v) for k, v in row.items() if k not in ignored}
				| ({"name_of": value(row.name)} if named else {})
				for row in rows
			]
			return sorted(out, key=lambda r: repr(sorted(r.items(), key=lambda i: i[0])))

		return {
			"SM Expense": normalized(expenses),
			"SM Cash Entry": normalized(entries),
			"SM Cash Ledger Entry": normalized(ledger, named=False),
			"SM Cash Account": [
				flt(frappe.db.get_value("SM Cash Account", copy["petty"], "current_balance"))
			],
		}
