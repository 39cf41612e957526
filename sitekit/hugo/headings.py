"""Headings of a Hugo page's Markdown source, with the ids Hugo gave them.

ATX (``## Text``) and setext (``Text`` over ``---``) headings, also inside block
quotes and list items, outside fenced code. Goldmark's trailing attribute block
(``## Text {#id .class}``) is read as Hugo reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ids import HugoIds
from .regions import fenced_lines

ATX = re.compile(
    r"^(?P<prefix>(?:[ ]{0,3}(?:>[ ]?|[-*+][ ]+|\d{1,9}[.)][ ]+))*[ ]{0,3})"
    r"(?P<hashes>#{1,6})(?:[ \t]+(?P<content>.*?))?[ \t]*$"
)
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
SETEXT = re.compile(r"^[ ]{0,3}(?P<marks>=+|-+)[ \t]*$")
NOT_PARAGRAPH = re.compile(r"^\s*$|^[ ]{0,3}(?:[>#<|]|[-*+][ \t]|\d{1,9}[.)][ \t]|`{3}|~{3})|^ {4}")
ATTRIBUTES = re.compile(r"[ \t]*\{(?P<body>[^{}\n]*)\}[ \t]*$")
ATTRIBUTE = re.compile(
    r"""\s*(?:\#(?P<id>[^\s#.{}="']+)|\.(?P<cls>[^\s#.{}="']+)"""
    r"""|(?P<key>[\w:\-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'{}]+)))"""
)


@dataclass
class SourceHeading:
    """One heading as written in the Hugo source."""

    line: int  # 0-based line of the body (the text line of a setext heading)
    level: int
    prefix: str  # block quote / list markers before the hashes
    text: str  # the heading's Markdown, attribute block removed
    attributes: dict = field(default_factory=dict)  # id, class (list), others
    setext: bool = False
    hugo_id: str | None = None


def parse_attributes(body: str) -> dict | None:
    """Parse a goldmark attribute block's inside (``#id .a key="v"``); None if invalid."""
    found: dict = {}
    pos = 0
    while pos < len(body.rstrip()):
        match = ATTRIBUTE.match(body, pos)
        if not match or match.end() == pos:
            return None
        if match.group("id"):
            found["id"] = match.group("id")
        elif match.group("cls"):
            found.setdefault("class", []).append(match.group("cls"))
        else:
            value = next(v for v in match.group("dq", "sq", "bare") if v is not None)
            found[match.group("key")] = value
        pos = match.end()
    return found


def split_attributes(content: str, enabled: bool = True) -> tuple[str, dict]:
    """Return a heading's text without its trailing ``{…}`` block, and the attributes."""
    match = ATTRIBUTES.search(content) if enabled else None
    if match:
        attributes = parse_attributes(match.group("body"))
        if attributes is not None:
            return content[: match.start()].rstrip(), attributes
    return content, {}


def find_headings(body: str, attributes: bool = True) -> list[SourceHeading]:
    """Return the headings of ``body`` in order (none from inside fenced code)."""
    lines = body.split("\n")
    in_code = fenced_lines(body)
    headings = []
    for index, line in enumerate(lines):
        if index in in_code:
            continue
        atx = ATX.match(line)
        if atx:
            content = CLOSING_HASHES.sub("", atx.group("content") or "").strip()
            text, attrs = split_attributes(content, attributes)
            headings.append(
                SourceHeading(index, len(atx.group("hashes")), atx.group("prefix"), text, attrs)
            )
            continue
        setext = SETEXT.match(line)
        if setext and index and _paragraph_line(lines[index - 1], index - 1, in_code):
            if headings and headings[-1].line == index - 1:
                continue  # "## Heading" then "---": a rule under an ATX heading
            text, attrs = split_attributes(lines[index - 1].strip(), attributes)
            level = 1 if setext.group("marks")[0] == "=" else 2
            headings.append(SourceHeading(index - 1, level, "", text, attrs, setext=True))
    return headings


def _paragraph_line(line: str, index: int, in_code) -> bool:
    return index not in in_code and not NOT_PARAGRAPH.match(line)


def assign_ids(headings, style: str = "github", auto: bool = True) -> None:
    """Give each heading the id Hugo gave it (explicit ``{#id}`` or made from its text)."""
    ids = HugoIds(style)
    for heading in headings:
        explicit = heading.attributes.get("id")
        if explicit:
            heading.hugo_id = ids.explicit(explicit)
        elif auto:
            heading.hugo_id = ids.generate(heading.text)
