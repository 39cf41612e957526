"""Older and newer posts, and related posts by shared tags."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

MICROSECOND = timedelta(microseconds=1)


def chronological(articles) -> list:
    """Return ``articles`` oldest first (ties broken by source path, for stable output)."""
    return sorted(articles, key=lambda a: (a.date, a.source_path))


def link_neighbours(ordered) -> None:
    """Set ``prev_article`` (older) and ``next_article`` (newer) on each of ``ordered``."""
    for index, article in enumerate(ordered):
        article.prev_article = ordered[index - 1] if index else None
        article.next_article = ordered[index + 1] if index + 1 < len(ordered) else None


def tag_slugs(article) -> frozenset[str]:
    return frozenset(tag.slug for tag in getattr(article, "tags", None) or ())


def related_posts(ordered, limit: int, window: int) -> dict[int, list]:
    """Return, by ``id(article)``, up to ``limit`` posts sharing the most tags.

    Each post is compared only with the ``window`` posts on either side of it in each
    of its tags (``ordered`` is oldest first), so the work grows with the number of
    posts, not with the square of a popular tag's size. Ties: nearer in time, then
    newer, then source path.

    :param ordered: the articles, oldest first (see :func:`chronological`).
    """
    tags = {id(article): tag_slugs(article) for article in ordered}
    # Dates as whole microseconds from the first (the ties' order is the dates' order)
    origin = ordered[0].date if ordered else None
    when = {id(article): (article.date - origin) // MICROSECOND for article in ordered}
    by_tag: dict[str, list] = defaultdict(list)
    positions: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for article in ordered:
        for slug in sorted(tags[id(article)]):
            positions[id(article)].append((slug, len(by_tag[slug])))
            by_tag[slug].append(article)

    related = {}
    for article in ordered:
        own, now = tags[id(article)], when[id(article)]
        candidates = {}
        for slug, at in positions[id(article)]:
            for other in by_tag[slug][max(0, at - window) : at + window + 1]:
                if other is not article:
                    candidates[id(other)] = other
        ranked = sorted(
            candidates.values(),
            key=lambda other: (
                -len(own & tags[id(other)]),
                abs(when[id(other)] - now),
                -when[id(other)],
                other.source_path,
            ),
        )
        related[id(article)] = ranked[:limit]
    return related
