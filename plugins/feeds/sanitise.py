"""Feed content as readers that do not sanitise may take it: no script, style or unsafe URL.

Pages keep the author's HTML (as Pelican does); feeds reach clients such as JSON Feed
readers that insert ``content_html`` as it is, so every feed entry goes through nh3
(the Ammonia sanitiser). What articles need stays: figures, images, video, tables,
code, and ``<iframe>`` embeds whose host is in ``FEEDS_EMBED_HOSTS``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nh3

TAGS = nh3.ALLOWED_TAGS | {"iframe", "video", "audio", "source", "track", "picture", "figure"}
ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "track": {"src", "kind", "srclang", "label"},
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop"},
    "audio": {"src", "controls", "preload"},
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "loading"},
    "time": {"datetime"},
    "code": {"class"},  # the language, for readers that colour code
}
URL_SCHEMES = {"http", "https", "mailto"}
#: An iframe whose ``src`` the filter removed (nh3's output has this exact form).
EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*></iframe>")


def allowed_embed(src: str, hosts) -> bool:
    """Return whether an ``<iframe src>`` is an ``https:`` address on one of ``hosts``."""
    parts = urlsplit(src or "")
    return parts.scheme == "https" and parts.hostname in hosts


def attribute_filter(hosts, base_url):
    """Return an nh3 attribute filter: iframes only from ``hosts``; ``srcset`` and
    ``poster`` (which nh3 leaves alone) resolved against ``base_url``."""
    allowed = frozenset(hosts)

    def keep(tag, attribute, value):
        if tag == "iframe" and attribute == "src" and not allowed_embed(value, allowed):
            return None
        if base_url and attribute == "srcset":
            return absolute_srcset(value, base_url)
        if base_url and attribute == "poster":
            return urljoin(base_url, value)
        return value

    return keep


def absolute_srcset(srcset: str, base_url: str) -> str:
    candidates = (candidate.split() for candidate in srcset.split(","))
    return ", ".join(
        " ".join([urljoin(base_url, parts[0]), *parts[1:]]) for parts in candidates if parts
    )


def sanitise(html: str, embed_hosts=(), base_url: str | None = None) -> str:
    """Return ``html`` with scripts, styles, event handlers and unsafe URLs removed.

    :param embed_hosts: hosts whose ``https:`` iframes (video embeds) are kept; other
        iframes go, with their content.
    :param base_url: when given, relative addresses are made absolute against it.
    """
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=attribute_filter(embed_hosts, base_url),
        url_schemes=URL_SCHEMES,
        url_relative=("rewrite_with_base", base_url) if base_url else None,
        link_rel=None,
        strip_comments=True,
    )
    return EMPTY_IFRAME.sub("", clean)
