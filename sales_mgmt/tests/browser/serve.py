"""One site's web server on a loopback port, for browser tests.

	cd <bench>/sites && DEV_SERVER=1 python -m sales_mgmt.tests.browser.serve SITE PORT SOCKETIO_PORT

What `bench --site SITE serve --port PORT` does (werkzeug, `frappe.app`, static files), except that it
listens on 127.0.0.1 only, never reloads, and tells the desk that realtime runs on SOCKETIO_PORT: the
desk reads the port from `frappe.boot.socketio_port`, which Frappe copies from the site config, and the
shared config must not change for one test run. `DEV_SERVER` has to be set before Frappe is imported:
with it the desk connects to socket.io on that port instead of through a reverse proxy.
"""

import sys


def main(site: str, port: int, socketio_port: int) -> None:
	import frappe
	import frappe.app
	from werkzeug.serving import run_simple

	get_site_config = frappe.get_site_config

	def get_site_config_with_socketio_port(*args, **kwargs):
		config = get_site_config(*args, **kwargs)
		config["socketio_port"] = socketio_port
		return config

	frappe.get_site_config = get_site_config_with_socketio_port
	frappe.app._site = site
	frappe.app._sites_path = "."
	application = frappe.app.application_with_statics()
	run_simple("127.0.0.1", port, application, threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
	main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
