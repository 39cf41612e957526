"""Find and set the plain-text summary of a post or page."""

from __future__ import annotations

import html
import re

import markdown
from lxml.html import HtmlComment
from pelican.contents import Article, Page

from sitekit.compat import raw_content_html, set_summary_html
from sitekit.fragments import parse_fragment
from sitekit.markdown_source import use_extension

from .intro import intro_text
from .mdx_summaries import META_KEY, IntroExtension

MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


def configure(pelican) -> None:
    """Keep ``Summary:`` as the author wrote it (this plugin renders it, escaped), and
    take Markdown posts' intros while Markdown builds them."""
    settings = pelican.settings
    settings["FORMATTED_FIELDS"] = [f for f in settings["FORMATTED_FIELDS"] if f != "summary"]
    use_extension(settings, IntroExtension(max_words=settings.get("SUMMARY_MAX_LENGTH")))


def written_summary_text(source: str) -> str:
    """Return a ``Summary:`` line as plain text: Markdown emphasis and links rendered
    to their words, anything that looks like HTML kept as the characters written."""
    rendered = markdown.markdown(html.escape(source, quote=False))
    return " ".join(parse_fragment(rendered).text_content().split())


def first_paragraphs_text(content_html: str, max_words: int | None) -> str:
    """Return the intro's text of HTML that did not come from Markdown (see :mod:`.intro`)."""
    if not content_html.strip():
        return ""
    children = list(parse_fragment(content_html))
    return intro_text(
        children,
        max_words,
        lambda element: isinstance(element, HtmlComment) and MORE.fullmatch(str(element)),
        lambda element: element.text_content().split(),
    )


def summarise(content) -> None:
    """Give an article or page ``summary_text`` and an escaped HTML summary."""
    if not isinstance(content, Article | Page):
        return
    written = content.metadata.get("summary")
    if written:
        text = written_summary_text(str(written))
    elif META_KEY in content.metadata:  # Markdown: taken while Markdown built the tree
        text = content.metadata[META_KEY]
    else:
        text = first_paragraphs_text(
            raw_content_html(content), content.settings.get("SUMMARY_MAX_LENGTH")
        )
    content.summary_text = text
    set_summary_html(content, f"<p>{html.escape(text, quote=False)}</p>" if text else "")
