"""The satisfaction survey: a signed, single-use, expiring token bound to one complaint; ratings 1–5;
feedback stored escaped; the guest endpoint rate-limited; guests reach nothing else."""

import email
import threading

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client

from sales_mgmt.api import service as api
from sales_mgmt.exceptions import InvalidSurveyError
from sales_mgmt.service import survey
from sales_mgmt.service.doctype.sm_complaint.test_sm_complaint import ComplaintCase


class SurveyCase(ComplaintCase):
	def resolved(self, subject="设备漏油", customer_key="east1"):
		"""A complaint opened 2026-03-02 09:00 and resolved at 12:00, as the service agent."""
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(customer_key, subject=subject).insert()
		return self.act(doc.name, "Resolve", "2026-03-02 12:00:00", resolution="已更换")

	def stored(self, name):
		return frappe.db.get_value(
			"SM Complaint", name, ["satisfaction", "feedback", "survey_token_hash"], as_dict=True
		)


class TestSurvey(SurveyCase):
	def test_answer_once(self):
		doc = self.resolved()
		token = survey.current_token(doc)
		self.assertTrue(token)
		with self.freeze_time("2026-03-03 10:00:00"):
			self.assertEqual(survey.read_token(token).subject, "设备漏油")
			survey.submit(token, "4", "<script>alert(1)</script> 很好")
			stored = self.stored(doc.name)
			# 4 of 5 stars is stored as 0.8; the comment as escaped text
			self.assertEqual(stored.satisfaction, 0.8)
			self.assertEqual(stored.feedback, "&lt;script&gt;alert(1)&lt;/script&gt; 很好")
			self.assertIsNone(stored.survey_token_hash)
			self.assertEqual(
				frappe.get_all(
					"Comment",
					filters={
						"reference_doctype": "SM Complaint",
						"reference_name": doc.name,
						"comment_type": "Info",
					},
					pluck="content",
				),
				["The customer answered the survey: 4 of 5 stars."],
			)
			# used: refused, nothing changed
			self.assertRaises(InvalidSurveyError, survey.submit, token, "1", "again")
			self.assertEqual(self.stored(doc.name), stored)

	def test_tampered_guessed_or_for_another_complaint(self):
		first, second = self.resolved(), self.resolved("发票错误")
		token = survey.current_token(first)
		other = survey.current_token(second)
		name, expires, nonce, signature = token.split(".")
		other_name = other.split(".")[0]
		flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
		for bad in (
			f"{name}.{expires}.{nonce}.{flipped}",  # signature changed
			f"{other_name}.{expires}.{nonce}.{signature}",  # another complaint's name
			f"{name}.{int(expires) + 86400}.{nonce}.{signature}",  # expiry moved
			f"{name}.{expires}.{'0' * 32}.{signature}",  # another nonce
			survey.make_token(first.name, int(expires), "f" * 32)[:-1] + "x",  # guessed
			"not-a-token",
			"",
			"a.b.c.d",
			"!!!.1.2.3",
			"x" * 600,
		):
			with self.subTest(token=bad[:40]):
				with self.freeze_time("2026-03-03 10:00:00"):
					self.assertRaises(InvalidSurveyError, survey.submit, bad, "5")
		# a validly signed token that is not the complaint's current one (another nonce): refused
		forged = survey.make_token(first.name, int(expires), "a" * 32)
		with self.freeze_time("2026-03-03 10:00:00"):
			self.assertRaises(InvalidSurveyError, survey.submit, forged, "5")
			# the other complaint's token answers only the other complaint
			survey.submit(other, "2")
		self.assertFalse(self.stored(first.name).satisfaction)
		self.assertEqual(self.stored(second.name).satisfaction, 0.4)

	def test_expired(self):
		doc = self.resolved()
		token = survey.current_token(doc)
		# valid 30 days from 2026-03-02 12:00
		self.assertEqual(str(doc.survey_expires_on), "2026-04-01 12:00:00")
		with self.freeze_time("2026-04-01 12:00:01"):
			with self.assertRaises(InvalidSurveyError) as refused:
				survey.submit(token, "5")
		self.assertIn("expired", str(refused.exception))
		self.assertFalse(self.stored(doc.name).satisfaction)

	def test_bad_ratings_change_nothing(self):
		doc = self.resolved()
		token = survey.current_token(doc)
		before = self.stored(doc.name)
		with self.freeze_time("2026-03-03 10:00:00"):
			for rating in ("0", "6", "-1", "3.5", "abc", "", None, "５"):
				with self.subTest(rating=rating):
					self.assertRaises(InvalidSurveyError, survey.submit, token, rating)
			self.assertRaises(InvalidSurveyError, survey.submit, token, "3", "长" * 2001)
		self.assertEqual(self.stored(doc.name), before)

	def test_reopening_withdraws_the_link(self):
		doc = self.resolved()
		token = survey.current_token(doc)
		self.act(doc.name, "Reopen", "2026-03-02 13:00:00")
		with self.freeze_time("2026-03-02 14:00:00"):
			self.assertRaises(InvalidSurveyError, survey.submit, token, "5")
		# resolved again: a new link, the old one stays refused
		doc = self.act(doc.name, "Resolve", "2026-03-02 15:00:00")
		new = survey.current_token(doc)
		self.assertNotEqual(new, token)
		with self.freeze_time("2026-03-02 16:00:00"):
			self.assertRaises(InvalidSurveyError, survey.submit, token, "5")
			survey.submit(new, "5")
		self.assertEqual(self.stored(doc.name).satisfaction, 1)

	def test_copy_link(self):
		doc = self.resolved()
		frappe.set_user(self.team.users["east1"])
		with self.freeze_time("2026-03-03 10:00:00"):
			link = api.survey_link(doc.name)
		self.assertEqual(link, survey.link(survey.current_token(doc)))
		self.assertIn("/complaint-feedback?token=", link)
		frappe.set_user(self.team.users["west1"])
		self.assertRaises(frappe.PermissionError, api.survey_link, doc.name)
		frappe.set_user(self.team.users["finance"])
		self.assertRaises(frappe.PermissionError, api.survey_link, doc.name)
		# an expired link is renewed for the phone call; the old one stops working
		frappe.set_user(self.team.users["service"])
		with self.freeze_time("2026-05-01 10:00:00"):
			renewed = api.survey_link(doc.name)
			self.assertNotEqual(renewed, link)
			fresh = frappe.get_doc("SM Complaint", doc.name)
			self.assertEqual(str(fresh.survey_expires_on), "2026-05-31 10:00:00")
			survey.submit(renewed.split("token=")[1], "3")
			self.assertRaises(InvalidSurveyError, api.survey_link, doc.name)

	def test_no_survey_before_resolution(self):
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint().insert()
		self.assertIsNone(survey.current_token(doc))
		self.assertRaises(InvalidSurveyError, api.survey_link, doc.name)

	def test_email_needs_an_address_and_an_account(self):
		doc = self.resolved()
		# no outgoing email account on the test site, and no email address of the customer
		self.assertFalse(survey.send(doc))


