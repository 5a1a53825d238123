"""FAQ answers suggested on a complaint: published entries of the complaint's category, or whose
question or answer shares words with the complaint's subject.

Words: runs of letters or digits of 2+ characters (lower-cased); a run of Chinese characters, which has
no spaces, counts by its two-character pieces ("设备漏油" → 设备, 备漏, 漏油). Score = 3 for the same
category + 2 per word in the question + 1 per word in the answer (a word counts once); the best
SUGGESTIONS entries are shown, ties by helpful count, then by question.
"""

import re

import frappe
from frappe.utils import cint, strip_html

FAQ = "SM FAQ"
SUGGESTIONS = 5
MAX_WORDS = 12
CANDIDATES = 100

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[^\W_]{2,}")


def words(text: str | None) -> list[str]:
	"""The search words of `text`, in order, without repeats, at most MAX_WORDS."""
	found = []
	for run in _WORD.findall((text or "").lower()):
		for part in _CJK.split(run):
			if len(part) >= 2:
				found.append(part)
		for cjk in _CJK.findall(run):
			found.extend(cjk[i : i + 2] for i in range(max(len(cjk) - 1, 1)) if len(cjk) >= 2)
	return list(dict.fromkeys(found))[:MAX_WORDS]


def score(faq, category: str | None, terms: list[str]) -> int:
	question, answer = (faq.question or "").lower(), strip_html(faq.answer or "").lower()
	return (
		(3 if category and faq.category == category else 0)
		+ 2 * sum(term in question for term in terms)
		+ sum(term in answer for term in terms)
	)


def suggestions(category: str | None, subject: str | None, limit: int = SUGGESTIONS) -> list[dict]:
	"""Published FAQ entries for a complaint of `category` about `subject`, best first (the entries the
	user may read)."""
	terms = words(subject)
	or_filters = [[FAQ, "question", "like", f"%{term}%"] for term in terms]
	or_filters += [[FAQ, "answer", "like", f"%{term}%"] for term in terms]
	if category:
		or_filters.append([FAQ, "category", "=", category])
	if not or_filters:
		return []
	rows = frappe.get_list(
		FAQ,
		filters={"published": 1},
		or_filters=or_filters,
		fields=["name", "question", "answer", "category", "helpful_count"],
		limit_page_length=CANDIDATES,
	)
	ranked = sorted(
		((score(row, category, terms), row) for row in rows),
		key=lambda pair: (-pair[0], -cint(pair[1].helpful_count), pair[1].question or ""),
	)
	return [
		{
			"name": row.name,
			"question": row.question,
			"answer": row.answer,
			"category": row.category,
			"helpful_count": cint(row.helpful_count),
			"score": points,
		}
		for points, row in ranked[:limit]
		if points > 0
	]
