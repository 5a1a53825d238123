"""Expenses: base amounts, bad input, budgets at period edges, warn or block, who approves, the
default workflow, the unreasonable-spend flags and cancelling. Every number below is computed by
hand from the amounts the test enters."""

from unittest.mock import patch

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow

from sales_mgmt.exceptions import (
	ApprovalRequiredError,
	BeforeOpeningDateError,
	CustomerRequiredError,
	DisabledCashAccountError,
	ExpenseOverBudgetError,
	InvalidAmountError,
	InvalidExpenseCategoryError,
	LinkedCashEntryError,
	MissingExchangeRateError,
)
from sales_mgmt.money.setup import EXPENSE_WORKFLOW_NAME, create_expense_workflow
from sales_mgmt.tests.expense_data import (
	ExpenseTestCase,
	approve,
	make_budget,
	make_expense,
	make_expense_category,
)
from sales_mgmt.tests.goods_data import in_parallel, set_settings, unique
from sales_mgmt.tests.money_data import (
	MoneyTestCase,
	make_cash_account,
	make_customer,
	make_order,
	only_rates,
)


def budget_figures(expense) -> tuple:
	return (
		expense.budget_status,
		expense.expense_budget,
		str(expense.budget_period_start) if expense.budget_period_start else None,
		str(expense.budget_period_end) if expense.budget_period_end else None,
		expense.budget_amount,
		expense.budget_spent,
		expense.over_budget_by,
	)


def flags(expense) -> tuple:
	return (
		expense.flag_over_budget,
		expense.flag_spend_ratio,
		expense.flag_dormant_customer,
		expense.flag_outlier,
		expense.is_flagged,
	)


