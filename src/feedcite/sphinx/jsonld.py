"""schema.org structured data for work and episode pages.

Papers are ``ScholarlyArticle``; videos and podcast episodes are ``PodcastEpisode`` (or
``VideoObject`` for a video without a series) with one ``Clip`` per transcript chapter.
Only http(s) URLs are written; dates are ISO dates where known.
"""

from __future__ import annotations

from typing import Any

from feedcite._strings import clock
from feedcite.model import Alignment, Creator, Work
from feedcite.sphinx.render import safe_url, video_at

__all__ = ["episode_data", "work_data"]


def _person(creator: Creator) -> dict[str, Any]:
    kind = "Organization" if creator.organization else "Person"
    data: dict[str, Any] = {"@type": kind, "name": creator.display}
    if not creator.organization:
        data["familyName"] = creator.family
        if creator.given:
            data["givenName"] = creator.given
    return data


def _date(work: Work) -> str | None:
    if work.date:
        return work.date
    if work.year and work.month:
        return f"{work.year:04d}-{work.month:02d}"
    return str(work.year) if work.year else None


def _duration(seconds: float) -> str:
    """An ISO 8601 duration (``PT1H58M0S``)."""
    hours, minutes, secs = (int(part) for part in clock(seconds, hours=True).split(":"))
    return f"PT{hours}H{minutes}M{secs}S"


def work_data(work: Work) -> dict[str, Any]:
    """JSON-LD of a work page."""
    episode = work.recording
    kind = ("PodcastEpisode" if work.venue else "VideoObject") if episode else "ScholarlyArticle"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": work.title,
        "identifier": work.citekey or work.id,
    }
    if not episode:
        data["headline"] = work.title
        data["author"] = [_person(c) for c in work.authors]
    else:
        data["actor"] = [_person(c) for c in work.authors]
    date = _date(work)
    if date:
        data["datePublished"] = date
    if work.summary:
        data["abstract" if not episode else "description"] = work.summary
    if work.tags:
        data["keywords"] = list(work.tags)
    same_as = []
    if work.arxiv:
        same_as.append(f"https://arxiv.org/abs/{work.arxiv}")
    doi = work.published.doi if work.published and work.published.doi else work.doi
    if doi:
        same_as.append(f"https://doi.org/{doi}")
    url = safe_url(work.url)
    if url:
        data["url"] = url
    if same_as:
        data["sameAs"] = same_as
    if work.venue and episode:
        data["partOfSeries"] = {"@type": "PodcastSeries", "name": work.venue}
    if work.duration_seconds:
        data["timeRequired" if not episode else "duration"] = _duration(work.duration_seconds)
    return data


def episode_data(
    work: Work, alignment: Alignment | None, video: str | None = None
) -> dict[str, Any]:
    """JSON-LD of an episode page: the episode with one ``Clip`` per chapter.

    With the episode's ``video`` URL, each clip's ``url`` opens the video at the chapter.
    """
    data = work_data(work)
    data["@type"] = "PodcastEpisode"
    if work.series_number is not None:
        data["episodeNumber"] = work.series_number
    if alignment is not None:
        clips = []
        for chapter in alignment.chapters:
            clip: dict[str, Any] = {
                "@type": "Clip",
                "name": chapter.chapter.title,
                "startOffset": chapter.chapter.start_seconds,
                "endOffset": round(chapter.end_seconds),
                "position": chapter.chapter.index + 1,
            }
            url = video_at(video, chapter.chapter.start_seconds)
            if url:
                clip["url"] = url
            clips.append(clip)
        data["hasPart"] = clips
    return data
