"""Let Markdown extensions report the source line of what they find, and pass on what
they work out.

Python-Markdown keeps no line numbers; :class:`SourceLines` saves the document's
lines, as the file has them, before any preprocessor runs, on ``md.source_lines``.
What an extension works out per post goes to Pelican in the document's metadata
(:func:`leave_in_meta`); :class:`MeasureExtension` does so for a function of the
finished HTML, in the worker that converts the post.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from sitekit.compat import markdown_meta_value

FENCE = re.compile(r"^\s*(```|~~~)")
ATX_HEADING = re.compile(r"^(#{1,6})\s+\S")
#: Block quote markers before a line's content.
QUOTED = re.compile(r"^(?:\s{0,3}>\s?)+")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
HTML_HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)


class SourceLines(Preprocessor):
    """Keep a copy of the untouched source lines."""

    def run(self, lines):
        self.md.source_lines = list(lines)
        return lines


def ensure_source_lines(md) -> None:
    """Register :class:`SourceLines` once on ``md`` (several extensions ask for it)."""
    if "source_lines" not in md.preprocessors:
        md.preprocessors.register(SourceLines(md), "source_lines", 200)
        md.source_lines = []


def line_of(md, needle: str, occurrence: int = 1) -> int | None:
    """Return the 1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(getattr(md, "source_lines", []), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    return None


def heading_lines(md, levels=(2, 3)) -> list[int]:
    """Return the lines of the headings of ``levels``, in order, outside code fences.

    ATX (``## Q``), setext (``Q`` over ``---``) and HTML (``<h2>``) headings count,
    also inside block quotes.
    """
    found, in_fence, previous = [], False, ""
    for number, raw in enumerate(getattr(md, "source_lines", []), start=1):
        # (each test first asks whether the line has the character it needs: most lines
        # are prose, and this runs over every line of every post)
        line = QUOTED.sub("", raw) if ">" in raw[:4] else raw
        fence = FENCE.match(line) if "`" in line or "~" in line else None
        if fence:
            in_fence = not in_fence
        if in_fence or fence:
            previous = ""
            continue
        level = _heading_level(line, previous)
        if level in levels:
            found.append(number - 1 if SETEXT_UNDERLINE.match(line) else number)
        if "<" in line:
            found.extend(number for m in HTML_HEADING.finditer(line) if int(m[1]) in levels)
        previous = line
    return found


def _heading_level(line: str, previous: str) -> int | None:
    """Return the level of the ATX heading on ``line``, or of the setext heading it ends."""
    if line[:1] == "#" and (match := ATX_HEADING.match(line)):
        return len(match.group(1))
    if "=" not in line and "-" not in line:
        return None
    underline = SETEXT_UNDERLINE.match(line)
    if underline and previous.strip() and not ATX_HEADING.match(previous):
        return 1 if underline.group(1)[0] == "=" else 2
    return None


def use_extension(settings, extension) -> None:
    """Put ``extension`` in this build's ``MARKDOWN`` settings, replacing one of its class.

    A new dict, so settings shared between builds (tests, ``make serve``) stay untouched.
    """
    markdown = dict(settings["MARKDOWN"])
    extensions = [
        ext for ext in markdown.get("extensions", []) if not isinstance(ext, type(extension))
    ]
    settings["MARKDOWN"] = dict(markdown, extensions=[*extensions, extension])


def leave_in_meta(md, key: str, value) -> None:
    """Put ``value`` in the document's metadata under ``key``: Pelican's reader makes it
    the content object's ``key`` attribute, as it is."""
    if not hasattr(md, "Meta"):
        md.Meta = {}
    md.Meta[key] = markdown_meta_value(value)


def take_from_meta(content, key: str):
    """Return what an extension left under ``key`` for ``content`` (None if nothing), and
    drop it from the content object (its metadata and its attribute): for what is needed
    once, so that thousands of posts do not keep it."""
    vars(content).pop(key, None)
    return content.metadata.pop(key, None)


class MeasureExtension(Extension):
    """Leaves :meth:`measure` of each post's finished HTML in its metadata, under
    :attr:`key` (a subclass defines both); it runs after every other postprocessor."""

    key: str

    def measure(self, html: str):
        raise NotImplementedError

    def extendMarkdown(self, md):
        md.postprocessors.register(_Measure(md, self), self.key, 0)


class _Measure(Postprocessor):
    def __init__(self, md, extension: MeasureExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text):
        leave_in_meta(self.md, self.extension.key, self.extension.measure(text))
        return text
