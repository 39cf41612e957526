"""Goldmark's Markdown (Hugo's) said in Python-Markdown's (this site's).

Where the two read the same text differently, rewrite it so that it keeps the
meaning it had on the old site:

* fenced code info strings: ```` ```go {linenos=table,hl_lines=[2,"4-5"]} ```` and
  ```` ```python title="x.py" ```` become ```` ``` { .go linenums="1" hl_lines="2 4 5" } ````;
* lists: nested items and continued paragraphs indented as CommonMark allows (two or
  three spaces) get the four Python-Markdown needs, and a list that follows a paragraph
  without a blank line gets one;
* task list items ``- [ ]`` / ``- [x]`` show a ☐ / ☑;
* ``~~strike~~`` becomes ``<del>``; bare ``https://`` addresses become links (goldmark's
  linkify);
* ``#word`` at the start of a line stays text (goldmark needs a space after ``#``);
* a raw HTML block with blank lines inside holds Markdown in CommonMark: it gets
  ``markdown="1"`` (md_in_html).
"""

from __future__ import annotations

import re

from .regions import code_spans, fenced_blocks, fenced_lines, gaps, merge

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
GOLDMARK_OPTIONS = re.compile(r"\{(?P<options>[^{}]*)\}")
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space> +|$)(?P<rest>.*)$")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
TASK = re.compile(r"^\[(?P<mark>[ xX])\](?=\s)")
STRIKE = re.compile(r"(?<!~)~~(?=\S)(?P<text>[^~\n]*?\S)~~(?!~)")
BARE_URL = re.compile(
    r"(?<![\w/\"'=<(\[])(?:https?://|www\.)[^\s<>()\[\]]*(?:\([^\s<>()]*\)[^\s<>()\[\]]*)*"
)
URL_TRAILING = ".,;:!?*_~'\""
HASH_WORD = re.compile(r"^(?P<indent>[ ]{0,3})#(?=[^#\s])", re.M)
NOT_LINKABLE = re.compile(
    r"<a\b.*?</a>|<[^<>\n]+>|\]\([^)\n]*\)|^[ ]{0,3}\[[^\]\n]+\]:.*$|\[[^\]\n]*\]",
    re.S | re.M | re.I,
)
#: Raw HTML whose text is not Markdown (and may hold "#" or "~~", as CSS does).
RAW_HTML = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
BLOCK_TAGS = ("div", "section", "aside", "article", "details", "figure", "header", "footer",
              "main", "nav", "center", "blockquote")  # fmt: skip
BLOCK_OPEN = re.compile(
    r"^(?P<indent>[ ]{0,3})<(?P<tag>" + "|".join(BLOCK_TAGS) + r")\b(?P<attrs>[^<>]*)>[ \t]*$", re.I
)
TAB_LENGTH = 4


def to_python_markdown(body: str) -> str:
    """Return ``body`` rewritten so that Python-Markdown reads it as goldmark did."""
    body = _fences(body)
    body = _html_blocks(body)
    body = _lists(body)
    return _inline(body)


# -- fenced code -------------------------------------------------------------------------


def _fences(body: str) -> str:
    lines = body.split("\n")
    starts = {body.count("\n", 0, start) for start, _end in fenced_blocks(body)}
    for number in sorted(starts):
        match = FENCE_OPEN.match(lines[number])
        if match:
            info = fence_info(match.group("info"))
            lines[number] = f"{match.group('indent')}{match.group('fence')}{info}"
    return "\n".join(lines)


def fence_info(info: str) -> str:
    """Return a goldmark fence info string as Python-Markdown's fenced_code reads it."""
    options = GOLDMARK_OPTIONS.search(info)
    language = GOLDMARK_OPTIONS.sub("", info).split()
    language = language[0] if language and "=" not in language[0] else ""
    attributes = _highlight_options(options.group("options")) if options else []
    if not attributes:
        return language
    return "{ " + " ".join(([f".{language}"] if language else []) + attributes) + " }"


def _highlight_options(text: str) -> list[str]:
    """Return Python-Markdown attributes for Hugo's highlight options (``linenos=…``)."""
    options = dict(
        (key.strip().lower(), value.strip())
        for key, _, value in (part.partition("=") for part in re.split(r",(?![^\[]*\])", text))
    )
    attributes = []
    lines = re.findall(r"\d+(?:-\d+)?", options.get("hl_lines", ""))
    if lines:
        numbers = []
        for part in lines:
            first, _, last = part.partition("-")
            numbers.extend(range(int(first), int(last or first) + 1))
        attributes.append(f'hl_lines="{" ".join(map(str, numbers))}"')
    if options.get("linenos", "false").lower() not in ("false", ""):
        attributes.append(f'linenums="{options.get("linenostart", "1")}"')
    return attributes


# -- raw HTML blocks ---------------------------------------------------------------------


def _html_blocks(body: str) -> str:
    lines = body.split("\n")
    code = fenced_lines(body)
    for number, line in enumerate(lines):
        match = BLOCK_OPEN.match(line)
        if not match or number in code or "markdown=" in match.group("attrs"):
            continue
        closing = _closing_line(lines, number, match.group("tag"))
        if closing and any(not lines[i].strip() for i in range(number + 1, closing)):
            tag, attrs = match.group("tag"), match.group("attrs")
            lines[number] = f'{match.group("indent")}<{tag}{attrs} markdown="1">'
    return "\n".join(lines)


