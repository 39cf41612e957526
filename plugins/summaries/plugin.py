"""Find and set the plain-text summary of a post or page."""

from __future__ import annotations

import html
import re

import markdown
from pelican.contents import Article, Page

from sitekit.compat import raw_content_html, set_summary_html
from sitekit.fragments import parse_fragment

MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
ELLIPSIS = "…"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def configure(pelican) -> None:
    """Keep ``Summary:`` as the author wrote it; this plugin renders it (escaped)."""
    fields = pelican.settings["FORMATTED_FIELDS"]
    pelican.settings["FORMATTED_FIELDS"] = [field for field in fields if field != "summary"]


def written_summary_text(source: str) -> str:
    """Return a ``Summary:`` line as plain text: Markdown emphasis and links rendered
    to their words, anything that looks like HTML kept as the characters written."""
    rendered = markdown.markdown(html.escape(source, quote=False))
    return " ".join(parse_fragment(rendered).text_content().split())


def first_paragraphs_text(content_html: str, max_words: int | None) -> str:
    """Return the text of the leading paragraphs of ``content_html``.

    Paragraphs before a ``<!--more-->`` divider when there is one; otherwise the
    top-level paragraphs of the intro (up to the first heading, unless the post opens
    with one), until ``max_words`` words (then "…").
    """
    divided = MORE.search(content_html)
    if divided:
        content_html, max_words = content_html[: divided.start()], None
    if not content_html.strip():
        return ""
    words: list[str] = []
    for element in parse_fragment(content_html).iterchildren("p", *HEADINGS):
        if element.tag in HEADINGS:
            if words:
                break
            continue
        words.extend(element.text_content().split())
        if max_words is not None and len(words) >= max_words:
            break
    if max_words is not None and len(words) > max_words:
        return " ".join(words[:max_words]) + ELLIPSIS
    return " ".join(words)


def summarise(content) -> None:
    """Give an article or page ``summary_text`` and an escaped HTML summary."""
    if not isinstance(content, Article | Page):
        return
    written = content.metadata.get("summary")
    if written:
        text = written_summary_text(str(written))
    else:
        text = first_paragraphs_text(
            raw_content_html(content), content.settings.get("SUMMARY_MAX_LENGTH")
        )
    content.summary_text = text
    set_summary_html(content, f"<p>{html.escape(text, quote=False)}</p>" if text else "")
