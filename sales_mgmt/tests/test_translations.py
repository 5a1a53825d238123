"""Every string the app ships (labels, options, descriptions, messages, roles, workspaces, number cards,
charts, reports) has a Simplified Chinese translation in translations/zh.csv."""

import glob
import json
import os
import re

import frappe
from frappe.translate import get_messages_for_app, read_csv_file

from sales_mgmt.install import ROLES
from sales_mgmt.tests import IntegrationTestCase

APP = "sales_mgmt"
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{\d*\}")


def _json_files(kind: str):
	pattern = os.path.join(frappe.get_app_path(APP), "*", kind, "*", "*.json")
	for path in sorted(glob.glob(pattern)):
		with open(path) as f:
			yield json.load(f)


def _workspace_messages() -> set[str]:
	messages = set()
	for doc in _json_files("workspace"):
		messages.update({doc["name"], doc.get("label"), doc.get("title")})
		messages.update(s.get("label") for s in doc.get("shortcuts", []))
		messages.update(s.get("format") for s in doc.get("shortcuts", []))
		messages.update(s.get("label") for s in doc.get("links", []))
		messages.update(s.get("label") for s in doc.get("number_cards", []))
		messages.update(s.get("label") for s in doc.get("charts", []))
		for block in json.loads(doc.get("content") or "[]"):
			if block.get("type") == "header":
				# Frappe translates a header's text as stored: tags stripped, entities kept
				messages.add(re.sub(r"<[^>]+>", "", block["data"]["text"]).strip())
	return messages


def shipped_messages() -> set[str]:
	messages = {m[1] for m in get_messages_for_app(APP) if not str(m[0]).startswith("Navbar")}
	messages |= _workspace_messages()
	messages |= {doc.get("label") or doc["name"] for doc in _json_files("number_card")}
	messages |= {doc.get("chart_name") or doc["name"] for doc in _json_files("dashboard_chart")}
	messages |= {doc["name"] for doc in _json_files("report")}
	messages |= {doc.get("subject") for doc in _json_files("notification")}
	messages |= set(ROLES)
	with open(frappe.get_app_path(APP, "modules.txt")) as f:
		messages |= {line.strip() for line in f if line.strip()}
	return {m for m in messages if m and m.strip()}


def zh_translations() -> dict[str, str]:
	rows = read_csv_file(frappe.get_app_path(APP, "translations", "zh.csv"))
	return {row[0]: row[1] for row in rows if len(row) >= 2}


class TestTranslations(IntegrationTestCase):
	def test_every_shipped_string_has_a_chinese_translation(self):
		translations = zh_translations()
		missing = sorted(m for m in shipped_messages() if not translations.get(m))
		self.assertEqual(missing, [], "add these to sales_mgmt/translations/zh.csv")

	def test_translations_are_chinese_and_keep_placeholders(self):
		for source, target in zh_translations().items():
			with self.subTest(source=source):
				self.assertRegex(target, CJK, "translation has no Chinese characters")
				self.assertEqual(
					sorted(PLACEHOLDER.findall(source)),
					sorted(PLACEHOLDER.findall(target)),
					"placeholders differ",
				)

	def test_desk_uses_the_translations(self):
		frappe.local.lang = "zh"
		frappe.local.lang_full_dict = None
		try:
			self.assertEqual(frappe._("SM Customer"), zh_translations()["SM Customer"])
			self.assertEqual(frappe._("Sales Manager"), zh_translations()["Sales Manager"])
		finally:
			frappe.local.lang = "en"
			frappe.local.lang_full_dict = None
