"""A fixed history of five complaints (default SLA targets, see test_sm_complaint.TARGETS), shared by
the Complaint Analysis and Service Console tests. Times and what they give, by hand:

A  east1's customer, Product Quality, product P, High (4 h / 24 h), opened 03-02 09:00
   started 10:00 (first response 1 h), resolved 15:00 (6 h): Met; survey answered 4 stars
B  east1's customer, Product Quality, product P, Medium (8 h / 72 h), opened 03-03 09:00
   started 12:00 (3 h), resolved 03-04 09:00, reopened 03-05 09:00, resolved again 03-05 21:00
   (60 h, due 03-06 09:00): Met, reopened once; survey (of the second resolution) 2 stars
C  west1's customer, Logistics, Critical (1 h / 8 h), opened 03-10 09:00, started 11:00 (2 h, late),
   resolved 13:00 (4 h): Breached
D  west1's customer, Logistics, Low (24 h / 120 h), opened 04-01 09:00, Open, assigned to the agent
E  east1's customer, no category, Low, opened 03-20 09:00, started 09:30 (0.5 h), In Progress,
   assigned to the agent (resolution due 03-25 09:00)
"""

import frappe

from sales_mgmt.service import survey
from sales_mgmt.service.doctype.sm_complaint.test_sm_complaint import ComplaintCase
from sales_mgmt.tests.goods_data import make_product


class ComplaintHistoryCase(ComplaintCase):
	def setUp(self):
		super().setUp()
		self.product = make_product(product_name="液压泵")
		agent = self.team.users["service"]
		self.names = {}

		def open_(key, customer, at, **values):
			with self.freeze_time(at):
				doc = self.new_complaint(customer, subject=f"投诉 {key}", opened_on=at, **values).insert()
			self.names[key] = doc.name
			return doc.name

		def answer(name, at, stars):
			with self.freeze_time(at):
				survey.submit(survey.current_token(frappe.get_doc("SM Complaint", name)), str(stars))

		a = open_(
			"A",
			"east1",
			"2026-03-02 09:00:00",
			severity="High",
			category="Product Quality",
			product=self.product,
		)
		self.act(a, "Start", "2026-03-02 10:00:00")
		self.act(a, "Resolve", "2026-03-02 15:00:00", resolution="已更换")
		answer(a, "2026-03-03 09:00:00", 4)

		b = open_(
			"B",
			"east1",
			"2026-03-03 09:00:00",
			severity="Medium",
			category="Product Quality",
			product=self.product,
		)
		self.act(b, "Start", "2026-03-03 12:00:00")
		self.act(b, "Resolve", "2026-03-04 09:00:00", resolution="已调试")
		self.act(b, "Reopen", "2026-03-05 09:00:00")
		self.act(b, "Resolve", "2026-03-05 21:00:00")
		answer(b, "2026-03-06 09:00:00", 2)

		c = open_("C", "west1", "2026-03-10 09:00:00", severity="Critical", category="Logistics")
		self.act(c, "Start", "2026-03-10 11:00:00")
		self.act(c, "Resolve", "2026-03-10 13:00:00", resolution="已补发")

		open_("D", "west1", "2026-04-01 09:00:00", severity="Low", category="Logistics", assigned_to=agent)

		e = open_("E", "east1", "2026-03-20 09:00:00", severity="Low", assigned_to=agent)
		self.act(e, "Start", "2026-03-20 09:30:00")
