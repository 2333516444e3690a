"""The data model's derived values."""

from __future__ import annotations

import pytest

from feedcite.model import Work


@pytest.mark.parametrize(
    ("kind", "url", "medium"),
    [
        ("podcast", "https://example.org/show/87", "episode"),
        ("podcast", "https://www.youtube.com/watch?v=abc", "video"),
        ("youtube", "https://example.org/talk", "video"),
        ("video", None, "video"),
        ("paper", "https://example.org/paper", "page"),
        ("blog", "https://youtu.be/abc", "video"),
    ],
)
def test_what_a_works_address_leads_to(kind: str, url: str | None, medium: str) -> None:
    """A podcast's own page is its episode; a video site's address is a video, whatever it is."""
    work = Work(id="w", kind=kind, title="T", title_source="metadata", url=url)
    assert work.medium == medium
