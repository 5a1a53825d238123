from frappe import _


def get_data():
	return {
		"fieldname": "customer",
		"transactions": [
			{"label": _("Deals"), "items": ["SM Opportunity", "SM Hot Flag", "SM Lead"]},
		],
	}
