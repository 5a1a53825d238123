"""Sites installed before cash accounts: let Business Owner, Finance User and Sales Manager read
Currency (new sites get it on install); an administrator's later change survives."""

from sales_mgmt.install import grant_contact_permissions


def execute():
	grant_contact_permissions()
