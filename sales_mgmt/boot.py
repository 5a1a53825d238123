"""What the desk needs to know about the logged-in user at boot."""

from sales_mgmt.people.hierarchy import get_salesperson


def boot_session(bootinfo):
	# every Link field named `salesperson` defaults to the user's own salesperson in new forms
	salesperson = get_salesperson(bootinfo.user.name) if bootinfo.get("user") else None
	if salesperson:
		bootinfo.user.defaults["salesperson"] = salesperson
