"""Exchange rates of opportunities in a foreign currency (SM Currency Exchange).

The rate of an opportunity is the latest SM Currency Exchange from its currency to the base currency
(SM Settings) dated on or before the opportunity's date. Only that direction counts: a rate entered
from the base currency to the foreign one is not inverted, so every rate in use is one somebody
entered as it is used. There is no fallback: a currency without a rate is refused, never taken at 1.
"""

import frappe
from frappe.utils import flt, getdate


def get_exchange_rate(from_currency: str, to_currency: str, day) -> float | None:
	"""Units of `to_currency` per unit of `from_currency` on `day`, or None when no rate is entered."""
	if from_currency == to_currency:
		return 1.0
	rate = frappe.get_all(
		"SM Currency Exchange",
		filters={"from_currency": from_currency, "to_currency": to_currency, "date": ("<=", getdate(day))},
		pluck="exchange_rate",
		order_by="date desc",
		limit=1,
	)
	return flt(rate[0]) if rate else None
