"""Feed-ready HTML: absolute links, no permalink glyphs, sanitised, only XML-safe characters."""

from __future__ import annotations

import re

from sitekit.fragments import parse_fragment

from .sanitise import sanitise

#: Page furniture, not content, in a feed entry: the "#" permalinks and the empty alias
#: targets that question_anchors writes (always so, whichever serialiser wrote them).
FURNITURE = re.compile(
    r'<a [^>]*\bclass="anchor-link"[^>]*>#</a>'
    r'|<span (?:class="anchor-alias" id="[^"]*"|id="[^"]*" class="anchor-alias")></span>'
)
#: Characters XML 1.0 cannot hold.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_html(fragment: str, base_url: str, embed_hosts=()) -> str:
    """Return ``fragment`` for a feed: permalinks removed, links absolute, sanitised.

    One pass of the sanitiser does it all: ``href``, ``src``, ``poster`` and every
    ``srcset`` candidate (``#question`` links too) are resolved against ``base_url``,
    the post's own address; embeds (``<iframe>``) stay only from ``embed_hosts``; see
    :mod:`feeds.sanitise` for what else goes.
    """
    if not fragment.strip():
        return ""
    return sanitise(FURNITURE.sub("", fragment), embed_hosts, base_url)


def first_non_xml(text: str) -> str | None:
    """Return the first character of ``text`` that XML cannot hold, if any."""
    match = NOT_XML.search(text or "")
    return match.group(0) if match else None


def plain_text(fragment: str) -> str:
    """Return the text of an HTML fragment, whitespace folded."""
    if not fragment.strip():
        return ""
    return " ".join(parse_fragment(fragment).text_content().split())
