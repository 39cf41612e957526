"""Python-Markdown extension: blockquotes that start with ``**Update DATE**`` become
dated ``<aside class="post-update">`` callouts.

The updates found are left on ``md.post_updates`` and, for Pelican, in the document's
metadata as ``post_updates``: dicts with ``date`` (ISO 8601 with the site's offset),
``anchor`` and ``html`` (the update's text, without its label).
"""

from __future__ import annotations

import copy
from zoneinfo import ZoneInfo

from markdown.extensions import Extension
from markdown.extensions.toc import render_inner_html
from markdown.treeprocessors import Treeprocessor

from sitekit.errors import ContentError
from sitekit.markdown_source import ensure_source_lines, leave_in_meta, line_of

from .marker import anchor_for, parse_label

META_KEY = "post_updates"


class PostUpdatesTreeprocessor(Treeprocessor):
    def __init__(self, md, config):
        super().__init__(md)
        self.zone = ZoneInfo(config["timezone"])
        self.date_format = config["date_format"]

    def run(self, root):
        updates, used, update_quotes = [], set(), set()
        parents = {child: parent for parent in root.iter() for child in parent}
        for quote in list(root.iter("blockquote")):
            found = self._split(
                quote, parents[quote], inside=_within(quote, update_quotes, parents)
            )
            if found:
                update_quotes.add(quote)
            for aside, label, moment in found:
                anchor = anchor_for(moment, used)
                updates.append(
                    {"date": moment.isoformat(), "anchor": anchor, "html": self._body_html(aside)}
                )
                self._render(aside, label, moment, anchor)
        self.md.post_updates = updates
        leave_in_meta(self.md, META_KEY, updates)

    def _split(self, quote, parent, inside=False):
        """Turn each update paragraph of ``quote`` and what follows it into an aside.

        Consecutive blockquotes separated by a blank line are one blockquote to
        Markdown, so two updates in a row arrive here together.

        :param inside: ``quote`` lies within another update.
        :raises ContentError: an update inside another update.
        """
        children = list(quote)
        starts = []
        for index, child in enumerate(children):
            label = _leading_strong(child)
            moment = self._moment(label) if label is not None else None
            if moment is not None:
                starts.append((index, label, moment))
        if not starts:
            return []
        if inside:
            raise ContentError(
                "an update inside another update",
                "give each update its own quote, with a blank line (not >) between them",
                line=line_of(self.md, (starts[0][1].text or "").strip()),
            )
        position = list(parent).index(quote) + 1
        if starts[0][0] == 0:
            parent.remove(quote)
            position -= 1
        found = []
        for number, (index, label, moment) in enumerate(starts):
            end = starts[number + 1][0] if number + 1 < len(starts) else len(children)
            aside = quote.makeelement("aside", {})
            aside.text = "\n"
            aside.tail = "\n"
            for child in children[index:end]:
                quote.remove(child)
                aside.append(child)
            parent.insert(position + number, aside)
            found.append((aside, label, moment))
        return found

    def _moment(self, label):
        try:
            moment = parse_label(label.text or "")
        except ContentError as error:
            error.line = line_of(self.md, error.needle)
            raise
        return moment.replace(tzinfo=self.zone) if moment is not None else None

    def _body_html(self, quote) -> str:
        body = copy.deepcopy(quote)
        first = body[0]
        label = first[0]
        first.text = (label.tail or "").lstrip().removeprefix(":").lstrip()
        first.remove(label)
        if not first.text and len(first) == 0:
            body.remove(first)
        return render_inner_html(body, self.md)

    def _render(self, aside, label, moment, anchor) -> None:
        aside.set("class", "post-update")
        aside.set("id", anchor)
        shown = moment.strftime(self.date_format)
        if moment.hour or moment.minute:
            shown += moment.strftime(", %H:%M")
        label.tag = "a"
        label.attrib = {"class": "update-label", "href": f"#{anchor}"}
        label.text = "Update "
        time = label.makeelement("time", {"datetime": moment.isoformat()})
        time.text = shown
        label.append(time)


def _within(element, ancestors, parents) -> bool:
    """Return whether one of ``ancestors`` contains ``element`` (``parents``: child → parent)."""
    while element in parents:
        element = parents[element]
        if element in ancestors:
            return True
    return False


def _leading_strong(paragraph):
    """Return the ``<strong>`` that opens ``paragraph``, if any."""
    if paragraph.tag != "p":
        return None
    if (paragraph.text or "").strip() or len(paragraph) == 0 or paragraph[0].tag != "strong":
        return None
    return paragraph[0]


class PostUpdatesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "timezone": ["UTC", "The site's timezone (an IANA name)"],
            "date_format": ["%Y-%m-%d", "strftime format of the shown date"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        ensure_source_lines(md)
        md.post_updates = []
        # After inline patterns (20), so the bold label is an element.
        md.treeprocessors.register(
            PostUpdatesTreeprocessor(md, self.getConfigs()), "post_updates", 7
        )


def makeExtension(**kwargs):  # pragma: no cover - Markdown's loading protocol
    return PostUpdatesExtension(**kwargs)
