"""Every use of Pelican's and pelican-sitemap's internals, in one place.

Public APIs and signals come first; where none exists, the internal is used here and
only here, and ``tests/test_compat.py`` fails naming the internal if an upgrade of
Pelican or pelican-sitemap changes it.
"""

from __future__ import annotations

import re
import sys

#: Pelican's log message when a file's metadata lacks a required field
#: (``pelican.generators.Generator._check_content`` / ``ArticlesGenerator``).
MISSING_FIELD_MESSAGE = "Skipping %s: could not find information about"
#: The text of the ``ValueError`` Pelican raises for a Date it cannot parse
#: (``pelican.utils.get_date``).
INVALID_DATE = re.compile(r"'(.*)' is not a valid date")
#: The generators' lists of content objects (attributes of Pelican's generators).
CONTENT_LISTS = (
    "articles", "translations", "drafts", "drafts_translations", "hidden_articles",
    "hidden_translations", "pages", "translations", "hidden_pages", "hidden_translations",
    "draft_pages", "draft_translations",
)  # fmt: skip


def content_objects(generator):
    """Yield every content object a generator read, whatever its status."""
    seen = set()
    for name in CONTENT_LISTS:
        for content in getattr(generator, name, None) or ():
            if id(content) not in seen:
                seen.add(id(content))
                yield content


#: The keys under which Pelican's generators share their content in the context.
CONTEXT_CONTENT_KEYS = (
    "articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages",
)  # fmt: skip


def context_contents(context):
    """Yield every article and page in a build's context, with their translations."""
    seen = set()
    for key in CONTEXT_CONTENT_KEYS:
        for content in context.get(key) or ():
            for item in (content, *getattr(content, "translations", ())):
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


def set_content_html(content, html: str) -> None:
    """Replace a content object's HTML (Pelican has no setter: ``Content._content``)."""
    content._content = html


def raw_content_html(content) -> str:
    """Return a content object's HTML before Pelican's link and summary processing."""
    return content._content


def set_summary_html(content, html: str) -> None:
    """Set a content object's summary (Pelican's ``summary`` setter does nothing).

    ``Content.get_summary`` returns ``metadata["summary"]``; Pelican copies
    ``Content._summary`` back into it when it refreshes links, so both are set.
    """
    content.metadata["summary"] = html
    content._summary = html


def active_exception(record):
    """Return the exception a log record was logged about.

    Pelican logs "Could not process …" inside its ``except`` block without
    ``exc_info`` (``pelican.generators``), so the active exception is the one.
    """
    if record.exc_info:
        return record.exc_info[1]
    return sys.exc_info()[1]


def pin_sitemap_clock(moment) -> None:
    """Make pelican-sitemap stamp index pages with ``moment`` instead of the clock.

    pelican-sitemap keeps one module-level generator whose ``now`` it reads.
    """
    from pelican.plugins.sitemap import sitemap

    sitemap.generator.now = moment


def markdown_meta_value(value):
    """Wrap ``value`` so that it comes out of Pelican's Markdown reader unchanged.

    ``pelican.readers.MarkdownReader`` turns a one-item metadata list into its item.
    """
    return [value]
