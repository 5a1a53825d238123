"""An amount in Chinese capital numerals (人民币大写), as contracts and invoices in China write it:
1,200 → 壹仟贰佰元整, 1,005.01 → 壹仟零伍元零壹分. Used by the sales contract print format."""

from frappe.utils import flt

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _group(number: int) -> str:
	"""0 < number < 10,000 in capitals, zeros inside read once (1005 → 壹仟零伍)."""
	text, zero = "", False
	for place in range(3, -1, -1):
		digit = number // 10**place % 10
		if digit == 0:
			zero = bool(text)
			continue
		if zero:
			text += DIGITS[0]
			zero = False
		text += DIGITS[digit] + PLACES[place]
	return text


def _integer(number: int) -> str:
	groups = []
	while number:
		number, group = divmod(number, 10000)
		groups.append(group)
	text, gap = "", False
	for index in range(len(groups) - 1, -1, -1):
		group = groups[index]
		if group == 0:
			gap = bool(text)
			continue
		if text and (gap or group < 1000):
			text += DIGITS[0]
		text += _group(group) + GROUPS[index]
		gap = False
	return text


def rmb_upper(amount: float) -> str:
	cents = round(abs(flt(amount)) * 100)
	yuan, fraction = divmod(cents, 100)
	jiao, fen = divmod(fraction, 10)
	text = "负" if flt(amount) < 0 and cents else ""
	if yuan:
		text += _integer(yuan) + "元"
	if not jiao and not fen:
		return text + ("" if yuan else "零元") + "整"
	if jiao:
		text += DIGITS[jiao] + "角"
	elif yuan:
		text += DIGITS[0]
	return text + (DIGITS[fen] + "分" if fen else "整")
