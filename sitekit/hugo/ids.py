"""Hugo's heading ids: its three ``autoHeadingIDType`` styles and its numbering of repeats.

Hugo (goldmark) makes an id from the heading's Markdown *source*, so ``_leadership_``
keeps its underscores and a link's URL counts; feed these functions that source.
"""

from __future__ import annotations

import unicodedata

STYLES = ("github", "github-ascii", "blackfriday")
#: What Hugo calls a heading that leaves nothing to make an id from.
EMPTY_HEADING = "heading"


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _lower(char: str) -> str:
    """Lowercase one character as Go's ``unicode.ToLower`` does (simple case mapping)."""
    lowered = char.lower()
    return lowered if len(lowered) == 1 else lowered[0]


def remove_accents(text: str) -> str:
    """Drop combining marks after decomposing, as Hugo's ``text.RemoveAccents`` does."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", kept)


def github_id(source: str, ascii_only: bool = False) -> str:
    """Return goldmark's "github" (or "github-ascii") id for a heading's source.

    Spaces and ``-`` become ``-`` (runs are kept), letters, digits (``Nd``) and ``_`` are
    lowercased and kept, everything else is dropped.
    """
    if ascii_only:
        source = remove_accents(source)
    out = []
    for char in source.strip():
        if ascii_only and ord(char) > 127:
            continue
        if char in "- ":
            out.append("-")
        elif char == "_" or _is_letter(char) or unicodedata.category(char) == "Nd":
            out.append(_lower(char))
    return "".join(out)


def blackfriday_id(source: str) -> str:
    """Return Blackfriday's ``SanitizedAnchorName``: runs of letters and numbers, ``-`` between."""
    out, dash = [], False
    for char in source:
        if _is_letter(char) or unicodedata.category(char).startswith("N"):
            if dash and out:
                out.append("-")
            dash = False
            out.append(_lower(char))
        else:
            dash = True
    return "".join(out)


def hugo_id(source: str, style: str = "github") -> str:
    """Return the id Hugo's ``autoHeadingIDType`` ``style`` makes from ``source``."""
    if style == "blackfriday":
        return blackfriday_id(source)
    return github_id(source, ascii_only=style == "github-ascii")


class HugoIds:
    """The ids of one Hugo page: explicit ones kept, repeats numbered ``-1``, ``-2``..."""

    def __init__(self, style: str = "github"):
        self.style = style
        self.used: set[str] = set()

    def explicit(self, anchor: str) -> str:
        """Record an id the author gave (``{#id}``) and return it."""
        self.used.add(anchor)
        return anchor

    def generate(self, source: str) -> str:
        """Return the next heading's id made from its ``source``, numbered if taken."""
        base = hugo_id(source, self.style) or EMPTY_HEADING
        candidate, number = base, 0
        while candidate in self.used:
            number += 1
            candidate = f"{base}-{number}"
        self.used.add(candidate)
        return candidate
