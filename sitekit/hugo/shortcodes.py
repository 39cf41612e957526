"""Find Hugo shortcodes in a page body: ``{{< name params >}}``, ``{{% … %}}``, pairs.

Follows Hugo's lexer: positional and named parameters, ``"quoted"`` (with ``\\"``),
```raw``` (may span lines) and bare values; self-closing ``/>}}``; closing tags
``{{< /name >}}``; comments ``{{</* … */>}}`` (Hugo prints them as written, without
the comment marks). Whether a tag opens a pair is decided the way Hugo does: a
closing tag for it follows, unless its template takes no inner content.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

OPEN = re.compile(r"\{\{([<%])")
NAME = re.compile(r"[\w.\-/]+")
SPACE = re.compile(r"\s*")
BARE = re.compile(r"[^\s\"`=]+?(?=\s|/?[>%]\}\}|$)")
KEY = re.compile(r"([\w\-]+)\s*=\s*")
#: Hugo's built-in shortcodes that never take inner content.
LEAVES = frozenset(
    "figure youtube vimeo vimeo_simple gist ref relref param tweet twitter twitter_simple x"
    " x_simple instagram instagram_simple".split()
)


@dataclass
class Shortcode:
    """One shortcode in a text, with its children when it encloses content."""

    name: str
    markdown: bool  # {{% %}} rather than {{< >}}
    positional: list[str]
    named: dict[str, str]
    start: int  # offset of the opening "{{"
    end: int  # offset after the closing tag (or the only tag)
    tag_end: int  # offset after the opening tag
    line: int  # 1-based line of the opening tag in the text
    inner_start: int | None = None  # offsets of the inner content of a pair
    inner_end: int | None = None
    escaped: bool = False  # a {{</* … */>}} comment: printed as written
    children: list[Shortcode] = field(default_factory=list)
    closing_start: int | None = None

    @property
    def paired(self) -> bool:
        return self.inner_start is not None

    def param(self, *names, default=""):
        """Return the first named parameter of ``names`` (ints: positional) that is set."""
        for name in names:
            if isinstance(name, int):
                if name < len(self.positional):
                    return self.positional[name]
            elif name in self.named:
                return self.named[name]
        return default

    def tag_spans(self) -> list[tuple[int, int]]:
        """The spans of this shortcode's own tags (not its inner content)."""
        if not self.paired:
            return [(self.start, self.end)]
        return [(self.start, self.tag_end), (self.closing_start, self.end)]


@dataclass
class Tag:
    shortcode: Shortcode
    closing: bool
    self_closing: bool


class ShortcodeSyntaxError(Exception):
    def __init__(self, message, offset):
        super().__init__(message)
        self.offset = offset


def _value(text: str, pos: int) -> tuple[str, int]:
    if text.startswith('"', pos):
        out, index = [], pos + 1
        while index < len(text) and text[index] != '"':
            if text[index] == "\\" and index + 1 < len(text):
                index += 1
            out.append(text[index])
            index += 1
        if index >= len(text):
            raise ShortcodeSyntaxError("a quoted parameter never ends", pos)
        return "".join(out), index + 1
    if text.startswith("`", pos):
        end = text.find("`", pos + 1)
        if end < 0:
            raise ShortcodeSyntaxError("a `raw` parameter never ends", pos)
        return text[pos + 1 : end], end + 1
    match = BARE.match(text, pos)
    if not match or not match.group():
        raise ShortcodeSyntaxError("a parameter is missing its value", pos)
    return match.group(), match.end()