class TestSurveyOverHTTP(SurveyCase):
	"""As a guest, over Frappe's WSGI application (committed data, removed at the end)."""

	def setUp(self):
		super().setUp()
		# resolved now: the link is valid for the requests
		doc = self.new_complaint(
			subject="<img src=x onerror=alert(1)>漏油", opened_on=frappe.utils.add_to_date(None, hours=-2)
		)
		doc.insert()
		doc = frappe.get_doc("SM Complaint", doc.name)
		doc.status, doc.resolution = "Resolved", "已更换"
		doc.save()
		self.doc = doc
		self.token = survey.current_token(self.doc)
		frappe.db.commit()
		frappe.cache.delete_keys("rl:")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.delete_doc("SM Complaint", self.doc.name, force=True, ignore_permissions=True)
		frappe.db.delete("Notification Log", {"document_name": self.doc.name})
		frappe.db.commit()
		frappe.cache.delete_keys("rl:")

	def guest(self, method, path, **kwargs):
		client = get_test_client()
		return make_request(target=getattr(client, method), args=(path,), kwargs=kwargs)

	def test_page_shows_the_subject_escaped(self):
		response = self.guest("get", "/complaint-feedback", query_string={"token": self.token})
		self.assertEqual(response.status_code, 200)
		html = response.get_data(as_text=True)
		# Frappe's sanitiser dropped the handler when the complaint was saved; the page escapes the rest
		self.assertIn("<strong>&lt;img src=&#34;x&#34;&gt;漏油</strong>", html)
		self.assertNotIn("<img src", html)
		# the signature's last digit changed (always to another one)
		tampered = self.token[:-1] + ("1" if self.token[-1] == "0" else "0")
		response = self.guest("get", "/complaint-feedback", query_string={"token": tampered})
		self.assertIn("sm-survey-error", response.get_data(as_text=True))
		self.assertNotIn("漏油", response.get_data(as_text=True))

	def test_submit_once_then_refused(self):
		path = "/api/method/sales_mgmt.api.service.submit_feedback"
		response = self.guest(
			"post", path, data={"token": self.token, "rating": "5", "comment": "<b>好</b><script>x</script>"}
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		response = self.guest("post", path, data={"token": self.token, "rating": "1"})
		self.assertEqual(response.status_code, 417)
		stored = self.stored(self.doc.name)
		# escaped once, as typed
		self.assertEqual(
			(stored.satisfaction, stored.feedback), (1, "&lt;b&gt;好&lt;/b&gt;&lt;script&gt;x&lt;/script&gt;")
		)
		# GET is not accepted
		response = self.guest("get", path, query_string={"token": self.token, "rating": "5"})
		self.assertNotEqual(response.status_code, 200)

	def test_rate_limited(self):
		path = "/api/method/sales_mgmt.api.service.submit_feedback"
		codes = [
			self.guest("post", path, data={"token": self.token, "rating": "9"}).status_code for _ in range(6)
		]
		# five tries of one token per 10 minutes, each refused for its rating; the sixth is not heard
		self.assertEqual(codes, [417] * 5 + [429])
		self.assertFalse(self.stored(self.doc.name).satisfaction)

	def test_guest_reaches_nothing_else(self):
		for path in (
			"/api/resource/SM Complaint",
			f"/api/resource/SM Complaint/{self.doc.name}",
			"/api/resource/SM FAQ",
			"/api/resource/SM Complaint Category",
		):
			with self.subTest(path=path):
				self.assertEqual(self.guest("get", path).status_code, 403)
		for method, data in (
			("faq_suggestions", {"subject": "漏油"}),
			("survey_link", {"complaint": self.doc.name}),
			("use_faq", {"complaint": self.doc.name, "faq_entry": "x"}),
			("my_open_complaints", {}),
		):
			with self.subTest(method=method):
				response = self.guest("post", f"/api/method/sales_mgmt.api.service.{method}", data=data)
				self.assertEqual(response.status_code, 403)
		self.assertTrue(self.stored(self.doc.name).survey_token_hash)


class TestSurveyConcurrency(SurveyCase):
	"""Four sessions answer the same link at the same moment: exactly one answer is written."""

	def tearDown(self):
		# the test commits (other connections read the complaint): nothing to roll back to
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def test_parallel_answers(self):
		doc = self.new_complaint(
			subject="并发调查", opened_on=frappe.utils.add_to_date(None, hours=-2)
		).insert()
		doc = frappe.get_doc("SM Complaint", doc.name)
		doc.status, doc.resolution = "Resolved", "已处理"
		doc.save()
		token = survey.current_token(doc)
		frappe.db.commit()
		site = frappe.local.site
		barrier = threading.Barrier(4)
		outcomes = []

		def answer(stars):
			frappe.init(site=site)
			frappe.connect()
			try:
				frappe.set_user("Guest")
				barrier.wait()
				survey.submit(token, str(stars), f"第 {stars} 个")
				frappe.db.commit()
				outcomes.append(stars)
			except (InvalidSurveyError, frappe.QueryDeadlockError):
				frappe.db.rollback()
				outcomes.append("refused")
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=answer, args=(stars,)) for stars in (1, 2, 3, 4)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		frappe.db.rollback()  # a fresh snapshot sees the threads' commits
		try:
			written = [o for o in outcomes if o != "refused"]
			self.assertEqual((len(written), outcomes.count("refused")), (1, 3))
			stored = self.stored(doc.name)
			self.assertEqual((stored.satisfaction, stored.feedback), (written[0] / 5, f"第 {written[0]} 个"))
		finally:
			frappe.delete_doc("SM Complaint", doc.name, force=True, ignore_permissions=True)
			frappe.db.delete("Notification Log", {"document_name": doc.name})
			frappe.db.commit()


