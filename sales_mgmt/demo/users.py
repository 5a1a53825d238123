"""Desk users for the demo: created once, with the shared demo password, in Chinese."""

from contextlib import contextmanager

import frappe

DEMO_DOMAIN = "demo.sales"
DEMO_PASSWORD = "Demo@2026"
DEMO_LANGUAGE = "zh"
DEMO_TIME_ZONE = "Asia/Shanghai"


def demo_email(local_part: str) -> str:
	return f"{local_part}@{DEMO_DOMAIN}"


def ensure_user(email: str, full_name: str, roles: list[str], mobile_no: str | None = None) -> bool:
	"""Create the user if absent, or add the roles it lacks; True if the user was created."""
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)
		missing = [role for role in roles if role not in {r.role for r in user.roles}]
		if missing:
			user.append_roles(*missing)
			user.save(ignore_permissions=True)
		return False
	user = frappe.new_doc("User")
	user.update(
		{
			"email": email,
			# Chinese names are written whole, surname first: no first/last split
			"first_name": full_name,
			"mobile_no": mobile_no,
			"language": DEMO_LANGUAGE,
			"time_zone": DEMO_TIME_ZONE,
			"send_welcome_email": 0,
			"new_password": DEMO_PASSWORD,
		}
	)
	user.append_roles(*roles)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	return True


@contextmanager
def creating_many_users():
	"""Lift Frappe's limit of 60 new users an hour (a guard against sign-up floods) for this process."""
	conf = frappe.local.conf
	had, limit = "throttle_user_limit" in conf, conf.get("throttle_user_limit")
	conf["throttle_user_limit"] = 10**6
	try:
		yield
	finally:
		if had:
			conf["throttle_user_limit"] = limit
		else:
			conf.pop("throttle_user_limit", None)
