# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class SMSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		activity_reminder_minutes: DF.Int
		aging_ranges: DF.Data | None
		allow_backdated_stock_posting: DF.Check
		allow_negative_stock: DF.Check
		base_currency: DF.Link
		company_name: DF.Data | None
		daily_report_time: DF.Time | None
		daily_reports_enabled: DF.Check
		expense_budget_action: DF.Literal["Warn", "Block"]
		expense_dormant_months: DF.Int
		expense_outlier_factor: DF.Float
		expense_outlier_min_count: DF.Int
		expense_spend_ratio_percent: DF.Percent
		fiscal_year_start_month: DF.Literal["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
		hot_flag_expiry_days: DF.Int
		inactive_customer_days: DF.Int
		max_discount_percent: DF.Percent
		notify_product_changes: DF.Check
		overstock_months: DF.Float
		send_team_digest: DF.Check
		stall_alerts_enabled: DF.Check

	# end: auto-generated types
	def validate(self):
		self.company_name = (self.company_name or "").strip()


def get_settings() -> "SMSettings":
	"""SM Settings, the one way sales_mgmt reads its settings (cached; cleared when they change)."""
	return frappe.get_cached_doc("SM Settings")
