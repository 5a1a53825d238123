"""Naming series of the records the demo writes in bulk: read the counter (locked) and move it past
the names taken, so that records created later through Frappe continue the series."""

import frappe


def current_series(prefix: str) -> int:
	current = frappe.db.sql("select current from `tabSeries` where name = %s for update", prefix)
	return int(current[0][0] or 0) if current else 0


def set_series(prefix: str, number: int) -> None:
	if frappe.db.sql("select 1 from `tabSeries` where name = %s", prefix):
		frappe.db.sql("update `tabSeries` set current = %s where name = %s", (number, prefix))
	else:
		frappe.db.sql("insert into `tabSeries` (name, current) values (%s, %s)", (prefix, number))


def progress(key: str) -> int:
	"""How many events of a resumable load are done: the counter it keeps under `key` (not locked)."""
	done = frappe.db.sql("select current from `tabSeries` where name = %s", key)
	return int(done[0][0] or 0) if done else 0


def replay(events: list, apply, progress=None, every: int = 10_000) -> None:
	"""Apply a bulk load's events in order, reporting progress every `every` events and at the last."""
	last = len(events) - 1
	for i, event in enumerate(events):
		apply(event)
		if progress and (i % every == 0 or i == last):
			progress(i, len(events))


def finish_bulk_load(key: str, events: int, doctypes: tuple[str, ...], series: dict | None = None) -> None:
	"""End a bulk load: move the naming series past the names it took, record its `events` as done
	under `key`, commit, and refresh the statistics of the tables it wrote (the planner's row counts)."""
	for prefix, number in (series or {}).items():
		set_series(prefix, number)
	set_series(key, events)
	frappe.db.commit()
	for doctype in doctypes:
		frappe.db.sql(f"analyze table `tab{doctype}`")
