"""What a shared post shows: its image and its schema.org ``BlogPosting`` data."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

FIRST_IMAGE = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"')
TAGS = re.compile(r"<[^>]+>")
COVER_KEYS = ("cover", "image")


def site_path(src: str, page_url: str, site_url: str) -> str:
    """Return ``src`` (as written on the page at ``page_url``) as a path below the site.

    An address on another host is returned whole.
    """
    if site_url and src.startswith(site_url + "/"):
        return src[len(site_url) + 1 :]
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return src
    return urljoin("/" + page_url, src).lstrip("/")


def share_image_path(article, site_url: str, default: str) -> str:
    """Return the post's cover, else its first image, else ``default`` (site paths)."""
    for key in COVER_KEYS:
        cover = article.metadata.get(key)
        if cover:
            return site_path(str(cover).strip(), article.url, site_url)
    first = FIRST_IMAGE.search(article.content)
    if first:
        return site_path(html.unescape(first.group(1)), article.url, site_url)
    return default


def plain_text(markup: str) -> str:
    return " ".join(html.unescape(TAGS.sub("", markup or "")).split())


def blog_posting(article, absolute_url, *, image: str, logo: str, publisher: str) -> dict:
    """Return schema.org ``BlogPosting`` data for ``article``.

    :param absolute_url: turns a path below the site into an absolute URL.
    :param image: the share image (a site path or a URL); ``logo`` likewise.
    :param publisher: the organisation's name.
    """
    url = absolute_url(article.url)
    modified = getattr(article, "modified", None) or article.date
    authors = [
        {
            "@type": "Organization" if record.name == publisher else "Person",
            "name": record.name,
            "url": absolute_url(record_url(article, record)),
            **({"jobTitle": record.role} if record.name != publisher else {}),
        }
        for record in getattr(article, "author_records", [])
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": str(article.title),  # a title is text (the theme escapes it)
        "description": plain_text(getattr(article, "summary", "")),
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": publisher,
            "logo": {"@type": "ImageObject", "url": absolute_url(logo)},
        },
        "image": [absolute_url(image)],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": getattr(article, "lang", "en"),
    }
    if getattr(article, "category", None):
        data["articleSection"] = str(article.category)
    if getattr(article, "tags", None):
        data["keywords"] = [str(tag) for tag in article.tags]
    return data


def record_url(article, record) -> str:
    """Return the site path of an author's page, as Pelican's ``AUTHOR_URL`` makes it."""
    return article.settings.get("AUTHOR_URL", "author/{slug}.html").format(slug=record.slug)
