"""Rules of the Deals module that need no database."""

import datetime

from sales_mgmt.deals.hot_flags import NOTE_MAX_LENGTH, note_error
from sales_mgmt.deals.opportunity import (
	is_valid_probability,
	item_amount,
	resolve_probability,
	weighted_amount,
)
from sales_mgmt.deals.stage_log import days_between
from sales_mgmt.reporting import next_period_start, period_bounds
from sales_mgmt.tests import UnitTestCase

D = datetime.date


class TestProbabilityRule(UnitTestCase):
	def resolve(self, **kwargs):
		args = dict(
			is_new=False,
			stage_changed=False,
			stage_type="Open",
			stage_probability=30,
			probability_before=30,
			probability=30,
		)
		args.update(kwargs)
		return resolve_probability(**args)

	def test_new(self):
		self.assertEqual(self.resolve(is_new=True, probability=None, probability_before=None), 30)
		self.assertEqual(self.resolve(is_new=True, probability=0, probability_before=None), 30)
		self.assertEqual(self.resolve(is_new=True, probability=45, probability_before=None), 45)

	def test_stage_change_resets_unless_overridden_in_the_same_save(self):
		self.assertEqual(
			self.resolve(stage_changed=True, stage_probability=50, probability_before=45, probability=45), 50
		)
		self.assertEqual(
			self.resolve(stage_changed=True, stage_probability=50, probability_before=45, probability=60), 60
		)

	def test_override_kept_without_stage_change(self):
		self.assertEqual(self.resolve(probability_before=30, probability=42), 42)

	def test_closed_stages_take_the_stage_value(self):
		self.assertEqual(self.resolve(stage_type="Won", stage_probability=100, probability=80), 100)
		self.assertEqual(self.resolve(stage_type="Lost", stage_probability=0, probability=20, is_new=True), 0)

	def test_bounds(self):
		for value in (None, 0, 55.5, 100):
			self.assertTrue(is_valid_probability(value), value)
		for value in (-0.01, 100.01, 250):
			self.assertFalse(is_valid_probability(value), value)


class TestAmounts(UnitTestCase):
	def test_amounts(self):
		self.assertEqual(item_amount(3, 19.99), 59.97)
		self.assertEqual(weighted_amount(90000, 80), 72000)
		self.assertEqual(weighted_amount(33333.33, 33), 11000.0)


class TestDays(UnitTestCase):
	def test_calendar_days(self):
		self.assertEqual(
			days_between(datetime.datetime(2026, 1, 22, 23, 59), datetime.datetime(2026, 3, 2, 0, 1)), 39
		)
		self.assertEqual(days_between(D(2026, 2, 25), D(2026, 3, 5)), 8)
		self.assertEqual(days_between(None, D(2026, 3, 5)), 0)
		self.assertEqual(days_between(D(2026, 3, 5), D(2026, 3, 1)), 0)


class TestPeriods(UnitTestCase):
	def test_month_and_quarter(self):
		self.assertEqual(period_bounds("Month", D(2026, 2, 14)), (D(2026, 2, 1), D(2026, 2, 28)))
		self.assertEqual(period_bounds("Quarter", D(2026, 2, 14)), (D(2026, 1, 1), D(2026, 3, 31)))
		self.assertEqual(period_bounds("Quarter", D(2026, 12, 31)), (D(2026, 10, 1), D(2026, 12, 31)))
		self.assertEqual(period_bounds("Quarter", "2028-05-01"), (D(2028, 4, 1), D(2028, 6, 30)))
		self.assertEqual(next_period_start("Month", D(2026, 12, 5)), D(2027, 1, 1))
		self.assertEqual(next_period_start("Quarter", D(2026, 11, 5)), D(2027, 1, 1))


class TestNotes(UnitTestCase):
	def test_notes(self):
		for ok in (
			"10月10日左右签单",
			"可能追加订单",
			"10月2日之前支付2期62500元",
			"预算<5万",
			"a < b > c",
			"x" * NOTE_MAX_LENGTH,
			"",
		):
			self.assertIsNone(note_error(ok), ok)
		for bad in (
			"x" * (NOTE_MAX_LENGTH + 1),
			"<b>hi</b>",
			"</div>",
			"<!-- c -->",
			"<script>alert(1)</script>",
			"<img src=x>",
		):
			self.assertIsNotNone(note_error(bad), bad)
