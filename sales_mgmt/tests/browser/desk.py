"""Drive the desk in headless Chromium: a base test case, logins and a watch on browser errors.

`BrowserTestCase` starts the site's servers (see servers.py) and one Chromium for the whole class; each
`with self.desk(user) as page:` opens a fresh browser context, logs in through the real /login page and
fails the test on any JavaScript console error, uncaught page error, failed request or HTTP error
answer of the site, unless the test declared it with `page.problems.expect(status, url_part)`.

Environment:
	SM_CHROMIUM          Chromium/Chrome binary (default: /usr/bin/chromium, else the first
	                     chromium / chromium-browser / google-chrome on PATH, else Playwright's own)
	SM_HEADED=1          show the browser window (needs a display)
	SM_SCREENSHOTS=1     save screenshots of key pages (see `screenshot`)
	SM_SCREENSHOT_DIR    where to save them (default <site>/screenshots; relative to the app root)
"""

import os
import re
import shutil
from contextlib import contextmanager
from urllib.parse import quote, urlparse

import frappe
from frappe.utils.password import check_password

from sales_mgmt.tests.browser.servers import SiteServers
from sales_mgmt.tests.sales_team import PASSWORD, SalesTeamTestCase

VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 20_000
CJK = re.compile(r"[\u4e00-\u9fff]")  # some Chinese text

CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	# without these Chromium phones home at start and, offline, logs refused connections
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--disable-dev-shm-usage",
]


class BrowserSetupError(RuntimeError):
	pass


def find_chromium() -> str | None:
	"""The Chromium binary to use; None: Playwright's own download (`playwright install chromium`)."""
	if explicit := os.environ.get("SM_CHROMIUM"):
		if not os.path.exists(explicit):
			raise BrowserSetupError(f"SM_CHROMIUM={explicit} does not exist")
		return explicit
	if os.path.exists("/usr/bin/chromium"):
		return "/usr/bin/chromium"
	for name in ("chromium", "chromium-browser", "google-chrome"):
		if path := shutil.which(name):
			return path
	return None


def start_browser():
	"""(playwright, browser), or a BrowserSetupError that says what is missing and how to install it."""
	try:
		from playwright.sync_api import Error, sync_playwright
	except ImportError:
		raise BrowserSetupError(
			"browser tests need the Python package playwright in the bench environment: "
			"env/bin/pip install playwright (and a Chromium: apt install chromium, or "
			"env/bin/python -m playwright install chromium)"
		)
	executable = find_chromium()
	playwright = sync_playwright().start()
	try:
		browser = playwright.chromium.launch(
			executable_path=executable,
			headless=not os.environ.get("SM_HEADED"),
			args=CHROMIUM_ARGS,
		)
	except Error as e:
		playwright.stop()
		raise BrowserSetupError(
			f"cannot start Chromium ({executable or 'Playwright download'}): {e.message.splitlines()[0]}\n"
			"Install one (apt install chromium, or env/bin/python -m playwright install chromium) "
			"or point SM_CHROMIUM to a Chromium/Chrome binary."
		)
	return playwright, browser


class PageProblems:
	"""Everything that went wrong in a page, as readable lines."""

	def __init__(self, page, origins: list[str]):
		self.origins = origins
		self.found: list[str] = []
		self.expected: list[tuple[int, str, str | None]] = []
		page.on("console", self._on_console)
		page.on("pageerror", self._on_page_error)
		page.on("requestfailed", self._on_request_failed)
		page.on("response", self._on_response)

	@contextmanager
	def expect(self, status: int, url_part: str, console: str | None = None):
		"""Inside the block, allow HTTP `status` answers to URLs containing `url_part`, Chromium's
		"Failed to load resource" message about them, and console errors matching the regular
		expression `console` (the desk logs the server's exception of a refused request)."""
		expectation = (status, url_part, console)
		self.expected.append(expectation)
		try:
			yield
		finally:
			self.expected.remove(expectation)

	def _ours(self, url: str) -> bool:
		return any(url.startswith(origin) for origin in self.origins)

	def _on_console(self, message):
		if message.type != "error":
			return
		url = (message.location or {}).get("url", "")
		for _status, url_part, console in self.expected:
			if message.text.startswith("Failed to load resource") and url_part in url:
				return
			if console and re.search(console, message.text):
				return
		self.found.append(f"console error: {message.text} (at {url}:{message.location.get('lineNumber')})")

	def _on_page_error(self, error):
		stack = "\n".join((error.stack or "").splitlines()[1:6])
		self.found.append(f"page error: {error.message}\n{stack}")

	def _on_request_failed(self, request):
		failure = request.failure or ""
		# a navigation cancels the previous page's pending requests; that is not a failure of the site
		if "ERR_ABORTED" in failure:
			return
		self.found.append(f"request failed: {request.method} {request.url}: {failure}")

	def _on_response(self, response):
		if response.status < 400 or not self._ours(response.url):
			return
		if any(response.status == status and part in response.url for status, part, _ in self.expected):
			return
		self.found.append(f"HTTP {response.status}: {response.request.method} {response.url}")


