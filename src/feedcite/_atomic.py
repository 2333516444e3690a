"""Atomic file writes: a reader, a crash or Ctrl-C never sees a partial or empty file.

Each file is written to a temporary file in the same folder (so that the final rename stays
on one file system), flushed to disk, given the permissions the old file had (or the
umask's default for a new file), and renamed over the target with :func:`os.replace`,
which POSIX and Windows perform atomically. Until the rename the old file is untouched;
after it the new file is complete. Ctrl-C (SIGINT) and SIGTERM are held back while the
files are written and renamed, and act as soon as that is done; an exception removes the
temporary files; a killed process (SIGKILL, power loss) can leave one behind, named
``.NAME.<random>.tmp`` beside the target, and never a damaged target.

:func:`write_files` writes several files *together*: every target is checked to be
writable and every temporary file is written before the first rename, so that an error
(a read-only file, a full disk) changes nothing. The renames then run in the order given:
put the file that others are derived from first (the citation-key ledger before the
bibliography), so that an interruption between two renames leaves a state the next run
repairs. Unchanged files are not rewritten (their modification time is kept).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

__all__ = ["write_files", "write_text"]


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _check_writable(path: Path) -> None:
    """Raise :class:`PermissionError` unless ``path`` may be replaced.

    A rename replaces a read-only file in a writable folder, so the file's own permission
    is checked first: a file the user made read-only (no write bit, even for root) is not
    silently replaced.
    """
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(2, "No such directory", str(folder))
    if path.exists() and (
        not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222
    ):  # a file without write permission is read-only, for root too
        raise PermissionError(13, "Permission denied (the file is read-only)", str(path))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(13, "Permission denied (the folder is not writable)", str(folder))


def _temporary(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``; return its name."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (where the platform allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while files are replaced (POSIX); they act right after.

    So Ctrl-C neither leaves a temporary file behind nor stops between two renames.
    """
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:  # pragma: no cover - Windows
        yield
        return
    previous = block(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def write_files(files: Sequence[tuple[Path | str, str]]) -> list[Path]:
    """Write every ``(path, text)`` pair (UTF-8) atomically and together; return those changed.

    Nothing is renamed until every target has been checked and every temporary file
    written; any error before that leaves every target as it was.

    Raises:
        ValueError: The same path is given twice.
        OSError: A target cannot be written (nothing was changed).
    """
    planned: list[tuple[Path, bytes]] = []
    seen: set[Path] = set()
    for name, text in files:
        path = Path(name)
        resolved = path.resolve()
        if resolved in seen:
            raise ValueError(f"{path} is given twice")
        seen.add(resolved)
        planned.append((path, text.encode("utf-8")))
    changed = [(path, data) for path, data in planned if not _unchanged(path, data)]
    for path, _ in changed:
        _check_writable(path)
    temporaries: list[tuple[Path, Path]] = []
    with _interrupts_deferred():
        try:
            for path, data in changed:
                temporaries.append((_temporary(path, data), path))
            for temporary, path in temporaries:
                os.replace(temporary, path)
        finally:
            for temporary, _ in temporaries:
                temporary.unlink(missing_ok=True)
    for folder in _folders(path for path, _ in changed):
        _sync_folder(folder)
    return [path for path, _ in changed]


def write_text(path: Path | str, text: str) -> bool:
    """Write ``text`` (UTF-8) to ``path`` atomically; whether the file changed.

    Raises:
        OSError: The file cannot be written (it was left as it was).
    """
    return bool(write_files([(path, text)]))


def _folders(paths: Iterable[Path]) -> list[Path]:
    return sorted({path.resolve().parent for path in paths})
