"""The feeds plugin's settings: Pelican's names where Pelican has one."""

from __future__ import annotations

from urllib.parse import urlsplit

from sitekit.errors import ContentError

MAX_ITEMS = "FEED_MAX_ITEMS"
DOMAIN = "FEED_DOMAIN"
WEBSUB_HUB = "FEEDS_WEBSUB_HUB"
ID_AUTHORITY = "FEEDS_ID_AUTHORITY"
ICON = "FEEDS_ICON"
ID_LOCK_FILE = "FEEDS_ID_LOCK_FILE"
ID_LOCK_UPDATE = "FEEDS_ID_LOCK_UPDATE"
TAXONOMIES = "FEEDS_TAXONOMIES"
DEFAULTS = {
    MAX_ITEMS: 100,
    DOMAIN: None,
    WEBSUB_HUB: None,
    ID_AUTHORITY: None,
    ICON: "theme/images/icon.svg",
    ID_LOCK_FILE: "feed-ids.lock.json",
    ID_LOCK_UPDATE: False,
    TAXONOMIES: ("categories", "authors", "tags"),
}
KNOWN_TAXONOMIES = ("categories", "authors", "tags")
#: Pelican's own feed settings; the plugin turns them all off.
PELICAN_FEEDS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS",
    "TAG_FEED_ATOM", "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS",
)  # fmt: skip


def read_options(settings) -> dict:
    """Return the plugin's settings merged with :data:`DEFAULTS`, checked once."""
    options = {key: settings.get(key) or default for key, default in DEFAULTS.items()}
    options[MAX_ITEMS] = settings.get(MAX_ITEMS, DEFAULTS[MAX_ITEMS])
    base = (options[DOMAIN] or settings.get("SITEURL") or "").rstrip("/")
    if not urlsplit(base).netloc:
        raise ContentError(
            "feeds need absolute URLs but neither SITEURL nor FEED_DOMAIN is absolute",
            'set FEED_DOMAIN (e.g. "http://127.0.0.1:8000") in the settings',
        )
    options["base_url"] = base
    options[ID_AUTHORITY] = options[ID_AUTHORITY] or urlsplit(base).hostname
    unknown = sorted(set(options[TAXONOMIES]) - set(KNOWN_TAXONOMIES))
    if unknown:
        raise ContentError(
            f"{TAXONOMIES} names unknown kind(s) {', '.join(unknown)}",
            f"use some of {', '.join(KNOWN_TAXONOMIES)}",
        )
    return options