class BrowserTestCase(SalesTeamTestCase):
	"""Servers and one Chromium for the whole class; a fresh browser context per `desk()` block; the
	members of the test sales team (`team`) log in with `login_as`."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.playwright, cls.browser = start_browser()
		cls.addClassCleanup(cls.playwright.stop)
		cls.addClassCleanup(cls.browser.close)
		cls.servers = SiteServers()
		cls.servers.start()
		cls.addClassCleanup(cls.servers.stop)
		cls.url = cls.servers.url

	def login_as(self, key: str, path: str = "/app"):
		"""`desk()` as the team member `key`, or as Administrator."""
		if key == "Administrator":
			return self.desk("Administrator", admin_password(), path)
		return self.desk(self.team.users[key], PASSWORD, path)

	def fresh(self):
		frappe.db.rollback()  # a new snapshot: the web server committed after our transaction began

	@contextmanager
	def desk(self, user: str, password: str, path: str = "/app"):
		"""A logged-in page at `path`; on leaving the block, fail on any browser problem."""
		forget_list_settings(user)
		context = self.browser.new_context(viewport=VIEWPORT, locale="en-US", timezone_id="Asia/Shanghai")
		context.set_default_timeout(TIMEOUT_MS)
		page = context.new_page()
		page.problems = PageProblems(page, [self.url, self.servers.socketio_url])
		try:
			login(page, self.url, user, password, path)
			yield page
		except BaseException as e:
			if page.problems.found and hasattr(e, "add_note"):
				e.add_note("browser problems before the failure:\n" + "\n".join(page.problems.found))
			raise
		finally:
			context.close()
		if page.problems.found:
			self.fail(f"browser problems as {user}:\n" + "\n".join(page.problems.found))

	def assertRealtimeConnected(self, page):
		"""The desk talks to this test's socket.io server, not to a bench's own on the configured port."""
		self.assertEqual(page.evaluate("frappe.boot.socketio_port"), self.servers.socketio_port)
		page.wait_for_function("() => frappe.realtime.socket && frappe.realtime.socket.connected")


def admin_password() -> str:
	"""Administrator's password on this site: SM_ADMIN_PASSWORD, the site's admin_password, or "admin"."""
	candidates = [os.environ.get("SM_ADMIN_PASSWORD"), frappe.conf.admin_password, "admin"]
	for candidate in filter(None, candidates):
		try:
			check_password("Administrator", candidate, delete_tracker_cache=False)
			return candidate
		except frappe.AuthenticationError:
			continue
	raise BrowserSetupError(
		"browser tests log in as Administrator and do not know the password: set SM_ADMIN_PASSWORD "
		"(tried the site's admin_password and 'admin')"
	)


def forget_list_settings(user: str) -> None:
	"""Drop the filters, sort and columns the desk remembered for `user` in our lists, so that a list
	opens the same way in every run."""
	for key in frappe.cache.hkeys("_user_settings"):
		key = frappe.safe_decode(key)
		if key.startswith("SM ") and key.endswith(f"::{user}"):
			frappe.cache.hdel("_user_settings", key)
	frappe.db.delete("__UserSettings", {"user": user, "doctype": ("like", "SM %")})
	frappe.db.commit()


def login(page, url: str, user: str, password: str, path: str = "/app") -> None:
	"""Log in through /login like a person does, land on `path` and wait for the desk to boot."""
	page.goto(f"{url}/login?redirect-to={quote(path)}")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".page-card .btn-login[type=submit]")
	page.wait_for_url(lambda u: urlparse(u).path.startswith("/app"))
	wait_for_desk(page)


# The desk's state once it has booted, shows a route and has no request in flight, else null. A
# workspace counts once its blocks are on the page: it renders asynchronously after its requests and
# breaks if the route changes under it.
_DESK_STATE = """() => {
	if (!(window.frappe && frappe.boot && frappe.boot.user && window.cur_page && frappe.request)) return null;
	if (frappe.request.ajax_count || document.querySelector('#freeze.in')) return null;
	const route = frappe.get_route().filter(Boolean);
	if (!route.length) return null;
	if (route[0] !== 'Workspaces') return route.join('/');
	const workspace = frappe.workspace;
	const blocks = document.querySelectorAll('#editorjs .ce-block').length;
	const loaded = workspace && workspace.all_pages && workspace._page && workspace._page.title === route.at(-1)
		&& !document.querySelector('.workspace-skeleton, .workspace-sidebar-skeleton');
	return loaded && blocks ? `${route.join('/')}:${blocks}` : null;
}"""


def wait_for_desk(page, condition: str = "() => true", arg=None) -> None:
	"""Until the desk is ready (see _DESK_STATE) and `condition(arg)` holds, with neither changing for
	400 ms: some views fetch and render in several steps, with quiet moments between them."""
	page.evaluate("() => { window._sm_state = undefined; }")
	page.wait_for_function(
		"""([desk_state, condition, arg]) => {
			const desk = eval(desk_state)();
			const state = desk && eval(condition)(arg) ? desk : null;
			if (state !== window._sm_state) {
				window._sm_state = state;
				window._sm_state_since = Date.now();
			}
			return state !== null && Date.now() - window._sm_state_since > 400;
		}""",
		arg=[_DESK_STATE, condition, arg],
		polling=100,
	)


def set_route(page, *route, **options) -> None:
	"""Route inside the desk without reloading it, like clicking a link."""
	page.evaluate(
		"([route, options]) => { frappe.route_options = options; return frappe.set_route(...route); }",
		[list(route), options or None],
	)
	wait_for_desk(page)


def open_list(page, doctype: str, **filters) -> list[str]:
	"""Route to `doctype`'s list with `filters` (field=value, or field='["like", "A%"]'), wait until its
	rows are rendered and return the names of the rows shown, top to bottom. Call it from another route:
	it waits for the list's request."""
	with page.expect_response(lambda response: "frappe.desk.reportview.get" in response.url):
		set_route(page, "List", doctype, **filters)
	wait_for_desk(
		page,
		"""(doctype) => window.cur_list && cur_list.doctype === doctype
			&& cur_list.$result.find('.list-row-container').length === cur_list.data.length""",
		doctype,
	)
	return list_names(page)


