"""Question anchors for HTML that did not come from Markdown (reST, HTML posts)."""

from __future__ import annotations

from sitekit.fragments import inner_html, parse_fragment

from .headings import HEADING_TAGS, Heading, anchor_headings, split_aliases


def anchor_html(content_html: str, **options) -> tuple[str, list[dict]]:
    """Return ``content_html`` with anchored headings, and the anchors given.

    Docutils puts a section's id on its wrapper; it becomes the heading's explicit id.
    ``data-aliases="old-id"`` on a heading declares aliases.

    :param options: passed to :func:`headings.anchor_headings`.
    """
    root = parse_fragment(content_html)
    headings = []
    for element in root.iter(*HEADING_TAGS):
        explicit = element.get("id")
        parent = element.getparent()
        if not explicit and parent is not root and parent.get("id") and parent[0] is element:
            explicit = parent.attrib.pop("id")
        aliases = split_aliases(element.attrib.pop("data-aliases", ""))
        text = " ".join(element.text_content().split())
        headings.append(Heading(element, text, explicit, aliases, line=None))
    taken = {el.get("id") for el in root.iter() if el.get("id") and el.tag not in HEADING_TAGS}
    anchors = anchor_headings(headings, taken, **options)
    inner = inner_html(root)
    return inner, anchors
