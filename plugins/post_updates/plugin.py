"""Pelican glue for dated updates: settings, ``article.updates``, ``article.modified``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pelican.contents import Article

from sitekit.errors import ContentError
from sitekit.markdown_source import use_extension
from sitekit.settings import Setting, read_settings_table

from .mdx_post_updates import META_KEY, PostUpdatesExtension

BUILD_DATE_KEY = "UPDATES_BUILD_DATE"
TABLE = (
    Setting(BUILD_DATE_KEY, None, lambda v: v is None or _is_iso_date(v), '"YYYY-MM-DD" or None'),
)


@dataclass(frozen=True)
class PostUpdate:
    """One dated update of a post.

    ``number`` counts the updates of one day (1, 2...). Updates that name the same
    moment are a second apart in ``date``, in the post's order, so feeds order them.
    """

    date: datetime
    anchor: str
    html: str
    number: int = 1


def dated_updates(items) -> list[PostUpdate]:
    """Return the updates of a post, oldest first, numbered per day, moments distinct."""
    ordered = sorted(
        ((datetime.fromisoformat(item["date"]), item) for item in items), key=lambda p: p[0]
    )
    updates = []
    for moment, item in ordered:
        number = 1
        if updates and updates[-1].date.date() == moment.date():
            number = updates[-1].number + 1
            moment = max(moment, updates[-1].date + timedelta(seconds=1))
        updates.append(PostUpdate(moment, item["anchor"], item["html"], number))
    return updates


def _is_iso_date(value) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def build_date(settings) -> date:
    """Return the build's date: ``UPDATES_BUILD_DATE`` or today in the site's timezone."""
    configured = read_settings_table(settings, TABLE, prefixes=("UPDATES_",))[BUILD_DATE_KEY]
    if configured:
        return date.fromisoformat(str(configured))
    return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()


class PostUpdates:
    """The plugin's per-build state."""

    def __init__(self):
        self.today = None

    def configure(self, pelican) -> None:
        """Add the Markdown extension, set to the site's timezone, to ``MARKDOWN``."""
        settings = pelican.settings
        self.today = build_date(settings)
        extension = PostUpdatesExtension(
            timezone=settings.get("TIMEZONE") or "UTC",
            date_format=settings.get("DEFAULT_DATE_FORMAT", "%Y-%m-%d"),
        )
        use_extension(settings, extension)

    def attach(self, content) -> None:
        """Set ``updates`` (oldest first) and ``modified`` on an article; check dates."""
        if not isinstance(content, Article):
            return
        updates = dated_updates(content.metadata.get(META_KEY, []))
        for update in updates:
            self._check(content, update)
        content.updates = updates
        if updates:
            newest = updates[-1].date
            explicit = getattr(content, "modified", None)
            content.modified = explicit if explicit and explicit > newest else newest
            content.locale_modified = content.modified.strftime(content.date_format)

    def _check(self, content, update) -> None:
        needle = f"Update {update.date:%Y-%m-%d}"
        if update.date.date() < content.date.date():
            raise ContentError(
                f"update {update.date:%Y-%m-%d} is earlier than the post's date"
                f" {content.date:%Y-%m-%d}",
                "fix the update's date or the post's Date:",
                needle=needle,
            )
        if self.today and update.date.date() > self.today:
            raise ContentError(
                f"update {update.date:%Y-%m-%d} is in the future (today is {self.today})",
                "date the update today or earlier",
                needle=needle,
            )


post_updates = PostUpdates()
