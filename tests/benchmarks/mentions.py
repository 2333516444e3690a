"""Mentions and term uses: precision and recall of the mention rule on labelled samples.

Two samples:

- ``tests/data/mentions/labels.toml``: every candidate of the bundled corpus, labelled by
  reading; its ``held_out`` documents were set aside while the rule was tuned.
- ``tests/data/mentions/unseen.toml``: every candidate in text the rule was never tuned
  on: the four feeds of ``tests/data/feeds/`` and, when present, the three real
  transcripts of ``../shared/benchmarks/transcripts/`` (read from there, never copied:
  their labels give a place and a reason, not the text), each searched with the
  bundled corpus's works and glossary.

A candidate is any match of a form; the rule *accepts* it or not. Precision is the share
of accepted candidates labelled true; recall, the share of true candidates accepted.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import feedcite
from feedcite.corpus import read_config, read_context
from feedcite.enrich.glossary import term_candidates
from feedcite.enrich.links import mention_candidates
from feedcite.enrich.mentions import Candidate
from feedcite.model import Corpus, Transcript

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "data" / "mentions" / "labels.toml"
UNSEEN = ROOT / "tests" / "data" / "mentions" / "unseen.toml"
TARGET_PRECISION = 0.95


@dataclass(frozen=True, slots=True)
class Label:
    """A labelled candidate: where, what, and whether it is a mention."""

    at: str
    target: str
    mention: bool
    reason: str
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Sample:
    """Labels, and the documents of them set aside."""

    labels: tuple[Label, ...]
    held_out: frozenset[str]
    files: tuple[str, ...] = ()


def read_sample(path: Path) -> Sample:
    """The labels of a sample file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    labels = tuple(
        Label(raw["at"], raw["target"], raw["mention"], raw["reason"], raw.get("text"))
        for raw in data["labels"]
    )
    return Sample(labels, frozenset(data.get("held_out", ())), tuple(data.get("files", ())))


def key(candidate: Candidate, sources: Mapping[tuple[str, int], str] | None = None) -> str:
    """A candidate's place as the labels write it: ``DOCUMENT:LINE+OFFSET``.

    The offset counts from the start of the source paragraph (``sources``: path and
    paragraph index -> its text), not from the part of it a chapter holds, so that a label
    does not move when the chapter alignment cuts a paragraph elsewhere.
    """
    location = candidate.unit.location
    line = location.span.line if location.span else 0
    start = candidate.start
    source = (sources or {}).get((location.path, location.paragraph or 0))
    if location.chapter is not None and source is not None:
        start += max(0, source.find(candidate.unit.text))
    return f"{Path(location.path).name}:{line}+{start}"


def target_of(candidate: Candidate, kind: str) -> str:
    """``work:ID`` or ``term:ID``."""
    return f"{kind}:{candidate.target}"


def bundled_corpus(extra: Sequence[Path] = ()) -> tuple[Corpus, feedcite.Context]:
    """The bundled corpus (and its context), with ``extra`` documents read beside it."""
    config = read_config(ROOT / "refs" / "corpus.toml")
    context = read_context(config)
    paths = [config.path(c.path) for c in config.captures] + list(extra)
    return feedcite.load_paths(paths, context=context), context


def candidates(corpus: Corpus, context: feedcite.Context) -> dict[tuple[str, str], Candidate]:
    """Every candidate of a corpus, by (place, target)."""
    sources = {
        (document.path, paragraph.index): paragraph.text
        for document in corpus.documents
        if isinstance(document, Transcript)
        for paragraph in document.paragraphs
    }
    found: dict[tuple[str, str], Candidate] = {}
    for kind, items in (
        ("work", mention_candidates(corpus)),
        ("term", term_candidates(corpus, context)),
    ):
        for candidate in items:
            found[(key(candidate, sources), target_of(candidate, kind))] = candidate
    return found


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of a labelled set against the rule's decisions."""

    true_accepted: int
    false_accepted: int
    true_rejected: int
    false_rejected: int

    @property
    def labels(self) -> int:
        """How many labelled candidates."""
        return self.true_accepted + self.false_accepted + self.true_rejected + self.false_rejected

    @property
    def precision(self) -> float:
        """Accepted candidates that are mentions."""
        accepted = self.true_accepted + self.false_accepted
        return self.true_accepted / accepted if accepted else 1.0

    @property
    def recall(self) -> float:
        """Mentions that are accepted."""
        true = self.true_accepted + self.true_rejected
        return self.true_accepted / true if true else 1.0


def score(pairs: Iterable[tuple[Label, bool]]) -> Score:
    """Score (label, accepted) pairs."""
    counts = [0, 0, 0, 0]
    for label, accepted in pairs:
        counts[(0 if label.mention else 1) + (0 if accepted else 2)] += 1
    return Score(*counts)