class TestExpense(ExpenseTestCase):
	def test_amounts_and_defaults(self):
		only_rates("USD", ("2026-01-01", 7.2))
		self.as_user("east1")
		expense = make_expense(self.travel, 12.5, currency="USD", description="高铁")
		self.assertEqual(
			(expense.exchange_rate, expense.base_amount, expense.expense_type), (7.2, 90, "Management")
		)
		self.assertEqual(expense.salesperson, self.team.salespeople["east1"])  # the user's own
		self.assertEqual(
			(expense.workflow_state, expense.budget_status, expense.is_flagged), ("Draft", "No Budget", 0)
		)
		# the base currency: rate 1
		expense = make_expense(self.office, 30)
		self.assertEqual((expense.currency, expense.exchange_rate, expense.base_amount), ("CNY", 1, 30))

	def test_bad_input_is_refused(self):
		pin = "bad input 坏数据"
		other = make_customer(self.team.salespeople["east1"])
		opportunity = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": other, "title": "别的客户", "amount": 100}
		).insert()
		frappe.db.set_value("Currency", "EUR", "enabled", 1)
		only_rates("EUR")
		for category, amount, values, error in (
			(self.travel, 0, {}, InvalidAmountError),
			(self.travel, -5, {}, InvalidAmountError),
			(self.gifts, 100, {}, CustomerRequiredError),  # Promotion without a customer
			(self.mgmt, 100, {}, InvalidExpenseCategoryError),  # a group
			(self.travel, 100, {"currency": "EUR"}, MissingExchangeRateError),
			(
				self.gifts,
				100,
				{"customer": self.customer, "opportunity": opportunity.name},
				frappe.ValidationError,
			),
		):
			with self.subTest(category=category, amount=amount, values=values):
				with self.assertRaises(error) as refused:
					make_expense(category, amount, description=pin, **values)
				self.assertTrue(str(refused.exception))
		self.assertFalse(frappe.db.exists("SM Expense", {"description": pin}))

	def test_opportunity_of_the_customer(self):
		opportunity = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.customer, "title": "样品", "amount": 100}
		).insert()
		# the customer comes from the opportunity
		expense = make_expense(self.gifts, 80, opportunity=opportunity.name)
		self.assertEqual((expense.customer, expense.expense_type), (self.customer, "Promotion"))

	def test_budget_of_months_at_the_month_edge(self):
		"""January 1,000, February 500 (company, the Management group: covers Travel and Office)."""
		budget = make_budget(self.mgmt, [1000, 500]).name
		january = (budget, "2026-01-01", "2026-01-31", 1000)
		first = make_expense(self.travel, 600, expense_date="2026-01-31", submit=True)
		self.assertEqual(budget_figures(first), ("Within", *january, 0, 0))
		# 600 + 400 = 1,000: exactly the budget is within it
		second = make_expense(self.office, 400, expense_date="2026-01-31")
		self.assertEqual(budget_figures(second), ("Within", *january, 600, 0))
		approve(second)
		third = make_expense(self.travel, 0.01, expense_date="2026-01-31")
		self.assertEqual(budget_figures(third), ("Over", *january, 1000, 0.01))
		self.assertEqual(flags(third), (1, 0, 0, 0, 1))
		self.assertIn(budget, third.flag_reasons)
		# the next day is February's budget
		february = make_expense(self.travel, 500, expense_date="2026-02-01")
		self.assertEqual(budget_figures(february), ("Within", budget, "2026-02-01", "2026-02-28", 500, 0, 0))
		# drafts do not count; other categories are not covered
		make_expense(self.gifts, 5000, expense_date="2026-01-31", customer=self.customer, submit=True)
		third.save()
		self.assertEqual(third.budget_spent, 1000)

	def test_budget_of_quarters_in_a_fiscal_year_from_april(self):
		"""Fiscal year 2025 = 2025-04-01 … 2026-03-31; quarters 100, 200, 300, 400 on Travel."""
		self.use_settings(fiscal_year_start_month="4")
		budget = make_budget(self.travel, [100, 200, 300, 400], fiscal_year=2025, period_type="Quarter").name
		q1 = make_expense(self.travel, 100, expense_date="2025-06-30", submit=True)  # last day of Q1
		self.assertEqual(budget_figures(q1), ("Within", budget, "2025-04-01", "2025-06-30", 100, 0, 0))
		q2 = make_expense(self.travel, 1, expense_date="2025-07-01")
		self.assertEqual(budget_figures(q2), ("Within", budget, "2025-07-01", "2025-09-30", 200, 0, 0))
		make_expense(self.travel, 399, expense_date="2026-01-01", submit=True)
		q4 = make_expense(self.travel, 2, expense_date="2026-03-31")  # last day of Q4 of fiscal 2025
		self.assertEqual(budget_figures(q4), ("Over", budget, "2026-01-01", "2026-03-31", 400, 399, 1))
		# 2026-04-01 is fiscal 2026: no budget
		self.assertEqual(make_expense(self.travel, 2, expense_date="2026-04-01").budget_status, "No Budget")
		# a budget for the year: one period, the whole fiscal year
		year = make_budget(self.office, [1000], fiscal_year=2025, period_type="Year").name
		office = make_expense(self.office, 1000, expense_date="2026-03-31")
		self.assertEqual(budget_figures(office), ("Within", year, "2025-04-01", "2026-03-31", 1000, 0, 0))

	def test_team_and_salesperson_budgets(self):
		sp = self.team.salespeople
		team = make_budget(self.mgmt, [300], scope="Team", team=sp["east"]).name
		own = make_budget(self.travel, [100], scope="Salesperson", salesperson=sp["east1"]).name
		make_expense(self.travel, 80, salesperson=sp["east2"], submit=True)  # the team's
		make_expense(self.travel, 500, salesperson=sp["west1"], submit=True)  # another team's
		make_expense(self.office, 500, submit=True)  # nobody's
		# east1's 150: own budget 150 of 100 (over by 50), team 230 of 300
		expense = make_expense(self.travel, 150, salesperson=sp["east1"])
		self.assertEqual(budget_figures(expense), ("Over", own, "2026-01-01", "2026-01-31", 100, 0, 50))
		# east2's 250: the team's budget only, 330 of 300
		expense = make_expense(self.office, 250, salesperson=sp["east2"])
		self.assertEqual(budget_figures(expense), ("Over", team, "2026-01-01", "2026-01-31", 300, 80, 30))
		# the head's own expense counts in the team's
		expense = make_expense(self.office, 220, salesperson=sp["east"])
		self.assertEqual(budget_figures(expense), ("Within", team, "2026-01-01", "2026-01-31", 300, 80, 0))
		self.assertEqual(make_expense(self.office, 10, salesperson=sp["west1"]).budget_status, "No Budget")

	def test_warn_or_block_over_budget(self):
		make_budget(self.travel, [100])
		make_expense(self.travel, 100, submit=True)
		expense = make_expense(self.travel, 50)
		self.assertEqual(expense.budget_status, "Over")
		self.use_settings(expense_budget_action="Block")
		self.assertRaises(ExpenseOverBudgetError, approve, expense)
		self.assertEqual(frappe.db.get_value("SM Expense", expense.name, "docstatus"), 0)
		self.use_settings(expense_budget_action="Warn")
		with patch.object(frappe, "msgprint", wraps=frappe.msgprint) as shown:
			approve(expense)
		self.assertEqual(
			frappe.db.get_value("SM Expense", expense.name, ["docstatus", "budget_status"]), (1, "Over")
		)
		warning = frappe._("This expense exceeds its budget.")
		self.assertTrue(any(warning in str(call.args[0]) for call in shown.call_args_list))
		# a budget raised after the draft was saved: checked again on submit
		self.use_settings(expense_budget_action="Block")
		late = make_expense(self.travel, 10)
		budget = frappe.get_doc("SM Expense Budget", late.expense_budget)
		budget.periods[0].amount = 160
		budget.save()
		approve(late)
		self.assertEqual((late.budget_status, late.budget_amount, late.budget_spent), ("Within", 160, 150))

	def test_the_manager_approves_within_budget(self):
		self.as_user("east1")
		expense = make_expense(self.travel, 100)
		apply_workflow(expense.as_dict(), "Submit for Approval")
		expense.reload()
		self.assertEqual((expense.workflow_state, expense.docstatus), ("Pending Approval", 0))
		# the rep neither approves nor submits
		self.assertRaises(WorkflowTransitionError, apply_workflow, expense.as_dict(), "Approve")
		self.assertRaises(frappe.PermissionError, expense.submit)
		# another region's manager does not see it
		self.as_user("west")
		self.assertRaises(frappe.PermissionError, apply_workflow, expense.as_dict(), "Approve")
		self.as_user("east")
		approved = apply_workflow(frappe.get_doc("SM Expense", expense.name).as_dict(), "Approve")
		self.assertEqual(
			(approved.docstatus, approved.workflow_state, approved.approved_by),
			(1, "Approved", self.team.users["east"]),
		)
		# a manager's own expense goes to the manager above
		own = make_expense(self.travel, 100)
		self.assertEqual(own.salesperson, self.team.salespeople["east"])
		apply_workflow(own.as_dict(), "Submit for Approval")
		self.assertRaises(
			ApprovalRequiredError, apply_workflow, frappe.get_doc("SM Expense", own.name).as_dict(), "Approve"
		)
		self.as_user("director")
		approved = apply_workflow(frappe.get_doc("SM Expense", own.name).as_dict(), "Approve")
		self.assertEqual(approved.approved_by, self.team.users["director"])

	def test_the_business_owner_approves_over_budget(self):
		make_budget(self.travel, [100])
		self.as_user("east1")
		expense = make_expense(self.travel, 150)
		self.assertEqual(expense.budget_status, "Over")
		apply_workflow(expense.as_dict(), "Submit for Approval")
		# the manager may not approve it: not through the workflow, not by submitting it
		self.as_user("east")
		pending = frappe.get_doc("SM Expense", expense.name)
		self.assertRaises(WorkflowTransitionError, apply_workflow, pending.as_dict(), "Approve")
		with self.assertRaises(ApprovalRequiredError) as refused:
			pending.submit()
		self.assertIn("Business Owner", str(refused.exception))
		# the manager may reject it
		self.as_user("owner")
		approved = apply_workflow(frappe.get_doc("SM Expense", expense.name).as_dict(), "Approve")
		self.assertEqual(
			(approved.docstatus, approved.workflow_state, approved.approved_by),
			(1, "Approved", self.team.users["owner"]),
		)

	def test_rejected_and_revised(self):
		self.as_user("east1")
		expense = make_expense(self.travel, 100)
		apply_workflow(expense.as_dict(), "Submit for Approval")
		self.as_user("east")
		rejected = apply_workflow(frappe.get_doc("SM Expense", expense.name).as_dict(), "Reject")
		self.assertEqual((rejected.workflow_state, rejected.docstatus), ("Rejected", 0))
		self.as_user("east1")
		revised = apply_workflow(frappe.get_doc("SM Expense", expense.name).as_dict(), "Revise")
		self.assertEqual(revised.workflow_state, "Draft")

	def test_the_workflow_is_created_once_and_then_left_alone(self):
		workflow = frappe.get_doc("Workflow", EXPENSE_WORKFLOW_NAME)
		workflow.transitions = [t for t in workflow.transitions if t.allowed != "Sales Manager"]
		workflow.save(ignore_permissions=True)
		create_expense_workflow()
		from sales_mgmt.install import after_migrate

		after_migrate()
		transitions = frappe.get_doc("Workflow", EXPENSE_WORKFLOW_NAME).transitions
		self.assertTrue(transitions)
		self.assertFalse(any(t.allowed == "Sales Manager" for t in transitions))
		self.assertEqual(frappe.db.count("Workflow", {"document_type": "SM Expense"}), 1)

	def test_flag_spend_above_share_of_sales(self):
		"""10 %; the customer bought 1,000 on 2026-01-05."""
		self.use_settings(expense_spend_ratio_percent=10)
		customer = make_customer(self.team.salespeople["east1"])
		make_order(customer, [(self.a, 10, 100)], order_date="2026-01-05")
		# before the order: no sales, so any spend
		early = make_expense(self.gifts, 1, customer=customer, expense_date="2026-01-04")
		self.assertEqual(flags(early), (0, 1, 0, 0, 1))
		self.assertIn("1,000.00", make_expense(self.gifts, 200, customer=customer).flag_reasons)
		# 100 = 10 % of 1,000: not above
		first = make_expense(self.gifts, 100, customer=customer, submit=True)
		self.assertEqual(flags(first), (0, 0, 0, 0, 0))
		# 100 + 0.01: above; Management expenses count too
		second = make_expense(self.travel, 0.01, customer=customer)
		self.assertEqual(flags(second), (0, 1, 0, 0, 1))
		# an expense without a customer is never flagged by it
		self.assertEqual(make_expense(self.travel, 5000).is_flagged, 0)
		# off at 0 %
		self.use_settings(expense_spend_ratio_percent=0)
		second.save()
		self.assertEqual(flags(second), (0, 0, 0, 0, 0))

	def test_flag_promotion_for_a_dormant_customer(self):
		"""6 months; the customer's last order is dated 2026-01-05."""
		self.use_settings(expense_dormant_months=6)
		customer = make_customer(self.team.salespeople["east1"])
		make_order(customer, [(self.a, 1, 100)], order_date="2026-01-05")
		# 2026-07-05: the order is 6 months before, still within them
		self.assertEqual(
			flags(make_expense(self.gifts, 10, customer=customer, expense_date="2026-07-05")), (0, 0, 0, 0, 0)
		)
		dormant = make_expense(self.gifts, 10, customer=customer, expense_date="2026-07-06")
		self.assertEqual(flags(dormant), (0, 0, 1, 0, 1))
		self.assertIn("6", dormant.flag_reasons)
		# a Management expense for the customer is not promotion
		self.assertEqual(
			make_expense(self.travel, 10, customer=customer, expense_date="2026-07-06").is_flagged, 0
		)
		# a customer who never bought anything
		never = make_customer(self.team.salespeople["east1"])
		self.assertEqual(flags(make_expense(self.gifts, 10, customer=never)), (0, 0, 1, 0, 1))

	def test_flag_outlier_of_its_category(self):
		"""Factor 3, at least 5 expenses: Office's submitted expenses of 2025-01-15 … 2026-01-14."""
		self.use_settings(expense_outlier_factor=3)
		make_expense(self.office, 10000, expense_date="2025-01-14", submit=True)  # 12 months + 1 day before
		for day in ("2025-01-15", "2025-06-01", "2025-12-31"):
			make_expense(self.office, 100, expense_date=day, submit=True)
		make_expense(self.office, 100, expense_date="2026-01-14", submit=True)
		make_expense(self.office, 100000, expense_date="2026-01-15", submit=True)  # the same day: not before
		make_expense(self.travel, 1, expense_date="2026-01-10", submit=True)  # another category
		make_expense(self.office, 1, expense_date="2026-01-10")  # a draft
		# 4 expenses: too few for an average
		self.assertEqual(make_expense(self.office, 1000).is_flagged, 0)
		make_expense(self.office, 150, expense_date="2026-01-01", submit=True)
		# 5 expenses, average (4 × 100 + 150) / 5 = 110: flagged above 330
		self.assertEqual(flags(make_expense(self.office, 330)), (0, 0, 0, 0, 0))
		outlier = make_expense(self.office, 330.01)
		self.assertEqual(flags(outlier), (0, 0, 0, 1, 1))
		self.assertIn("110.00", outlier.flag_reasons)

	def test_flags_are_frozen_when_submitted(self):
		self.use_settings(expense_spend_ratio_percent=10)
		customer = make_customer(self.team.salespeople["east1"])
		make_order(customer, [(self.a, 10, 100)], order_date="2026-01-05")
		expense = make_expense(self.gifts, 100, customer=customer, submit=True)
		make_expense(self.gifts, 500, customer=customer, submit=True)
		self.use_settings(expense_spend_ratio_percent=1)
		expense.reload()
		expense.description = "只改说明"
		self.assertRaises(frappe.UpdateAfterSubmitError, expense.save)
		expense.reload()
		self.assertEqual((flags(expense), expense.flag_reasons), ((0, 0, 0, 0, 0), None))

	def test_paid_from_a_cash_account(self):
		"""An approved expense of 50 USD (at 7.2) paid from a CNY account opened with 1,000."""
		only_rates("USD", ("2026-01-01", 7.2))
		account = make_cash_account("CNY", 1000)
		expense = make_expense(self.gifts, 50, currency="USD", customer=self.customer, paid_from=account)
		approve(expense)
		entry = frappe.get_doc("SM Cash Entry", expense.cash_entry)
		self.assertEqual(
			(entry.docstatus, entry.entry_type, entry.cash_account, entry.amount, str(entry.posting_date)),
			(1, "Expense", account, 360, "2026-01-15"),
		)
		self.assertEqual(
			(entry.reference_doctype, entry.reference_name, entry.counterparty, entry.category),
			("SM Expense", expense.name, expense.customer_name, self.gifts),
		)
		self.assertEqual(frappe.db.get_value("SM Cash Account", account, "current_balance"), 640)
		# the entry goes with the expense, never on its own
		self.assertRaises(LinkedCashEntryError, entry.cancel)
		expense.reload()
		expense.cancel()
		self.assertEqual(frappe.db.get_value("SM Cash Entry", entry.name, "docstatus"), 2)
		self.assertEqual(frappe.db.get_value("SM Cash Account", account, "current_balance"), 1000)
		# without an account nothing is posted; the salesperson is the counterparty without a customer
		self.assertIsNone(make_expense(self.travel, 10, submit=True).cash_entry)
		own = make_expense(
			self.travel, 10, salesperson=self.team.salespeople["east1"], paid_from=account, submit=True
		)
		self.assertEqual(frappe.db.get_value("SM Cash Entry", own.cash_entry, "counterparty"), "East Rep 1")

	def test_the_approval_stands_for_the_payment(self):
		"""The rep may view the account, the manager is not on its list: the manager's approval posts."""
		account = make_cash_account("CNY", 1000, access=[(self.team.users["east1"], "View")])
		hidden = make_cash_account("CNY", 1000)
		self.as_user("east1")
		self.assertRaises(frappe.LinkValidationError, make_expense, self.travel, 100, paid_from=hidden)
		expense = make_expense(self.travel, 100, paid_from=account)
		apply_workflow(expense.as_dict(), "Submit for Approval")
		self.as_user("east")
		apply_workflow(frappe.get_doc("SM Expense", expense.name).as_dict(), "Approve")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("SM Cash Account", account, "current_balance"), 900)

	def test_a_cash_account_that_cannot_take_it(self):
		disabled = make_cash_account("CNY", 1000, enabled=0)
		self.assertRaises(DisabledCashAccountError, make_expense, self.travel, 10, paid_from=disabled)
		later = make_cash_account("CNY", 1000, opening_date="2026-02-01")
		self.assertRaises(BeforeOpeningDateError, make_expense, self.travel, 10, paid_from=later)
		self.assertFalse(frappe.db.exists("SM Expense", {"paid_from": ("in", [disabled, later])}))

	def test_cancelled_expenses_leave_the_budget(self):
		make_budget(self.travel, [100])
		self.as_user("east1")
		expense = make_expense(self.travel, 100)
		apply_workflow(expense.as_dict(), "Submit for Approval")
		self.as_user("east")
		approved = apply_workflow(frappe.get_doc("SM Expense", expense.name).as_dict(), "Approve")
		self.assertEqual(make_expense(self.travel, 1).budget_status, "Over")
		cancelled = apply_workflow(approved.as_dict(), "Cancel")
		self.assertEqual((cancelled.docstatus, cancelled.workflow_state), (2, "Cancelled"))
		self.assertEqual(make_expense(self.travel, 1).budget_spent, 0)


