"""Run code as if it were another moment: demo histories and tests save documents "back then" so
that controllers stamp creation, stage changes and logs with that moment."""

from contextlib import contextmanager

import pytz
from frappe.utils import get_datetime, get_system_timezone


@contextmanager
def frozen(moment):
	"""Freeze the clock at `moment`, read in the system timezone (as FrappeTestCase.freeze_time does).

	Needs freezegun (a bench development dependency; dev/demo and .ci/run install it)."""
	try:
		from freezegun import freeze_time
	except ImportError:
		raise RuntimeError("demo histories need freezegun: env/bin/pip install 'freezegun~=1.2.2'")

	timezone = pytz.timezone(get_system_timezone())
	with freeze_time(timezone.localize(get_datetime(moment)).astimezone(pytz.utc)):
		yield


@contextmanager
def moving(start):
	"""A frozen clock that moves where it is told, for many moments in a row: starting freezegun scans
	every loaded module, moving it does not.

		with moving(first) as move_to:
			move_to(later)"""
	try:
		from freezegun import freeze_time
	except ImportError:
		raise RuntimeError("demo histories need freezegun: env/bin/pip install 'freezegun~=1.2.2'")

	timezone = pytz.timezone(get_system_timezone())

	def utc(moment):
		return timezone.localize(get_datetime(moment)).astimezone(pytz.utc)

	with freeze_time(utc(start)) as clock:
		yield lambda moment: clock.move_to(utc(moment))