class TestSurveyEmail(SurveyCase):
	def test_sent_to_the_contact_when_email_is_set_up(self):
		# an outgoing account (rolled back with the test; nothing is sent: the queue is not flushed)
		account = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "SM Survey Test",
				"email_id": "service@example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		)
		account.flags.ignore_validate = True
		account.insert(ignore_permissions=True)
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "王",
				"email_ids": [{"email_id": "wang@example.com", "is_primary": 1}],
				"links": [{"link_doctype": "SM Customer", "link_name": self.team.customers["east1"]}],
			}
		).insert(ignore_permissions=True)
		with self.freeze_time("2026-03-02 09:00:00"):
			doc = self.new_complaint(contact=contact.name, subject="<b>漏油</b>").insert()
		doc = self.act(doc.name, "Resolve", "2026-03-02 12:00:00", resolution="已更换")
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "SM Complaint", "reference_name": doc.name},
			fields=["name", "message"],
		)
		self.assertEqual(len(queued), 1)
		recipients = frappe.get_all("Email Queue Recipient", {"parent": queued[0].name}, pluck="recipient")
		self.assertEqual(recipients, ["wang@example.com"])
		message = email.message_from_string(queued[0].message)
		body = "".join(
			part.get_payload(decode=True).decode()
			for part in message.walk()
			if part.get_content_type() == "text/html"
		)
		self.assertIn(survey.link(survey.current_token(doc)), body)
		self.assertIn("&lt;b&gt;漏油&lt;/b&gt;", body)
		self.assertNotIn("<b>漏油</b>", body)