def decisions(
    sample: Sample, found: dict[tuple[str, str], Candidate]
) -> tuple[list[tuple[Label, bool]], list[Label], list[tuple[str, str]]]:
    """Each label with the rule's decision; labels that match no candidate; candidates
    that have no label."""
    pairs: list[tuple[Label, bool]] = []
    missing: list[Label] = []
    for label in sample.labels:
        candidate = found.get((label.at, label.target))
        if candidate is None or (label.text is not None and candidate.text != label.text):
            missing.append(label)
        else:
            pairs.append((label, candidate.accepted))
    labelled = {(label.at, label.target) for label in sample.labels}
    unlabelled = sorted(k for k in found if k not in labelled)
    return pairs, missing, unlabelled


def shared_folder() -> Path | None:
    """The folder holding ``shared/`` (the nearest parent of the project that has it)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "benchmarks" / "transcripts").is_dir():
            return folder
    return None


def unseen_paths(sample: Sample) -> list[Path]:
    """The unseen sample's documents that are present (the shared ones may be absent)."""
    shared = shared_folder()
    paths = []
    for name in sample.files:
        if name.startswith("shared/"):
            if shared is not None and (shared / name).is_file():
                paths.append(shared / name)
        elif (ROOT / name).is_file():
            paths.append(ROOT / name)
    return paths


def document(label: Label) -> str:
    """The document a label is in."""
    return label.at.split(":", 1)[0]


def _row(name: str, result: Score) -> str:
    return (
        f"| {name} | {result.labels} | {result.true_accepted + result.true_rejected} | "
        f"{result.false_accepted + result.false_rejected} | {result.precision:.1%} | "
        f"{result.recall:.1%} | {result.false_accepted} | {result.true_rejected} |"
    )


def section() -> tuple[str, bool]:
    """The report's section on mentions, and whether the precision target is met."""
    sample = read_sample(LABELS)
    corpus, context = bundled_corpus()
    pairs, missing, unlabelled = decisions(sample, candidates(corpus, context))
    held = [(lab, a) for lab, a in pairs if document(lab) in sample.held_out]
    tuned = [(lab, a) for lab, a in pairs if document(lab) not in sample.held_out]
    rows = [
        _row("tuned on (Lex Fridman transcript, notes)", score(tuned)),
        _row("held out (Dwarkesh summary, review; the feed)", score(held)),
        _row("bundled corpus, all", score(pairs)),
        _row("all, works only", score((lab, a) for lab, a in pairs if lab.target.startswith("w"))),
        _row("all, terms only", score((lab, a) for lab, a in pairs if lab.target.startswith("t"))),
    ]
    unseen = read_sample(UNSEEN)
    present = unseen_paths(unseen)
    corpus, context = bundled_corpus(present)
    names = {p.name for p in present}
    found = {k: c for k, c in candidates(corpus, context).items() if k[0].split(":")[0] in names}
    pairs_unseen, missing_unseen, unlabelled_unseen = decisions(
        Sample(tuple(lab for lab in unseen.labels if document(lab) in names), frozenset()), found
    )
    rows.append(_row(f"unseen text ({len(present)} documents)", score(pairs_unseen)))
    overall = score(held + pairs_unseen)
    met = overall.precision >= TARGET_PRECISION
    header = (
        "| sample | candidates | true | false | precision | recall | "
        "false accepted | true rejected |\n|---|---|---|---|---|---|---|---|"
    )
    notes = [
        f"{len(missing) + len(missing_unseen)} labels matched no candidate and "
        f"{len(unlabelled) + len(unlabelled_unseen)} candidates had no label."
    ]
    errors = [
        f"- {'accepted' if accepted else 'rejected'} `{label.at}` {label.target}: {label.reason}"
        for label, accepted in [*pairs, *pairs_unseen]
        if accepted != label.mention
    ]
    text = "\n\n".join(
        [
            "## Mentions and term uses",
            "Every candidate match of a work's forms (title, short title, aliases, an "
            "author-year citation) and of a glossary term's forms, labelled by reading "
            "(`tests/data/mentions/`), against the mention rule's decisions "
            "(`feedcite.enrich.mentions`). The rule was tuned on the Lex Fridman transcript "
            "and notes only; the Dwarkesh summary and review, the feed, the four feeds of "
            "`tests/data/feeds/` and three real transcripts (`../shared/benchmarks/`) were not "
            "looked at while tuning.",
            header + "\n" + "\n".join(rows),
            f"Precision on text not tuned on (held out and unseen together): "
            f"{overall.precision:.1%} of {overall.true_accepted + overall.false_accepted} "
            f"accepted (target {TARGET_PRECISION:.0%}: **{'met' if met else 'not met'}**); "
            f"recall {overall.recall:.1%}. " + " ".join(notes),
            "Where the rule and the labels disagree:\n\n" + ("\n".join(errors) or "- nowhere"),
        ]
    )
    return text, met


if __name__ == "__main__":
    print(section()[0])
