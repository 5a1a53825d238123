"""Start a site's web server and realtime (socket.io) server on free loopback ports, and stop them.

The test process cannot serve HTTP itself (it holds the test's database connection and flags), so both
servers run as child processes of it:

- web: `python -m sales_mgmt.tests.browser.serve`, i.e. `bench serve` bound to 127.0.0.1;
- realtime: Frappe's own `socketio.js` under node, with its port and site given through the
  environment variables Frappe's `node_utils.js` reads (`FRAPPE_SOCKETIO_PORT`, `FRAPPE_SITE`), and
  `listen()` pinned to 127.0.0.1.

Nothing in `common_site_config.json` or `site_config.json` changes, so a bench's own `bench start`
(ports 8000/9000) keeps running beside the tests. Output goes to `<site>/logs/browser-*.log`.
"""

import atexit
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import frappe

STARTUP_TIMEOUT = 60  # seconds; the first request compiles Jinja templates and warms caches

# socketio.js listens on every interface; tests only need loopback
_LOOPBACK_SOCKETIO = """
const net = require("net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
	if (typeof args[0] === "number" || /^[0-9]+$/.test(args[0])) args.splice(1, 0, "127.0.0.1");
	return listen.apply(this, args);
};
require(process.argv[1]);
"""


class ServerError(RuntimeError):
	pass


def free_port() -> int:
	with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


class SiteServers:
	"""`with SiteServers(site) as servers:` or `start()` / `stop()`; `servers.url` is the desk's origin."""

	def __init__(self, site: str | None = None):
		self.site = site or frappe.local.site
		self.sites_path = os.path.abspath(frappe.local.sites_path)
		self.bench_path = os.path.dirname(self.sites_path)
		self.port = free_port()
		self.socketio_port = free_port()
		self.url = f"http://127.0.0.1:{self.port}"
		self.socketio_url = f"http://127.0.0.1:{self.socketio_port}"
		self.processes: dict[str, subprocess.Popen] = {}
		self.logs: dict[str, str] = {}

	def __enter__(self):
		self.start()
		return self

	def __exit__(self, *exc):
		self.stop()

	def start(self) -> None:
		atexit.register(self.stop)
		try:
			self._start_web()
			self._start_socketio()
			self._wait_until_ready("web", f"{self.url}/api/method/ping", b"pong")
			self._wait_until_ready(
				"socketio", f"{self.socketio_url}/socket.io/?EIO=4&transport=polling", b'"sid"'
			)
		except BaseException:
			self.stop()
			raise

	def stop(self) -> None:
		for process in self.processes.values():
			if process.poll() is None:
				process.terminate()
		for process in self.processes.values():
			try:
				process.wait(timeout=10)
			except subprocess.TimeoutExpired:
				process.kill()
				process.wait()
		self.processes.clear()
		atexit.unregister(self.stop)

	def _start_web(self) -> None:
		env = {**os.environ, "DEV_SERVER": "1", "PYTHONUNBUFFERED": "1"}
		command = [sys.executable, "-m", "sales_mgmt.tests.browser.serve"]
		self._spawn("web", [*command, self.site, str(self.port), str(self.socketio_port)], env)

	def _start_socketio(self) -> None:
		node = shutil.which("node")
		script = os.path.join(self.bench_path, "apps", "frappe", "socketio.js")
		if not node:
			raise ServerError("browser tests need node (Node.js) on PATH to run Frappe's socketio.js")
		if not os.path.exists(script):
			raise ServerError(f"Frappe's realtime server is missing: {script}")
		env = {
			**os.environ,
			"FRAPPE_BENCH_ROOT": self.bench_path,
			"FRAPPE_SOCKETIO_PORT": str(self.socketio_port),
			# the browser talks to 127.0.0.1, not to a host named after the site
			"FRAPPE_SITE": self.site,
		}
		self._spawn("socketio", [node, "-e", _LOOPBACK_SOCKETIO, script], env)

	def _spawn(self, name: str, command: list[str], env: dict) -> None:
		log_path = os.path.join(self.sites_path, self.site, "logs", f"browser-{name}.log")
		os.makedirs(os.path.dirname(log_path), exist_ok=True)
		self.logs[name] = log_path
		with open(log_path, "w") as log:
			self.processes[name] = subprocess.Popen(
				command,
				cwd=self.sites_path,
				env=env,
				stdin=subprocess.DEVNULL,
				stdout=log,
				stderr=subprocess.STDOUT,
				# own process group: a Ctrl-C in the terminal reaches the test runner, which stops us
				start_new_session=True,
			)

	def _wait_until_ready(self, name: str, url: str, expected: bytes) -> None:
		deadline = time.monotonic() + STARTUP_TIMEOUT
		error = None
		while time.monotonic() < deadline:
			if self.processes[name].poll() is not None:
				raise ServerError(
					f"the {name} server exited with code {self.processes[name].returncode}:\n"
					+ self.log_tail(name)
				)
			try:
				with urllib.request.urlopen(url, timeout=5) as response:
					if expected in response.read():
						return
			except (OSError, urllib.error.URLError) as e:
				error = e
			time.sleep(0.2)
		raise ServerError(
			f"the {name} server did not answer {url} within {STARTUP_TIMEOUT}s ({error}):\n"
			+ self.log_tail(name)
		)

	def log_tail(self, name: str, lines: int = 30) -> str:
		try:
			with open(self.logs[name], errors="replace") as log:
				return "".join(log.readlines()[-lines:])
		except OSError:
			return ""
