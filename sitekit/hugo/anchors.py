"""Make every Hugo heading id land on its heading in this site's build.

The converted body carries ``data-hugo-id="…"`` markers on its headings. It is
rendered with the site's own Markdown set-up (the question_anchors extension
included) to see which id each heading gets here; then each marker becomes
nothing (same id), an alias (``{aliases="…"}``, h2/h3), or, when the Hugo id would
clash with another id of the page or the heading takes no alias, an explicit id
(``{#…}``). The result is rendered again to check that every id landed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from markdown import Markdown

from .convert import MARKER, escape

MARKED = re.compile(r" \{(?P<inside>[^{}\n]*?)[ ]?" + MARKER + r'="(?P<n>\d+)"\}[ \t]*$', re.M)
ALIAS_TAGS = ("h2", "h3")
ROUNDS = 3


@dataclass
class Outcome:
    """How one Hugo id landed: ``id``, ``alias``, ``pinned`` or ``lost`` (with why)."""

    hugo_id: str
    how: str
    why: str = ""
    own_id: str | None = None  # the id the heading has here


class MarkdownSetup:
    """The site's Markdown renderer, rebuilt as Pelican and our plugins set it up."""

    def __init__(self, settings: dict):
        self.settings = settings
        markdown = settings.get("MARKDOWN", {})
        self.configs = dict(markdown.get("extension_configs", {}))
        self.extensions = [
            *[name for name in markdown.get("extensions", []) if isinstance(name, str)],
            *[name for name in self.configs if name not in markdown.get("extensions", [])],
        ]
        self.output_format = markdown.get("output_format", "html5")
        self.anchored = "question_anchors" in settings.get("PLUGINS", [])
        self.reserved: frozenset[str] = frozenset()
        if self.anchored:
            from question_anchors.plugin import QuestionAnchors, read_options

            anchors = QuestionAnchors()
            anchors.options = read_options(settings)
            self.heading_options = anchors.heading_options
            self.reserved = frozenset(self.heading_options["reserved"])

    def render(self, text: str) -> str:
        extensions = list(self.extensions)
        if self.anchored:
            from question_anchors.mdx_question_anchors import QuestionAnchorsExtension

            extensions.append(QuestionAnchorsExtension(**self.heading_options))
        md = Markdown(
            extensions=extensions, extension_configs=self.configs, output_format=self.output_format
        )
        return md.convert(text)


def _landing(html: str):
    """Return marked headings by marker as (tag, own id, ids on it), and id counts."""
    landing, counts = {}, {}
    if not html.strip():
        return landing, counts
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("id"):
            counts[element.get("id")] = counts.get(element.get("id"), 0) + 1
        if element.get(MARKER):
            here = {element.get("id")} | {span.get("id") for span in element.iter("span")}
            landing[int(element.get(MARKER))] = (element.tag, element.get("id"), here - {None})
    return landing, counts


def settle(body: str, hugo_ids, setup: MarkdownSetup, reserved_pattern=None):
    """Return ``body`` with its markers replaced, and how each Hugo id landed.

    :param hugo_ids: the Hugo id of each marker number (``None``: no id to keep).
    """
    numbers = [int(match.group("n")) for match in MARKED.finditer(body)]
    plan: dict[int, str] = {}  # marker → "alias", "pinned" or "lost"
    why: dict[int, str] = {}
    for number in numbers:
        blocked = _blocked(hugo_ids[number], setup, reserved_pattern)
        if blocked:
            plan[number], why[number] = "lost", blocked
    for _round in range(ROUNDS):
        landing, counts = _landing(setup.render(_apply(body, hugo_ids, plan, keep_markers=True)))
        changed = False
        for number in numbers:
            hugo_id = hugo_ids[number]
            if plan.get(number) == "lost":
                continue
            if number not in landing:
                plan[number], why[number] = "lost", "the heading is not a heading here"
                continue
            tag, own_id, here = landing[number]
            if hugo_id in here and counts.get(hugo_id, 0) == 1:
                if hugo_id != own_id and plan.get(number) is None:
                    plan[number] = "alias"  # a legacy alias did it; say so explicitly
                continue
            plan[number] = _escalate(plan.get(number), tag, setup, counts.get(hugo_id, 0))
            if plan[number] == "lost":
                why[number] = "another element of the page has this id"
            changed = True
        if not changed:
            break
    outcomes = [
        Outcome(hugo_ids[n], plan.get(n, "id"), why.get(n, ""), landing.get(n, (0, None))[1])
        for n in numbers
    ]
    return _apply(body, hugo_ids, plan, keep_markers=False), outcomes


def _escalate(current: str | None, tag: str, setup: MarkdownSetup, taken: int) -> str:
    """Return the next, stronger way to land an id: alias, then explicit id, then none."""
    if current is None and tag in ALIAS_TAGS and setup.anchored and not taken:
        return "alias"
    return "pinned" if current in (None, "alias") else "lost"


def _blocked(hugo_id: str, setup: MarkdownSetup, reserved_pattern) -> str:
    if hugo_id in setup.reserved:
        return "the theme uses this id"
    if reserved_pattern is not None and reserved_pattern.match(hugo_id):
        return "ids of this form belong to dated updates and footnotes"
    return ""


def _apply(body: str, hugo_ids, plan: dict[int, str], keep_markers: bool) -> str:
    """Replace each marker by what ``plan`` says, keeping the heading's other attributes."""

    def replace(match) -> str:
        number, inside = int(match.group("n")), match.group("inside").split()
        hugo_id = escape(hugo_ids[number])
        how = plan.get(number)
        if how == "pinned":
            inside = [f"#{hugo_id}"] + [part for part in inside if not part.startswith("#")]
        elif how == "alias":
            inside.append(f'aliases="{hugo_id}"')
        if keep_markers:
            inside.append(f'{MARKER}="{number}"')
        return " {" + " ".join(inside) + "}" if inside else ""

    return MARKED.sub(replace, body)
