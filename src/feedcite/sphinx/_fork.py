"""Forked readers and writers of a parallel build leave the parent's objects alone.

With ``-j N``, Sphinx forks a process for every chunk of pages it reads or writes. Each
child inherits the whole parent (the environment, the parsed corpus, every module): a
garbage collection in the child scans all of those objects and, by marking them, copies
every memory page they are on. At 1,000 works that is most of the time a parallel build
spends beyond its single-process work. Python's documented remedy is :func:`gc.freeze`
in the child: the inherited objects are left out of its collections (they are still
freed when no longer used), while what the child creates is collected as usual.

The hook is registered once per process and acts only while a build is in progress (see
:func:`building`), so forks of the rest of the program are not affected. A subprocess
that runs another program does not run it (Python calls fork hooks only for children that
go on running Python).
"""

from __future__ import annotations

import gc
import os

__all__ = ["building", "register"]

_state = {"building": False, "registered": False}


def _freeze_in_child() -> None:
    if _state["building"]:
        gc.freeze()


def register() -> None:
    """Install the fork hook (once per process; a no-op where fork hooks do not exist)."""
    if not _state["registered"] and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_freeze_in_child)
        _state["registered"] = True


def building(active: bool) -> None:
    """Mark a build as started (``True``) or finished (``False``) in this process."""
    _state["building"] = active
