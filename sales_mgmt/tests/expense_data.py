"""Small, named building blocks for expense tests: categories, budgets and expenses.

ExpenseTestCase gives every test class categories of its own, so budgets on the site's default
categories never cover the tests' expenses:

	Mgmt-XXXX (group, Management)          Promo-XXXX (group, Promotion)
	├── Travel-XXXX                        └── Gifts-XXXX
	└── Office-XXXX

Every test starts with the expense settings at: budget action Warn, every flag rule off (share 0 %,
0 months, factor 0), minimum 5 expenses for an average; fiscal years starting in January. A test
switches on what it examines (`use_settings`).
"""

import frappe

from sales_mgmt.tests.goods_data import unique
from sales_mgmt.tests.money_data import MoneyTestCase

BASE_SETTINGS = {
	"expense_budget_action": "Warn",
	"expense_spend_ratio_percent": 0,
	"expense_dormant_months": 0,
	"expense_outlier_factor": 0,
	"expense_outlier_min_count": 5,
	"fiscal_year_start_month": "1",
}


def make_expense_category(name: str, parent: str | None = None, is_group: int = 0, expense_type=None) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "SM Expense Category",
				"category_name": name,
				"parent_sm_expense_category": parent,
				"is_group": is_group,
				"expense_type": expense_type,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_expense(category: str, amount: float, submit: bool = False, **kwargs):
	"""An SM Expense inserted as the current user, dated 2026-01-15 unless given; `submit` submits it
	as Administrator (who may approve any expense)."""
	doc = frappe.get_doc(
		{
			"doctype": "SM Expense",
			"category": category,
			"amount": amount,
			"expense_date": kwargs.pop("expense_date", "2026-01-15"),
			**kwargs,
		}
	)
	doc.insert()
	if submit:
		approve(doc)
	return doc


def approve(doc):
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		doc.reload()
		doc.submit()
	finally:
		frappe.set_user(user)
	return doc


def make_budget(
	category: str, amounts: list[float], fiscal_year: int = 2026, period_type: str = "Month", **kwargs
):
	"""An SM Expense Budget whose periods get `amounts` in order (as Administrator)."""
	doc = frappe.get_doc(
		{
			"doctype": "SM Expense Budget",
			"fiscal_year": fiscal_year,
			"period_type": period_type,
			"category": category,
			"scope": kwargs.pop("scope", "Company"),
			**kwargs,
		}
	)
	doc.flags.ignore_permissions = True
	doc.insert()
	for row, amount in zip(doc.periods, amounts, strict=False):
		row.amount = amount
	doc.save()
	return doc


class ExpenseTestCase(MoneyTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.mgmt = make_expense_category(unique("Mgmt"), is_group=1, expense_type="Management")
		cls.travel = make_expense_category(unique("Travel"), cls.mgmt)
		cls.office = make_expense_category(unique("Office"), cls.mgmt)
		cls.promo = make_expense_category(unique("Promo"), is_group=1, expense_type="Promotion")
		cls.gifts = make_expense_category(unique("Gifts"), cls.promo)

	def setUp(self):
		super().setUp()
		self.use_settings(**BASE_SETTINGS)

	def use_settings(self, **values):
		"""SM Settings for this test (settings are cached outside the transaction: restored and the
		cache cleared after the test)."""

		def apply(values):
			for field, value in values.items():
				frappe.db.set_single_value("SM Settings", field, value)
			frappe.clear_document_cache("SM Settings", "SM Settings")

		old = {field: frappe.db.get_single_value("SM Settings", field) for field in values}
		self.addCleanup(apply, old)
		apply(values)

	def as_user(self, key):
		frappe.set_user(self.team.users[key])