def _tag(text: str, start: int, lines) -> Tag:
    """Read the tag that starts at ``start`` (an opening ``{{<`` or ``{{%``)."""
    markdown = text[start + 2] == "%"
    close = "%}}" if markdown else ">}}"
    pos = SPACE.match(text, start + 3).end()
    line = bisect.bisect_right(lines, start) + 1
    if text.startswith("/*", pos):
        end = text.find("*/", pos)
        after = SPACE.match(text, end + 2).end() if end >= 0 else -1
        if end < 0 or not text.startswith(close, after):
            raise ShortcodeSyntaxError("a {{</* comment */>}} never ends", start)
        shortcode = Shortcode("", markdown, [], {}, start, after + 3, after + 3, line)
        shortcode.escaped = True
        return Tag(shortcode, closing=False, self_closing=True)
    closing = text.startswith("/", pos)
    pos = SPACE.match(text, pos + 1 if closing else pos).end()
    name = NAME.match(text, pos)
    if not name:
        raise ShortcodeSyntaxError("a shortcode has no name", start)
    pos = name.end()
    positional, named, self_closing = [], {}, False
    while True:
        pos = SPACE.match(text, pos).end()
        if text.startswith(close, pos):
            pos += 3
            break
        if text.startswith("/" + close, pos):
            self_closing, pos = True, pos + 4
            break
        if pos >= len(text):
            raise ShortcodeSyntaxError(f'shortcode "{name.group()}" never closes', start)
        key = KEY.match(text, pos)
        if key and not text.startswith(close, key.end()):
            value, pos = _value(text, key.end())
            named[key.group(1)] = value
        else:
            value, pos = _value(text, pos)
            positional.append(value)
    shortcode = Shortcode(name.group(), markdown, positional, named, start, pos, pos, line)
    return Tag(shortcode, closing=closing, self_closing=self_closing)


def tags(text: str) -> list[Tag]:
    """Return every shortcode tag in ``text``, in order.

    :raises ShortcodeSyntaxError: for a tag that does not parse.
    """
    lines = [index for index, char in enumerate(text) if char == "\n"]
    found, pos = [], 0
    while match := OPEN.search(text, pos):
        try:
            tag = _tag(text, match.start(), lines)
        except ShortcodeSyntaxError as error:  # report where the tag starts
            raise ShortcodeSyntaxError(str(error), match.start()) from None
        found.append(tag)
        pos = tag.shortcode.end
    return found


def parse(text: str, takes_inner=lambda name: None) -> list[Shortcode]:
    """Return the top-level shortcodes of ``text``, pairs holding their children.

    :param takes_inner: ``name -> True/False/None``: whether a shortcode's template uses
        its inner content (None: unknown, decided by whether a closing tag follows).
    :raises ShortcodeSyntaxError: for a tag that does not parse or a stray closing tag.
    """
    root: list[Shortcode] = []
    stack: list[tuple[Shortcode, list[Shortcode]]] = []

    def current() -> list[Shortcode]:
        return stack[-1][1] if stack else root

    def unwind_to(depth: int) -> None:
        while len(stack) > depth:
            opener, children = stack.pop()
            current().extend([opener, *children])  # never closed: a single tag

    for tag in tags(text):
        shortcode = tag.shortcode
        if tag.closing:
            depth = next(
                (i for i in range(len(stack) - 1, -1, -1) if stack[i][0].name == shortcode.name),
                None,
            )
            if depth is None:
                raise ShortcodeSyntaxError(
                    f"closing tag {{{{< /{shortcode.name} >}}}} has no opening tag",
                    shortcode.start,
                )
            unwind_to(depth + 1)
            opener, children = stack.pop()
            opener.inner_start, opener.inner_end = opener.tag_end, shortcode.start
            opener.closing_start, opener.end = shortcode.start, shortcode.end
            opener.children = children
            current().append(opener)
        elif tag.self_closing or shortcode.escaped or not _may_pair(shortcode.name, takes_inner):
            current().append(shortcode)
        else:
            stack.append((shortcode, []))
    unwind_to(0)
    return root


def _may_pair(name: str, takes_inner) -> bool:
    known = takes_inner(name)
    if known is not None:
        return known
    return name not in LEAVES


def walk(shortcodes):
    """Yield every shortcode, parents before their children."""
    for shortcode in shortcodes:
        yield shortcode
        yield from walk(shortcode.children)
