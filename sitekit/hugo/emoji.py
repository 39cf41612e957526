"""``:tada:`` → 🎉, as Hugo does when a site sets ``enableEmoji`` (GitHub's emoji names).

The names come from pymdown-extensions' copy of GitHub's gemoji database.
"""

from __future__ import annotations

import re
from functools import cache

CANDIDATE = re.compile(r":([\w+\-]+):")


@cache
def _table() -> dict[str, str]:
    from pymdownx import gemoji_db

    table = {}
    for name, record in gemoji_db.emoji.items():
        code = record.get("unicode_alt") or record.get("unicode")
        if code:
            table[name] = "".join(chr(int(point, 16)) for point in code.split("-"))
    for alias, name in gemoji_db.aliases.items():
        if name in table:
            table[alias] = table[name]
    return table


def emojify(text: str) -> tuple[str, int]:
    """Return ``text`` with every known ``:name:`` replaced, and how many were replaced.

    Like Hugo, a colon that does not start a known name may end one.
    """
    table, out, pos, count = _table(), [], 0, 0
    while match := CANDIDATE.search(text, pos):
        emoji = table.get(match.group())
        if emoji is None:
            out.append(text[pos : match.end() - 1])
            pos = match.end() - 1
            continue
        out.append(text[pos : match.start()] + emoji)
        pos, count = match.end(), count + 1
    out.append(text[pos:])
    return "".join(out), count
