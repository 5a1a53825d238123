"""Service levels by hand: due times from targets, and the SLA status at given moments."""

from datetime import datetime

from sales_mgmt.service import sla
from sales_mgmt.tests import UnitTestCase

OPENED = datetime(2026, 3, 2, 9, 0)
# a High complaint: first response within 4 h (13:00), resolution within 24 h (next day 09:00)
RESPONSE_DUE = datetime(2026, 3, 2, 13, 0)
RESOLUTION_DUE = datetime(2026, 3, 3, 9, 0)


def status(
	now, state="Open", first=None, resolved=None, response_due=RESPONSE_DUE, resolution_due=RESOLUTION_DUE
):
	return sla.sla_status(now, state, OPENED, first, resolved, response_due, resolution_due)


class TestSLA(UnitTestCase):
	def test_due(self):
		self.assertEqual(sla.due(OPENED, 4), RESPONSE_DUE)
		self.assertEqual(sla.due(OPENED, 24), RESOLUTION_DUE)
		self.assertEqual(sla.due(OPENED, 1.5), datetime(2026, 3, 2, 10, 30))
		self.assertIsNone(sla.due(OPENED, 0))
		self.assertIsNone(sla.due(OPENED, None))

	def test_hours_between(self):
		self.assertEqual(sla.hours_between(OPENED, datetime(2026, 3, 2, 10, 30)), 1.5)
		self.assertIsNone(sla.hours_between(OPENED, None))

	def test_open_on_track_then_at_risk_then_breached(self):
		# response window 4 h: at risk when less than 1 h is left, i.e. after 12:00
		self.assertEqual(status(datetime(2026, 3, 2, 11, 59)), sla.ON_TRACK)
		self.assertEqual(status(datetime(2026, 3, 2, 12, 0)), sla.ON_TRACK)  # exactly 1 h left
		self.assertEqual(status(datetime(2026, 3, 2, 12, 1)), sla.AT_RISK)
		self.assertEqual(status(datetime(2026, 3, 2, 13, 0)), sla.AT_RISK)  # due, not yet late
		self.assertEqual(status(datetime(2026, 3, 2, 13, 1)), sla.BREACHED)

	def test_responded_in_time_then_resolution_window(self):
		first = datetime(2026, 3, 2, 10, 0)
		# 24 h window: at risk with less than 6 h left, after 03:00 next day
		self.assertEqual(status(datetime(2026, 3, 2, 14, 0), "In Progress", first), sla.ON_TRACK)
		self.assertEqual(status(datetime(2026, 3, 3, 3, 30), "In Progress", first), sla.AT_RISK)
		self.assertEqual(status(datetime(2026, 3, 3, 9, 30), "In Progress", first), sla.BREACHED)

	def test_late_response_stays_breached(self):
		first = datetime(2026, 3, 2, 13, 30)
		self.assertEqual(status(datetime(2026, 3, 2, 14, 0), "In Progress", first), sla.BREACHED)
		resolved = datetime(2026, 3, 2, 15, 0)
		self.assertEqual(status(datetime(2026, 3, 9), "Resolved", first, resolved), sla.BREACHED)

	def test_resolved_met_or_late(self):
		first = datetime(2026, 3, 2, 10, 0)
		# judged at the resolution, not at `now`: a week later it is still Met
		self.assertEqual(status(datetime(2026, 3, 9), "Resolved", first, datetime(2026, 3, 3, 8, 0)), sla.MET)
		self.assertEqual(status(datetime(2026, 3, 9), "Closed", first, datetime(2026, 3, 3, 9, 0)), sla.MET)
		self.assertEqual(
			status(datetime(2026, 3, 9), "Closed", first, datetime(2026, 3, 3, 9, 1)), sla.BREACHED
		)

	def test_without_targets(self):
		self.assertEqual(status(datetime(2027, 1, 1), response_due=None, resolution_due=None), sla.ON_TRACK)
		self.assertEqual(
			status(datetime(2027, 1, 1), "Resolved", OPENED, datetime(2026, 12, 1), None, None), sla.MET
		)
