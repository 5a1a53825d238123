"""The sales stages an opportunity moves through (SM Sales Stage), as the rest of Deals reads them.

Stages are data, not code: consultants add, rename, reorder and retune them in the desk. Code never
names a stage; it asks for a stage's type (Open / Won / Lost), probability, sequence and stall days.
"""

import frappe
from frappe import _

OPEN, WON, LOST = "Open", "Won", "Lost"
CLOSED_TYPES = (WON, LOST)

# installed on a site without any stage: (name, probability, type, stall days); zh.csv has their
# Chinese names (前期跟踪, 方案提供, 报价, 竞标, 赢单, 输单)
DEFAULT_STAGES = (
	("Early Tracking", 10, OPEN, 30),
	("Proposal", 30, OPEN, 21),
	("Quotation", 50, OPEN, 14),
	("Bidding", 70, OPEN, 14),
	("Won", 100, WON, 0),
	("Lost", 0, LOST, 0),
)

_STAGE_FIELDS = ("name", "stage_name", "stage_type", "probability", "sequence", "stall_days", "enabled")


def get_stage(name: str | None) -> frappe._dict | None:
	"""One stage's settings, or None when there is no such stage."""
	if not name:
		return None
	cache = frappe.local.cache.setdefault("sales_mgmt:stages", {})
	if name not in cache:
		cache[name] = frappe.db.get_value("SM Sales Stage", name, _STAGE_FIELDS, as_dict=True)
	return cache[name]


def clear_stage_cache(*args, **kwargs) -> None:
	frappe.local.cache.pop("sales_mgmt:stages", None)


def get_stages(enabled_only: bool = False) -> list[frappe._dict]:
	"""All stages in pipeline order (sequence, then name)."""
	filters = {"enabled": 1} if enabled_only else {}
	return frappe.get_all(
		"SM Sales Stage", filters=filters, fields=list(_STAGE_FIELDS), order_by="sequence asc, name asc"
	)


def default_stage() -> str | None:
	"""Where a new opportunity starts: the first enabled open stage."""
	for stage in get_stages(enabled_only=True):
		if stage.stage_type == OPEN:
			return stage.name
	return None


def translate_stage_name(stage_name: str, lang: str | None = None) -> str:
	# "Lost" is 流失 for a customer but 输单 for a deal: zh.csv carries the stage context
	return _(stage_name, lang=lang, context="SM Sales Stage")


def stage_label(name: str | None, lang: str | None = None) -> str:
	stage = get_stage(name)
	return translate_stage_name(stage.stage_name, lang) if stage else (name or "")


def create_default_stages() -> None:
	"""Install the default pipeline on a site that has no stage at all.

	Keyed on the table being empty, not on the stage names, so a consultant who renames, retunes or
	deletes a default stage never gets it back on the next `bench migrate`.
	"""
	if frappe.db.count("SM Sales Stage"):
		return
	for sequence, (stage_name, probability, stage_type, stall_days) in enumerate(DEFAULT_STAGES, 1):
		frappe.get_doc(
			{
				"doctype": "SM Sales Stage",
				"stage_name": stage_name,
				"probability": probability,
				"stage_type": stage_type,
				"sequence": sequence * 10,
				"stall_days": stall_days,
			}
		).insert(ignore_permissions=True)
