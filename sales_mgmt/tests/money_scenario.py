"""The fixed data set the Money reports' tests share (built inside a test's transaction, rolled back).

Base currency CNY; USD at 7.0 from 2026-01-01 and 7.2 from 2026-02-01. Products P1 (standard price
100, cost 60) and P2 (standard price 200, cost 150). Customers C1 (East Rep 1), C2 (East Rep 2), C3
(West Rep 1) of the test sales team. Amounts below in CNY unless marked USD.

| order | customer | date  | items           | base  | cost | due   | delivered | invoiced | received | state |
|-------|----------|-------|-----------------|-------|------|-------|-----------|----------|----------|-------|
| SO1   | C1       | 01-05 | P1 10 x 100     | 1000  | 600  | 01-20 | 6 = 600   | 800      | 300      | open  |
| SO2   | C1       | 02-10 | P2 5 x 200      | 1000  | 750  | 02-20 | 5 = 1000  | 400      | 200      | open  |
| SO3   | C2       | 01-15 | P1 4 x 50 USD   | 1400  | 240  | 03-01 | 4 = 1400  | 150 USD  | 100 USD  | open  |
| SO4   | C2       | 01-20 | P1 3 x 100      |       |      |       |           |          |          | cancelled |
| SO5   | C3       | 02-01 | P2 10 x 200     | 2000  | 1500 |       | 10 = 2000 | 2000     | 500      | written off (1500) |
| SO6   | C3       | 02-15 | P1 2 x 100      | 200   | 120  |       | 2 = 200   | 200      | 200      | settled |
| SO7   | C3       | 04-01 | P1 5 x 100      | 500   | 300  | 05-31 | 3 = 300   | 0        | 0        | open  |

SO3 in base currency at its own rate 7.0: invoiced 1050, received 700.

Payments: PAY1 C1 02-25 600 (SO1 300, SO2 200, 100 unallocated); PAY2 C2 02-10 100 USD at 7.2 = 720
(all to SO3; 700 at the order's rate); PAY3 C3 03-05 700 (SO5 500, SO6 200); PAY4 C3 03-20 400 (an
advance, unallocated); PAY5 C1 03-10 50 (SO1), cancelled.
"""

import frappe

from sales_mgmt.tests.money_data import (
	fresh_warehouse,
	make_customer,
	make_delivery,
	make_invoice,
	make_order,
	make_payment,
	set_rate,
	stocked_product,
)
from sales_mgmt.tests.sales_team import SalesTeamTestCase, ensure_sales_team

REPORT_DATE = "2026-04-30"


def build_scenario(team=None) -> frappe._dict:
	"""Build the data set above as Administrator; return its names."""
	team = team or ensure_sales_team()
	frappe.set_user("Administrator")
	frappe.db.delete("Currency Exchange", {"from_currency": "USD", "to_currency": "CNY"})
	set_rate("USD", "2026-01-01", 7.0)
	set_rate("USD", "2026-02-01", 7.2)

	s = frappe._dict(team=team, warehouse=fresh_warehouse())
	s.p1 = stocked_product(s.warehouse, standard_price=100, cost_price=60)
	s.p2 = stocked_product(s.warehouse, standard_price=200, cost_price=150)
	s.c1 = make_customer(team.salespeople["east1"])
	s.c2 = make_customer(team.salespeople["east2"])
	s.c3 = make_customer(team.salespeople["west1"])
	wh = s.warehouse

	s.so1 = make_order(s.c1, [(s.p1, 10, 100)], order_date="2026-01-05", delivery_date="2026-01-20")
	s.so2 = make_order(s.c1, [(s.p2, 5, 200)], order_date="2026-02-10", delivery_date="2026-02-20")
	s.so3 = make_order(
		s.c2, [(s.p1, 4, 50)], order_date="2026-01-15", delivery_date="2026-03-01", currency="USD"
	)
	s.so4 = make_order(s.c2, [(s.p1, 3, 100)], order_date="2026-01-20")
	s.so4.cancel()
	s.so5 = make_order(s.c3, [(s.p2, 10, 200)], order_date="2026-02-01")
	s.so6 = make_order(s.c3, [(s.p1, 2, 100)], order_date="2026-02-15")
	s.so7 = make_order(s.c3, [(s.p1, 5, 100)], order_date="2026-04-01", delivery_date="2026-05-31")

	# deliveries in posting order per product (backdated stock postings are refused)
	make_delivery(s.so1, [(s.p1, 6)], wh, posting_date="2026-01-20")
	make_delivery(s.so3, [(s.p1, 4)], wh, posting_date="2026-01-25")
	make_delivery(s.so5, [(s.p2, 10)], wh, posting_date="2026-02-05")
	make_delivery(s.so2, [(s.p2, 5)], wh, posting_date="2026-02-15")
	make_delivery(s.so6, [(s.p1, 2)], wh, posting_date="2026-02-20")
	make_delivery(s.so7, [(s.p1, 3)], wh, posting_date="2026-04-10")

	make_invoice(s.so1, 800, invoice_date="2026-01-22")
	make_invoice(s.so3, 150, invoice_date="2026-01-26")
	make_invoice(s.so5, 2000, invoice_date="2026-02-06")
	make_invoice(s.so2, 400, invoice_date="2026-02-16")
	make_invoice(s.so6, 200, invoice_date="2026-02-21")

	s.pay2 = make_payment(s.c2, 100, [(s.so3, 100)], payment_date="2026-02-10", currency="USD")
	s.pay1 = make_payment(s.c1, 600, [(s.so1, 300), (s.so2, 200)], payment_date="2026-02-25")
	s.pay3 = make_payment(s.c3, 700, [(s.so5, 500), (s.so6, 200)], payment_date="2026-03-05")
	s.pay5 = make_payment(s.c1, 50, [(s.so1, 50)], payment_date="2026-03-10")
	s.pay5.cancel()
	s.pay4 = make_payment(s.c3, 400, [], payment_date="2026-03-20")

	frappe.get_doc(
		{
			"doctype": "SM Bad Debt Write Off",
			"receivable": s.so5.name,
			"posting_date": "2026-03-25",
			"reason": "Customer closed down",
		}
	).insert().submit()
	return s


class ScenarioTestCase(SalesTeamTestCase):
	"""The scenario above as `s`, alone: the site's other sales orders, receivables and payments are
	deleted in the class's transaction, so that site-wide figures (cards, charts, totals) are exactly
	the scenario's; the class rolls it all back at the end, and refuses a commit meanwhile."""

	guarding = False

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.guarding = True
		frappe.db.before_commit.add(cls.refuse_commit)
		for doctype in ("SM Sales Order", "SM Receivable", "SM Payment"):
			frappe.db.sql(f"delete from `tab{doctype}`")
		cls.s = build_scenario(cls.team)

	@classmethod
	def refuse_commit(cls):
		if cls.guarding:
			raise RuntimeError(f"{cls.__name__}: a commit would make the deletion of the site's orders last")

	@classmethod
	def tearDownClass(cls):
		frappe.db.rollback()
		cls.guarding = False
		super().tearDownClass()
