"""Rules about an opportunity's numbers that need no database, unit-tested without a site."""

from frappe.utils import flt, getdate

from sales_mgmt.deals.stages import CLOSED_TYPES


def resolve_probability(
	*,
	is_new: bool,
	stage_changed: bool,
	stage_type: str,
	stage_probability: float,
	probability_before: float | None,
	probability: float | None,
) -> float:
	"""The probability an opportunity is saved with.

	- A closed stage (Won / Lost) always takes the stage's probability (normally 100 / 0).
	- A new opportunity takes the stage's probability unless one is given (0 counts as not given:
	  Data Import and the form send 0 for an empty field, and an open deal at 0% makes no sense).
	- When the stage changes, the probability resets to the new stage's, unless the same save also
	  changes the probability itself: that is an explicit override and is kept.
	- Otherwise the stored probability (the stage's, or an earlier override) stays.
	"""
	if stage_type in CLOSED_TYPES:
		return flt(stage_probability)
	if is_new:
		return flt(probability) if flt(probability) else flt(stage_probability)
	if stage_changed and flt(probability) == flt(probability_before):
		return flt(stage_probability)
	return flt(probability)


def is_valid_probability(probability: float | None) -> bool:
	return probability is None or 0 <= flt(probability) <= 100


def item_amount(qty: float, rate: float, precision: int = 2) -> float:
	return flt(flt(qty) * flt(rate), precision)


def weighted_amount(base_amount: float, probability: float, precision: int = 2) -> float:
	return flt(flt(base_amount) * flt(probability) / 100, precision)


# what a Won or Lost opportunity keeps until it is reopened
LOCKED_WHEN_CLOSED = ("customer", "currency", "exchange_rate", "opportunity_date", "amount", "closed_on")
_DATES = ("opportunity_date", "closed_on")
_NUMBERS = ("exchange_rate", "amount")


def changed_locked_fields(before, after) -> list[str]:
	"""The fields of LOCKED_WHEN_CLOSED (and `items`) whose values differ between two versions of an
	opportunity (documents or dicts), compared as stored: dates as dates, numbers to 6 decimals."""

	def normalized(doc, field):
		value = doc.get(field)
		if field in _DATES:
			return getdate(value) if value else None
		if field in _NUMBERS:
			return flt(value, 6)
		return value or None

	changed = [f for f in LOCKED_WHEN_CLOSED if normalized(before, f) != normalized(after, f)]
	if item_lines(before) != item_lines(after):
		changed.append("items")
	return changed


def item_lines(doc) -> list[tuple]:
	return [
		(
			item.get("product") or None,
			item.get("product_name"),
			flt(item.get("qty"), 6),
			flt(item.get("rate"), 6),
		)
		for item in doc.get("items") or []
	]
