"""Garbage collection during a build: what the build keeps stays out of collections.

A build's content objects live until the build ends, yet each full collection walks
all of them: at 5,000 posts a build made eight, 0.9 s in all, most in its serial part,
and every object a collection visits is written to, so a page shared with a forked
worker stops being shared. The build therefore freezes (``gc.freeze``) what exists at
each step, every few hundred files read, when reading is done and when workers are
forked, and unfreezes everything when it ends (:func:`build_scope`).
"""

from __future__ import annotations

import contextlib
import gc

#: Files read between two freezes.
FREEZE_EVERY = 256


def keep_out() -> None:
    """Keep every object that exists now out of the collections until the build ends."""
    gc.freeze()


@contextlib.contextmanager
def build_scope():
    """One build: what it froze is collectable again once it ends."""
    try:
        yield
    finally:
        gc.unfreeze()