class TestConcurrentSubmits(MoneyTestCase):
	"""Expenses of one budget submitted at once, each on its own connection, with SM Settings blocking
	expenses over budget: the budget lets through only what fits."""

	def setUp(self):
		frappe.set_user("Administrator")
		self.previous = set_settings(expense_budget_action="Block", fiscal_year_start_month="1")
		frappe.clear_document_cache("SM Settings", "SM Settings")
		self.group = make_expense_category(unique("Race"), is_group=1, expense_type="Management")
		self.leaf = make_expense_category(unique("Race Leaf"), self.group)
		self.budget = make_budget(self.group, [100]).name
		# five of 30: three fit in 100
		self.expenses = [make_expense(self.leaf, 30).name for _ in range(5)]
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		for name in self.expenses:
			if frappe.db.get_value("SM Expense", name, "docstatus") == 1:
				frappe.get_doc("SM Expense", name).cancel()
			frappe.delete_doc("SM Expense", name, force=True)
		frappe.delete_doc("SM Expense Budget", self.budget, force=True)
		frappe.delete_doc("SM Expense Category", self.leaf, force=True)
		frappe.delete_doc("SM Expense Category", self.group, force=True)
		set_settings(**self.previous)
		frappe.db.commit()
		frappe.clear_document_cache("SM Settings", "SM Settings")

	def test_parallel_submits_stay_within_the_budget(self):
		def submit(name):
			return lambda: frappe.get_doc("SM Expense", name).submit().name

		outcomes = in_parallel(*(submit(name) for name in self.expenses))
		errors = [o for o in outcomes if isinstance(o, Exception)]
		self.assertEqual(len(errors), 2, outcomes)
		self.assertTrue(all(isinstance(e, ExpenseOverBudgetError) for e in errors), errors)
		frappe.db.rollback()  # a fresh snapshot
		submitted = frappe.get_all(
			"SM Expense", filters={"name": ("in", self.expenses), "docstatus": 1}, fields=["budget_spent"]
		)
		self.assertEqual(sorted(row.budget_spent for row in submitted), [0, 30, 60])
