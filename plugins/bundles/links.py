"""The addresses a post's HTML links to (as Markdown writes its attributes)."""

from __future__ import annotations

import re

#: Attributes that hold one address, and the ``srcset`` list; as Markdown writes them.
#: ``x(?<!\w.)`` is ``\bx`` written so that the expression starts with a letter, which
#: lets ``re`` skip ahead to the candidates (three times faster on a post).
LINK = re.compile(r'(h(?<!\w.)ref|s(?<!\w.)rc|p(?<!\w.)oster|d(?<!\w.)ata)="([^"]*)"')
SRCSET = re.compile(r's(?<!\w.)rcset="([^"]*)"')


def addresses(html: str):
    """Yield ``(attribute, address)`` for each address ``html`` links to."""
    for match in LINK.finditer(html):
        yield match.group(1), match.group(2)
    for match in SRCSET.finditer(html):
        for candidate in match.group(1).split(","):
            if candidate.split():
                yield "src", candidate.split()[0]
