"""Let Markdown extensions report the source line of what they find.

Python-Markdown keeps no line numbers; :class:`SourceLines` saves the document's
lines, as the file has them, before any preprocessor runs, on ``md.source_lines``.
"""

from __future__ import annotations

import re

from markdown.preprocessors import Preprocessor

FENCE = re.compile(r"^\s*(```|~~~)")
ATX_HEADING = re.compile(r"^(#{1,6})\s+\S")


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
    """Return the lines of the ATX headings of ``levels``, in order, outside code fences."""
    found, in_fence = [], False
    for number, line in enumerate(getattr(md, "source_lines", []), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := ATX_HEADING.match(line)):
            if len(match.group(1)) in levels:
                found.append(number)
    return found


def use_extension(settings, extension) -> None:
    """Put ``extension`` in this build's ``MARKDOWN`` settings, replacing one of its class.

    A new dict, so settings shared between builds (tests, ``make serve``) stay untouched.
    """
    markdown = dict(settings["MARKDOWN"])
    extensions = [
        ext for ext in markdown.get("extensions", []) if not isinstance(ext, type(extension))
    ]
    settings["MARKDOWN"] = dict(markdown, extensions=[*extensions, extension])
