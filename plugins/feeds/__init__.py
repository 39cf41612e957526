"""Feeds that subscribers can trust, written with feedgen.

Replaces Pelican's own feeds (all of Pelican's ``*_FEED_*`` settings are turned off)
with, below ``feeds/``:

* ``all.atom.xml``, ``all.rss.xml`` and ``all.json`` (JSON Feed 1.1);
* ``updates.atom.xml``: one entry per dated update (see ``post_updates``), so that
  readers which ignore ``updated`` still see a post change;
* ``{categories,authors,tags}/{slug}.atom.xml`` and ``.rss.xml``;
* no XSLT (browsers are removing it): each Atom and RSS feed opens with a comment
  that sends a person who opens it in a browser to the feeds page, ``feeds/``.

Entries carry the full content with every relative ``href``, ``src`` and ``srcset``
made absolute against the post's address and the ``#`` permalinks removed.
``published`` is the post's date; ``updated`` is ``article.modified``. Feeds rank
posts by ``updated``, so an old post updated recently returns to the top.

Entry ids are tag URIs minted once from the post's first address and date,
recorded in ``content/feed-ids.lock.json`` (``make lock``) and reused in Atom, RSS
and JSON Feed, so a slug, URL scheme or domain change never makes a post "new".
A post may pin its own id with ``Feed-Id: tag:...``.

A character XML cannot hold (a control character) stops the build with the file
and line: a feed is never written broken and never silently altered.

Entry content is sanitised (:mod:`feeds.sanitise`): pages keep the author's HTML,
but no script, style, event handler or unsafe URL reaches a feed; ``<iframe>`` embeds
stay only from ``FEEDS_EMBED_HOSTS``. Two posts with one entry id stop the build.

Settings (the table in :mod:`feeds.options`, checked once at start): ``FEED_MAX_ITEMS``
(per feed, default 100, 0 for all), ``FEED_DOMAIN`` (absolute base when ``SITEURL`` is
relative), ``FEEDS_WEBSUB_HUB``, ``FEEDS_ID_AUTHORITY`` (the tag URI authority;
default SITEURL's host), ``FEEDS_ICON``, ``FEEDS_LOGO`` (PNG, GIF or JPEG: RSS's
``<image>``), ``FEEDS_ID_LOCK_FILE``, ``FEEDS_ID_LOCK_UPDATE`` (record new ids),
``FEEDS_ID_LOCK_CHECK`` (``error``: a post whose id is not recorded stops the build),
``FEEDS_TAXONOMIES`` and ``FEEDS_EMBED_HOSTS``. The feeds' own author is ``AUTHOR``.
"""

from pelican import signals

from .generator import FeedsGenerator
from .options import PELICAN_FEEDS, read_options


def configure(pelican) -> None:
    """Check the settings once; turn Pelican's own feeds off (ours would be duplicated)."""
    read_options(pelican.settings)
    for key in PELICAN_FEEDS:
        pelican.settings[key] = None


def add_generator(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(add_generator)
