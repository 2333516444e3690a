"""Checks over a built site that every cross-reference the extension computes goes both ways.

* A work page's "Discussed in" names places (a chapter, a notes section, a document, another
  work's page): each place links back to the work's page, inside the named section.
* A glossary term's "Used in" names places: each place links to the term's entry.
* A chapter's "Notes on this chapter" names notes sections: each links back to the chapter,
  and each chapter a notes section names lists that section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag


@dataclass
class Report:
    """What was checked and what failed."""

    checked: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.checked[kind] = self.checked.get(kind, 0) + 1


class Site:
    """A built HTML site, read page by page."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cache  # noqa: B019  # one Site per test, pages read once
    def page(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / relative).read_text(encoding="utf-8"), "html.parser")

    def main(self, relative: str) -> Tag:
        soup = self.page(relative)
        found = soup.select_one("article[role=main]") or soup.select_one("div.body") or soup.body
        assert found is not None
        return found

    def resolve(self, relative: str, href: str) -> tuple[str, str]:
        """The page (relative to the root) and fragment an ``href`` on ``relative`` points to."""
        joined = urljoin(f"http://site/{relative}", href)
        parts = urlsplit(joined)
        return unquote(parts.path.removeprefix("/")), unquote(parts.fragment)

    def links(self, relative: str, scope: Tag | None = None) -> list[tuple[str, str]]:
        """Every internal link of ``scope`` (default: the page's main content), resolved."""
        where = scope if scope is not None else self.main(relative)
        out = []
        for anchor in where.select("a[href]"):
            href = str(anchor["href"])
            if "://" in href or href.startswith(("mailto:", "javascript:")):
                continue
            out.append(self.resolve(relative, href))
        return out

    def scope(self, relative: str, fragment: str) -> Tag:
        """The element with id ``fragment`` (its section, when the id is on a section)."""
        if not fragment:
            return self.main(relative)
        element = self.page(relative).find(id=fragment)
        if element is None:
            raise LookupError(f"{relative}#{fragment} does not exist")
        assert isinstance(element, Tag)
        return element


def _field(dl: Tag, name: str) -> Tag | None:
    for dt in dl.find_all("dt", recursive=False):
        if dt.get_text("", strip=True).rstrip(":").strip() == name:
            dd = dt.find_next_sibling("dd")
            return dd if isinstance(dd, Tag) else None
    return None


def check(root: Path) -> Report:
    """Check every computed cross-reference of the site at ``root`` (see the module docstring)."""
    site = Site(root)
    report = Report()
    works = sorted(
        p.relative_to(root).as_posix() for p in (root / "generated" / "works").glob("*.html")
    )
    for work in works:
        fields = site.main(work).select_one("dl.feedcite-fields")
        dd = _field(fields, "Discussed in") if fields else None
        for page, fragment in site.links(work, dd) if dd is not None else []:
            report.count("discussed in")
            try:
                scope = site.scope(page, fragment)
            except LookupError as error:
                report.problems.append(f"{work}: 'Discussed in' {error}")
                continue
            if not any(target == work for target, _ in site.links(page, scope)):
                report.problems.append(
                    f"{work}: discussed in {page}#{fragment}, which does not link it"
                )
    glossary = "glossary.html"
    if (root / glossary).is_file():
        for dt in site.main(glossary).select("dl.glossary > dt"):
            term_id = str(dt.get("id", ""))
            dd = dt.find_next_sibling("dd")
            fields = dd.select_one("dl.feedcite-fields") if isinstance(dd, Tag) else None
            used = _field(fields, "Used in") if fields else None
            for page, fragment in site.links(glossary, used) if used is not None else []:
                report.count("used in")
                try:
                    scope = site.scope(page, fragment)
                except LookupError as error:
                    report.problems.append(f"term {term_id}: 'Used in' {error}")
                    continue
                if not any(t == glossary and f == term_id for t, f in site.links(page, scope)):
                    report.problems.append(
                        f"term {term_id}: used in {page}#{fragment}, which does not link it"
                    )
    chapters = sorted(
        p.relative_to(root).as_posix() for p in (root / "generated" / "chapters").rglob("*.html")
    )
    for chapter in chapters:
        fields = site.main(chapter).select_one("dl.feedcite-fields")
        dd = _field(fields, "Notes on this chapter") if fields else None
        for page, fragment in site.links(chapter, dd) if dd is not None else []:
            report.count("notes on this chapter")
            refs = site.scope(page, fragment).select_one("p.feedcite-chapter-refs")
            if refs is None or not any(t == chapter for t, _ in site.links(page, refs)):
                report.problems.append(f"{chapter}: notes {page}#{fragment} do not name it")
    for document in sorted(
        p.relative_to(root).as_posix() for p in (root / "generated" / "documents").glob("*.html")
    ):
        for refs in site.main(document).select("p.feedcite-chapter-refs"):
            section = refs.find_parent("section")
            assert isinstance(section, Tag)
            for page, _ in site.links(document, refs):
                report.count("chapters of a notes section")
                fields = site.main(page).select_one("dl.feedcite-fields")
                dd = _field(fields, "Notes on this chapter") if fields else None
                back = site.links(page, dd) if dd is not None else []
                if (document, str(section.get("id", ""))) not in back:
                    report.problems.append(
                        f"{document}#{section.get('id')}: names {page}, which does not list it"
                    )
    return report


def _back_links(
    site: Site, page: str, field_name: str, fragment: str = ""
) -> list[tuple[str, str]]:
    fields = site.scope(page, fragment).select_one("dl.feedcite-fields") if fragment else None
    if fields is None:
        fields = site.main(page).select_one("dl.feedcite-fields")
    dd = _field(fields, field_name) if fields else None
    return site.links(page, dd) if dd is not None else []


def check_reverse(root: Path) -> Report:
    """Every mention or term link in a text has its back link on the work page or in the glossary."""
    site = Site(root)
    report = Report()
    folders = ("works", "chapters", "documents")
    pages = sorted(
        p.relative_to(root).as_posix()
        for folder in folders
        for p in (root / "generated" / folder).rglob("*.html")
    )
    glossary = "glossary.html"
    for page in pages:
        main = site.main(page)
        for anchor in main.select("a[href]"):
            classes = {c for span in anchor.select("span") for c in span.get("class", [])}
            if not classes & {"feedcite-mention", "feedcite-citation-link", "std-term"}:
                continue
            if anchor.find_parent("dl", class_="feedcite-fields") is not None:
                continue  # a field of the page (its tags, its "Discussed in"), not its text
            if anchor.find_parent("dt") is not None and anchor.find_parent(
                "dl", class_="feedcite-notes-glossary"
            ):
                continue  # a term the notes define: answered by the glossary's "Defined in"
            target, fragment = site.resolve(page, str(anchor["href"]))
            section = anchor.find_parent(
                "section", id=lambda i: bool(i) and i.startswith("section-")
            )
            here = str(section["id"]) if section is not None else ""
            if "std-term" in classes:
                report.count("term link")
                entry = site.page(glossary).find(id=fragment)
                dd = entry.find_next_sibling("dd") if isinstance(entry, Tag) else None
                fields = dd.select_one("dl.feedcite-fields") if isinstance(dd, Tag) else None
                used = _field(fields, "Used in") if fields else None
                back = site.links(glossary, used) if used is not None else []
            else:
                report.count("mention link")
                back = _back_links(site, target, "Discussed in")
            if not any(p == page and (not here or f == here) for p, f in back):
                report.problems.append(
                    f"{page}#{here}: links {target}#{fragment}, which does not list it"
                )
    return report
