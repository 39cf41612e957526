"""A Hugo post's Markdown body → this site's Markdown body.

In order, as Hugo itself does it: find the shortcodes; work out every heading's
Hugo id from the source (shortcodes stand in as Hugo's placeholders, emoji already
replaced); replace emoji; resolve links; mark each heading with its Hugo id; then
convert the shortcodes. Until that last step every change keeps the lines where
they were, so what is reported points at the Hugo file's own lines.
"""

from __future__ import annotations

import re

from sitekit.errors import ContentError

from . import builtins, headings
from .dialect import to_python_markdown
from .emoji import emojify
from .regions import LineIndex, code_spans, merge
from .shortcodes import ShortcodeSyntaxError, parse, walk

PLACEHOLDER = "HAHAHUGOSHORTCODEs{}HBHB"  # what Hugo 0.111 puts where a shortcode was
MARKER = "data-hugo-heading"  # marks heading N (a number: Markdown leaves it alone)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_])")


class BodyConverter:
    """Convert one post's body; counts and problems go to the import's report."""

    def __init__(self, post, *, site, rules, links, report, keep_shortcodes, takes_inner):
        self.post = post
        self.page = post.page
        self.site = site
        self.config = site.config
        self.rules = rules
        self.links = links
        self.report = report
        self.keep = keep_shortcodes
        self.takes_inner = takes_inner

    # -- the steps -------------------------------------------------------------------

    def convert(self) -> tuple[str, list[headings.SourceHeading]]:
        """Return the converted body and its headings (with their Hugo ids)."""
        body = self.page.front.body
        found = headings.find_headings(self._hugo_view(body), self.config.heading_attributes)
        headings.assign_ids(found, self.config.heading_id_style, self.config.heading_ids)
        if self.config.emoji:
            body = self._outside_tags(body, self._emojify)
        body = self._rewrite_links(body)
        body = mark_headings(body, found)
        return to_python_markdown(self._convert_shortcodes(body)), found

    def _parse(self, body):
        try:
            return parse(body, self.takes_inner)
        except ShortcodeSyntaxError as error:
            raise ContentError(
                f"shortcode does not parse: {error}",
                "fix the shortcode so Hugo itself would accept it",
                path=str(self.page.source),
                line=self.page.line_of(LineIndex(body).line(error.offset)),
            ) from None

    def _hugo_view(self, body: str) -> str:
        """Return the body as Hugo's Markdown renderer saw it: shortcodes as placeholders."""
        out, pos = [], 0
        for ordinal, shortcode in enumerate(self._parse(body)):
            out.append(body[pos : shortcode.start])
            out.append(
                PLACEHOLDER.format(ordinal)
                + "\n" * body.count("\n", shortcode.start, shortcode.end)
            )
            pos = shortcode.end
        out.append(body[pos:])
        text = "".join(out)
        return emojify(text)[0] if self.config.emoji else text

    def _tag_spans(self, body):
        return [span for sc in walk(self._parse(body)) for span in sc.tag_spans()]

    def _outside_tags(self, body, change) -> str:
        out, pos = [], 0
        for start, end in merge(self._tag_spans(body)):
            out.append(change(body[pos:start]) + body[start:end])
            pos = end
        out.append(change(body[pos:]))
        return "".join(out)

    def _emojify(self, text: str) -> str:
        text, count = emojify(text)
        self.report.count("emoji converted", count)
        return text

    def _rewrite_links(self, body: str) -> str:
        tags = self._tag_spans(body)
        code = code_spans(body, skip=tags)
        index = LineIndex(body, self.page.front.body_line)
        return self.links.rewrite(body, tags + code, index.line)

    # -- shortcodes -----------------------------------------------------------------

    def _convert_shortcodes(self, body: str) -> str:
        return self._render(body, self._parse(body), 0, len(body))

    def _render(self, text, shortcodes, start, end) -> str:
        out, pos = [], start
        for shortcode in shortcodes:
            out.append(text[pos : shortcode.start])
            replacement, span = self._convert(text, shortcode)
            if span != (shortcode.start, shortcode.end):  # a block: whole lines replaced
                out[-1] = out[-1][: len(out[-1]) - (shortcode.start - span[0])]
            out.append(replacement)
            pos = span[1]
        out.append(text[pos:end])
        return "".join(out)

    def _convert(self, text, shortcode):
        span = (shortcode.start, shortcode.end)
        if shortcode.escaped:
            return _unescaped(text[shortcode.start : shortcode.end]), span
        inner = None
        if shortcode.paired:
            inner = self._render(
                text, shortcode.children, shortcode.inner_start, shortcode.inner_end
            )
        line = self.page.line_of(shortcode.line)
        result, block = self._apply(shortcode, inner, line)
        if result is None:
            self.report.shortcode(shortcode.name, converted=False)
            if not self.keep:
                self.report.error(
                    ContentError(
                        f'shortcode "{shortcode.name}" has no conversion',
                        f"add [shortcodes.{shortcode.name}] to import-shortcodes.toml,"
                        " or import with KEEP_SHORTCODES=1 to keep it as written",
                        path=str(self.page.source),
                        line=line,
                    )
                )
            return text[shortcode.start : shortcode.end], span
        self.report.shortcode(shortcode.name, converted=True)
        return place(text, shortcode, result) if block else (result, span)

    def _apply(self, shortcode, inner, line):
        """Return (replacement, is_block), or (None, False) when nothing converts it."""
        rule = self.rules.get(shortcode.name)
        if rule is not None and (shortcode.name in self.rules.site_names or
                                 shortcode.name not in builtins.CONVERTERS):  # fmt: skip
            if rule.drop:
                return "", True
            if rule.unwrap:
                return (inner or "").strip("\n"), True
            values = rule.values(shortcode, inner)
            for name in rule.urls:
                if values.get(name):
                    values[name] = self.links.resolve(values[name], line)
            return rule.render(values), True
        converter = builtins.CONVERTERS.get(shortcode.name)
        if converter is None:
            return None, False
        context = ShortcodeContext(self, line)
        return converter(shortcode, inner, context), shortcode.name in builtins.BLOCKS


