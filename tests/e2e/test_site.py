"""The real site, built from the bundled corpus and checked as a person would, in Chromium.

Needs Debian's chromium (``nox -s e2e`` installs it) and Playwright's Python package; the
browser is never downloaded. Screenshots go to ``docs/_build/e2e/``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "docs" / "_build" / "e2e"
PAGES = {
    "home": "index.html",
    "bibliography": "bibliography.html",
    "chapter": "generated/chapters/lex-fridman-452-transcript/01.html",
    "notes": "generated/documents/lex-fridman-452-notes.html",
    "glossary": "glossary.html",
}


@pytest.fixture(scope="session")
def site(real_site: Path) -> Path:
    return real_site


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing (nox -s e2e installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def test_pages_load_without_console_errors_and_look_right(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"requestfailed: {r.url}"))
    expectations = {
        "home": "Dario Amodei: a reading companion",
        "bibliography": "Annotated bibliography",
        "chapter": "3:14 Scaling laws",
        "notes": "Reading notes: Dario Amodei on Claude, AGI and the Future of AI",
        "glossary": "Glossary",
    }
    for name, path in PAGES.items():
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert expectations[name] in page.locator("h1").first.inner_text()
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
    assert problems == []
    notes = browser.new_page()
    notes.goto(server + PAGES["notes"])
    assert notes.locator("table.feedcite-table tbody tr").count() == 5
    home = browser.new_page()
    home.goto(server + PAGES["home"])
    assert "Bar chart of works per year" in (
        home.locator("img.feedcite-timeline").get_attribute("alt") or ""
    )


def test_hovering_a_term_shows_its_definition(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + PAGES["chapter"])
    term = page.locator('a[href*="#term-"]').first
    term.hover()
    preview = page.locator(".feedcite-preview")
    preview.wait_for(state="visible", timeout=3000)
    assert preview.locator("strong").inner_text() in ("Scaling hypothesis", "scaling laws")
    assert "power-law" in preview.inner_text()
    page.screenshot(path=str(SHOTS / "term-preview.png"))
    citation = page.locator('a[href*="#cite-"]').first
    citation.hover()
    page.locator(".feedcite-preview").wait_for(state="visible", timeout=3000)
    assert "Kaplan" in page.locator(".feedcite-preview").inner_text()


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    ids: dict[Path, set[str]] = {}
    soups: dict[Path, BeautifulSoup] = {}
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        soups[path] = soup
        ids[path] = {str(tag["id"]) for tag in soup.select("[id]")}
    broken: list[str] = []
    checked = 0
    for path, soup in soups.items():
        for anchor in soup.select("a[href]"):
            href = str(anchor["href"])
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {href} (no such page)")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in ids.get(target, set())
            ):
                broken.append(f"{path.relative_to(site)}: {href} (no such anchor)")
    assert checked > 2000
    assert broken == []


def test_external_links_are_http_only(site: Path) -> None:
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for anchor in soup.select("a[href]"):
            scheme = urlsplit(str(anchor["href"])).scheme.lower()
            assert scheme in ("", "http", "https", "mailto"), (path, anchor["href"])
