"""Dates as Hugo reads them from front matter, and as Pelican's ``Date:`` line wants them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Front matter keys Hugo's ``:default`` tries for a page's date, in order.
DEFAULT_DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")
FILENAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
ZONE_NAME = re.compile(r"(?<=[+-]\d{4})\s+[A-Z]{2,5}$|(?<=[+-]\d{2}:\d{2})\s+[A-Z]{2,5}$")
SHORT_FORMATS = ("%Y-%m-%d %H:%M", "%d %b %Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y")


@dataclass(frozen=True)
class PostDate:
    """A date and whether the author gave a time of day."""

    value: datetime
    has_time: bool

    def for_pelican(self) -> str:
        """Return the text of a ``Date:`` line that means the same instant."""
        if not self.has_time and self.value.tzinfo is None:
            return self.value.strftime("%Y-%m-%d")
        text = self.value.isoformat(timespec="seconds" if self.value.second else "minutes")
        return text.replace("+00:00", "Z") if self.value.utcoffset() is not None else text


def zone(name: str):
    """Return the time zone called ``name`` (None for UTC or an unknown name)."""
    if not name or name.upper() == "UTC":
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_date(value, time_zone=None) -> PostDate | None:
    """Return the date front matter gives (None when it is not a date).

    Hugo accepts ISO 8601 with or without a time or offset, and a few written forms;
    a time without an offset is in the site's ``timeZone``.
    """
    if isinstance(value, datetime):
        parsed, has_time = value, True
    elif isinstance(value, date):
        parsed, has_time = datetime.combine(value, time()), False
    elif isinstance(value, str) and value.strip():
        parsed, has_time = _parse_text(value.strip())
        if parsed is None:
            return None
    else:
        return None
    if parsed.tzinfo is None and time_zone is not None:
        parsed = parsed.replace(tzinfo=time_zone)
    return PostDate(parsed, has_time)


def _parse_text(text: str):
    text = ZONE_NAME.sub("", text)  # "… -0700 PDT": the offset says it all
    iso = text.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", text) else text
    try:
        parsed = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        return parsed, "T" in iso
    except ValueError:
        pass
    for fmt in SHORT_FORMATS:
        try:
            return datetime.strptime(text, fmt), "%H" in fmt
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text), True
    except (TypeError, ValueError):
        return None, False


def page_date(front_matter: dict, keys, filename: str, time_zone=None):
    """Return the page's date following Hugo's ``frontmatter.date`` list, and its key.

    :param keys: e.g. ``[":filename", ":default"]``; ``:fileModTime`` and ``:git`` are
        skipped (they describe the checkout, not the post).
    """
    for key in keys:
        key = key.lower()
        if key == ":default":
            for name in DEFAULT_DATE_KEYS:
                found = parse_date(front_matter.get(name), time_zone)
                if found:
                    return found, name
        elif key == ":filename":
            match = FILENAME_DATE.match(filename)
            found = match and parse_date(match.group(1), time_zone)
            if found:
                return found, key
        elif not key.startswith(":"):
            found = parse_date(front_matter.get(key), time_zone)
            if found:
                return found, key
    return None, None
