# Copyright (c) 2026, sales_mgmt contributors
# For license information, please see license.txt

import frappe
from frappe.tests.test_api import make_request
from frappe.utils import get_test_client

from sales_mgmt.deals.stages import clear_stage_cache
from sales_mgmt.exceptions import (
	AssignmentNotAllowedError,
	ClosedOpportunityError,
	InvalidAmountError,
	InvalidCloseDateError,
	InvalidProbabilityError,
	InvalidStageError,
	LostReasonRequiredError,
	MissingExchangeRateError,
	StageChangeNotAllowedError,
)
from sales_mgmt.tests.pipeline import BI, ET, LOST, PR, QU, WON, ensure_lost_reasons, pin_stages
from sales_mgmt.tests.sales_team import PASSWORD, SalesTeamTestCase


class TestSMOpportunity(SalesTeamTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		pin_stages()
		ensure_lost_reasons()

	def new_opportunity(self, customer_key="east1", **kwargs):
		return frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.team.customers[customer_key], **kwargs}
		)

	def count(self):
		return frappe.db.count("SM Opportunity")

	def test_defaults(self):
		frappe.set_user(self.team.users["east1"])
		doc = self.new_opportunity(amount=1000).insert()
		self.assertRegex(doc.name, r"^OPP-\d{5}$")
		self.assertEqual(doc.title, "Matrix Customer east1")
		self.assertEqual(doc.salesperson, self.team.salespeople["east1"])  # from the customer
		self.assertEqual(doc.stage, ET)  # the first open stage
		self.assertEqual(doc.status, "Open")
		self.assertEqual(doc.probability, 10)
		self.assertEqual(doc.currency, "CNY")
		self.assertEqual((doc.base_amount, doc.weighted_amount), (1000, 100))
		self.assertEqual([(r.from_stage, r.to_stage) for r in doc.stage_log], [(None, ET)])
		self.assertEqual(doc.stage_log[0].changed_by, self.team.users["east1"])
		self.assertEqual(doc.days_in_stage, 0)

	def test_salesperson_defaults_from_customer_not_user(self):
		# the manager opens a deal for a rep's customer: the rep owns it
		frappe.set_user(self.team.users["east"])
		doc = self.new_opportunity("east2").insert()
		self.assertEqual(doc.salesperson, self.team.salespeople["east2"])

	def test_stage_changes_are_logged_with_days(self):
		with self.freeze_time("2026-05-01 09:00:00"):
			doc = self.new_opportunity(amount=5000).insert()
		with self.freeze_time("2026-05-11 16:00:00"):
			doc.reload()
			doc.stage = QU
			doc.save()
		with self.freeze_time("2026-05-20 08:00:00"):
			doc.reload()
			doc.stage = PR  # backwards is allowed and logged
			doc.save()
			doc.reload()
			self.assertEqual(doc.days_in_stage, 0)
		with self.freeze_time("2026-05-23 08:00:00"):
			doc.reload()
			self.assertEqual(doc.days_in_stage, 3)
			doc.next_step = "call the buyer"  # no stage change: no log row
			doc.save()
		doc.reload()
		log = [
			(r.from_stage, r.to_stage, r.days_in_from_stage, str(r.changed_on)[:10]) for r in doc.stage_log
		]
		self.assertEqual(
			log,
			[(None, ET, 0, "2026-05-01"), (ET, QU, 10, "2026-05-11"), (QU, PR, 9, "2026-05-20")],
		)
		self.assertEqual(str(doc.stage_log[2].from_stage_entered_on), "2026-05-11 16:00:00")
		self.assertEqual(str(doc.stage_changed_on), "2026-05-20 08:00:00")

	def test_stage_change_through_set_value_is_logged(self):
		doc = self.new_opportunity(amount=100).insert()
		frappe.client.set_value("SM Opportunity", doc.name, "stage", PR)
		doc.reload()
		self.assertEqual([r.to_stage for r in doc.stage_log], [ET, PR])
		self.assertEqual(doc.probability, 30)

	def test_history_cannot_be_rewritten(self):
		doc = self.new_opportunity().insert()
		doc.stage = QU
		doc.save()
		doc.stage_log[0].to_stage = BI
		doc.stage_log[1].days_in_from_stage = 99
		doc.append("stage_log", {"from_stage": BI, "to_stage": WON})
		doc.save()
		doc.reload()
		self.assertEqual(
			[(r.from_stage, r.to_stage, r.days_in_from_stage) for r in doc.stage_log],
			[(None, ET, 0), (ET, QU, 0)],
		)
		# nor planted in a new opportunity
		doc = self.new_opportunity(stage_log=[{"from_stage": ET, "to_stage": WON}]).insert()
		self.assertEqual([(r.from_stage, r.to_stage) for r in doc.stage_log], [(None, ET)])

	def test_probability_follows_stage_unless_overridden(self):
		doc = self.new_opportunity(stage=PR, amount=1000).insert()
		self.assertEqual(doc.probability, 30)
		doc.probability = 45  # override within the stage
		doc.save()
		self.assertEqual((doc.probability, doc.weighted_amount), (45, 450))
		doc.stage = QU  # stage change resets to the stage's
		doc.save()
		self.assertEqual(doc.probability, 50)
		doc.stage, doc.probability = BI, 65  # both in one save: the explicit value wins
		doc.save()
		self.assertEqual(doc.probability, 65)
		explicit = self.new_opportunity(stage=PR, probability=35).insert()
		self.assertEqual(explicit.probability, 35)
		doc.stage, doc.lost_reason = LOST, "No budget"
		doc.probability = 20  # closed stages always take the stage's probability
		doc.save()
		self.assertEqual(doc.probability, 0)

	def test_amount_is_the_sum_of_items(self):
		doc = self.new_opportunity(
			amount=1,
			items=[
				{"product_name": "服务器", "qty": 2, "rate": 15000},
				{"product_name": "安装服务", "qty": 1, "rate": 2500.5},
			],
		).insert()
		self.assertEqual([i.amount for i in doc.items], [30000, 2500.5])
		self.assertEqual(doc.amount, 32500.5)
		self.assertEqual(doc.weighted_amount, 3250.05)

	def rate(self, day, rate, from_currency="USD", to_currency="CNY"):
		for currency in (from_currency, to_currency):
			frappe.db.set_value("Currency", currency, "enabled", 1)
		return frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": day,
				"from_currency": from_currency,
				"to_currency": to_currency,
				"exchange_rate": rate,
			}
		).insert()

	def test_exchange_rate_is_the_latest_on_or_before_the_date(self):
		frappe.db.delete("Currency Exchange")
		self.rate("2026-03-01", 7.1)
		self.rate("2026-03-15", 7.2)
		self.rate("2026-03-20", 0.13, "CNY", "EUR")  # the inverse of a EUR rate: not used for EUR deals
		doc = self.new_opportunity(
			currency="USD", amount=1000, stage=QU, exchange_rate=1, opportunity_date="2026-03-10"
		).insert()
		# 03-10: the 03-01 rate, whatever the client sent; base 7100, weighted 50% = 3550
		self.assertEqual((str(doc.opportunity_date), doc.exchange_rate), ("2026-03-10", 7.1))
		self.assertEqual((doc.base_amount, doc.weighted_amount), (7100, 3550))

		# another save keeps the rate; a later date takes the 03-15 rate
		doc.exchange_rate = 9
		doc.next_step = "call"
		doc.save()
		self.assertEqual(doc.exchange_rate, 7.1)
		doc.opportunity_date = "2026-03-16"
		doc.save()
		self.assertEqual((doc.exchange_rate, doc.base_amount), (7.2, 7200))

		# a currency without a rate (EUR: only CNY -> EUR exists) is refused, nothing changes
		doc.currency = "EUR"
		self.assertRaises(MissingExchangeRateError, doc.save)
		doc.reload()
		self.assertEqual((doc.currency, doc.exchange_rate, doc.base_amount), ("USD", 7.2, 7200))
		# a day before the first rate is refused too: no silent 1
		self.assertRaises(
			MissingExchangeRateError,
			self.new_opportunity(currency="USD", amount=10, opportunity_date="2026-02-28").insert,
		)
		# changing the currency looks the rate up again
		self.rate("2026-03-01", 7.8, "EUR", "CNY")
		doc.currency = "EUR"
		doc.save()
		self.assertEqual((doc.exchange_rate, doc.base_amount), (7.8, 7800))
		# the base currency is always 1
		doc.currency = "CNY"
		doc.save()
		self.assertEqual((doc.exchange_rate, doc.base_amount), (1, 1000))

	def test_exchange_rate_endpoint_for_the_form(self):
		from sales_mgmt.api.deals import exchange_rate

		frappe.db.delete("Currency Exchange")
		self.rate("2026-03-01", 7.1)
		frappe.set_user(self.team.users["east1"])
		self.assertEqual(exchange_rate("USD", "2026-03-02"), {"base_currency": "CNY", "exchange_rate": 7.1})
		self.assertEqual(exchange_rate("USD", "2026-02-28"), {"base_currency": "CNY", "exchange_rate": None})

	def test_item_links_a_product(self):
		product = frappe.get_doc(
			{"doctype": "SM Product", "product_code": "OPP-ITEM-SRV", "product_name": "机架服务器"}
		).insert()
		doc = self.new_opportunity(items=[{"product": product.name, "qty": 2, "rate": 15000}]).insert()
		self.assertEqual(
			[(i.product, i.product_name, i.amount) for i in doc.items], [(product.name, "机架服务器", 30000)]
		)

	def test_title_is_not_taken_from_an_unreadable_customer(self):
		frappe.set_user(self.team.users["east1"])
		doc = self.new_opportunity("east2")
		with self.assertRaises(frappe.LinkValidationError) as refused:
			doc.insert()
		# neither the document nor the message carries the other team's customer name or salesperson
		self.assertEqual((doc.title, doc.salesperson), (None, self.team.salespeople["east1"]))
		for text in ("Matrix Customer east2", self.team.salespeople["east2"]):
			self.assertNotIn(text, str(refused.exception))
			self.assertNotIn(text, str(frappe.local.message_log))

	def test_closed_deal_keeps_its_money_until_reopened(self):
		frappe.db.delete("Currency Exchange")
		self.rate("2026-01-01", 7.0)
		with self.freeze_time("2026-06-01 10:00:00"):
			doc = self.new_opportunity(amount=100, items=[{"product_name": "工控机", "qty": 1, "rate": 100}])
			doc.insert()
		with self.freeze_time("2026-06-15 10:00:00"):
			doc.reload()
			doc.stage = WON
			doc.save()
		changes = {
			"amount": 200,
			"currency": "USD",
			"customer": self.team.customers["east2"],
			"closed_on": "2026-06-01",
			"opportunity_date": "2026-05-01",
		}
		for field, value in changes.items():
			with self.subTest(field=field):
				doc.reload()
				doc.set(field, value)
				self.assertRaises(ClosedOpportunityError, doc.save)
		doc.reload()
		doc.items[0].qty = 3
		self.assertRaises(ClosedOpportunityError, doc.save)
		doc.reload()
		doc.append("items", {"product_name": "显示器", "qty": 1, "rate": 10})
		self.assertRaises(ClosedOpportunityError, doc.save)
		doc.reload()
		self.assertEqual(
			(doc.amount, doc.currency, str(doc.closed_on), len(doc.items)), (100, "CNY", "2026-06-15", 1)
		)
		# a Sales Manager moving it from Won to Lost may not change them either
		doc.stage, doc.lost_reason, doc.amount = LOST, "No budget", 50
		self.assertRaises(ClosedOpportunityError, doc.save)

		# reopened by a Sales Manager (on the timeline), the amount may change
		frappe.set_user(self.team.users["east"])
		doc = frappe.get_doc("SM Opportunity", doc.name)
		doc.stage = QU
		doc.save()
		comments = frappe.get_all(
			"Comment",
			filters={
				"reference_doctype": "SM Opportunity",
				"reference_name": doc.name,
				"comment_type": "Info",
			},
			pluck="content",
		)
		self.assertEqual(
			comments,
			[
				"<strong>East Manager</strong> reopened this opportunity, which was closed as <strong>Won</strong>."
			],
		)
		doc.items[0].qty = 3
		doc.save()
		self.assertEqual((doc.status, doc.amount, doc.closed_on), ("Open", 300, None))

	def test_stage_retuned_after_the_desk_loaded_is_applied(self):
		doc = self.new_opportunity(stage=PR, amount=1000).insert()
		frappe.db.set_value("SM Sales Stage", QU, "probability", 55)
		clear_stage_cache()
		try:
			doc.stage = QU
			doc.save()
			self.assertEqual((doc.probability, doc.weighted_amount), (55, 550))
		finally:
			frappe.db.set_value("SM Sales Stage", QU, "probability", 50)
			clear_stage_cache()

	def test_bad_input_is_refused_and_nothing_saved(self):
		before = self.count()
		cases = [
			(InvalidProbabilityError, {"probability": 101}),
			(InvalidProbabilityError, {"probability": -1}),
			(InvalidAmountError, {"amount": -5}),
			(InvalidAmountError, {"items": [{"product_name": "x", "qty": -1, "rate": 10}]}),
			(
				InvalidCloseDateError,
				{"expected_close_date": frappe.utils.add_days(frappe.utils.nowdate(), -1)},
			),
			(LostReasonRequiredError, {"stage": LOST}),
			(frappe.LinkValidationError, {"stage": "Signed Somewhere Else"}),
			(frappe.MandatoryError, {"customer": None}),
		]
		for exc, values in cases:
			with self.subTest(values=values):
				doc = self.new_opportunity()
				doc.update(values)
				self.assertRaises(exc, doc.insert)
		self.assertEqual(self.count(), before)

	def test_disabled_stage_is_refused(self):
		stage = frappe.get_doc(
			{
				"doctype": "SM Sales Stage",
				"stage_name": "Retired Stage",
				"probability": 5,
				"sequence": 5,
				"enabled": 0,
			}
		).insert()
		self.assertRaises(InvalidStageError, self.new_opportunity(stage=stage.name).insert)

	def test_past_close_date_allowed_on_existing_deal(self):
		with self.freeze_time("2026-01-10 10:00:00"):
			doc = self.new_opportunity(expected_close_date="2026-01-31").insert()
		with self.freeze_time("2026-03-01 10:00:00"):
			doc.reload()
			doc.next_step = "chase"
			doc.save()  # now overdue, still saveable

	def test_won_and_lost_close_and_reopening_needs_a_manager(self):
		with self.freeze_time("2026-06-01 10:00:00"):
			doc = self.new_opportunity(amount=100).insert()
		with self.freeze_time("2026-06-15 10:00:00"):
			doc.reload()
			doc.stage = WON
			doc.save()
		self.assertEqual((doc.status, str(doc.closed_on), doc.probability), ("Won", "2026-06-15", 100))

		frappe.set_user(self.team.users["east1"])
		doc = frappe.get_doc("SM Opportunity", doc.name)
		doc.stage = QU
		self.assertRaises(StageChangeNotAllowedError, doc.save)
		doc.reload()
		doc.stage, doc.lost_reason = LOST, "No budget"
		self.assertRaises(StageChangeNotAllowedError, doc.save)
		doc.reload()
		doc.next_step = "send the invoice"  # other edits of a closed deal are fine
		doc.save()

		frappe.set_user(self.team.users["east"])
		doc = frappe.get_doc("SM Opportunity", doc.name)
		doc.stage = QU
		doc.save()
		self.assertEqual((doc.status, doc.closed_on, doc.probability), ("Open", None, 50))
		self.assertEqual([r.to_stage for r in doc.stage_log], [ET, WON, QU])

	def test_lost_reason_cleared_when_reopened(self):
		doc = self.new_opportunity(stage=LOST, lost_reason="No budget").insert()
		self.assertEqual((doc.status, doc.lost_reason), ("Lost", "No budget"))
		doc.stage = PR
		doc.save()
		self.assertIsNone(doc.lost_reason)

	def test_sales_user_cannot_create_for_someone_else(self):
		frappe.set_user(self.team.users["east1"])
		# another rep's customer is refused as if it did not exist, naming nothing of it
		doc = self.new_opportunity("east2")
		with self.assertRaises(frappe.LinkValidationError) as refused:
			doc.insert()
		message = str(refused.exception)
		self.assertIn(doc.customer, message)
		self.assertNotIn(self.team.salespeople["east2"], message)
		self.assertNotIn("Matrix Customer east2", message)
		doc = self.new_opportunity("east1", salesperson=self.team.salespeople["west1"])
		self.assertRaises(AssignmentNotAllowedError, doc.insert)

	def test_stage_type_cannot_change_while_in_use(self):
		self.new_opportunity(stage=BI).insert()
		stage = frappe.get_doc("SM Sales Stage", BI)
		stage.stage_type = "Won"
		self.assertRaises(InvalidStageError, stage.save)


