"""Feeds that subscribers can trust, written with feedgen.

Replaces Pelican's own feeds (all of Pelican's ``*_FEED_*`` settings are turned off)
with, below ``feeds/``:

* ``all.atom.xml``, ``all.rss.xml`` and ``all.json`` (JSON Feed 1.1);
* ``updates.atom.xml``: one entry per dated update (see ``post_updates``), so that
  readers which ignore ``updated`` still see a post change;
* ``{categories,authors,tags}/{slug}.atom.xml`` and ``.rss.xml``;
* ``feed.xsl``, so a person who opens a feed in a browser sees a readable page.

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

Settings: ``FEED_MAX_ITEMS`` (per feed, default 100), ``FEED_DOMAIN`` (absolute
base when ``SITEURL`` is relative), ``FEEDS_WEBSUB_HUB``, ``FEEDS_ID_AUTHORITY``
(the tag URI authority; default SITEURL's host), ``FEEDS_ICON``,
``FEEDS_ID_LOCK_FILE``, ``FEEDS_ID_LOCK_UPDATE`` and ``FEEDS_TAXONOMIES``.
"""

from pelican import signals

from .generator import FeedsGenerator
from .options import PELICAN_FEEDS


def turn_off_pelican_feeds(pelican) -> None:
    """Our generator writes the feeds; Pelican's own would duplicate them."""
    for key in PELICAN_FEEDS:
        pelican.settings[key] = None


def add_generator(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(turn_off_pelican_feeds)
    signals.get_generators.connect(add_generator)
