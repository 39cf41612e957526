"""``content/anchors.lock.json``: every anchor ever published, per article URL.

Each article's anchors are recorded in groups: a question's id with its aliases (the
old site's ids, reworded ids). A group lives on as long as one of its ids does: when
a question is reworded with ``{aliases="old-id"}``, the other ids recorded with
``old-id`` come back as aliases by themselves. Older locks, a flat list of ids per
article, still read: each id is then a group of its own until ``make lock`` (or
``make html``) writes the groups.
"""

from __future__ import annotations

import difflib

from sitekit.locks import read_lock, write_lock

LOCK_KEY = "articles"
ABOUT = (
    "Anchors published per article, in groups (a question's id with its aliases);"
    " `make html` and `make lock` add new ones, none is ever dropped."
)

Groups = list[tuple[str, ...]]


def read_anchor_lock(path) -> dict[str, Groups]:
    """Return the lock's anchor groups by article URL ({} when there is no lock yet)."""
    return {
        url: [tuple(entry) if isinstance(entry, list) else (entry,) for entry in entries]
        for url, entries in read_lock(path, LOCK_KEY).items()
    }


def write_anchor_lock(path, groups_by_url, settings=None) -> None:
    """Write every article's groups, sorted (after the build, see ``write_lock``)."""
    records = {url: [list(group) for group in groups] for url, groups in groups_by_url.items()}
    write_lock(path, ABOUT, LOCK_KEY, records, settings)


def merge_groups(*collections) -> Groups:
    """Return the groups of ``collections`` joined: groups sharing an id become one."""
    group_of: dict[str, set[str]] = {}
    for group in (set(group) for groups in collections for group in groups):
        for anchor in list(group):
            if anchor in group_of:
                group |= group_of[anchor]
        for anchor in group:
            group_of[anchor] = group
    return as_recorded({id(group): group for group in group_of.values()}.values())


def _ordered(group) -> tuple[str, ...]:
    return tuple(sorted(group))


def as_recorded(groups: Groups) -> Groups:
    """Return ``groups`` as a lock records them (each sorted, sorted by first id)."""
    return sorted((_ordered(group) for group in groups), key=lambda group: group[0])


def merged(lock, current) -> dict[str, Groups]:
    """Return the lock with the ``current`` groups of each article added."""
    urls = sorted(set(lock) | set(current))
    return {url: _merged(lock.get(url, []), current.get(url, [])) for url in urls}


def _merged(recorded: Groups, current: Groups) -> Groups:
    """An article's groups: as recorded when it has no group the lock lacks (an article
    unchanged since, by far the most common), else the two merged."""
    if recorded and {frozenset(group) for group in current} <= set(map(frozenset, recorded)):
        return recorded
    return merge_groups(recorded, current)


def restorable(recorded: Groups, present: set[str]) -> dict[str, list[str]]:
    """Return, for each present id, the recorded ids of its group that are missing."""
    found = {}
    for group in recorded:
        here = [anchor for anchor in group if anchor in present]
        missing = [anchor for anchor in group if anchor not in present]
        if here and missing:
            found.setdefault(here[0], []).extend(missing)
    return found


def gone_groups(recorded: Groups, present: set[str], headings) -> list[tuple[str, list[str]]]:
    """Return each recorded group with no id present, by its first id, with the nearest
    current headings to suggest."""
    return [
        (group[0], difflib.get_close_matches(group[0], headings, n=2, cutoff=0.0))
        for group in recorded
        if not any(anchor in present for anchor in group)
    ]