class TestOpportunityRestAPI(SalesTeamTestCase):
	"""A stage change through /api/resource, as an app or an import script would send it."""

	def test_stage_change_through_rest_api_is_logged(self):
		doc = frappe.get_doc(
			{"doctype": "SM Opportunity", "customer": self.team.customers["east1"], "stage": ET}
		).insert()
		frappe.db.commit()  # the request runs on its own connection
		try:
			client = get_test_client()
			make_request(
				target=client.post,
				args=("/api/method/login",),
				kwargs={"data": {"usr": self.team.users["east1"], "pwd": PASSWORD}},
			)
			response = make_request(
				target=client.put,
				args=(f"/api/resource/SM Opportunity/{doc.name}",),
				kwargs={"json": {"stage": QU}},
			)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
			doc.reload()
			self.assertEqual([r.to_stage for r in doc.stage_log], [ET, QU])
			self.assertEqual(doc.stage_log[1].changed_by, self.team.users["east1"])
			self.assertEqual(doc.probability, 50)

			# a stage outside the list is refused with a clear error, nothing changes
			response = make_request(
				target=client.put,
				args=(f"/api/resource/SM Opportunity/{doc.name}",),
				kwargs={"json": {"stage": "Handshake"}},
			)
			self.assertEqual(response.status_code, 417)
			doc.reload()
			self.assertEqual(doc.stage, QU)
		finally:
			frappe.delete_doc("SM Opportunity", doc.name, force=True, ignore_permissions=True)
			frappe.db.commit()


