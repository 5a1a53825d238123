from sales_mgmt.deals.customer import clean_customer_name, customer_name_key, is_valid_phone, phone_key
from sales_mgmt.tests import UnitTestCase


class TestCustomerRules(UnitTestCase):
	def test_name_key(self):
		self.assertEqual(customer_name_key(" ACME  Co "), "acmeco")
		self.assertEqual(customer_name_key("ＡＣＭＥ　Ｃｏ"), "acmeco")  # full-width letters and space
		self.assertEqual(customer_name_key("上海 星辰 电子"), "上海星辰电子")
		self.assertEqual(customer_name_key(None), "")

	def test_clean_name(self):
		self.assertEqual(clean_customer_name("  a   b\tc "), "a b c")

	def test_phone(self):
		for good in ("13800138000", "021-62345678", "+86 138 0013 8000", "(0755) 2345 6789", "6234567"):
			self.assertTrue(is_valid_phone(good), good)
		for bad in ("", "abc", "123456", "1234567890123456", "138+0013", "138-0013-800a", "1@3"):
			self.assertFalse(is_valid_phone(bad), bad)

	def test_phone_key(self):
		for same in ("+86 755 2345 6789", "0755-23456789", "0086 755 23456789", "(0755) 2345 6789"):
			self.assertEqual(phone_key(same), "75523456789", same)
		self.assertEqual(phone_key("+86 138 0013 8000"), "13800138000")
		self.assertEqual(phone_key("138-0013-8000"), "13800138000")
		self.assertEqual(phone_key(None), "")
