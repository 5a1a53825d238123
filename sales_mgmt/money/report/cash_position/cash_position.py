# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

"""Cash Position (资金状况): every cash account the viewer may see, its balance on a day in its own
currency and in the base currency (the Currency Exchange rate and its date shown), totals per currency
and in the base currency; a chart of income against expense per period over the year up to that day.
Definitions: sales_mgmt.money.cash_position."""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt, today

from sales_mgmt import reporting
from sales_mgmt.money import cash_position
from sales_mgmt.sales_management.doctype.sm_settings.sm_settings import get_settings
from sales_mgmt.user_text import bold

ACCOUNT = "SM Cash Account"


@reporting.script_report("Cash Position")
def execute(filters=None):
	return CashPosition(filters).run()


class CashPosition:
	def __init__(self, filters=None):
		self.filters = frappe._dict(filters or {})
		frappe.has_permission(ACCOUNT, "read", throw=True)
		self.date = reporting.parse_date(self.filters, "date", _("Date"), today())
		self.period_type = reporting.choice(
			self.filters, "period", _("Period"), reporting.PERIOD_TYPES, reporting.MONTH
		)
		self.account_type = reporting.choice(
			self.filters, "account_type", _("Account Type"), ("Cash", "Bank", "Other")
		)
		self.currency = reporting.existing(self.filters, "currency", "Currency")
		self.base = get_settings().base_currency

	def run(self):
		data = cash_position.balances(self.date, self.account_type, self.currency)
		for row in data:
			row.base_currency = self.base
		return self.columns(), data, self.message(data), self.chart(), self.summary(data)

	def columns(self) -> list[dict]:
		return [
			{"fieldname": "cash_account", "label": _("Cash Account"), "fieldtype": "Link", "options": ACCOUNT, "width": 180},
			{"fieldname": "account_type", "label": _("Account Type"), "fieldtype": "Data", "width": 100},
			{"fieldname": "currency", "label": _("Currency"), "fieldtype": "Data", "width": 80},
			{"fieldname": "balance", "label": _("Balance"), "fieldtype": "Currency", "options": "currency", "width": 140},
			{"fieldname": "exchange_rate", "label": _("Exchange Rate"), "fieldtype": "Float", "precision": 6, "width": 110},
			{"fieldname": "rate_date", "label": _("Rate Date"), "fieldtype": "Date", "width": 100},
			{"fieldname": "base_balance", "label": _("Balance in {0}").format(self.base), "fieldtype": "Currency", "options": "base_currency", "width": 150},
		]  # fmt: skip

	def message(self, data) -> str | None:
		missing = sorted({row.currency for row in data if row.exchange_rate is None})
		if not missing:
			return None
		return _(
			"No exchange rate to {0} on or before {1} for: {2}. Those accounts are left out of the base-currency total; add the rates in Currency Exchange."
		).format(bold(self.base), frappe.format(self.date, "Date"), ", ".join(bold(c) for c in missing))

	def chart(self) -> dict:
		start = add_days(add_months(self.date, -12 if self.period_type == reporting.MONTH else -24), 1)
		figures = cash_position.income_and_expense(start, self.date, self.period_type)
		starts = list(figures)
		return {
			"data": {
				"labels": [reporting.period_label(self.period_type, s) for s in starts],
				"datasets": [
					{"name": _("Income"), "values": [figures[s][0] for s in starts]},
					{"name": _("Expense"), "values": [figures[s][1] for s in starts]},
				],
			},
			"type": "bar",
			"fieldtype": "Currency",
			"colors": ["#48BB74", "#E24C4C"],
		}

	def summary(self, data) -> list[dict]:
		summary = [
			{
				"value": flt(sum(row.base_balance or 0 for row in data), 2),
				"label": _("Total in {0}").format(self.base),
				"datatype": "Currency",
				"currency": self.base,
				"indicator": "Blue",
			}
		]
		for currency in sorted({row.currency for row in data}):
			summary.append(
				{
					"value": flt(sum(row.balance for row in data if row.currency == currency), 2),
					"label": _("{0} Accounts").format(currency),
					"datatype": "Currency",
					"currency": currency,
				}
			)
		return summary
