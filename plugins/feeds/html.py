"""Feed-ready HTML: absolute links, no permalink glyphs, sanitised, only XML-safe characters."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from sitekit.fragments import inner_html, parse_fragment

from .sanitise import allowed_embed, sanitise

#: Page furniture, not content, in a feed entry: permalinks and alias targets.
FURNITURE_XPATH = (
    "//a[contains(concat(' ', normalize-space(@class), ' '), ' anchor-link ')]"
    " | //span[contains(concat(' ', normalize-space(@class), ' '), ' anchor-alias ')]"
)
LINK_ATTRIBUTES = "//@href | //@src | //@poster | //@cite | //@data"
#: A URL with a scheme (https:, mailto:, data:...) or a protocol-relative one.
ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
#: Characters XML 1.0 cannot hold.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_html(fragment: str, base_url: str, embed_hosts=()) -> str:
    """Return ``fragment`` for a feed: links absolute, permalinks removed, sanitised.

    ``href``, ``src`` and every ``srcset`` candidate (``#question`` links too) are
    resolved against ``base_url``, the post's own address. Embeds (``<iframe>``) stay
    only from ``embed_hosts``; see :mod:`feeds.sanitise` for what else goes.
    """
    if not fragment.strip():
        return ""
    root = parse_fragment(fragment)
    for element in root.xpath(FURNITURE_XPATH):
        element.drop_tree()
    for element in list(root.iter("iframe")):
        if not allowed_embed(element.get("src"), embed_hosts):
            element.drop_tree()
    # Only the attributes that hold links; lxml's make_links_absolute also walks
    # every attribute and style sheet, which costs more than the rest together.
    for value in root.xpath(LINK_ATTRIBUTES):
        if not ABSOLUTE.match(value):
            value.getparent().set(value.attrname, urljoin(base_url, value))
    for element in root.xpath("//*[@srcset]"):
        element.set("srcset", _absolute_srcset(element.get("srcset"), base_url))
    return sanitise(inner_html(root), embed_hosts)


def _absolute_srcset(srcset: str, base_url: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([urljoin(base_url, parts[0]), *parts[1:]]))
    return ", ".join(candidates)


def first_non_xml(text: str) -> str | None:
    """Return the first character of ``text`` that XML cannot hold, if any."""
    match = NOT_XML.search(text or "")
    return match.group(0) if match else None


def plain_text(fragment: str) -> str:
    """Return the text of an HTML fragment, whitespace folded."""
    if not fragment.strip():
        return ""
    return " ".join(parse_fragment(fragment).text_content().split())
