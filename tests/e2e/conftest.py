"""A real site on a free local port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went on to the next page before this file arrived


@pytest.fixture(scope="session")
def server(full_site):
    """Serves the built fixture site on 127.0.0.1 at a free port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(full_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page(browser):
    """A page under the site's own Content-Security-Policy; JavaScript errors fail the test."""
    yield from _page(browser)


@pytest.fixture
def axe_page(browser):
    """The same, but the CSP lets the test inject axe-core (the site's own CSP forbids that)."""
    yield from _page(browser, bypass_csp=True)


def _page(browser, **options):
    context = browser.new_context(locale="nl-NL", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
