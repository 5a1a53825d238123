# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

from frappe.model.document import Document

from sales_mgmt.deals.ownership import validate_enabled_salesperson
from sales_mgmt.people import kpi
from sales_mgmt.permissions import validate_assignment


class SMSalesTarget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		collection_amount: DF.Currency
		contract_amount: DF.Currency
		gross_profit: DF.Currency
		new_customers: DF.Int
		notes: DF.SmallText | None
		period_end: DF.Date | None
		period_start: DF.Date
		period_type: DF.Literal["Month", "Quarter", "Year"]
		salesperson: DF.Link
		salesperson_name: DF.Data | None
		scope: DF.Literal["Salesperson", "Team"]
		target_key: DF.Data | None
		visits: DF.Int
	# end: auto-generated types

	def validate(self):
		kpi.validate_target_choices(self.scope, self.period_type)
		self.period_start, self.period_end = kpi.target_period(self.period_type, self.period_start)
		kpi.validate_target_amounts(self)
		validate_enabled_salesperson(self)
		validate_assignment(self)
		self.target_key = kpi.target_key(self.salesperson, self.scope, self.period_type, self.period_start)
		kpi.validate_unique_target(self)
