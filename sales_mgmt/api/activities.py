"""Endpoints of the activity form: completing an activity from the Mark Done dialog."""

import frappe

from sales_mgmt.people.activities import DONE


@frappe.whitelist(methods=["POST"])
def mark_done(
	activity: str,
	outcome: str,
	summary: str | None = None,
	next_step: str | None = None,
	next_activity_on: str | None = None,
) -> dict:
	"""Complete `activity` with its outcome; with `next_activity_on`, the next Planned activity is
	created (the controller). Returns the activity and the next one's name."""
	doc = frappe.get_doc("SM Activity", activity)
	doc.check_permission("write")
	doc.update(
		{
			"status": DONE,
			"outcome": outcome,
			"summary": summary or doc.summary,
			"next_step": next_step or doc.next_step,
			"next_activity_on": next_activity_on or doc.next_activity_on,
		}
	)
	doc.save()
	return {"name": doc.name, "next_activity": doc.next_activity}
