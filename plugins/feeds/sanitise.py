"""Feed content as readers that do not sanitise may take it: no script, style or unsafe URL.

Pages keep the author's HTML (as Pelican does); feeds reach clients such as JSON Feed
readers that insert ``content_html`` as it is, so every feed entry goes through nh3
(the Ammonia sanitiser). What articles need stays: figures, images, video, tables,
code, and ``<iframe>`` embeds whose host is in ``FEEDS_EMBED_HOSTS``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

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


def allowed_embed(src: str, hosts) -> bool:
    """Return whether an ``<iframe src>`` is an ``https:`` address on one of ``hosts``."""
    parts = urlsplit(src or "")
    return parts.scheme == "https" and parts.hostname in hosts


def embed_filter(hosts):
    """Return an nh3 attribute filter that keeps an iframe's ``src`` only on ``hosts``."""
    allowed = frozenset(hosts)

    def keep(tag, attribute, value):
        if tag == "iframe" and attribute == "src" and not allowed_embed(value, allowed):
            return None
        return value

    return keep


def sanitise(html: str, embed_hosts=()) -> str:
    """Return ``html`` with scripts, styles, event handlers and unsafe URLs removed.

    :param embed_hosts: hosts whose ``https:`` iframes (video embeds) are kept.
    """
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=embed_filter(embed_hosts),
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
