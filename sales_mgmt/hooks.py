app_name = "sales_mgmt"
app_title = "Sales Management"
app_publisher = "sales_mgmt contributors"
app_description = "Sales management for small and mid-sized companies: people, deals, goods and money"
app_email = "dev@sales-mgmt.org"
app_license = "mit"

required_apps = []

export_python_type_annotations = True

# Desk
# ----

# desk-wide helpers (the Sales Workbench and Service Console blocks); plain files, served without a
# build step
app_include_js = [
	"/assets/sales_mgmt/js/frappe_patches.js",
	"/assets/sales_mgmt/js/sales_mgmt.js",
	"/assets/sales_mgmt/js/service.js",
]

boot_session = "sales_mgmt.boot.boot_session"

# print formats: amounts in Chinese capital numerals (the sales contract)
jinja = {"methods": ["sales_mgmt.money.amount_words.rmb_upper"]}

# stage history of a customer's opportunities on the customer's timeline (and of an opportunity on
# its own); the activities and tasks of both; a customer's complaints
additional_timeline_content = {
	"SM Customer": [
		"sales_mgmt.deals.customer_timeline.stage_history",
		"sales_mgmt.people.timeline.activities_and_tasks",
		"sales_mgmt.service.complaints.customer_timeline",
	],
	"SM Opportunity": [
		"sales_mgmt.deals.customer_timeline.stage_history",
		"sales_mgmt.people.timeline.activities_and_tasks",
	],
}

# Scheduled jobs: each entry only enqueues idempotent, deduplicated RQ jobs
# --------------------------------------------------------------------------

scheduler_events = {
	"hourly": ["sales_mgmt.service.complaints.enqueue_sla_refresh"],
	"daily": [
		"sales_mgmt.deals.stall.enqueue_stall_alerts",
		"sales_mgmt.deals.hot_flags.enqueue_expiry",
		"sales_mgmt.money.receivables.enqueue_overdue_refresh",
	],
	"cron": {
		# reminders before planned activities (sales_mgmt.people.reminders)
		"*/5 * * * *": ["sales_mgmt.people.reminders.enqueue_due_reminders"],
		# the People reports: the first run after SM Settings' daily report time enqueues the day's jobs
		"*/15 * * * *": ["sales_mgmt.people.daily_report.schedule_reports"],
	},
}

# Installation
# ------------

after_install = "sales_mgmt.install.after_install"
after_migrate = "sales_mgmt.install.after_migrate"
before_uninstall = "sales_mgmt.install.before_uninstall"

# Permissions: records carrying a `salesperson` are visible along the salesperson hierarchy.
# The DocTypes and their rules are listed once, in sales_mgmt/permissions.py.
# --------------------------------------------------------------------------------------------

from sales_mgmt.permissions import ACCESS_LIST_DOCTYPES as _ACCESS_LIST_DOCTYPES
from sales_mgmt.permissions import CUSTOMER_LINKED_DOCTYPES as _CUSTOMER_LINKED_DOCTYPES
from sales_mgmt.permissions import HIERARCHY_DOCTYPES as _HIERARCHY_DOCTYPES

permission_query_conditions = {
	**{doctype: "sales_mgmt.permissions.get_permission_query_conditions" for doctype in _HIERARCHY_DOCTYPES},
	**{
		doctype: "sales_mgmt.permissions.get_customer_linked_query_conditions"
		for doctype in _CUSTOMER_LINKED_DOCTYPES
	},
	# cash accounts and what posts to them: the users on the account's access list
	**{
		doctype: "sales_mgmt.permissions.get_access_list_query_conditions"
		for doctype in _ACCESS_LIST_DOCTYPES
	},
	# raw version history of fields a user may not read (sales_mgmt.field_security)
	"Version": "sales_mgmt.permissions.version_query_conditions",
}

has_permission = {
	**{doctype: "sales_mgmt.permissions.has_permission" for doctype in _HIERARCHY_DOCTYPES},
	**{
		doctype: "sales_mgmt.permissions.has_customer_linked_permission"
		for doctype in _CUSTOMER_LINKED_DOCTYPES
	},
	**{doctype: "sales_mgmt.permissions.has_access_list_permission" for doctype in _ACCESS_LIST_DOCTYPES},
	"Version": "sales_mgmt.permissions.has_version_permission",
	# a card computed from a field is for those who may read it (the stock value card: costs)
	"Number Card": "sales_mgmt.permissions.has_number_card_permission",
}

# Document Events
# ---------------

doc_events = {
	# a record may only link to records its author may read (checked for sales_mgmt's DocTypes)
	# and prints only the fields its reader may read (sales_mgmt.field_security)
	"*": {
		"before_validate": "sales_mgmt.permissions.validate_readable_links",
		"before_print": "sales_mgmt.field_security.mask_for_print",
	},
	# ERPNext's or the one sales_mgmt creates (sales_mgmt.deals.exchange_rates)
	"Currency Exchange": {"validate": "sales_mgmt.deals.exchange_rates.validate_currency_exchange"},
	# SM Salesperson.user follows a renamed or deleted user without running our controller
	"User": {
		"after_rename": "sales_mgmt.people.hierarchy.clear_scope_cache",
		"on_trash": "sales_mgmt.people.hierarchy.clear_scope_cache",
	},
	# list conditions include explicitly shared records, cached per user
	"DocShare": {
		"after_insert": "sales_mgmt.permissions.clear_share_cache",
		"on_update": "sales_mgmt.permissions.clear_share_cache",
		"on_trash": "sales_mgmt.permissions.clear_share_cache",
	},
}

clear_cache = [
	"sales_mgmt.people.hierarchy.clear_scope_cache",
	"sales_mgmt.permissions.clear_share_cache",
	"sales_mgmt.permissions.clear_access_cache",
]

# Where sales_mgmt changes Frappe's own behaviour: sales_mgmt/frappe_patches.py (why, and the guards)
# -------------------------------------------------------------------------------------------------

from sales_mgmt.frappe_patches import whitelisted_overrides as _whitelisted_overrides

override_whitelisted_methods = _whitelisted_overrides()

# monkeypatches of Frappe internals, installed in every request and background job
before_request = ["sales_mgmt.frappe_patches.install"]
before_job = ["sales_mgmt.frappe_patches.install"]

# Testing
# -------

before_tests = "sales_mgmt.site_setup.before_tests"
