"""Page-only changes to a post's HTML, used as Jinja filters.

Each takes the HTML the page shows and returns new HTML; none touches
``article.content``, which the feeds read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree

from sitekit.fragments import inner_html, parse_fragment

QUESTION_HEADING = re.compile(r'<h2\b[^>]*?\sid="([^"]*)"')
FOOTNOTES = '<div class="footnote"'
#: Cheap signs that a page needs :func:`readable_html` to parse it at all.
NEEDS_PARSING = ("<table", "<pre", "<img", "<iframe")

SizeLookup = Callable[[str], "tuple[int, int] | None"]


def readable_html(html: str, image_size: SizeLookup | None = None) -> str:
    """Return ``html`` ready to read on any screen.

    Tables sit in a focusable region that scrolls sideways on a phone; code blocks
    can be focused (and so scrolled with the keyboard); local images get ``width``
    and ``height`` when ``image_size(src)`` knows them (no layout shift); frames
    without a title get one naming where they come from.
    """
    if not any(sign in html for sign in NEEDS_PARSING):
        return html
    root = parse_fragment(html)
    data_tables = [table for table in root.iter("table") if not _in_numbered_code(table)]
    for number, table in enumerate(data_tables, start=1):
        _wrap_table(table, number)
    for pre in root.iter("pre"):
        if not _in_numbered_code(pre):
            _focusable(pre)
    for table in root.iter("table"):
        if "highlighttable" in _classes(table):
            _focusable(table.getparent())  # numbered code scrolls as a whole
    if image_size:
        for image in root.iter("img"):
            _size_image(image, image_size)
    for frame in root.iter("iframe"):
        if not frame.get("title"):
            host = urlsplit(frame.get("src", "")).hostname
            frame.set("title", f"Embedded content from {host}" if host else "Embedded content")
    return inner_html(root)


def _classes(element) -> list[str]:
    return (element.get("class") or "").split()


def _in_numbered_code(element) -> bool:
    """Whether ``element`` is, or is inside, Pygments' table of numbered code lines."""
    return any(
        "highlighttable" in _classes(node) for node in (element, *element.iterancestors("table"))
    )


def _focusable(element) -> None:
    """Let the keyboard reach (and so scroll) ``element``."""
    if element.get("tabindex") is None:
        element.set("tabindex", "0")


def _wrap_table(table, number: int) -> None:
    parent = table.getparent()
    if parent is not None and "table-scroll" in _classes(parent):
        return
    caption = table.find("caption")
    label = caption.text_content().strip() if caption is not None else ""
    region = etree.Element(
        "div",
        {
            "class": "table-scroll",
            "role": "region",
            "tabindex": "0",
            "aria-label": label or f"Table {number}",
        },
    )
    table.addprevious(region)
    region.tail, table.tail = table.tail, None
    region.append(table)


def _size_image(image, image_size: SizeLookup) -> None:
    if image.get("width") or image.get("height"):
        return
    size = image_size(image.get("src", ""))
    if size:
        image.set("width", str(size[0]))
        image.set("height", str(size[1]))


def before_first_question(html: str, questions, insert) -> str:
    """Return ``html`` with ``insert`` right before the first of ``questions``' headings.

    :param questions: the post's question index (objects with an ``id``), in order.
    """
    if not questions:
        return html
    first = questions[0].id
    for heading in QUESTION_HEADING.finditer(html):
        if heading.group(1) == first:
            return html[: heading.start()] + str(insert) + html[heading.start() :]
    return str(insert) + html


def after_each_answer(html: str, questions, insert) -> str:
    """Return ``html`` with ``insert`` after the answer to each of ``questions``.

    An answer ends at the next ``h2`` or at the end of the post (before its footnotes).
    """
    if not questions:
        return html
    ids = {question.id for question in questions}
    pieces, done, answering = [], 0, False
    for heading in QUESTION_HEADING.finditer(html):
        if answering:
            pieces += [html[done : heading.start()], str(insert)]
            done = heading.start()
        answering = heading.group(1) in ids
    if answering:
        end = html.rfind(FOOTNOTES)
        end = len(html) if end < done else end
        pieces += [html[done:end].rstrip("\n") + "\n", str(insert), html[end:]]
    else:
        pieces.append(html[done:])
    return "".join(pieces)


def initials(name: str) -> str:
    """Return up to two initials for an avatar: ``"Chris Holdgraf"`` → ``"CH"``."""
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:2]
    return (words[0][0] + words[-1][0]).upper()


def link_label(url: str) -> str:
    """Return ``url`` as people say it: no scheme, no ``www.``, no trailing slash."""
    parts = urlsplit(url)
    if not parts.netloc:
        return url
    host = parts.netloc.removeprefix("www.")
    return (host + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")


def date_text(date, date_format: str) -> str:
    """Return ``date`` written as ``date_format`` (as ``date.strftime``, once per date:
    Pelican's ``strftime`` is slow, and a listing shows each date on many pages)."""
    # The offset, zone name and type in the key: an equal instant in another zone, or a
    # plain datetime beside Pelican's SafeDatetime, is written differently.
    return _date_text(date, type(date), date.utcoffset(), date.tzname(), date_format)


@functools.lru_cache(maxsize=8192)
def _date_text(date, kind, offset, zone, date_format: str) -> str:
    return date.strftime(date_format)
