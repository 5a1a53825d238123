"""Writing off bad debt: only what is delivered and unpaid, approved (submitted) by a Business Owner
or Finance User, with the salesperson responsible at that moment kept."""

import frappe

from sales_mgmt.exceptions import WriteOffError
from sales_mgmt.tests.money_data import MoneyTestCase, make_delivery, make_order, make_payment, receivable


class TestBadDebtWriteOff(MoneyTestCase):
	def write_off(self, order, reason="客户失联"):
		return frappe.get_doc(
			{"doctype": "SM Bad Debt Write Off", "receivable": order.name, "reason": reason}
		).insert()

	def test_who_may_approve(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		make_delivery(order, [(self.a, 5)], self.warehouse)
		make_payment(self.customer, 100, [(order, 100)])
		frappe.set_user(self.team.users["east"])  # a manager asks
		draft = self.write_off(order)
		self.assertEqual(
			(draft.amount, draft.salesperson, draft.customer),
			(400, self.team.salespeople["east1"], self.customer),
		)
		self.assertRaises(frappe.PermissionError, draft.submit)
		frappe.set_user(self.team.users["finance"])  # finance approves
		frappe.get_doc("SM Bad Debt Write Off", draft.name).submit()
		row = receivable(order)
		self.assertEqual(
			(row.status, row.bad_debt_amount, row.bad_debt_responsible),
			("Written Off", 400, self.team.salespeople["east1"]),
		)

	def test_nothing_to_write_off(self):
		order = make_order(self.customer, [(self.a, 10, 100)])
		self.assertRaises(WriteOffError, self.write_off, order)  # nothing delivered
		make_delivery(order, [(self.a, 1)], self.warehouse)
		self.assertRaises(frappe.MandatoryError, self.write_off, order, reason="  ")
		self.write_off(order).submit()
		self.assertRaises(WriteOffError, self.write_off, order)  # already written off
