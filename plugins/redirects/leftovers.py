"""Warn about Hugo shortcodes that reached a page or feed: ``{{<`` or ``{{%`` outside code."""

from __future__ import annotations

import logging
import re

from pelican.contents import Article, Page

from sitekit.compat import raw_content_html
from sitekit.errors import ContentError, find_line, report

logger = logging.getLogger(__name__)

CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)
#: "{{<" and "{{%" as they appear in HTML: raw, or with "<" escaped once or twice.
SHORTCODE = re.compile(r"\{\{\s*(?:<|&lt;|&amp;lt;|%)")
SOURCE_SHORTCODE = re.compile(r"\{\{\s*[<%]")
KEY = "REDIRECTS_SHORTCODE_CHECK"


def leftover(html: str) -> str | None:
    """Return the first shortcode-like text of ``html`` outside code, or None."""
    if not html or html.count("{") < 2:  # a shortcode needs two of the text's own "{"
        return None
    match = SHORTCODE.search(CODE.sub("", html))
    return match.group() if match else None


def check_shortcodes(content) -> None:
    """Warn (or fail, or nothing: ``REDIRECTS_SHORTCODE_CHECK``) about a leftover shortcode."""
    if not isinstance(content, Article | Page):
        return
    mode = content.settings.get(KEY, "warn")
    if mode == "off":
        return
    texts = (
        raw_content_html(content),
        getattr(content, "title", ""),  # Pelican reports a missing title itself
        content.metadata.get("summary", ""),
    )
    if not any(leftover(str(text)) for text in texts):
        return
    path = content.source_path
    line = _source_line(path)
    error = ContentError(
        "a Hugo shortcode is left in the page (and its feed entries)",
        "convert it (make import, import-shortcodes.toml) or write it as HTML or Markdown",
        path=path,
        line=line,
    )
    if mode == "error":
        report(error)
    else:
        logger.warning("%s", error.format())


def _source_line(path: str) -> int | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if SOURCE_SHORTCODE.search(line):
                    return number
    except OSError:
        return None
    return find_line(path, "{{")
