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
from tests.sphinx import symmetry

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "docs" / "_build" / "e2e"
PAGES = {
    "home": ("index.html", "Dario Amodei: a reading companion"),
    "bibliography": ("bibliography.html", "Annotated bibliography"),
    "work": ("generated/works/constitutional-ai.html", "Constitutional AI: Harmlessness from AI"),
    "episode": ("generated/episodes/lex-fridman-452.html", "Dario Amodei: Anthropic CEO on Claude"),
    "chapter": ("generated/chapters/lex-fridman-452-transcript/01.html", "3:14 Scaling laws"),
    "transcript": ("generated/transcripts/lex-fridman-452-transcript.html", "Full transcript"),
    "notes": (
        "generated/documents/lex-fridman-452-notes.html",
        "Reading notes: Dario Amodei on Claude, AGI and the Future of AI",
    ),
    "glossary": ("glossary.html", "Glossary"),
    "tags": ("tags.html", "Tags"),
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


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


def _watch(page, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    # A request cut short by the next navigation is not a failure of the page.
    page.on(
        "requestfailed",
        lambda r: (
            None
            if "ERR_ABORTED" in (r.failure or "")
            else problems.append(f"requestfailed: {r.url}")
        ),
    )


def test_main_pages_look_right_at_desktop_and_phone_widths(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    """Screenshots of the main pages at 1280 and 390 px go to docs/_build/e2e/ for review."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page = browser.new_page(viewport=viewport)
        _watch(page, problems)
        for name, (path, heading) in PAGES.items():
            page.goto(server + path)
            page.wait_for_load_state("networkidle")
            assert heading in page.locator("h1").first.inner_text(), (name, label)
            page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=False)
        page.close()
    assert problems == []
    notes = browser.new_page()
    notes.goto(server + PAGES["notes"][0])
    assert notes.locator("table.feedcite-table tbody tr").count() == 5


#: How far right any element reaches that is not inside its own scrolling box (a code
#: block, a wide table), and whether the page itself scrolls sideways.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === "auto" || o === "scroll") return true;
    }
    return false;
  };
  let right = 0, worst = "";
  for (const e of document.querySelectorAll("article *")) {
    if (scrolls(e)) continue;
    const box = e.getBoundingClientRect();
    if (box.width && box.right > right) { right = box.right; worst = e.tagName + " " + (e.textContent || "").slice(0, 40); }
  }
  window.scrollTo(10000, 0);
  return [width, right, worst, window.scrollX];
}"""


def test_no_page_is_wider_than_a_phone(browser, server: str, site: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=PHONE)
    problems: list[str] = []
    _watch(page, problems)
    wide: list[str] = []
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    for path in pages:
        page.goto(server + path)
        width, right, worst, scrolled = page.evaluate(_OVERFLOW)
        if scrolled > 0 or right > width + 1:
            wide.append(f"{path}: {right:.0f} px > {width} px ({worst})")
    assert len(pages) > 200
    assert wide == []
    assert problems == []  # and no page of the site logs an error


def test_timeline_bars_link_their_year(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + PAGES["home"][0])
    bars = page.locator("div.feedcite-figure svg a")
    assert bars.count() >= 10
    bars.first.click()
    page.wait_for_url("**/bibliography.html#year-*")
    page.wait_for_load_state("load")  # the new page, not the one the click left
    assert page.url.split("/")[-1].startswith("bibliography.html#year-")
    page.wait_for_selector(":target", state="attached", timeout=10_000)
    assert page.locator(":target").count() == 1
    assert page.locator(":target").get_attribute("id") == page.url.split("#")[1]


def test_hovering_a_term_shows_its_definition(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + PAGES["chapter"][0])
    term = page.locator('a[href*="#term-"]').first
    term.hover()
    preview = page.locator(".feedcite-preview")
    preview.wait_for(state="visible", timeout=3000)
    assert preview.locator("strong").inner_text() in ("Scaling hypothesis", "scaling laws")
    assert "power-law" in preview.inner_text()
    page.screenshot(path=str(SHOTS / "term-preview.png"))
    mention = page.locator('a[href*="#work-scaling-laws"]').first
    mention.hover()
    page.locator(".feedcite-preview").wait_for(state="visible", timeout=3000)
    assert "Kaplan et al., 2020" in page.locator(".feedcite-preview").inner_text()


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
        hrefs = [str(a["href"]) for a in soup.select("a[href]")]
        hrefs += [str(a["xlink:href"]) for a in soup.find_all("a", attrs={"xlink:href": True})]
        for href in hrefs:
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


def test_every_cross_reference_goes_both_ways(site: Path) -> None:
    forward, backward = symmetry.check(site), symmetry.check_reverse(site)
    assert (forward.problems, backward.problems) == ([], [])
    assert sum(forward.checked.values()) + sum(backward.checked.values()) > 500
