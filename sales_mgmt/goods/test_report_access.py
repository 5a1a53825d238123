"""Who may open each Goods report, through the desk's own endpoint (frappe.desk.query_report.run),
which also checks every Link column of the result against the user's permissions."""

import frappe
from frappe.desk.query_report import run

from sales_mgmt.tests.goods_data import issue, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase

FILTERS = {
	"Stock Balance": {},
	"Stock Ledger": {"from_date": "2025-03-01", "to_date": "2025-03-31"},
	"Promo & Gift Consumption": {"from_date": "2025-03-01", "to_date": "2025-03-31", "group_by": "Customer"},
	"Sales Budget": {"period": "2025-04"},
}

# report -> users who may run it (everyone else is refused)
ALLOWED = {
	"Stock Balance": {"owner", "sysman", "warehouse", "finance", "director", "east1", "service"},
	"Stock Ledger": {"owner", "sysman", "warehouse", "finance", "director", "east1"},
	"Promo & Gift Consumption": {"owner", "sysman", "warehouse", "finance", "director", "east1"},
	"Sales Budget": {"owner", "sysman", "warehouse", "finance", "director"},
}
USERS = ("owner", "sysman", "warehouse", "finance", "director", "east1", "service")


class TestGoodsReportAccess(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		warehouse = make_warehouse(unique("ACC"))
		gift = make_product(product_type="Gift")
		phone = make_product()
		for product in (gift, phone):
			receive(product, warehouse, 10, posting_date="2025-03-01")
		issue(
			gift,
			warehouse,
			2,
			purpose="Gift",
			posting_date="2025-03-05",
			customer=cls.team.customers["east1"],
			salesperson=cls.team.salespeople["east1"],
		)
		issue(phone, warehouse, 3, posting_date="2025-03-06", customer=cls.team.customers["west1"])

	def test_each_role_runs_the_reports_it_may(self):
		for report, filters in FILTERS.items():
			for key in USERS:
				with self.subTest(report=report, user=key):
					frappe.set_user(self.team.users[key])
					if key in ALLOWED[report]:
						result = run(report, filters=filters)
						self.assertTrue(result["columns"])
					else:
						self.assertRaises(frappe.PermissionError, run, report, filters=filters)

	def test_promo_customers_follow_the_hierarchy(self):
		frappe.set_user(self.team.users["east1"])
		rows = run("Promo & Gift Consumption", filters=FILTERS["Promo & Gift Consumption"])["result"]
		customers = {row["customer"] for row in rows if isinstance(row, dict)}
		self.assertIn(self.team.customers["east1"], customers)
		self.assertNotIn(self.team.customers["west1"], customers)