class ShortcodeContext:
    """What a built-in converter may ask for: links, refs, params."""

    def __init__(self, converter: BodyConverter, line: int):
        self.converter = converter
        self.line = line

    def resolve(self, url) -> str:
        return self.converter.links.resolve(url, self.line)

    def rewrite_links(self, text) -> str:
        if not text:
            return text
        return self.converter.links.rewrite(text, code_spans(text), lambda offset: self.line)

    def ref(self, target) -> str:
        return self.converter.links.ref(target, self.line)

    def param(self, name) -> str:
        value = lookup_param(name, self.converter.page.meta, self.converter.config.params)
        if value is None:
            self.converter.report.note(
                self.converter.page.source,
                self.line,
                f'param "{name}" is set neither in the post nor in the site\'s params',
                "write the value in the imported post",
            )
            return ""
        from .posts import scalar_text

        return scalar_text(value)


def lookup_param(name: str, page_params: dict, site_params: dict):
    """Return Hugo's ``.Param name``: the page's value, else the site's (dotted names)."""
    for params in (page_params.get("params") or {}, page_params, site_params):
        value = params
        for part in name.lower().split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None


def _unescaped(tag: str) -> str:
    """Return a ``{{</* x */>}}`` comment as Hugo prints it: ``{{< x >}}``."""
    match = re.match(r"\{\{([<%])\s*/\*(.*?)\*/\s*([>%])\}\}$", tag, re.S)
    return f"{{{{{match.group(1)}{match.group(2)}{match.group(3)}}}}}" if match else tag


def place(text: str, shortcode, result: str):
    """Return a block replacement and the span it replaces.

    A shortcode alone on its line(s) is replaced line and all, keeping the line's
    indentation or ``>`` prefix, with blank lines around so that Markdown sees a
    block; one inside a paragraph is replaced where it stands.
    """
    line_start = text.rfind("\n", 0, shortcode.start) + 1
    line_end = text.find("\n", shortcode.end)
    line_end = len(text) if line_end < 0 else line_end
    prefix = text[line_start : shortcode.start]
    if not re.fullmatch(r"[ \t>]*", prefix) or text[shortcode.end : line_end].strip():
        return result, (shortcode.start, shortcode.end)
    body = "\n".join(prefix + line if line else prefix.rstrip() for line in result.split("\n"))
    previous = text[: line_start - 1].rsplit("\n", 1)[-1] if line_start else ""
    following = text[line_end + 1 :].split("\n", 1)[0] if line_end < len(text) else ""
    lead = prefix.rstrip() + "\n" if result and _markdown_line(previous) else ""
    trail = "\n" + prefix.rstrip() if result and _markdown_line(following) else ""
    return lead + body + trail, (line_start, line_end)


def _markdown_line(line: str) -> bool:
    """Whether a neighbouring line is Markdown text (not blank, not raw HTML around us)."""
    text = line.strip(" \t>")
    return bool(text) and not text.startswith("<")


def mark_headings(body: str, found) -> str:
    """Rewrite each heading line as ATX with its attributes and a numbered marker.

    The marker ``data-hugo-heading="N"`` says: this is ``found[N]``; see
    :mod:`sitekit.hugo.anchors`, which replaces it.
    """
    lines = body.split("\n")
    for number, heading in enumerate(found):
        if heading.setext:
            content = lines[heading.line].strip()
            lines[heading.line + 1] = ""
        else:
            match = headings.ATX.match(lines[heading.line])
            if not match:
                continue
            content = headings.CLOSING_HASHES.sub("", match.group("content") or "").strip()
        text, attributes = headings.split_attributes(content)
        if heading.hugo_id:
            attributes[MARKER] = str(number)
        block = attribute_block(attributes)
        lines[heading.line] = f"{heading.prefix}{'#' * heading.level} {text}{block}"
    return "\n".join(lines)


def escape(value: str) -> str:
    """Escape what Markdown's inline syntax would eat inside an attribute block."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", value)


def attribute_block(attributes: dict) -> str:
    """Return a Python-Markdown ``attr_list`` block for ``attributes`` ('' if none)."""
    parts = []
    if attributes.get("id"):
        parts.append(f"#{escape(attributes['id'])}")
    parts.extend(f".{escape(name)}" for name in attributes.get("class", []))
    for key, value in attributes.items():
        if key not in ("id", "class"):
            parts.append(f'{key}="{escape(value)}"')
    return " {" + " ".join(parts) + "}" if parts else ""
