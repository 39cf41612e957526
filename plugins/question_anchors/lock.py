"""``content/anchors.lock.json``: every anchor ever published, per article URL."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from sitekit.errors import ContentError


def read_lock(path) -> dict[str, list[str]]:
    """Return the lock's anchors by article URL ({} when there is no lock yet)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ContentError(
            f"not valid JSON ({error.msg})",
            "restore it from git, or delete it and run `make anchors`",
            path=str(path),
            line=error.lineno,
        ) from None
    return {url: list(anchors) for url, anchors in data.get("articles", {}).items()}


def write_lock(path, anchors_by_url) -> None:
    """Write the lock sorted, so it diffs well and builds stay reproducible."""
    data = {
        "about": "Anchors published per article; `make anchors` adds new ones, none is ever dropped.",
        "articles": {url: sorted(set(ids)) for url, ids in sorted(anchors_by_url.items())},
    }
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


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
