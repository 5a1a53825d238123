"""Writing rows of an immutable ledger (stock, cash): one multi-row insert, no controller."""

import frappe


def insert_ledger_rows(doctype: str, rows: list[dict]) -> None:
	"""Insert `rows` into `doctype` (an autoincrement DocType) in one statement; names come from the
	DocType's sequence, so they grow in posting order."""
	if not rows:
		return
	fields = list(rows[0].keys())
	sequence = frappe.scrub(f"{doctype}_id_seq")
	placeholders = ", ".join([f"(nextval(`{sequence}`), {', '.join(['%s'] * len(fields))})"] * len(rows))
	frappe.db.sql(
		f"""insert into `tab{doctype}` (name, {", ".join(f"`{field}`" for field in fields)})
		values {placeholders}""",
		[row[field] for row in rows for field in fields],
	)
