"""HTML fragments with lxml: parse a piece of a page and write it back."""

from __future__ import annotations

import lxml.html


def parse_fragment(html: str):
    """Return ``html`` parsed below one wrapper ``<div>`` (text and elements alike)."""
    return lxml.html.fragment_fromstring(html, create_parent="div")


def inner_html(root) -> str:
    """Return what is inside ``root``, the wrapper that :func:`parse_fragment` made."""
    return (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
