"""Atomic writes: interrupted at any moment, a write leaves the old file or the new one, whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feedcite._atomic import write_files, write_text

WRITER = """
import signal
import sys
from feedcite._atomic import write_files
# As a command run from a shell: Ctrl-C unblocked and raising KeyboardInterrupt, whatever
# the test runner's worker passed on (a child inherits its signal mask and ignored signals).
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
signal.signal(signal.SIGINT, signal.default_int_handler)
target, ledger = sys.argv[1], sys.argv[2]
n = 0
print("ready", flush=True)
while True:
    n += 1
    body = f"@misc{{k{n},\\n  note = {{{'x' * 200000}}},\\n}}\\n"
    write_files([(ledger, f"[keys]\\n\\"w\\" = \\"k{n}\\"\\n"), (target, body)])
"""


def test_write_text_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.bib"
    assert write_text(path, "one\n")
    path.chmod(0o640)
    assert write_text(path, "two\n")
    assert path.read_text(encoding="utf-8") == "two\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert not write_text(path, "two\n")  # unchanged: not rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bib"]


def test_a_read_only_file_stops_every_write(tmp_path: Path) -> None:
    bib, ledger = tmp_path / "a.bib", tmp_path / "citekeys.toml"
    bib.write_text("old bib\n", encoding="utf-8")
    ledger.write_text("old ledger\n", encoding="utf-8")
    ledger.chmod(0o444)
    with pytest.raises(PermissionError):
        write_files([(ledger, "new ledger\n"), (bib, "new bib\n")])
    assert bib.read_text(encoding="utf-8") == "old bib\n"


def test_a_failed_write_changes_nothing(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("old\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        write_files([(bib, "new\n"), (tmp_path / "missing" / "b.bib", "x\n")])
    assert bib.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bib"]


def test_a_write_leaves_the_signal_mask_as_it_was(tmp_path: Path) -> None:
    """Ctrl-C is held back only while the files are replaced, also when a write fails."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    write_files([(tmp_path / "a.bib", "one\n")])
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before
    with pytest.raises(FileNotFoundError):
        write_files([(tmp_path / "missing" / "b.bib", "two\n")])
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_writes_never_leave_a_partial_file(tmp_path: Path, sig: signal.Signals) -> None:
    target, ledger = tmp_path / "out.bib", tmp_path / "citekeys.toml"
    target.write_text("@misc{k0,\n  note = {old},\n}\n", encoding="utf-8")
    ledger.write_text('[keys]\n"w" = "k0"\n', encoding="utf-8")
    root = Path(__file__).resolve().parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": str(root)}
    for attempt in range(10):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(ledger)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert process.stdout is not None
        try:
            assert process.stdout.readline() == b"ready\n"
            time.sleep(0.05 + 0.013 * attempt)
            process.send_signal(sig)
            # Generous: on a loaded machine a write's fsync can keep the writer for long.
            process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
        text = target.read_text(encoding="utf-8")
        assert text.startswith("@misc{k")
        assert text.endswith("},\n}\n")
        key = text.split("{", 1)[1].split(",", 1)[0]
        # The ledger is renamed first: it is never behind the bibliography.
        recorded = ledger.read_text(encoding="utf-8").split('"w" = "')[1].split('"')[0]
        assert int(recorded[1:]) >= int(key[1:])
        assert int(recorded[1:]) - int(key[1:]) <= 1
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "citekeys.toml" in names
    assert "out.bib" in names
    # SIGINT cleans up its temporary file; SIGKILL may leave one (never the target).
    leftovers = [n for n in names if n.endswith(".tmp")]
    if sig == signal.SIGINT:
        assert leftovers == []
    assert all(n.startswith((".out.bib.", ".citekeys.toml.")) for n in leftovers)
