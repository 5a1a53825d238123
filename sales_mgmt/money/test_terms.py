"""Payment terms, statuses and the receivable's figures, without a site."""

import datetime

from sales_mgmt.money.terms import (
	Position,
	Term,
	billing_status,
	credit_excess,
	days_overdue,
	delivery_status,
	discount_percent,
	due_date,
	payment_status,
	resolve_terms,
)
from sales_mgmt.tests import UnitTestCase

D = datetime.date


class TestTerms(UnitTestCase):
	def test_portions_add_up_to_the_total_exactly(self):
		terms = resolve_terms(
			[Term(D(2026, 2, 1), 33.33, 0), Term(D(2026, 3, 1), 33.33, 0), Term(D(2026, 4, 1), 33.34, 0)],
			100.01,
		)
		self.assertEqual([t.amount for t in terms], [33.33, 33.33, 33.35])
		self.assertAlmostEqual(sum(t.amount for t in terms), 100.01)

	def test_amounts_give_portions(self):
		terms = resolve_terms([Term(D(2026, 2, 1), 0, 300), Term(D(2026, 3, 1), 0, 900)], 1200)
		self.assertEqual([(t.portion, t.amount) for t in terms], [(25, 300), (75, 900)])

	def test_due_date_is_the_earliest_unpaid_term(self):
		terms = [Term(D(2026, 3, 1), 50, 600), Term(D(2026, 2, 1), 50, 600)]
		self.assertEqual(due_date(terms, 0), D(2026, 2, 1))
		self.assertEqual(due_date(terms, 599.99), D(2026, 2, 1))
		self.assertEqual(due_date(terms, 600), D(2026, 3, 1))
		self.assertIsNone(due_date(terms, 1200))
		self.assertEqual(days_overdue(D(2026, 2, 1), D(2026, 4, 1)), 59)
		self.assertEqual(days_overdue(D(2026, 5, 1), D(2026, 4, 1)), 0)
		self.assertEqual(days_overdue(None, D(2026, 4, 1)), 0)

	def test_statuses(self):
		self.assertEqual(delivery_status([(10, 0), (4, 0)]), "Not Delivered")
		self.assertEqual(delivery_status([(10, 4), (4, 4)]), "Partly Delivered")
		self.assertEqual(delivery_status([(10, 10), (4, 4)]), "Fully Delivered")
		self.assertEqual(billing_status(0, 1200), "Not Billed")
		self.assertEqual(billing_status(500, 1200), "Partly Billed")
		self.assertEqual(billing_status(1199.999, 1200), "Fully Billed")
		self.assertEqual(payment_status(0, 1200), "Unpaid")
		self.assertEqual(payment_status(300, 1200), "Partly Paid")
		self.assertEqual(payment_status(1200, 1200), "Paid")

	def test_discount_and_credit(self):
		self.assertEqual(discount_percent(500, 450), 10)
		self.assertEqual(discount_percent(100, 140), 0)  # above the standard price: no discount
		self.assertEqual(discount_percent(0, 100), 0)
		self.assertEqual(credit_excess(300, 800, 1000), 100)
		self.assertEqual(credit_excess(0, 800, 1000), 0)
		self.assertEqual(credit_excess(10**9, 800, 0), 0)  # 0: no limit

	def test_position(self):
		delivered_more = Position(1200, 600, 500, 300)
		self.assertEqual(
			(delivered_more.sales_outstanding, delivered_more.finance_outstanding, delivered_more.difference),
			(300, 200, 100),
		)
		self.assertEqual(delivered_more.difference_cause, "Delivered Not Invoiced")
		self.assertEqual(
			(delivered_more.delivered_not_invoiced, delivered_more.invoiced_not_delivered), (100, 0)
		)
		invoiced_more = Position(1200, 200, 500, 300)
		self.assertEqual((invoiced_more.sales_outstanding, invoiced_more.finance_outstanding), (-100, 200))
		self.assertEqual(invoiced_more.difference_cause, "Invoiced Not Delivered")
		self.assertEqual(invoiced_more.invoiced_not_delivered, 300)
		written_off = Position(1200, 600, 500, 300, written_off=True)
		self.assertEqual(
			(written_off.sales_outstanding, written_off.finance_outstanding, written_off.difference),
			(0, 0, 0),
		)
		self.assertEqual(written_off.difference_cause, "")
