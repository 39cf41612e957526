"""Write one feed in Atom, RSS 2.0 (both with feedgen) or JSON Feed 1.1."""

from __future__ import annotations

import json
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

GENERATOR = ("Pelican with feedgen", "https://getpelican.com/")
STYLESHEET = '<?xml-stylesheet type="text/xsl" href="{href}"?>'


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    subtitle: str
    self_url: str
    html_url: str
    language: str
    icon: str
    hub: str | None
    stylesheet: str | None  # address of feed.xsl, relative to the feed


def newest(entries, info_updated=None):
    """Return the feed's ``updated``: its newest entry's (never the clock)."""
    return max((entry.updated for entry in entries), default=info_updated)


def _feedgen(info: FeedInfo, entries, fallback_updated) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("dc")
    feed.id(info.self_url)
    feed.title(info.title)
    feed.subtitle(info.subtitle or info.title)
    feed.link(href=info.self_url, rel="self")
    if info.hub:
        feed.link(href=info.hub, rel="hub")
    # feedgen uses the last link as RSS's <link>: the site's page.
    feed.link(href=info.html_url, rel="alternate", type="text/html")
    feed.language(info.language)
    feed.icon(info.icon)
    feed.logo(info.icon)
    feed.generator(GENERATOR[0], uri=GENERATOR[1])
    updated = newest(entries, fallback_updated)
    feed.updated(updated)
    feed.lastBuildDate(updated)
    for entry in entries:
        item = feed.add_entry(order="append")
        item.id(entry.id)
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.url, rel="alternate", type="text/html")
        for person in entry.authors:
            item.author(name=person.name, uri=person.uri)
            item.dc.dc_creator(person.name)
        for term in entry.terms:
            item.category(term=term, label=term)
        if entry.summary:
            item.summary(entry.summary, type="text")
        item.content(entry.content_html, type="html")
        item.published(entry.published)
        item.updated(entry.updated)
    return feed


def _with_stylesheet(xml: bytes, info: FeedInfo) -> bytes:
    if not info.stylesheet:
        return xml
    declaration_end = xml.index(b"?>") + 2
    pi = STYLESHEET.format(href=info.stylesheet).encode()
    return xml[:declaration_end] + b"\n" + pi + xml[declaration_end:]


def atom_bytes(info: FeedInfo, entries, fallback_updated) -> bytes:
    """Return an Atom 1.0 document of ``entries`` (newest first, as given)."""
    xml = _feedgen(info, entries, fallback_updated).atom_str(pretty=False)
    return _with_stylesheet(xml, info)


def rss_bytes(info: FeedInfo, entries, fallback_updated) -> bytes:
    """Return an RSS 2.0 document of ``entries``."""
    xml = _feedgen(info, entries, fallback_updated).rss_str(pretty=False)
    return _with_stylesheet(xml, info)


def json_feed_bytes(info: FeedInfo, entries, fallback_updated) -> bytes:
    """Return a JSON Feed 1.1 document of ``entries`` (feedgen has no JSON Feed)."""
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.html_url,
        "feed_url": info.self_url,
        "description": info.subtitle,
        "icon": info.icon,
        "favicon": info.icon,
        "language": info.language,
    }
    if info.hub:
        document["hubs"] = [{"type": "WebSub", "url": info.hub}]
    document["items"] = [
        {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "content_html": entry.content_html,
            **({"summary": entry.summary} if entry.summary else {}),
            "date_published": entry.published.isoformat(),
            "date_modified": entry.updated.isoformat(),
            "authors": [{"name": p.name, "url": p.uri} for p in entry.authors],
            "tags": list(entry.terms),
        }
        for entry in entries
    ]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
