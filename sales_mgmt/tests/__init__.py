"""Shared test base classes: Frappe v16 names, available on v15 too."""

import unittest

try:
	from frappe.tests import IntegrationTestCase, UnitTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase as IntegrationTestCase

	UnitTestCase = unittest.TestCase

__all__ = ["IntegrationTestCase", "UnitTestCase"]
