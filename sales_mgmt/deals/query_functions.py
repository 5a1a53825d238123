"""MariaDB functions the Deals queries need and frappe.qb (pypika) does not spell the MariaDB way."""

from pypika.terms import AnalyticFunction, Function, Term


class DateDiff(Function):
	"""DATEDIFF(end, start): calendar days from `start` to `end`."""

	def __init__(self, end, start, alias=None):
		super().__init__("DATEDIFF", end, start, alias=alias)


class _IntervalDays(Term):
	def __init__(self, days: Term):
		super().__init__()
		self.days = days

	def nodes_(self):
		yield self
		yield from self.days.nodes_()

	def get_sql(self, **kwargs):
		return f"INTERVAL {self.days.get_sql(**kwargs)} DAY"


class DateSubDays(Function):
	"""DATE_SUB(date, INTERVAL days DAY) where `days` may be a column."""

	def __init__(self, date, days: Term, alias=None):
		super().__init__("DATE_SUB", date, _IntervalDays(days), alias=alias)


class RegexpReplace(Function):
	def __init__(self, term, pattern, replacement, alias=None):
		super().__init__("REGEXP_REPLACE", term, pattern, replacement, alias=alias)


class Right(Function):
	def __init__(self, term, length: int, alias=None):
		super().__init__("RIGHT", term, length, alias=alias)


class Median(AnalyticFunction):
	"""MEDIAN(term) OVER (PARTITION BY ...): MariaDB's median, a window function only."""

	def __init__(self, term, alias=None):
		super().__init__("MEDIAN", term, alias=alias)
