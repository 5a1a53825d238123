"""User text quoted by the app is escaped wherever it lands in HTML: messages, report filters' errors,
chart labels, the customer's timeline. Script-bearing names are fed through each."""

import frappe
from frappe.desk.query_report import run as run_report

from sales_mgmt.reporting import escape_labels
from sales_mgmt.tests.goods_data import issue, make_product, make_warehouse, receive, unique
from sales_mgmt.tests.sales_team import SalesTeamTestCase
from sales_mgmt.user_text import bold, escape

SCRIPT = "<img src=x onerror=alert(1)>"


class TestUserText(SalesTeamTestCase):
	def assertEscaped(self, message: str):
		self.assertNotIn("<img", message.lower())
		self.assertIn("&lt;img", message.lower())

	def refused(self, call, *args, **kwargs) -> str:
		with self.assertRaises(frappe.ValidationError) as refused:
			call(*args, **kwargs)
		return str(refused.exception)

	def test_helpers(self):
		self.assertEqual(escape(SCRIPT), "&lt;img src=x onerror=alert(1)&gt;")
		self.assertEqual(bold(f"{SCRIPT} Evil"), "<strong>&lt;img src=x onerror=alert(1)&gt; Evil</strong>")
		self.assertEqual(escape(None), "")

	def test_messages_quote_user_text_escaped(self):
		customer = frappe.get_doc(
			{"doctype": "SM Customer", "customer_name": unique("UT"), "phone": f"{SCRIPT}123"}
		)
		self.assertEscaped(self.refused(customer.insert))

		salesperson = frappe.get_doc(
			{"doctype": "SM Salesperson", "salesperson_name": f"{SCRIPT} Rep", "enabled": 0}
		).insert()
		lead = frappe.get_doc(
			{"doctype": "SM Lead", "lead_name": unique("UT Lead"), "salesperson": salesperson.name}
		)
		self.assertEscaped(self.refused(lead.insert))

		warehouse = make_warehouse(unique("UT-WH"))
		product = make_product(product_name=f"{SCRIPT} Gift")
		receive(product, warehouse, 1)
		self.assertEscaped(self.refused(issue, product, warehouse, 5))

	def test_refused_link_value_is_escaped(self):
		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc({"doctype": "SM Opportunity", "customer": SCRIPT, "amount": 1})
		with self.assertRaises(frappe.LinkValidationError) as refused:
			doc.insert()
		self.assertNotIn("<img", str(refused.exception))

	def test_report_filter_errors_are_escaped(self):
		for report, filters in (
			("Sales Forecast", {"period": SCRIPT}),
			("Stalled Opportunities", {"stage": SCRIPT}),
			("Stock Balance", {"layout": SCRIPT}),
			("Stock Ledger", {"product": SCRIPT}),
		):
			with self.subTest(report=report):
				message = self.refused(run_report, report, filters=filters, ignore_prepared_report=True)
				self.assertEscaped(message)

	def test_column_and_chart_labels_are_escaped(self):
		chart = {"data": {"labels": [f"{SCRIPT} 华东仓"], "datasets": [{"name": SCRIPT, "values": [1]}]}}
		columns = [{"fieldname": "stage_1", "label": f"{SCRIPT} 报价"}]
		result = escape_labels((columns, [], None, chart, None))
		self.assertEqual(result[0][0]["label"], escape(f"{SCRIPT} 报价"))
		self.assertEqual(result[3]["data"]["labels"], ["&lt;img src=x onerror=alert(1)&gt; 华东仓"])
		self.assertEqual(result[3]["data"]["datasets"][0]["name"], escape(SCRIPT))
		# and as the desk runs a report: a gift named with markup labels Promo & Gift Consumption's chart
		warehouse = make_warehouse(unique("UT-WH"))
		product = make_product(product_type="Gift", product_name=f"{SCRIPT} 保温杯")
		receive(product, warehouse, 3)
		issue(product, warehouse, 2, purpose="Gift")
		stored = frappe.db.get_value("SM Product", product, "product_name")
		result = run_report(
			"Promo & Gift Consumption",
			filters={"product": product, "from_date": "2025-01-01", "to_date": "2025-01-31"},
			ignore_prepared_report=True,
		)
		labels = result["chart"]["data"]["labels"]
		self.assertEqual(labels, [escape(stored)])
		self.assertNotIn("<img", "".join(labels))

	def test_pipeline_funnel_labels_are_escaped(self):
		from sales_mgmt.api.deals import pipeline_funnel

		stage = frappe.get_doc(
			{
				"doctype": "SM Sales Stage",
				"stage_name": unique("UT Stage"),
				"stage_type": "Open",
				"sequence": 997,
			}
		).insert()
		frappe.db.set_value("SM Sales Stage", stage.name, "stage_name", f"{SCRIPT} 方案")
		labels = pipeline_funnel(filters={})["labels"]
		self.assertIn(escape(f"{SCRIPT} 方案"), labels)
		self.assertNotIn("<img", "".join(labels))

	def test_timeline_entries_are_escaped(self):
		from sales_mgmt.deals.customer_timeline import stage_history

		customer = self.team.customers["east1"]
		frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": customer, "title": f"{SCRIPT} Deal", "amount": 1}
		).insert()
		entries = [e["content"] for e in stage_history("SM Customer", customer) if "Deal" in e["content"]]
		self.assertTrue(entries)
		for content in entries:
			self.assertNotIn("<img", content)
