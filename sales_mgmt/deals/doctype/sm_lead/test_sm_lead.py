# Copyright (c) 2026, sales_mgmt contributors and Contributors
# See license.txt

# import frappe
from frappe.tests.utils import FrappeTestCase


class TestSMLead(FrappeTestCase):
	pass
