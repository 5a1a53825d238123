"""FAQ suggestions on a complaint: which published entries match, in which order, for whom."""

import frappe

from sales_mgmt.api import service as api
from sales_mgmt.service import faq
from sales_mgmt.service.doctype.sm_complaint.test_sm_complaint import ComplaintCase
from sales_mgmt.tests import UnitTestCase


class TestWords(UnitTestCase):
	def test_words(self):
		self.assertEqual(faq.words("设备漏油"), ["设备", "备漏", "漏油"])
		self.assertEqual(faq.words("Seal LEAKS, seal!"), ["seal", "leaks"])
		self.assertEqual(faq.words("X3漏油"), ["x3", "漏油"])
		self.assertEqual(faq.words("a 漏 ?"), [])
		self.assertEqual(len(faq.words(" ".join(f"w{i}" for i in range(30)))), faq.MAX_WORDS)


class TestSuggestions(ComplaintCase):
	def setUp(self):
		super().setUp()
		frappe.db.delete("SM FAQ")

		def entry(question, answer, category=None, published=1, helpful=0):
			doc = frappe.get_doc(
				{
					"doctype": "SM FAQ",
					"question": question,
					"answer": answer,
					"category": category,
					"published": published,
				}
			).insert()
			frappe.db.set_value("SM FAQ", doc.name, "helpful_count", helpful)
			return doc.name

		self.leak = entry("设备漏油怎么办？", "<p>检查并更换密封圈。</p>", "Product Quality", helpful=2)
		self.noise = entry("设备异响", "<p>联系售后上门。</p>", "Product Quality", helpful=5)
		self.hidden = entry("设备漏油（内部）", "<p>草稿</p>", "Product Quality", published=0)
		self.invoice = entry("发票开错了", "<p>红冲后重开。</p>", "Billing")
		self.oil = entry("加什么油？", "<p>漏油时请先停机。</p>")

	def test_ranked_by_score(self):
		# subject words 设备, 备漏, 漏油; category Product Quality
		# leak: 3 (category) + 2 × 3 (设备, 备漏, 漏油 in the question) = 9
		# noise: 3 + 2 × 1 (设备) = 5; oil: 1 (漏油 in the answer) = 1
		# hidden is unpublished, invoice matches nothing
		rows = faq.suggestions("Product Quality", "设备漏油")
		self.assertEqual(
			[(r["name"], r["score"]) for r in rows], [(self.leak, 9), (self.noise, 5), (self.oil, 1)]
		)
		# without a category: leak 6, noise 2, oil 1
		rows = faq.suggestions(None, "设备漏油")
		self.assertEqual(
			[(r["name"], r["score"]) for r in rows], [(self.leak, 6), (self.noise, 2), (self.oil, 1)]
		)
		# only the category: ties by helpful count (noise 5 before leak 2)
		rows = faq.suggestions("Product Quality", "")
		self.assertEqual([r["name"] for r in rows], [self.noise, self.leak])
		self.assertEqual(faq.suggestions(None, ""), [])
		# LIKE wildcards in the subject are plain text
		self.assertEqual(faq.suggestions(None, "%%__"), [])

	def test_who_may_ask(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint().insert()
		frappe.set_user(self.team.users["east1"])
		self.assertEqual(api.faq_suggestions(doc.name, "Billing", "发票")[0]["name"], self.invoice)
		frappe.set_user(self.team.users["west1"])
		self.assertRaises(frappe.PermissionError, api.faq_suggestions, doc.name, "Billing", "发票")
		frappe.set_user(self.team.users["finance"])
		self.assertRaises(frappe.PermissionError, api.faq_suggestions, None, "Billing", "发票")

	def test_insert_counts_as_helpful(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint().insert()
		frappe.set_user(self.team.users["service"])
		self.assertEqual(api.use_faq(doc.name, self.leak), "<p>检查并更换密封圈。</p>")
		self.assertEqual(frappe.db.get_value("SM FAQ", self.leak, "helpful_count"), 3)
		frappe.set_user(self.team.users["west1"])
		self.assertRaises(frappe.PermissionError, api.use_faq, doc.name, self.leak)
		self.assertEqual(frappe.db.get_value("SM FAQ", self.leak, "helpful_count"), 3)