def list_names(page) -> list[str]:
	return page.evaluate(
		"() => cur_list.$result.find('.list-row-checkbox').toArray().map((el) => el.dataset.name)"
	)


def open_form(page, doctype: str, name: str) -> None:
	"""Route to a saved document's form and wait until it is rendered."""
	set_route(page, "Form", doctype, name)
	wait_for_form(page, doctype, name)


def wait_for_form(page, doctype: str, name: str | None = None) -> None:
	"""Until the current form shows `doctype` (`name`, or any new document) and is idle."""
	wait_for_desk(
		page,
		"""([doctype, name]) => window.cur_frm && cur_frm.doctype === doctype && cur_frm.doc
			&& (name ? cur_frm.doc.name === name : cur_frm.is_new()) && $(cur_frm.wrapper).is(':visible')""",
		[doctype, name],
	)


def translate(page, text: str) -> str:
	"""`text` as the desk translates it for the logged-in user."""
	return page.evaluate("(text) => __(text)", text)


@contextmanager
def user_language(user: str, language: str | None):
	"""Give `user` a desk language for the block (committed: the server must see it), then restore it."""
	previous = frappe.db.get_value("User", user, "language")
	_set_language(user, language)
	try:
		yield
	finally:
		_set_language(user, previous)


def _set_language(user: str, language: str | None) -> None:
	frappe.db.set_value("User", user, "language", language)
	frappe.db.commit()
	frappe.clear_cache(user=user)


def screenshot_dir() -> str | None:
	if not os.environ.get("SM_SCREENSHOTS"):
		return None
	path = os.environ.get("SM_SCREENSHOT_DIR")
	if not path:
		path = os.path.abspath(frappe.get_site_path("screenshots"))
	elif not os.path.isabs(path):
		# bench runs tests from sites/; a path like docs/screenshots means the app's repository
		path = os.path.join(os.path.dirname(frappe.get_app_path("sales_mgmt")), path)
	os.makedirs(path, exist_ok=True)
	return path


def screenshot(page, name: str) -> str | None:
	"""With SM_SCREENSHOTS=1: save the viewport as `<name>.png`, reduced to 256 colours (desk pages are
	flat colours, so this keeps them sharp at a quarter of the size)."""
	directory = screenshot_dir()
	if not directory:
		return None
	from io import BytesIO

	from PIL import Image

	# no caret, hover or half-finished transition in the picture
	page.evaluate("() => document.activeElement && document.activeElement.blur()")
	page.mouse.move(VIEWPORT["width"] - 1, VIEWPORT["height"] - 1)
	page.wait_for_timeout(300)
	image = Image.open(BytesIO(page.screenshot(animations="disabled", caret="hide")))
	path = os.path.join(directory, f"{name}.png")
	image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
	return path
