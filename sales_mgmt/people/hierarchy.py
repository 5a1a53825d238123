"""The salesperson hierarchy: who a user is in it, and whose records they may see.

A user maps to at most one SM Salesperson (`SM Salesperson.user` is unique). A manager's scope is
their own node plus every node below it in the tree (nested set `lft`/`rgt`).

Every permission check needs a user's scope, so it is cached in Redis (site-wide, across requests)
and in the request. Any change to the tree clears the cache when it happens and again once its
transaction commits or rolls back, so no process keeps a scope computed from uncommitted data.
"""

import frappe

_SCOPE_KEY = "sales_mgmt:salesperson_scope"  # user -> (salesperson, subtree)
_SUBTREE_KEY = "sales_mgmt:salesperson_subtree"  # salesperson -> subtree
_COUNT_KEY = "sales_mgmt:salesperson_count"


def clear_scope_cache(*args, **kwargs) -> None:
	"""Forget cached scopes: wired to SM Salesperson changes, User renames and `bench clear-cache`."""
	_clear()
	if getattr(frappe.local, "db", None):
		frappe.db.after_commit.add(_clear)
		frappe.db.after_rollback.add(_clear)


def _clear() -> None:
	frappe.cache.delete_value([_SCOPE_KEY, _SUBTREE_KEY, _COUNT_KEY])


def get_scope(user: str | None = None) -> tuple[str | None, list[str]]:
	"""The salesperson linked to `user` and their subtree (themself first), in one cached lookup."""
	user = user or frappe.session.user
	return frappe.cache.hget(_SCOPE_KEY, user, lambda: _load_scope(user))


def _load_scope(user: str) -> tuple[str | None, list[str]]:
	rows = frappe.db.sql(
		"""
		select me.name, child.name
		from `tabSM Salesperson` me
		join `tabSM Salesperson` child
			on child.name = me.name or (me.lft > 0 and child.lft > me.lft and child.rgt < me.rgt)
		where me.user = %s
		order by child.lft
		""",
		user,
	)
	if not rows:
		return None, []
	me = rows[0][0]
	return me, [me, *(child for _me, child in rows if child != me)]


def get_salesperson_count() -> int:
	"""How many salespeople the tree holds (a subtree of this size is the whole tree)."""
	return frappe.cache.get_value(_COUNT_KEY, lambda: frappe.db.count("SM Salesperson"))


def get_salesperson(user: str | None = None) -> str | None:
	"""The SM Salesperson linked to `user`, or None."""
	return get_scope(user)[0]


def get_subtree(salesperson: str) -> list[str]:
	"""`salesperson` and everyone reporting to them, directly or indirectly (themself first)."""
	return frappe.cache.hget(_SUBTREE_KEY, salesperson, lambda: _load_subtree(salesperson))


def _load_subtree(salesperson: str) -> list[str]:
	bounds = frappe.db.get_value("SM Salesperson", salesperson, ["lft", "rgt"])
	if not bounds or not bounds[0]:
		return [salesperson]
	sp = frappe.qb.DocType("SM Salesperson")
	below = (
		frappe.qb.from_(sp)
		.select(sp.name)
		.where((sp.lft > bounds[0]) & (sp.rgt < bounds[1]))
		.orderby(sp.lft)
		.run(pluck=True)
	)
	return [salesperson, *below]


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
