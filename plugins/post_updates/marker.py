"""The update marker: ``> **Update 2022-03-24**: text`` (a ``HH:MM`` time may follow)."""

from __future__ import annotations

import re
from datetime import datetime

from sitekit.errors import ContentError
from sitekit.ids import unique_id

#: A bold label that starts like an update: "Update" or "Updated", then the rest.
LABEL = re.compile(r"^\s*(Updated?)\b\s*(.*?)\s*:?\s*$", re.IGNORECASE)
#: A date in any of the forms authors write (digits, or a month's name).
DATE_LIKE = re.compile(
    r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
ACCEPTED = "write it as **Update YYYY-MM-DD** or **Update YYYY-MM-DD HH:MM**"
DATE_FORMS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d")
STRICT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?$")
#: A Markdown source line that opens an update (used to find where updates go).
SOURCE_LINE = re.compile(r"^\s{0,3}>\s*\*\*Update\s+\d")


def parse_label(label: str) -> datetime | None:
    """Return the naive datetime of an update label, or ``None`` if it is no update.

    ``"Update 2022-03-24"`` and ``"Update 2022-03-24 14:30"`` are updates; a label
    that merely starts with "Update" and has no date is not.

    :raises ContentError: the label has a date in another form (``24/03/2022``,
        ``March 24, 2022``, ``Updated 2022-03-24``) or one that is not a real date.
    """
    match = LABEL.match(label)
    if not match or not DATE_LIKE.search(match.group(2)):
        return None
    word, stamp = match.group(1), match.group(2)
    if word != "Update":
        raise ContentError(
            f'update label "{word} {stamp}" is not the update form',
            ACCEPTED,
            needle=f"{word} {stamp}",
        )
    if not STRICT.match(stamp):
        raise ContentError(
            f'malformed update date "{stamp}"',
            "write it as YYYY-MM-DD, optionally followed by HH:MM"
            " (**Update YYYY-MM-DD** or **Update YYYY-MM-DD HH:MM**)",
            needle=f"Update {stamp}",
        )
    for form in DATE_FORMS:
        try:
            return datetime.strptime(stamp, form)
        except ValueError:
            continue
    raise ContentError(
        f'update date "{stamp}" is not a real date',
        "check the day and month (YYYY-MM-DD, optionally HH:MM)",
        needle=f"Update {stamp}",
    )


def anchor_for(moment: datetime, used: set[str]) -> str:
    """Return ``update-YYYY-MM-DD`` (``-2``, ``-3``... for more on one day); mark it used."""
    return unique_id(f"update-{moment:%Y-%m-%d}", used)
