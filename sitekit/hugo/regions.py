"""Parts of a Markdown text that rewriting must leave alone: code and shortcode tags."""

from __future__ import annotations

import bisect
import re

FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})", re.M)
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """Return the spans of fenced code blocks (an unclosed fence runs to the end)."""
    spans, pos = [], 0
    while opening := FENCE.search(text, pos):
        fence = opening.group(1)
        closing = re.compile(rf"^[ \t>]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
        line_end = text.find("\n", opening.end())
        if line_end < 0:
            spans.append((opening.start(), len(text)))
            break
        found = closing.search(text, line_end + 1)
        end = found.end() if found else len(text)
        spans.append((opening.start(), end))
        pos = end
    return spans


def code_spans(text: str, skip=()) -> list[tuple[int, int]]:
    """Return the spans of fenced blocks and inline code, outside the spans ``skip``."""
    blocks = fenced_blocks(text)
    inline = [
        match.span()
        for gap_start, gap_end in gaps(text, merge(blocks + list(skip)))
        for match in INLINE_CODE.finditer(text, gap_start, gap_end)
    ]
    return merge(blocks + inline)


def merge(spans) -> list[tuple[int, int]]:
    """Return ``spans`` sorted with overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def gaps(text: str, protected) -> list[tuple[int, int]]:
    """Return the spans of ``text`` between the (merged) ``protected`` spans."""
    result, pos = [], 0
    for start, end in protected:
        if start > pos:
            result.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        result.append((pos, len(text)))
    return result


def sub_outside(text: str, protected, pattern: re.Pattern, replace) -> str:
    """Apply ``pattern.sub`` with ``replace(match)`` only outside ``protected`` spans."""
    out, pos = [], 0
    for start, end in gaps(text, merge(protected)):
        out.append(text[pos:start])
        out.append(_sub(pattern, replace, text, start, end))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _sub(pattern, replace, text, start, end) -> str:
    out, pos = [], start
    for match in pattern.finditer(text, start, end):
        out.append(text[pos : match.start()])
        out.append(replace(match))
        pos = match.end()
    out.append(text[pos:end])
    return "".join(out)


class LineIndex:
    """Turn offsets of a text into 1-based line numbers."""

    def __init__(self, text: str, first_line: int = 1):
        self.newlines = [index for index, char in enumerate(text) if char == "\n"]
        self.first_line = first_line

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.newlines, offset - 1) + self.first_line


def fenced_lines(body: str) -> set[int]:
    """Return the 0-based numbers of the lines inside fenced code blocks (fences included)."""
    lines = set()
    for start, end in fenced_blocks(body):
        first = body.count("\n", 0, start)
        lines.update(range(first, first + body.count("\n", start, end) + 1))
    return lines
