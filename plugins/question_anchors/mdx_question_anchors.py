"""Python-Markdown extension: stable ids and "#" permalinks on h2 and h3 headings.

Runs between ``attr_list`` (8) and ``toc`` (5), so explicit ids (``{#my-id}``) and
aliases (``{aliases="old-id"}``) are seen and ``toc`` finds every id in place.
What it did is left on ``md.question_anchors`` and, for Pelican, in the document's
metadata as ``question_anchors``.
"""

from __future__ import annotations

import html

from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags, unescape
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from sitekit.markdown_source import ensure_source_lines, heading_lines, leave_in_meta, line_of

from .headings import HEADING_TAGS, THEME_IDS, Heading, anchor_headings, split_aliases
from .slugs import MAX_LENGTH

META_KEY = "question_anchors"


class QuestionAnchorsTreeprocessor(Treeprocessor):
    def __init__(self, md, config):
        super().__init__(md)
        self.config = config

    def run(self, root):
        elements = [el for el in root.iter() if el.tag in HEADING_TAGS]
        texts = [self._plain_text(el) for el in elements]
        lines = heading_lines(self.md)
        if len(lines) != len(elements):  # raw HTML or an unusual form: find each by its text
            lines = [line_of(self.md, text) for text in texts]
        headings = [
            Heading(
                element=el,
                text=text,
                # Backslash escapes (``{#a\\_b}``) are still placeholders at this point.
                explicit_id=unescape(el.get("id")) if el.get("id") else None,
                aliases=split_aliases(unescape(el.attrib.pop("aliases", ""))),
                line=line,
            )
            for el, text, line in zip(elements, texts, lines, strict=True)
        ]
        taken = {el.get("id") for el in root.iter() if el.get("id") and el.tag not in HEADING_TAGS}
        anchors = anchor_headings(
            headings,
            taken,
            legacy=self.config["legacy"],
            max_length=self.config["max_length"],
            reserved=self.config["reserved"],
        )
        self.md.question_anchors = anchors
        leave_in_meta(self.md, META_KEY, anchors)

    def _plain_text(self, element) -> str:
        """Return the heading's text as a reader sees it, as toc names it: its
        ``data-toc-label`` if it has one, footnote markers left out."""
        label = element.attrib.pop("data-toc-label", None)
        if label is not None:
            return " ".join(label.split())
        element = remove_fnrefs(element)
        text = "".join(element.itertext())
        if STX in text or ETX in text:  # stashed HTML or escapes: render them properly
            text = html.unescape(strip_tags(render_inner_html(element, self.md)))
        return " ".join(text.split())


class QuestionAnchorsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "legacy": [["github"], "Legacy id styles kept as aliases"],
            "max_length": [MAX_LENGTH, "Longest generated id"],
            "reserved": [sorted(THEME_IDS), "Ids the theme uses"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        ensure_source_lines(md)
        md.question_anchors = []
        md.treeprocessors.register(
            QuestionAnchorsTreeprocessor(md, self.getConfigs()), "question_anchors", 6
        )


def makeExtension(**kwargs):  # pragma: no cover - Markdown's loading protocol
    return QuestionAnchorsExtension(**kwargs)
