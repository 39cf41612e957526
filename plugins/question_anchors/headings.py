"""Give a document's h2 and h3 headings their ids, aliases and "#" permalinks.

Works on ElementTree elements (Python-Markdown) and lxml elements (HTML) alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from sitekit.errors import ContentError
from sitekit.ids import unique_id

from .slugs import LEGACY_SLUGS, MAX_LENGTH, slugify_heading

HEADING_TAGS = ("h2", "h3")
#: Ids the theme puts on article pages.
THEME_IDS = frozenset({"main", "question-index-title", "top", "content", "footnotes"})
#: Ids other parts of the page mint: dated updates and footnotes.
RESERVED_PATTERN = re.compile(r"^(update-\d{4}-\d{2}-\d{2}(-\d+)?$|fn:|fnref:)")
LINK_LABEL = "Link to this question: {text}"


@dataclass
class Heading:
    """One heading as found in a document."""

    element: object
    text: str
    explicit_id: str | None = None
    aliases: list[str] = field(default_factory=list)
    line: int | None = None


def split_aliases(value: str) -> list[str]:
    """Return the ids of ``{aliases="a b"}`` or ``{aliases="a, b"}`` (both work)."""
    return [alias for alias in re.split(r"[,\s]+", value) if alias]


class Anchor(NamedTuple):
    """What a heading's anchor is; compact, as every article keeps (and caches) its own."""

    id: str
    text: str
    level: int
    aliases: tuple[str, ...]


class TakenIds:
    """The ids of a page: those already used, the theme's, and reserved patterns."""

    def __init__(self, ids=(), reserved=THEME_IDS):
        self.ids = set(ids) | set(reserved)

    def __contains__(self, candidate):
        return candidate in self.ids or bool(RESERVED_PATTERN.match(candidate))

    def add(self, candidate):
        self.ids.add(candidate)


def anchor_headings(
    headings, taken, *, legacy=("github",), max_length=MAX_LENGTH, reserved=THEME_IDS
):
    """Give every heading an id, its aliases and a permalink; return what was given.

    :param headings: :class:`Heading` objects in document order.
    :param taken: ids already on the page (other than the headings').
    :param legacy: names of :data:`LEGACY_SLUGS` whose ids become aliases.
    :return: one :class:`Anchor` per heading.
    :raises ContentError: for a duplicate explicit id, an id the theme uses, or a
        heading with nothing to make an id from.
    """
    used = TakenIds(taken, reserved)
    _claim_explicit_ids(headings, used, set(reserved))
    anchors = []
    for heading in headings:
        anchor = heading.explicit_id or _generated_id(heading, used, max_length)
        aliases = _aliases(heading, anchor, used, legacy)
        decorate(heading.element, anchor, aliases, heading.text)
        anchors.append(Anchor(anchor, heading.text, int(heading.element.tag[1]), tuple(aliases)))
    return anchors


def _claim_explicit_ids(headings, used, reserved):
    first_line = {}
    for heading in headings:
        anchor = heading.explicit_id
        if not anchor:
            continue
        if anchor in first_line:
            raise ContentError(
                f"duplicate heading id #{anchor} (lines {first_line[anchor]} and {heading.line})",
                "give one of the two headings another {#id}",
                line=heading.line,
            )
        if anchor in reserved:
            raise ContentError(
                f"heading id #{anchor} is used by the theme",
                "choose another {#id} for this heading",
                line=heading.line,
                needle=heading.text,
            )
        first_line[anchor] = heading.line
        used.add(anchor)


def _generated_id(heading, used, max_length):
    base = slugify_heading(heading.text, max_length)
    if RESERVED_PATTERN.match(base):
        base = f"{base}-heading"  # "Update 2022-03-24" as a heading: not the update's id
    if not base:
        raise ContentError(
            f'heading "{heading.text}" has no letter or digit to make an id from',
            "give it an explicit id, e.g. ## Heading {#my-id}",
            line=heading.line,
            needle=heading.text or None,
        )
    return unique_id(base, used)


def _aliases(heading, anchor, used, legacy):
    aliases = []
    for alias in heading.aliases:
        if alias == anchor:
            continue  # an alias naming the heading's own id adds nothing
        if alias in used or alias in aliases:
            raise ContentError(
                f"alias #{alias} is already an id on this page",
                "remove the alias or rename the other heading",
                line=heading.line,
                needle=alias,
            )
        used.add(alias)
        aliases.append(alias)
    for style in legacy:
        alias = _legacy_id(used, style, LEGACY_SLUGS[style](heading.text), heading.explicit_id)
        if alias and alias != anchor and alias not in used:
            used.add(alias)
            aliases.append(alias)
    return aliases


def _legacy_id(used, style, base, explicit_id):
    """Number a repeated legacy id as Hugo does: ``q``, then ``q-1``, ``q-2``...

    Hugo counts per page the ids it made and the explicit ones; they live on ``used``,
    the page's :class:`TakenIds`, so the count starts afresh with every document.
    """
    seen = used.__dict__.setdefault("legacy_ids", {}).setdefault(style, set())
    if explicit_id:
        seen.add(explicit_id)  # Hugo keeps an explicit id and makes none for the heading
        return base
    if not base:
        return base
    candidate, number = base, 0
    while candidate in seen:
        number += 1
        candidate = f"{base}-{number}"
    seen.add(candidate)
    return candidate


def decorate(element, anchor, aliases, text) -> None:
    """Set ``anchor`` on ``element``, put alias targets first and a permalink last."""
    element.set("id", anchor)
    for alias in reversed(aliases):
        target = element.makeelement("span", {"class": "anchor-alias", "id": alias})
        target.tail, element.text = element.text, None
        element.insert(0, target)
    link = element.makeelement(
        "a",
        {"class": "anchor-link", "href": f"#{anchor}", "aria-label": LINK_LABEL.format(text=text)},
    )
    link.text = "#"
    element.append(link)
