"""Python-Markdown extension: the intro's words, taken from the tree Markdown builds.

Runs after the update (7) and anchor (6) tree processors, so a post's HTML needs no
second parse for its summary. The text is left in the document's metadata as
``intro_text``.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from sitekit.markdown_source import leave_in_meta

from .intro import intro_text

META_KEY = "intro_text"
PLACEHOLDER = re.compile(f"^{STX}wzxhzdk:(\\d+){ETX}$")
STASHED = re.compile(f"{STX}[^{ETX}]*{ETX}")


class IntroTreeprocessor(Treeprocessor):
    def __init__(self, md, max_words):
        super().__init__(md)
        self.max_words = max_words

    def run(self, root):
        text = intro_text(list(root), self.max_words, self._is_divider, self._words)
        leave_in_meta(self.md, META_KEY, text)

    def _is_divider(self, element) -> bool:
        """A raw-HTML block holding ``<!--more-->`` (Markdown keeps it in its stash)."""
        match = PLACEHOLDER.match((element.text or "").strip()) if element.tag == "p" else None
        if not match:
            return False
        return is_more(self.md.htmlStash.rawHtmlBlocks[int(match.group(1))])

    @staticmethod
    def _words(element) -> list[str]:
        return STASHED.sub(" ", "".join(element.itertext())).split()


def is_more(html: str) -> bool:
    return bool(re.fullmatch(r"\s*<!--\s*more\s*-->\s*", str(html), re.IGNORECASE))


class IntroExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"max_words": [50, "Longest summary in words (None: no limit)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.treeprocessors.register(IntroTreeprocessor(md, self.getConfig("max_words")), "intro", 4)


def makeExtension(**kwargs):  # pragma: no cover - Markdown's loading protocol
    return IntroExtension(**kwargs)
