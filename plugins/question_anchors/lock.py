"""``content/anchors.lock.json``: every anchor ever published, per article URL."""

from __future__ import annotations

import difflib

from sitekit.locks import read_lock, write_lock

LOCK_KEY = "articles"
ABOUT = "Anchors published per article; `make lock` adds new ones, none is ever dropped."


def read_anchor_lock(path) -> dict[str, list[str]]:
    """Return the lock's anchors by article URL ({} when there is no lock yet)."""
    return {url: list(ids) for url, ids in read_lock(path, LOCK_KEY).items()}


def write_anchor_lock(path, anchors_by_url, settings=None) -> None:
    """Write every article's anchors, sorted (after the build, see ``write_lock``)."""
    records = {url: sorted(set(ids)) for url, ids in anchors_by_url.items()}
    write_lock(path, ABOUT, LOCK_KEY, records, settings)


def merged(lock, current) -> dict[str, list[str]]:
    """Return the lock with the ``current`` anchors of each article added."""
    result = {url: set(ids) for url, ids in lock.items()}
    for url, ids in current.items():
        result.setdefault(url, set()).update(ids)
    return {url: sorted(ids) for url, ids in result.items()}


def gone_anchors(recorded, present, headings) -> list[tuple[str, list[str]]]:
    """Return each recorded anchor missing from ``present``, with the nearest headings.

    :param recorded: the anchors the lock has for one article.
    :param present: every id and alias the article carries now.
    :param headings: the article's current heading ids, to suggest from.
    """
    return [
        (anchor, difflib.get_close_matches(anchor, headings, n=2, cutoff=0.0))
        for anchor in sorted(recorded)
        if anchor not in present
    ]
