"""Heading ids: readable, stable, unique; and the ids other generators gave."""

from __future__ import annotations

import re
import unicodedata

from markdown.extensions.toc import slugify_unicode

from sitekit.hugo.ids import hugo_id

MAX_LENGTH = 100
SEPARATOR = "-"
# Punctuation that separates words, unlike quotes and commas which simply vanish.
WORD_BREAKS = re.compile(r"[/\\|·–—]+")
#: What GitHub drops from a heading: all but letters, digits, "-", "_" and spaces.
GITHUB_DROPPED = re.compile(r"[^\w\- ]")


def slugify_heading(text: str, max_length: int = MAX_LENGTH) -> str:
    """Return the id for a heading's text ('' when it has no letter or digit).

    Letters of every script are kept, quotes and punctuation dropped, ``/`` and dashes
    separate words, and a long slug is cut at a word boundary.

    :param text: the heading as plain text.
    :param max_length: the longest id to return.
    """
    text = unicodedata.normalize("NFC", text)
    slug = slugify_unicode(WORD_BREAKS.sub(" ", text), SEPARATOR).strip("-_")
    if len(slug) > max_length:
        head = slug[: max_length + 1]
        cut = head.rsplit(SEPARATOR, 1)[0] if SEPARATOR in head else ""
        slug = (cut or slug[:max_length]).strip("-_")
    return slug


def github_slug(text: str) -> str:
    """Return the id GitHub and Hugo (goldmark's "github" style) give a heading.

    Lowercase; every character that is not a letter, digit, space, ``-`` or ``_``
    dropped; each space turned into ``-`` without collapsing runs.
    """
    text = unicodedata.normalize("NFC", text).strip().lower()
    return GITHUB_DROPPED.sub("", text).replace(" ", "-")


def hugo_github_ascii_slug(text: str) -> str:
    """Return the id Hugo's ``autoHeadingIDType = "github-ascii"`` gives a heading."""
    return hugo_id(text, "github-ascii")


def blackfriday_slug(text: str) -> str:
    """Return the id Hugo's ``autoHeadingIDType = "blackfriday"`` gives a heading."""
    return hugo_id(text, "blackfriday")


LEGACY_SLUGS = {
    "github": github_slug,
    "github-ascii": hugo_github_ascii_slug,
    "blackfriday": blackfriday_slug,
}
