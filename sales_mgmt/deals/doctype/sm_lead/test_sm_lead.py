# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from unittest.mock import patch

import frappe

from sales_mgmt.api.deals import convert_lead
from sales_mgmt.exceptions import AssignmentNotAllowedError, LeadConversionError, LeadStatusError
from sales_mgmt.tests.pipeline import ET, QU, pin_stages
from sales_mgmt.tests.sales_team import SalesTeamTestCase


class TestSMLead(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		pin_stages()

	def new_lead(self, lead_name="张伟", **kwargs):
		return frappe.get_doc({"doctype": "SM Lead", "lead_name": lead_name, **kwargs})

	def counts(self):
		return tuple(frappe.db.count(dt) for dt in ("SM Customer", "SM Opportunity", "Contact"))

	def test_defaults(self):
		frappe.set_user(self.team.users["east1"])
		lead = self.new_lead(company_name="  杭州 云帆 科技 ").insert()
		self.assertRegex(lead.name, r"^LEAD-\d{5}$")
		self.assertEqual((lead.status, lead.salesperson), ("New", self.team.salespeople["east1"]))
		self.assertEqual(lead.company_name, "杭州 云帆 科技")

	def test_convert_creates_customer_opportunity_and_contact(self):
		frappe.set_user(self.team.users["east1"])
		lead = self.new_lead(
			company_name="苏州恒达机械有限公司",
			phone="0512-66889900",
			email="zhang@hengda.example.cn",
			source="展会",
		).insert()
		before = self.counts()
		result = convert_lead(lead.name, title="二期产线改造", amount=380000, stage=QU)
		self.assertTrue(result.customer_created)
		self.assertEqual(self.counts(), (before[0] + 1, before[1] + 1, before[2] + 1))

		customer = frappe.get_doc("SM Customer", result.customer)
		self.assertEqual(
			(
				customer.customer_name,
				customer.customer_type,
				customer.phone,
				customer.salesperson,
				customer.source,
			),
			("苏州恒达机械有限公司", "Company", "0512-66889900", self.team.salespeople["east1"], "展会"),
		)
		opportunity = frappe.get_doc("SM Opportunity", result.opportunity)
		self.assertEqual(
			(
				opportunity.title,
				opportunity.customer,
				opportunity.stage,
				opportunity.amount,
				opportunity.lead,
			),
			("二期产线改造", customer.name, QU, 380000, lead.name),
		)
		lead.reload()
		self.assertEqual(
			(lead.status, lead.customer, lead.opportunity), ("Converted", customer.name, opportunity.name)
		)
		self.assertTrue(lead.converted_on)
		contact = frappe.get_all(
			"Dynamic Link",
			filters={"link_doctype": "SM Customer", "link_name": customer.name, "parenttype": "Contact"},
			pluck="parent",
		)
		self.assertEqual(frappe.db.get_value("Contact", contact[0], "first_name"), "张伟")

	def test_convert_as_a_document_method(self):
		lead = self.new_lead(company_name="Method Call Co").insert()
		result = lead.convert(amount=1000)
		self.assertEqual((lead.status, lead.opportunity), ("Converted", result.opportunity))
		self.assertRaises(LeadConversionError, lead.convert)

	def test_person_without_company_becomes_an_individual(self):
		lead = self.new_lead("李娜").insert()
		result = convert_lead(lead.name)
		self.assertEqual(frappe.db.get_value("SM Customer", result.customer, "customer_type"), "Individual")
		self.assertEqual(frappe.db.get_value("SM Opportunity", result.opportunity, "stage"), ET)

	def test_convert_links_an_existing_customer(self):
		existing = frappe.get_doc(
			{
				"doctype": "SM Customer",
				"customer_name": "Shenzhen Bright Star Electronics",
				"phone": "+86 755 2345 6789",
				"email": "Buyer@BrightStar.example.com",
				"salesperson": self.team.salespeople["east1"],
			}
		).insert()
		cases = {
			"name": {"company_name": "  shenzhen   BRIGHT star electronics "},
			"phone": {"company_name": "深圳明星电子", "phone": "0755-23456789"},
			"email": {"company_name": "Bright Star (Shenzhen)", "email": "buyer@brightstar.example.com"},
		}
		for how, values in cases.items():
			with self.subTest(matched_by=how):
				lead = self.new_lead(**values).insert()
				before = self.counts()
				result = convert_lead(lead.name)
				self.assertFalse(result.customer_created)
				self.assertEqual(result.customer, existing.name)
				self.assertEqual(self.counts(), (before[0], before[1] + 1, before[2]))

	def test_another_teams_customer_is_not_matched_or_named(self):
		west = frappe.get_doc(
			{
				"doctype": "SM Customer",
				"customer_name": "Guangzhou Pearl Logistics",
				"phone": "020-87654321",
				"email": "ops@pearl.example.cn",
				"salesperson": self.team.salespeople["west1"],
			}
		).insert()
		cases = {
			"name": ({"company_name": "guangzhou pearl LOGISTICS"}, "name"),
			"phone": ({"company_name": "珠江物流", "phone": "+86 20 8765 4321"}, "phone number"),
			"email": ({"company_name": "Pearl (GZ)", "email": "OPS@pearl.example.cn"}, "email"),
		}
		frappe.set_user(self.team.users["east1"])
		for how, (values, what) in cases.items():
			with self.subTest(matched_by=how):
				lead = self.new_lead(**values).insert()
				before = self.counts()
				with self.assertRaises(LeadConversionError) as refused:
					convert_lead(lead.name)
				self.assertEqual(
					str(refused.exception),
					f"A customer with this {what} exists in another team; ask your manager.",
				)
				for text in (west.name, west.customer_name, self.team.salespeople["west1"]):
					self.assertNotIn(text, str(frappe.local.message_log))
				self.assertEqual(self.counts(), before)
				self.assertEqual(frappe.db.get_value("SM Lead", lead.name, "status"), "New")
		# the west manager converts the same kind of lead onto their own customer
		frappe.set_user(self.team.users["west"])
		lead = self.new_lead(company_name="Guangzhou Pearl Logistics").insert()
		self.assertEqual(convert_lead(lead.name).customer, west.name)

	def test_lead_names_are_kept_as_stored(self):
		lead = self.new_lead("<img src=x onerror=alert(1)>  Wang", company_name="<b>Bold</b>  Co").insert()
		self.assertEqual((lead.lead_name, lead.company_name), ('<img src="x"> Wang', "<b>Bold</b> Co"))
		# a person: the customer's name key is computed from the name as stored
		person = self.new_lead("<img src=x onerror=alert(1)> Wang").insert()
		result = convert_lead(person.name)
		self.assertEqual(
			frappe.db.get_value("SM Customer", result.customer, ["customer_name", "customer_name_key"]),
			('<img src="x"> Wang', '<imgsrc="x">wang'),
		)
		# a second lead with the same name finds that customer instead of hitting the unique index
		again = self.new_lead("<IMG SRC=x onerror=alert(2)> wang").insert()
		self.assertEqual(convert_lead(again.name).customer, result.customer)

	def test_converting_twice_is_refused(self):
		lead = self.new_lead(company_name="Twice Ltd").insert()
		convert_lead(lead.name)
		before = self.counts()
		self.assertRaises(LeadConversionError, convert_lead, lead.name)
		self.assertEqual(self.counts(), before)

	def test_disqualified_lead_cannot_be_converted(self):
		lead = self.new_lead(company_name="Tyre Kicker Co").insert()
		lead.status = "Disqualified"
		self.assertRaises(LeadStatusError, lead.save)  # a reason is required
		lead.reload()
		lead.status, lead.disqualify_reason = "Disqualified", "只是比价，没有采购计划"
		lead.save()
		before = self.counts()
		self.assertRaises(LeadConversionError, convert_lead, lead.name)
		self.assertEqual(self.counts(), before)

	def test_status_converted_only_through_convert(self):
		lead = self.new_lead(company_name="Shortcut Co").insert()
		lead.status = "Converted"
		self.assertRaises(LeadStatusError, lead.save)
		convert_lead(lead.name)
		lead.reload()
		lead.status = "Qualified"
		self.assertRaises(LeadStatusError, lead.save)

	def test_failed_conversion_leaves_nothing_behind(self):
		lead = self.new_lead(company_name="Half Saved Co").insert()
		before = self.counts()
		with patch(
			"sales_mgmt.deals.doctype.sm_opportunity.sm_opportunity.SMOpportunity.validate",
			side_effect=frappe.ValidationError("boom"),
		):
			self.assertRaises(frappe.ValidationError, convert_lead, lead.name)
		self.assertEqual(self.counts(), before)
		self.assertFalse(frappe.db.exists("SM Customer", {"customer_name": "Half Saved Co"}))
		self.assertEqual(frappe.db.get_value("SM Lead", lead.name, "status"), "New")

	def test_invalid_close_date_in_conversion_is_refused(self):
		lead = self.new_lead(company_name="Yesterday Co").insert()
		before = self.counts()
		self.assertRaises(
			frappe.ValidationError,
			convert_lead,
			lead.name,
			expected_close_date=frappe.utils.add_days(frappe.utils.nowdate(), -3),
		)
		self.assertEqual(self.counts(), before)

	def test_only_visible_leads_can_be_converted(self):
		lead = self.new_lead(company_name="West Only Co", salesperson=self.team.salespeople["west1"]).insert()
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(frappe.PermissionError, convert_lead, lead.name)

	def test_contact_data_and_assignment(self):
		self.assertRaises(frappe.InvalidEmailAddressError, self.new_lead(email="nope").insert)
		self.assertRaises(frappe.ValidationError, self.new_lead(phone="12ab").insert)
		frappe.set_user(self.team.users["east1"])
		self.assertRaises(
			AssignmentNotAllowedError, self.new_lead(salesperson=self.team.salespeople["west1"]).insert
		)
