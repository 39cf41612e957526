"""Python-Markdown extension: the number of words of a post, counted where it is read.

Counted on the finished HTML, as :func:`reading.word_count` does, and left in the
document's metadata as ``navigation_words``; in a parallel build this happens in the
worker that converts the file, not in the build's serial part.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from sitekit.compat import markdown_meta_value

from .reading import word_count

META_KEY = "navigation_words"


class WordCount(Postprocessor):
    def run(self, text):
        if not hasattr(self.md, "Meta"):
            self.md.Meta = {}
        self.md.Meta[META_KEY] = markdown_meta_value(word_count(text))
        return text


class WordCountExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(WordCount(md), "navigation_words", 0)  # the last one
