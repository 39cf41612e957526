"""Python-Markdown extension: the number of words of a post, counted where it is read.

Counted on the finished HTML, as :func:`reading.word_count` does, and left in the
document's metadata as ``navigation_words``; in a parallel build this happens in the
worker that converts the file, not in the build's serial part.
"""

from __future__ import annotations

from sitekit.markdown_source import MeasureExtension

from .reading import word_count

META_KEY = "navigation_words"


class WordCountExtension(MeasureExtension):
    key = META_KEY

    def measure(self, html: str) -> int:
        return word_count(html)