class TestOpportunityDataImport(SalesTeamTestCase):
	"""Frappe's Data Import saves through the controller: stage logs and checks apply row by row."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		pin_stages()

	def import_csv(self, rows, import_type):
		import csv
		import tempfile

		from frappe.core.doctype.data_import.importer import Importer

		with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
			csv.writer(f).writerows(rows)
		Importer("SM Opportunity", file_path=f.name, import_type=import_type, console=True).import_data()

	def test_insert_and_update_log_stages(self):
		suffix = frappe.generate_hash(length=6)
		customer = self.team.customers["east1"]
		# a stage outside the list: the importer names the missing value and imports nothing
		self.import_csv(
			[["Title", "Customer", "Stage"], [f"Imported X {suffix}", customer, "Handshake"]],
			"Insert New Records",
		)
		self.assertFalse(frappe.db.exists("SM Opportunity", {"title": f"Imported X {suffix}"}))
		self.import_csv(
			[
				["Title", "Customer", "Stage", "Amount"],
				[f"Imported A {suffix}", customer, PR, "10000"],
				[f"Imported C {suffix}", customer, QU, "-1"],  # negative: this row is refused
			],
			"Insert New Records",
		)
		imported = frappe.get_all("SM Opportunity", filters={"title": ("like", f"%{suffix}")}, pluck="name")
		self.assertEqual(len(imported), 1)
		doc = frappe.get_doc("SM Opportunity", imported[0])
		self.assertEqual((doc.stage, doc.probability, [r.to_stage for r in doc.stage_log]), (PR, 30, [PR]))

		self.import_csv([["ID", "Stage"], [doc.name, BI]], "Update Existing Records")
		doc.reload()
		self.assertEqual([(r.from_stage, r.to_stage) for r in doc.stage_log], [(None, PR), (PR, BI)])
		self.assertEqual(doc.probability, 70)

	def test_historical_won_deals_keep_their_closing_day(self):
		suffix = frappe.generate_hash(length=6)
		self.import_csv(
			[
				[
					"Title",
					"Customer",
					"Stage",
					"Amount",
					"Opportunity Date",
					"Expected Close Date",
					"Closed On",
				],
				[
					f"History {suffix}",
					self.team.customers["east1"],
					WON,
					"5000",
					"2025-03-01",
					"2025-04-30",
					"2025-04-10",
				],
			],
			"Insert New Records",
		)
		doc = frappe.get_doc("SM Opportunity", {"title": f"History {suffix}"})
		self.assertEqual(
			(doc.status, str(doc.closed_on), str(doc.opportunity_date), doc.probability),
			("Won", "2025-04-10", "2025-03-01", 100),
		)
		# a closing day in the future is refused: that deal has not closed yet
		self.import_csv(
			[
				["Title", "Customer", "Stage", "Closed On"],
				[f"Future {suffix}", self.team.customers["east1"], WON, "2099-01-01"],
			],
			"Insert New Records",
		)
		self.assertFalse(frappe.db.exists("SM Opportunity", {"title": f"Future {suffix}"}))
