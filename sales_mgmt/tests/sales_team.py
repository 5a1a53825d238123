"""A small sales organisation shared by permission, API and browser tests.

Three levels: a sales director, two regional managers, three reps; one user for every other role;
one customer per salesperson plus one without a salesperson. Created idempotently and committed,
because API and browser tests read it from other connections.

	Director (Sales Manager)
	├── East Manager (Sales Manager)
	│   ├── East Rep 1 (Sales User)
	│   └── East Rep 2 (Sales User)
	└── West Manager (Sales Manager)
	    └── West Rep 1 (Sales User)
"""

import frappe

from sales_mgmt.tests import IntegrationTestCase

PASSWORD = "Sm-Test-Pass-2026!"

# key: (full name, roles, reports-to key or None if no salesperson is created for the user)
SALESPEOPLE = {
	"director": ("Director", ["Sales Manager"], ""),
	"east": ("East Manager", ["Sales Manager"], "director"),
	"east1": ("East Rep 1", ["Sales User"], "east"),
	"east2": ("East Rep 2", ["Sales User"], "east"),
	"west": ("West Manager", ["Sales Manager"], "director"),
	"west1": ("West Rep 1", ["Sales User"], "west"),
}

OTHER_USERS = {
	"owner": ("Business Owner", ["Business Owner"]),
	"finance": ("Finance Clerk", ["Finance User"]),
	"service": ("Service Agent", ["Service Agent"]),
	"warehouse": ("Warehouse Keeper", ["Warehouse User"]),
	"sysman": ("System Admin", ["System Manager"]),
	"unlinked": ("Unlinked Rep", ["Sales User"]),
}

UNASSIGNED = "unassigned"

# the record keys (one record per salesperson, plus one with none) each user sees under the hierarchy
# rules; roles that see everything regardless (Finance for some DocTypes, Service...) are added by the
# tests of each DocType
ALL_ASSIGNED = list(SALESPEOPLE)
EVERYTHING = [*ALL_ASSIGNED, UNASSIGNED]
HIERARCHY = {
	"east1": ["east1"],
	"east2": ["east2"],
	"west1": ["west1"],
	"east": ["east", "east1", "east2"],
	"west": ["west", "west1"],
	"director": ALL_ASSIGNED,
	"owner": EVERYTHING,
	"sysman": EVERYTHING,
	"unlinked": [],
}


def email(key: str) -> str:
	return f"sm.test.{key}@example.com"


def customer_name(key: str) -> str:
	return f"Matrix Customer {key}"


def ensure_user(key: str, full_name: str, roles: list[str]) -> str:
	user = email(key)
	if not frappe.db.exists("User", user):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": user,
				"first_name": full_name,
				"send_welcome_email": 0,
				"new_password": PASSWORD,
				"roles": [{"role": role} for role in roles],
			}
		).insert(ignore_permissions=True)
	return user


def ensure_sales_team() -> frappe._dict:
	"""Create (once) and return the team: `salespeople[key]`, `users[key]`, `customers[key]`."""
	team = frappe._dict(salespeople={}, users={}, customers={})
	for key, (full_name, roles, parent) in SALESPEOPLE.items():
		team.users[key] = ensure_user(key, full_name, roles)
		name = frappe.db.get_value("SM Salesperson", {"user": team.users[key]})
		if not name:
			name = (
				frappe.get_doc(
					{
						"doctype": "SM Salesperson",
						"salesperson_name": full_name,
						"user": team.users[key],
						"parent_sm_salesperson": team.salespeople.get(parent) if parent else None,
						"team": "East"
						if key.startswith("east")
						else "West"
						if key.startswith("west")
						else "",
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
		team.salespeople[key] = name

	for key, (full_name, roles) in OTHER_USERS.items():
		team.users[key] = ensure_user(key, full_name, roles)

	for key in [*SALESPEOPLE, UNASSIGNED]:
		name = frappe.db.get_value("SM Customer", {"customer_name": customer_name(key)})
		if not name:
			doc = frappe.get_doc(
				{
					"doctype": "SM Customer",
					"customer_name": customer_name(key),
					"salesperson": team.salespeople.get(key),
					"status": "Active",
					"city": "上海",
					"credit_limit": 50000,
				}
			)
			doc.flags.ignore_permissions = True
			name = doc.insert().name
		team.customers[key] = name

	frappe.db.commit()
	return team


class SalesTeamTestCase(IntegrationTestCase):
	"""A test class with the sales team as `team`; each test ends as Administrator again, whoever it
	ran as."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.team = ensure_sales_team()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()
