"""Forked readers and writers freeze what they inherit, only while a build is in progress."""

from __future__ import annotations

import gc
import os

import pytest

from feedcite.sphinx import _fork

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def frozen_in_child() -> int:
    """How many objects a forked child finds frozen (sent back through a pipe)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.write(write, str(gc.get_freeze_count()).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as stream:
        return int(stream.read())


def test_a_child_freezes_what_it_inherits_only_during_a_build() -> None:
    _fork.register()  # every app's setup() calls it; the hook is installed once
    try:
        _fork.building(True)
        assert frozen_in_child() > 1000  # the interpreter, pytest, feedcite...
        _fork.building(False)
        assert frozen_in_child() == 0
    finally:
        _fork.building(False)
    assert gc.get_freeze_count() == 0  # the parent's collector is untouched
