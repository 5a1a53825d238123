"""Demo data goes only into a site made for it, and only one demo data set per site.

The messages reach the terminal of whoever runs the bench command, never the desk, so they are not
translated.
"""

import json
from datetime import date

import frappe

SITE_KINDS = ("demo", "benchmark")
SITE_KIND_KEY = "sales_mgmt_site_kind"
MARKER_KEY = "sales_mgmt_demo"


class NotADemoSiteError(frappe.ValidationError):
	pass


class OtherDemoDataError(frappe.ValidationError):
	pass


def check_site_kind() -> None:
	"""Refuse, before anything is written, unless this site was made for demo or benchmark data."""
	site = frappe.local.site
	if frappe.conf.get(SITE_KIND_KEY) not in SITE_KINDS:
		raise NotADemoSiteError(
			f"Site {site} is not a demo or benchmark site, so nothing was changed. Demo data goes only "
			f"into a site created for it and marked with: bench --site {site} set-config {SITE_KIND_KEY} demo"
		)


def check_site(size: str, seed: int, base_date: date) -> None:
	"""Refuse, before anything is written, unless this site may take this demo data set."""
	check_site_kind()
	site = frappe.local.site
	loaded = loaded_demo()
	wanted = _marker(size, seed, base_date)
	if loaded and loaded != wanted:
		raise OtherDemoDataError(
			f"Site {site} already holds demo data set {loaded['size']} (seed {loaded['seed']}, "
			f"base date {loaded['base_date']}); load a different data set into a new site."
		)


def loaded_demo() -> dict | None:
	value = frappe.db.get_global(MARKER_KEY)
	return json.loads(value) if value else None


def record_demo(size: str, seed: int, base_date: date) -> None:
	frappe.db.set_global(MARKER_KEY, json.dumps(_marker(size, seed, base_date)))


def _marker(size: str, seed: int, base_date: date) -> dict:
	return {"size": size, "seed": seed, "base_date": base_date.isoformat()}
