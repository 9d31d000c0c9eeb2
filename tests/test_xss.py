"""No page carries an executable vector, whatever editors type.

Every payload goes into every field that takes free text (title, contact, theme note, organisation
name and city, news and page titles), into the Markdown body, and, where it is still a valid
address, into the website. Pages are checked statically (no event handlers, no scripts but ours,
no dangerous URL schemes) and in Chromium, with and without the Content-Security-Policy.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JAVASCRIPT:alert(1))",
    "![plaatje](javascript:alert(1))",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
    "</script><script>alert(1)</script>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<style>@import 'javascript:alert(1)';</style>",
    "{{ 7*7 }} {% raw %}",
]
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


def files_with_payloads() -> dict[str, str]:
    files = {"initiatives/voorbeeld.md": None}
    for n, payload in enumerate(PAYLOADS):
        quoted = json.dumps(payload)  # a JSON string is a valid YAML double-quoted scalar
        website = f"https://voorbeeld.nl/{payload}" if not re.search(r"\s", payload) else "https://voorbeeld.nl/"
        files[f"organisations/org-{n}.md"] = f"---\nname: {quoted}\ntype: vmbo-school\ncity: {quoted}\n---\n\n{payload}\n"
        files[f"initiatives/aanval-{n}.md"] = (
            f"---\ntitle: {json.dumps('Aanval ' + payload)}\n"
            "summary: Een initiatief met een kwaadaardige tekst in elk vrij veld.\n"
            f"region: drenthe\nsectors: [techniek]\nparties: [vmbo]\ntheme_note: Vrije tekst\n"
            f"organisations: [org-{n}]\nwebsite: {json.dumps(website)}\n"
            f"contact:\n  name: {quoted}\n  role: {quoted}\n  organisation: {quoted}\n"
            f"  phone: {json.dumps(payload[:40])}\n"
            f"---\n\n# {payload}\n\n{payload}\n\n- {payload}\n\n| {payload} |\n|---|\n| x |\n")
    files["news/aanval.md"] = f"---\ntitle: {json.dumps('Nieuws ' + PAYLOADS[1])}\ndate: 2020-01-01\n---\n\n{PAYLOADS[0]}\n"
    files["pages/aanval.md"] = f"---\ntitle: {json.dumps('Pagina ' + PAYLOADS[2])}\nmenu: 1\n---\n\n{PAYLOADS[3]}\n"
    return files


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import shutil

    from support import SITES, write_files

    from sitegen.commands.cli import main

    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(SITES / "minimal", root / "content")
    write_files(root / "content", files_with_payloads())
    assert main(["build", "--content", str(root / "content"), "--output", str(root / "output")]) == 0
    return root / "output"


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 20


def test_no_page_carries_an_executable_vector(hostile_site):
    pages = sorted(p for p in hostile_site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > len(PAYLOADS)
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(hostile_site).as_posix()
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # data, and it did not break out of its element
            else:
                assert script.get("src", "").startswith("/assets/") and not script.string, (where, str(script))
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (where, str(element)[:200])
                if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                    assert not DANGEROUS_SCHEME.match(value), (where, str(element)[:200])
        for tag in ("iframe", "object", "embed", "base", "style", "math"):
            assert page.find(tag) is None, (where, tag)
        refresh = page.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
        assert refresh is None, where
        assert all("region-map" in svg.get("class", []) or "bar" in svg.get("class", [])
                   for svg in page.find_all("svg")), where


def test_payload_text_is_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "initiatieven" / "aanval-0" / "index.html").read_text(), "html.parser")
    assert page.h1.get_text() == "Aanval <script>alert(1)</script>"
    assert "{{ 7*7 }}" in (hostile_site / "initiatieven" / "aanval-27" / "index.html").read_text()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with CSP", "without CSP"])
def test_no_dialog_opens_in_the_browser(browser, hostile_site, bypass_csp):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context(bypass_csp=bypass_csp)
    dialogs: list[str] = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        paths = ["/", "/initiatieven/", "/organisaties/", "/nieuws/", "/aanval/", "/regio/drenthe/",
                 "/zoeken/?q=Aanval"] + [f"/initiatieven/aanval-{n}/" for n in range(len(PAYLOADS))]
        for path in paths:
            page.goto(base + path)
            if path.startswith("/zoeken/"):
                page.locator("[data-status]", has_text="voor").wait_for()
            page.mouse.move(200, 300)
            page.keyboard.press("Tab")
        assert dialogs == []
        assert page.evaluate("typeof window.__xss") == "undefined"
    finally:
        context.close()
        httpd.shutdown()
