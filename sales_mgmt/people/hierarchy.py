"""The salesperson hierarchy: who a user is in it, and whose records they may see.

A user maps to at most one SM Salesperson (`SM Salesperson.user` is unique). A manager's scope is
their own node plus every node below it in the tree (nested set `lft`/`rgt`).

Lookups are cached for the current request only (`frappe.local.cache` is recreated on every
`frappe.init`), so a change to the tree or to a user's roles is seen by the next request without any
invalidation protocol; long-lived processes (tests, scripts) call `clear_scope_cache` on change.
"""

import frappe

_CACHE_KEY = "sales_mgmt:salesperson_scope"


def _cache() -> dict:
	return frappe.local.cache.setdefault(_CACHE_KEY, {})


def clear_scope_cache(*args, **kwargs) -> None:
	"""Forget cached lookups; wired to SM Salesperson and User changes."""
	frappe.local.cache.pop(_CACHE_KEY, None)


def get_salesperson(user: str | None = None) -> str | None:
	"""The SM Salesperson linked to `user`, or None."""
	user = user or frappe.session.user
	cache = _cache()
	key = ("salesperson", user)
	if key not in cache:
		cache[key] = frappe.db.get_value("SM Salesperson", {"user": user}, "name")
	return cache[key]


def get_subtree(salesperson: str) -> list[str]:
	"""`salesperson` and everyone reporting to them, directly or indirectly."""
	cache = _cache()
	key = ("subtree", salesperson)
	if key not in cache:
		bounds = frappe.db.get_value("SM Salesperson", salesperson, ["lft", "rgt"])
		if not bounds or not bounds[0]:
			cache[key] = [salesperson]
		else:
			sp = frappe.qb.DocType("SM Salesperson")
			cache[key] = (
				frappe.qb.from_(sp)
				.select(sp.name)
				.where((sp.lft >= bounds[0]) & (sp.rgt <= bounds[1]))
				.orderby(sp.lft)
				.run(pluck=True)
			)
	return cache[key]


def get_ancestors(salesperson: str) -> list[str]:
	"""Everyone above `salesperson`, nearest first."""
	bounds = frappe.db.get_value("SM Salesperson", salesperson, ["lft", "rgt"])
	if not bounds or not bounds[0]:
		return []
	sp = frappe.qb.DocType("SM Salesperson")
	return (
		frappe.qb.from_(sp)
		.select(sp.name)
		.where((sp.lft < bounds[0]) & (sp.rgt > bounds[1]))
		.orderby(sp.lft, order=frappe.qb.desc)
		.run(pluck=True)
	)
