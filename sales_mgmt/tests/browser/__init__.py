"""Browser tests: the desk in headless Chromium against the site's own web and realtime servers.

desk.py holds the base test case and page helpers, servers.py starts and stops the servers; see
docs/README.md for how to run them and take screenshots.
"""
