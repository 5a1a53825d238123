from sales_mgmt.money.amount_words import rmb_upper
from sales_mgmt.tests import UnitTestCase


class TestAmountWords(UnitTestCase):
	def test_capital_numerals(self):
		for amount, words in (
			(0, "零元整"),
			(1200, "壹仟贰佰元整"),
			(1005.01, "壹仟零伍元零壹分"),
			(10010, "壹万零壹拾元整"),
			(100000, "壹拾万元整"),
			(100000000, "壹亿元整"),
			(120005000.5, "壹亿贰仟万伍仟元伍角整"),
			(101001000, "壹亿零壹佰万壹仟元整"),
			(0.5, "伍角整"),
			(0.05, "伍分"),
			(3.75, "叁元柒角伍分"),
			(-12.3, "负壹拾贰元叁角整"),
		):
			with self.subTest(amount=amount):
				self.assertEqual(rmb_upper(amount), words)
