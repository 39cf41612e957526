"""Write one feed in Atom, RSS 2.0 (both with feedgen) or JSON Feed 1.1."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

GENERATOR = ("Pelican with feedgen", "https://getpelican.com/")
#: What a person who opens a feed in a browser reads first (browsers show XML as a tree).
GUIDE = (
    "<!-- This is a web feed: copy its address into a feed reader to subscribe."
    " Every feed of this site, and what each is for: {href} -->"
)


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself."""

    title: str
    subtitle: str
    self_url: str
    html_url: str
    language: str
    icon: str
    logo: str  # a PNG, GIF or JPEG: RSS's <image> allows no other
    publisher: str  # the feed's author, for entries that name none
    hub: str | None
    guide: str | None  # the HTML page that lists every feed (the feeds page)


def newest(entries, info_updated=None):
    """Return the feed's ``updated``: its newest entry's (never the clock)."""
    return max((entry.updated for entry in entries), default=info_updated)


def _feedgen(info: FeedInfo, entries, fallback_updated, rss=False) -> FeedGenerator:
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
    feed.logo(info.logo)
    feed.author(name=info.publisher, uri=info.html_url)
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
        if entry.summary and rss:
            # RSS readers take <description> as HTML: plain text is escaped for it.
            item.description(html.escape(entry.summary, quote=False), isSummary=True)
        elif entry.summary:
            item.summary(entry.summary, type="text")
        item.content(entry.content_html, type="html")
        item.published(entry.published)
        item.updated(entry.updated)
    return feed


def _with_guide(xml: bytes, info: FeedInfo) -> bytes:
    """Put a comment pointing to the feeds page right after the XML declaration."""
    if not info.guide:
        return xml
    declaration_end = xml.index(b"?>") + 2
    href = info.guide.replace("--", "-%2D")  # "--" may not appear in an XML comment
    comment = GUIDE.format(href=href).encode("utf-8")
    return xml[:declaration_end] + b"\n" + comment + xml[declaration_end:]


def atom_bytes(info: FeedInfo, entries, fallback_updated) -> bytes:
    """Return an Atom 1.0 document of ``entries`` (newest first, as given)."""
    xml = _feedgen(info, entries, fallback_updated).atom_str(pretty=False)
    return _with_guide(xml, info)


def rss_bytes(info: FeedInfo, entries, fallback_updated) -> bytes:
    """Return an RSS 2.0 document of ``entries``."""
    xml = _feedgen(info, entries, fallback_updated, rss=True).rss_str(pretty=False)
    return _with_guide(xml, info)


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
        "authors": [{"name": info.publisher, "url": info.html_url}],
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
