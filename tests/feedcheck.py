"""The W3C feed validator's errors, checked offline (the validator itself needs the network).

Each check is one of the validator's error messages for Atom 1.0 (RFC 4287) or RSS 2.0,
the ones a generator can get wrong: missing required elements, dates in the wrong form,
an entry without an author in a feed without one, duplicate ids, relative links, an
RSS image that is not GIF, JPEG or PNG. :func:`feed_errors` returns them as text.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RSS_IMAGE_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg")


def feed_errors(data: bytes) -> list[str]:
    """Return the validator-style errors of an Atom or RSS document (empty: valid)."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag == f"{ATOM}feed":
        return _atom_errors(root)
    if root.tag == "rss":
        return _rss_errors(root)
    return [f"unknown feed root <{root.tag}>"]


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("mailto", "tag", "urn")))


def _atom_errors(feed) -> list[str]:
    errors = []
    for name in ("id", "title", "updated"):
        if feed.find(f"{ATOM}{name}") is None:
            errors.append(f"feed: missing <{name}>")
    if not any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link")):
        errors.append('feed: missing <link rel="self">')
    feed_author = feed.find(f"{ATOM}author") is not None
    ids = []
    for updated in feed.iter(f"{ATOM}updated", f"{ATOM}published"):
        if not RFC3339.match(updated.text or ""):
            errors.append(f"<{updated.tag[len(ATOM) :]}> is not an RFC 3339 date: {updated.text}")
    for entry in feed.findall(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id") or ""
        label = f"entry {entry_id or '?'}"
        for name in ("id", "title", "updated"):
            if entry.find(f"{ATOM}{name}") is None:
                errors.append(f"{label}: missing <{name}>")
        if not _absolute(entry_id):
            errors.append(f"{label}: <id> is not an absolute IRI")
        ids.append(entry_id)
        if not feed_author and entry.find(f"{ATOM}author") is None:
            errors.append(f"{label}: no <author>, and the feed has none")
        for author in entry.findall(f"{ATOM}author"):
            if not (author.findtext(f"{ATOM}name") or "").strip():
                errors.append(f"{label}: <author> without a <name>")
        for link in entry.findall(f"{ATOM}link"):
            if not _absolute(link.get("href")):
                errors.append(f"{label}: relative link {link.get('href')!r}")
    errors += [f"duplicate entry id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    return errors


def _rss_errors(rss) -> list[str]:
    errors = []
    channel = rss.find("channel")
    if rss.get("version") != "2.0" or channel is None:
        return ["rss: version 2.0 with a <channel> expected"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            errors.append(f"channel: missing <{name}>")
    image = channel.find("image")
    if image is not None:
        url = image.findtext("url") or ""
        if not url.lower().endswith(RSS_IMAGE_SUFFIXES):
            errors.append(f"channel <image>: not in required format (GIF, JPEG or PNG): {url}")
        for name in ("title", "link"):
            if not (image.findtext(name) or "").strip():
                errors.append(f"channel <image>: missing <{name}>")
    guids = []
    for element in rss.iter("pubDate", "lastBuildDate"):
        try:
            parsedate_to_datetime(element.text or "")
        except (TypeError, ValueError):
            errors.append(f"<{element.tag}> is not an RFC 822 date: {element.text}")
    for item in channel.findall("item"):
        guid = item.findtext("guid") or ""
        if not (item.findtext("title") or item.findtext("description")):
            errors.append(f"item {guid}: needs a <title> or <description>")
        if not guid:
            errors.append("item without <guid>")
        guids.append(guid)
        link = item.findtext("link")
        if link is not None and not _absolute(link):
            errors.append(f"item {guid}: relative <link> {link!r}")
    errors += [f"duplicate guid {g}" for g in sorted({g for g in guids if guids.count(g) > 1})]
    return errors
