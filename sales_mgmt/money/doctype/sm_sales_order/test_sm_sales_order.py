"""Sales orders: totals, cost and profit, payment terms, credit and discount approval through the
default workflow, the won opportunity, cancelling, the contract print."""

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow

from sales_mgmt.exceptions import (
	ApprovalRequiredError,
	InvalidAmountError,
	LinkedPostingsError,
	MissingExchangeRateError,
	PaymentTermsError,
)
from sales_mgmt.money.setup import WORKFLOW_NAME, create_sales_order_workflow
from sales_mgmt.tests.money_data import (
	MoneyTestCase,
	make_customer,
	make_delivery,
	make_invoice,
	make_order,
	make_payment,
)
from sales_mgmt.tests.pipeline import WON, pin_stages


class TestSalesOrder(MoneyTestCase):
	def as_user(self, key):
		frappe.set_user(self.team.users[key])

	def test_totals_cost_and_profit(self):
		order = make_order(self.customer, [(self.a, 10, 100), (self.b, 4, 50)], submit=False)
		self.assertEqual((order.total, order.base_total, order.exchange_rate), (1200, 1200, 1))
		self.assertEqual(
			[(r.amount, r.standard_rate, r.cost_rate, r.cost_amount) for r in order.items],
			[(1000, 100, 60, 600), (200, 50, 20, 80)],
		)
		self.assertEqual((order.total_cost, order.gross_profit, order.margin_percent), (680, 520, 43.33))
		self.assertEqual((order.standard_total, order.discount_percent, order.needs_approval), (1200, 0, 0))
		self.assertEqual(order.salesperson, self.team.salespeople["east1"])  # from the customer
		# no terms: the whole total due on the order date
		self.assertEqual(
			[(str(t.due_date), t.portion, t.amount) for t in order.payment_terms], [("2026-01-05", 100, 1200)]
		)
		self.assertEqual(order.workflow_state, "Draft")

	def test_payment_terms(self):
		order = make_order(
			self.customer,
			[(self.a, 3, 33.37)],
			submit=False,
			payment_terms=[
				{"due_date": "2026-02-01", "amount": 50},
				{"due_date": "2026-03-01", "amount": 50.11},
			],
		)
		self.assertEqual(
			[(round(t.portion, 3), t.amount) for t in order.payment_terms], [(49.945, 50), (50.055, 50.11)]
		)
		order.payment_terms[1].amount = 40
		self.assertRaises(PaymentTermsError, order.save)
		order.reload()
		order.payment_terms[1].due_date = "2025-12-31"  # before the order date
		self.assertRaises(PaymentTermsError, order.save)

	def test_bad_input_is_refused(self):
		for rows, error in (
			([(self.a, 0, 100)], InvalidAmountError),
			([(self.a, -1, 100)], InvalidAmountError),
			([(self.a, 1, -5)], InvalidAmountError),
			([(self.a, 1, 0)], InvalidAmountError),  # a total of 0
		):
			with self.subTest(rows=rows):
				self.assertRaises(error, make_order, self.customer, rows, submit=False)
		frappe.db.set_value("Currency", "EUR", "enabled", 1)
		# no EUR rate in this test's transaction, whatever other tests (the demo's) committed
		frappe.db.delete("Currency Exchange", {"from_currency": "EUR"})
		self.assertRaises(
			MissingExchangeRateError, make_order, self.customer, [(self.a, 1, 10)], currency="EUR"
		)
		self.assertFalse(frappe.db.exists("SM Sales Order", {"customer": self.customer}))

	def test_submitted_order_does_not_change(self):
		order = make_order(self.customer, [(self.a, 1, 100)])
		order.items[0].qty = 2
		self.assertRaises(frappe.UpdateAfterSubmitError, order.save)
		order.reload()
		order.remarks = "改价"
		self.assertRaises(frappe.UpdateAfterSubmitError, order.save)

	def test_credit_limit_needs_approval(self):
		"""Limit 1,000; the customer owes 300 delivered and unpaid; an order of 800 makes 1,100."""
		customer = make_customer(self.team.salespeople["east1"], credit_limit=1000)
		first = make_order(customer, [(self.a, 6, 100)])
		make_delivery(first, [(self.a, 6)], self.warehouse)
		make_payment(customer, 300, [(first, 300)])
		self.as_user("east1")
		order = make_order(customer, [(self.a, 8, 100)], submit=False)
		self.assertEqual(
			(order.customer_outstanding, order.credit_limit, order.credit_excess), (300, 1000, 100)
		)
		self.assertEqual((order.needs_approval, order.credit_exceeded, order.discount_exceeded), (1, 1, 0))
		self.assertIn("300.00", order.approval_reason)
		self.assertIn("1,100.00", order.approval_reason)
		# the rep cannot submit it, neither directly nor through the workflow's Submit
		self.assertRaises(ApprovalRequiredError, order.submit)
		order.reload()
		self.assertRaises(WorkflowTransitionError, apply_workflow, order.as_dict(), "Submit")
		apply_workflow(order.as_dict(), "Submit for Approval")
		self.assertEqual(
			frappe.db.get_value("SM Sales Order", order.name, ["workflow_state", "docstatus"]),
			("Pending Approval", 0),
		)
		# a manager of another region does not even see it; finance may approve it (credit only)
		self.as_user("west")
		self.assertRaises(frappe.PermissionError, apply_workflow, order.as_dict(), "Approve")
		self.as_user("finance")
		approved = apply_workflow(frappe.get_doc("SM Sales Order", order.name).as_dict(), "Approve")
		self.assertEqual(
			(approved.docstatus, approved.workflow_state, approved.approved_by),
			(1, "Approved", self.team.users["finance"]),
		)

	def test_discount_needs_the_managers_approval(self):
		self.as_user("east1")
		order = make_order(self.customer, [(self.a, 10, 85)], submit=False)  # 15 % below 100
		self.assertEqual((order.discount_percent, order.discount_exceeded, order.credit_exceeded), (15, 1, 0))
		self.assertIn("15.0%", order.approval_reason)
		apply_workflow(order.as_dict(), "Submit for Approval")
		self.as_user("finance")  # finance approves credit, not prices
		self.assertRaises(WorkflowTransitionError, apply_workflow, order.as_dict(), "Approve")
		self.assertRaises(ApprovalRequiredError, frappe.get_doc("SM Sales Order", order.name).submit)
		self.as_user("east")
		rejected = apply_workflow(frappe.get_doc("SM Sales Order", order.name).as_dict(), "Reject")
		self.assertEqual((rejected.workflow_state, rejected.docstatus), ("Rejected", 0))
		self.as_user("east1")
		apply_workflow(rejected.as_dict(), "Revise")
		apply_workflow(frappe.get_doc("SM Sales Order", order.name).as_dict(), "Submit for Approval")
		# a manager does not approve his own order
		self.as_user("east")
		own = make_order(self.team.customers["east"], [(self.a, 10, 85)], submit=False)
		apply_workflow(own.as_dict(), "Submit for Approval")
		self.assertRaises(
			ApprovalRequiredError,
			apply_workflow,
			frappe.get_doc("SM Sales Order", own.name).as_dict(),
			"Approve",
		)
		self.as_user("director")  # above east1 and east
		apply_workflow(frappe.get_doc("SM Sales Order", own.name).as_dict(), "Approve")
		approved = apply_workflow(frappe.get_doc("SM Sales Order", order.name).as_dict(), "Approve")
		self.assertEqual((approved.docstatus, approved.approved_by), (1, self.team.users["director"]))

	def test_an_order_within_limits_is_submitted_by_the_rep(self):
		self.as_user("east1")
		order = make_order(self.customer, [(self.a, 10, 90)], submit=False)  # 10 %: allowed
		self.assertEqual(order.needs_approval, 0)
		self.assertRaises(WorkflowTransitionError, apply_workflow, order.as_dict(), "Submit for Approval")
		submitted = apply_workflow(order.as_dict(), "Submit")
		self.assertEqual(
			(submitted.docstatus, submitted.workflow_state, submitted.approved_by), (1, "Approved", None)
		)
		self.assertTrue(frappe.db.exists("SM Receivable", order.name))
		# the rep cannot cancel it; the manager can, through the workflow
		self.assertRaises(WorkflowTransitionError, apply_workflow, submitted.as_dict(), "Cancel")
		self.as_user("east")
		cancelled = apply_workflow(frappe.get_doc("SM Sales Order", order.name).as_dict(), "Cancel")
		self.assertEqual((cancelled.docstatus, cancelled.workflow_state), (2, "Cancelled"))
		self.assertFalse(frappe.db.exists("SM Receivable", order.name))

	def test_the_workflow_is_created_once_and_then_left_alone(self):
		workflow = frappe.get_doc("Workflow", WORKFLOW_NAME)
		workflow.transitions = [t for t in workflow.transitions if t.allowed != "Finance User"]
		workflow.save(ignore_permissions=True)
		create_sales_order_workflow()
		from sales_mgmt.install import after_migrate

		after_migrate()
		self.assertFalse(
			any(t.allowed == "Finance User" for t in frappe.get_doc("Workflow", WORKFLOW_NAME).transitions)
		)

	def test_submitting_marks_the_opportunity_won(self):
		pin_stages()
		opportunity = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.customer, "title": "大单", "amount": 1000}
		).insert()
		order = make_order(self.customer, [(self.a, 10, 100)], opportunity=opportunity.name)
		opportunity.reload()
		self.assertEqual((opportunity.stage, opportunity.status), (WON, "Won"))
		other = make_customer()
		self.assertRaises(
			frappe.ValidationError, make_order, other, [(self.a, 1, 100)], opportunity=opportunity.name
		)
		self.assertTrue(order.docstatus == 1)

	def test_cancel_waits_for_its_postings(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		delivery = make_delivery(order, [(self.a, 2)], self.warehouse)
		invoice = make_invoice(order, 100)
		payment = make_payment(self.customer, 100, [(order, 100)])
		with self.assertRaises(LinkedPostingsError) as refused:
			order.cancel()
		for name in (delivery.name, invoice.name, payment.name):
			self.assertIn(name, str(refused.exception))
		for doc in (payment, invoice, delivery):
			doc.cancel()
		order.reload()
		order.cancel()
		self.assertFalse(frappe.db.exists("SM Receivable", order.name))

	def test_contract_prints_in_chinese_without_costs(self):
		order = make_order(self.customer, [(self.a, 10, 100), (self.b, 4, 50)])
		frappe.local.lang = "zh"
		try:
			html = frappe.get_print("SM Sales Order", order.name, "SM Sales Contract")
		finally:
			frappe.local.lang = "en"
		self.assertIn("销售合同", html)
		self.assertIn("1,200.00", html)
		self.assertIn("壹仟贰佰元整", html)
		self.assertNotIn("680", html)  # the cost
		self.as_user("east1")
		html = frappe.get_print("SM Sales Order", order.name, "SM Sales Contract")
		self.assertIn(order.name, html)
