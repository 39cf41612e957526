"""The feeds plugin's settings: Pelican's names where Pelican has one."""

from __future__ import annotations

from urllib.parse import urlsplit

from sitekit.errors import ContentError
from sitekit.settings import (
    Setting,
    is_bool,
    is_count,
    is_optional_string,
    is_string_list,
    read_settings_table,
)

MAX_ITEMS = "FEED_MAX_ITEMS"
DOMAIN = "FEED_DOMAIN"
WEBSUB_HUB = "FEEDS_WEBSUB_HUB"
ID_AUTHORITY = "FEEDS_ID_AUTHORITY"
ICON = "FEEDS_ICON"
LOGO = "FEEDS_LOGO"
ID_LOCK_FILE = "FEEDS_ID_LOCK_FILE"
ID_LOCK_UPDATE = "FEEDS_ID_LOCK_UPDATE"
ID_LOCK_CHECK = "FEEDS_ID_LOCK_CHECK"
TAXONOMIES = "FEEDS_TAXONOMIES"
EMBED_HOSTS = "FEEDS_EMBED_HOSTS"
KNOWN_TAXONOMIES = ("categories", "authors", "tags")
#: RSS 2.0's <image> must be GIF, JPEG or PNG.
RASTER_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg")

TABLE = (
    Setting(MAX_ITEMS, 100, is_count, "a whole number (0: every post)"),
    Setting(DOMAIN, None, is_optional_string, 'an absolute URL such as "https://example.org"'),
    Setting(WEBSUB_HUB, None, is_optional_string, "a hub's URL, or None"),
    Setting(ID_AUTHORITY, None, is_optional_string, 'a domain you own, e.g. "example.org"'),
    Setting(ICON, "theme/images/icon.svg", lambda v: isinstance(v, str), "a path in the site"),
    Setting(
        LOGO,
        "theme/images/icon.png",
        lambda v: isinstance(v, str) and v.lower().endswith(RASTER_SUFFIXES),
        "a PNG, GIF or JPEG path in the site (RSS allows no other)",
    ),
    Setting(ID_LOCK_FILE, "feed-ids.lock.json", lambda v: isinstance(v, str), "a file name"),
    Setting(ID_LOCK_UPDATE, False, is_bool, "True or False"),
    Setting(ID_LOCK_CHECK, "off", lambda v: v in ("off", "error"), '"off" or "error"'),
    Setting(
        TAXONOMIES,
        KNOWN_TAXONOMIES,
        lambda v: is_string_list(v) and set(v) <= set(KNOWN_TAXONOMIES),
        f"a list of some of {', '.join(KNOWN_TAXONOMIES)} ([] for none)",
    ),
    Setting(
        EMBED_HOSTS,
        ("www.youtube-nocookie.com", "www.youtube.com", "player.vimeo.com"),
        is_string_list,
        "a list of host names whose https: iframes feeds keep",
    ),
)
#: Pelican's own feed settings; the plugin turns them all off.
PELICAN_FEEDS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS",
    "TAG_FEED_ATOM", "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS",
)  # fmt: skip


def read_options(settings) -> dict:
    """Return the plugin's settings, checked, with the feeds' absolute ``base_url``."""
    options = read_settings_table(settings, TABLE, prefixes=("FEEDS_",))
    base = (options[DOMAIN] or settings.get("SITEURL") or "").rstrip("/")
    if not urlsplit(base).netloc:
        raise ContentError(
            "feeds need absolute URLs but neither SITEURL nor FEED_DOMAIN is absolute",
            'set FEED_DOMAIN (e.g. "http://127.0.0.1:8000") in the settings',
        )
    options["base_url"] = base
    options[ID_AUTHORITY] = options[ID_AUTHORITY] or urlsplit(base).hostname
    return options
