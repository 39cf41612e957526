"""The words of a post's intro, from ElementTree (Markdown) or lxml (HTML) elements."""

from __future__ import annotations

ELLIPSIS = "…"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def intro_text(children, max_words, is_divider, words_of) -> str:
    """Return the intro of a document whose top-level elements are ``children``.

    Paragraphs before a divider (``<!--more-->``) when there is one, whole; otherwise
    the paragraphs before the first heading (past it when the document opens with one),
    up to ``max_words`` words, then "…". Update asides and other blocks never count.

    :param is_divider: tells whether an element is the ``<!--more-->`` divider.
    :param words_of: returns an element's words.
    """
    divider = next((index for index, child in enumerate(children) if is_divider(child)), None)
    if divider is not None:
        children, max_words = children[:divider], None
    words: list[str] = []
    for element in children:
        if element.tag in HEADINGS and words:
            break
        if element.tag == "p":
            words.extend(words_of(element))
        if max_words is not None and len(words) >= max_words:
            break
    if max_words is not None and len(words) > max_words:
        return " ".join(words[:max_words]) + ELLIPSIS
    return " ".join(words)
