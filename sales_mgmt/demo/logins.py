"""One demo login per role, all sharing the demo password.

The salespeople among them (director, manager, sales) are placed in the tree by `people`; the others
are plain desk users created here.
"""

import random
from dataclasses import dataclass

from sales_mgmt.demo.people import DIRECTOR_LOGIN, MANAGER_LOGIN, REP_LOGIN, NameDrawer
from sales_mgmt.demo.users import demo_email, ensure_user


@dataclass(frozen=True)
class DemoLogin:
	user: str
	role: str
	sees: str  # for the table printed after loading


LOGINS: tuple[DemoLogin, ...] = (
	DemoLogin(demo_email("owner"), "Business Owner", "all records"),
	DemoLogin(DIRECTOR_LOGIN, "Sales Manager", "whole sales tree (sales director)"),
	DemoLogin(MANAGER_LOGIN, "Sales Manager", "own region's subtree (regional manager)"),
	DemoLogin(REP_LOGIN, "Sales User", "own customers (sales rep)"),
	DemoLogin(demo_email("service"), "Service Agent", "all customers"),
	DemoLogin(demo_email("warehouse"), "Warehouse User", "customers in link fields only"),
	DemoLogin(demo_email("finance"), "Finance User", "all customers (credit)"),
)
SALESPERSON_LOGINS = frozenset({DIRECTOR_LOGIN, MANAGER_LOGIN, REP_LOGIN})


def ensure_staff_logins(seed: int, taken_names: set[str]) -> int:
	"""Create the demo logins that are not salespeople; return how many were created."""
	people = NameDrawer(random.Random(f"{seed}:staff"), taken_names)
	created = 0
	for login in LOGINS:
		if login.user in SALESPERSON_LOGINS:
			continue
		name, _email, mobile = people.person(login.user)
		created += ensure_user(login.user, name, [login.role], mobile)
	return created