def _closing_line(lines, start: int, tag: str) -> int | None:
    depth = 0
    for number in range(start, len(lines)):
        depth += len(re.findall(rf"<{tag}\b", lines[number], re.I))
        depth -= len(re.findall(rf"</{tag}\s*>", lines[number], re.I))
        if depth <= 0:
            return number if number > start else None
    return None


# -- lists -------------------------------------------------------------------------------


def _lists(body: str) -> str:
    lines = body.split("\n")
    fences = {
        body.count("\n", 0, start): body.count("\n", 0, end) for start, end in fenced_blocks(body)
    }
    stack: list[tuple[int, int]] = []  # per open item: (its content column, the new one)
    out: list[str] = []
    previous_blank = True
    number = 0
    while number < len(lines):
        line = lines[number]
        indent = len(line) - len(line.lstrip(" "))
        item = None if THEMATIC_BREAK.match(line) else LIST_ITEM.match(line)
        if not line.strip():
            out.append(line)
            previous_blank = True
        elif item and (item.group("rest").strip() or not item.group("space")):
            in_list = bool(stack)
            while stack and indent < stack[-1][0]:
                stack.pop()
            if not in_list and not previous_blank and out:
                if not _interrupts(item):
                    out.append(line)  # "2. " after a paragraph: text, in both readings
                    number += 1
                    continue
                out.append("")  # goldmark lets a list follow a paragraph; Python-Markdown not
            new_indent = stack[-1][1] if stack else indent
            space = item.group("space") or " "
            out.append(
                f"{' ' * new_indent}{item.group('marker')}{space}{_task(item.group('rest'))}"
            )
            stack.append((indent + len(item.group("marker")) + len(space), new_indent + TAB_LENGTH))
            previous_blank = False
        elif stack and number in fences and indent >= stack[-1][0]:
            # Python-Markdown cannot fence code inside a list item: indent it instead.
            last = fences[number]
            out.extend(_indented_code(lines[number : last + 1], stack[-1], previous_blank))
            number = last
            previous_blank = False
        else:
            while stack and indent < stack[-1][0] and (previous_blank or len(stack) > 1):
                stack.pop()
            out.append(_shift(line, stack) if stack and indent >= stack[-1][0] else line)
            previous_blank = False
        if number in fences and not stack:
            out.extend(lines[number + 1 : fences[number] + 1])  # code outside lists stays
            number = fences[number]
        number += 1
    return "\n".join(out)


def _indented_code(block: list[str], item: tuple[int, int], previous_blank: bool) -> list[str]:
    """Return a fenced block as an indented code block of a list item (codehilite's :::lang)."""
    content, new_content = item
    opening = FENCE_OPEN.match(block[0])
    info = fence_info(opening.group("info")) if opening else ""
    language = re.sub(r"[{}.]", " ", info).split()[0] if info.strip("{} ") else ""
    pad = " " * (new_content + TAB_LENGTH)
    closed = len(block) > 1 and block[-1].strip().startswith(opening.group("fence"))
    code = block[1:-1] if closed else block[1:]
    return [
        *([] if previous_blank else [""]),
        *([f"{pad}:::{language}"] if language and "=" not in language else []),
        *(
            pad + line[content:] if line[:content].isspace() else pad + line.lstrip()
            for line in code
        ),
        "",
    ]


def _interrupts(item) -> bool:
    """Whether a list item may start right after a paragraph (CommonMark's rule)."""
    marker = item.group("marker")
    return marker in "-*+" or marker in ("1.", "1)")


def _shift(line: str, stack) -> str:
    content, new_content = stack[-1]
    indent = len(line) - len(line.lstrip(" "))
    return " " * (new_content + indent - content) + line.lstrip(" ")


def _task(rest: str) -> str:
    match = TASK.match(rest)
    if not match:
        return rest
    box = "☐" if match.group("mark") == " " else "☑"
    return box + rest[match.end() :]


# -- inline ------------------------------------------------------------------------------


def _inline(body: str) -> str:
    raw = [match.span() for match in RAW_HTML.finditer(body)]
    protected = merge(code_spans(body) + raw)
    out, pos = [], 0
    for start, end in gaps(body, protected):
        out.append(body[pos:start])
        out.append(_inline_text(body[start:end]))
        pos = end
    out.append(body[pos:])
    return "".join(out)


def _inline_text(text: str) -> str:
    text = HASH_WORD.sub(lambda m: f"{m.group('indent')}\\#", text)
    text = STRIKE.sub(lambda m: f"<del>{m.group('text')}</del>", text)
    spans = [match.span() for match in NOT_LINKABLE.finditer(text)]
    out, pos = [], 0
    for start, end in gaps(text, merge(spans)):
        out.append(text[pos:start])
        out.append(BARE_URL.sub(_autolink, text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _autolink(match) -> str:
    url = match.group()
    trailing = ""
    while url and url[-1] in URL_TRAILING:
        url, trailing = url[:-1], url[-1] + trailing
    if "." not in url.split("//", 1)[-1]:
        return match.group()
    target = url if "://" in url else f"http://{url}"
    return f"[{url}]({target}){trailing}" if target != url else f"<{url}>{trailing}"
