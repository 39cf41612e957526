"""Feed entries: built once per article, written into every feed that lists it."""

from __future__ import annotations

import html as html_escape
from dataclasses import dataclass, field
from datetime import datetime

from sitekit.errors import ContentError, find_line

from .html import feed_html, first_non_xml, plain_text

ID_METADATA = "feed-id"


@dataclass(frozen=True)
class Person:
    name: str
    uri: str


@dataclass(frozen=True)
class Entry:
    """What every feed format says about one post or one update."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    authors: tuple[Person, ...]
    content_html: str
    summary: str = ""  # plain text
    terms: tuple[str, ...] = field(default_factory=tuple)


def mint_id(authority: str, article) -> str:
    """Return a tag URI (RFC 4151) from the post's first address and date."""
    return f"tag:{authority},{article.date:%Y-%m-%d}:/{article.url}"


def entry_id(article, authority: str, locked_ids: dict) -> str:
    """Return the post's entry id: pinned ``Feed-Id:``, else recorded, else minted."""
    pinned = article.metadata.get(ID_METADATA)
    if pinned:
        return str(pinned).strip()
    return locked_ids.get(article.relative_source_path) or mint_id(authority, article)


def absolute(base_url: str, path: str) -> str:
    return f"{base_url}/{path.lstrip('/')}"


def article_entry(article, base_url: str, entry_id: str, embed_hosts=()) -> Entry:
    """Return the feed entry of ``article`` (see :func:`check_xml` first)."""
    url = absolute(base_url, article.url)
    return Entry(
        id=entry_id,
        title=html_escape.unescape(article.title),
        url=url,
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        authors=tuple(
            Person(author.name, absolute(base_url, author.url))
            for author in getattr(article, "authors", [])
        ),
        content_html=feed_html(article.content, url, embed_hosts),
        summary=getattr(article, "summary_text", None) or plain_text(article.summary or ""),
        terms=tuple([str(article.category)] if getattr(article, "category", None) else [])
        + tuple(str(tag) for tag in getattr(article, "tags", [])),
    )


def update_title(update, post_title: str) -> str:
    """Return "Update to “T” (2022-03-24)", or "Update 2 of 2022-03-24 to “T”" for the
    second update of one day."""
    if update.number > 1:
        return f"Update {update.number} of {update.date:%Y-%m-%d} to “{post_title}”"
    return f"Update to “{post_title}” ({update.date:%Y-%m-%d})"


def update_entry(update, post: Entry, embed_hosts=()) -> Entry:
    """Return the entry of one dated ``update`` of the post whose entry is ``post``."""
    body = feed_html(update.html, post.url, embed_hosts)
    link = html_escape.escape(post.url, quote=True)
    read_more = f'<p><a href="{link}">Read “{html_escape.escape(post.title)}”</a></p>'
    return Entry(
        id=f"{post.id}#{update.anchor}",
        title=update_title(update, post.title),
        url=f"{post.url}#{update.anchor}",
        published=update.date,
        updated=update.date,
        authors=post.authors,
        content_html=body + read_more,
        terms=post.terms,
    )


def check_xml(article) -> None:
    """Raise :class:`ContentError` if the article holds a character XML cannot hold."""
    for text in (article.title, article.content, article.summary or ""):
        bad = first_non_xml(text)
        if bad:
            raise ContentError(
                f"character U+{ord(bad):04X} cannot appear in a feed (XML forbids it)",
                "delete it from the post",
                path=article.source_path,
                line=find_line(article.source_path, bad),
            )
