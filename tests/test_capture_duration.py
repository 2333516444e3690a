"""A capture's duration in corpus configurations, and what it feeds into the enrichment."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedcite.corpus import ConfigError, load_corpus, read_config, read_context
from tests.conftest import DATA

CONFIG = """[corpus]
name = "Maria Lopez"

[[corpus.captures]]
path = "garden.txt"
format = "transcript"
{duration}
"""


def write(folder: Path, duration: str) -> Path:
    (folder / "garden.txt").write_bytes((DATA / "transcripts/garden-hour-12.txt").read_bytes())
    path = folder / "corpus.toml"
    path.write_text(CONFIG.format(duration=duration), encoding="utf-8")
    return path


@pytest.mark.parametrize(("value", "seconds"), [('"5:22"', 322), ("322", 322), ('"0:05:22"', 322)])
def test_a_capture_duration_aligns_its_transcript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, seconds: int
) -> None:
    monkeypatch.chdir(tmp_path)
    config = read_config(write(tmp_path, f"duration = {value}"))
    assert config.captures[0].duration_seconds == seconds
    assert read_context(config).durations == (("garden.txt", float(seconds)),)
    (alignment,) = load_corpus(config).alignments
    assert (alignment.duration_seconds, alignment.duration_source) == (seconds, "user")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"5:75"',
            "corpus.toml:7:12: error[config]: 'duration' must be a time H:MM:SS or M:SS, or "
            "seconds, of at most 1000 hours; '5:75' is not",
        ),
        (
            f'"{"9" * 5000}:00"',
            "corpus.toml:7:12: error[config]: 'duration' must be a time H:MM:SS or M:SS, or "
            "seconds, of at most 1000 hours; the value is not",
        ),
        (
            "1.5",
            "corpus.toml:7:12: error[config]: 'duration' must be a time H:MM:SS or M:SS, or "
            "seconds, of at most 1000 hours, not a float",
        ),
        (
            "0",
            "corpus.toml:7:12: error[config]: 'duration' must be a time H:MM:SS or M:SS, or "
            "seconds, of at most 1000 hours; 0 is not",
        ),
    ],
)
def test_a_bad_capture_duration_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as raised:
        read_config(write(tmp_path, f"duration = {value}"))
    assert [d.format().split("\n")[0] for d in raised.value.diagnostics] == [message]
