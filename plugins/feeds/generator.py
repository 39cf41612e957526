"""The feeds generator: which feeds exist, what they hold, and where they go.

Incremental builds (:mod:`sitekit.incremental`): a feed whose posts and their states
are the previous build's keeps its files (:func:`~sitekit.incremental.keep_outputs`),
and an unchanged post is not checked for XML again
(:func:`~sitekit.incremental.remembered`), so after an edit only the feeds that list
the edited post are made again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from sitekit.errors import ContentError, report
from sitekit.incremental import keep_outputs, remembered
from sitekit.locks import read_lock, write_lock
from sitekit.outputs import replace_file

from . import options as opt
from .entries import Entry, article_entry, check_xml, entry_id, update_entry
from .writers import FeedInfo, atom_bytes, json_feed_bytes, rss_bytes

#: The HTML page listing every feed (the theme's subscribe.html); feeds point to it.
FEEDS_PAGE = "feeds/"
FORMATS = {
    "atom": ("atom.xml", "application/atom+xml", "Atom", atom_bytes),
    "rss": ("rss.xml", "application/rss+xml", "RSS", rss_bytes),
    "json": ("json", "application/feed+json", "JSON Feed", json_feed_bytes),
}
TAXONOMY_LABELS = {"categories": "Category", "authors": "Author", "tags": "Tag"}


@dataclass(frozen=True)
class FeedSpec:
    """One feed to write: its path stem below ``feeds/``, title and page."""

    stem: str
    title: str
    html_path: str
    formats: tuple[str, ...]


def site_specs(settings) -> list[FeedSpec]:
    return [
        FeedSpec("all", settings["SITENAME"], "", ("atom", "rss", "json")),
        FeedSpec("updates", f"{settings['SITENAME']}: updates to posts", "", ("atom",)),
    ]


def taxonomy_spec(kind: str, item, sitename: str) -> FeedSpec:
    title = f"{sitename}: {TAXONOMY_LABELS[kind]} {item}"
    return FeedSpec(f"{kind}/{item.slug}", title, item.url, ("atom", "rss"))


def feed_links(site_url: str, spec: FeedSpec, sitename: str) -> list[dict]:
    """Return ``<link rel="alternate">`` data for the feeds of ``spec``."""
    return [
        {
            "type": FORMATS[fmt][1],
            "title": f"{spec.title or sitename} ({FORMATS[fmt][2]})",
            "href": f"{site_url}/feeds/{spec.stem}.{FORMATS[fmt][0]}",
        }
        for fmt in spec.formats
    ]


class FeedsGenerator(Generator):
    """Write every feed of the site after the articles are read."""

    def generate_context(self):
        self.options = opt.read_options(self.settings)  # checked at `initialized`
        self.context["feeds_for"] = self.feeds_for

    def feeds_for(self, kind: str, item=None) -> list[dict]:
        """Template helper: the feeds of the site (``"site"``) or of one taxonomy item."""
        site_url, sitename = self.settings["SITEURL"], self.settings["SITENAME"]
        if kind == "site":
            return [
                link
                for spec in site_specs(self.settings)
                for link in feed_links(site_url, spec, sitename)
            ]
        if kind not in self.options[opt.TAXONOMIES]:
            return []
        return feed_links(site_url, taxonomy_spec(kind, item, sitename), sitename)

    def generate_output(self, writer=None):
        articles = self.context["articles"]
        if not articles:
            return
        lock_path = os.path.join(self.settings["PATH"], self.options[opt.ID_LOCK_FILE])
        locked = read_lock(lock_path, ID_LOCK_KEY)
        authority = self.options[opt.ID_AUTHORITY]
        self.ids = {id(a): entry_id(a, authority, locked) for a in articles}
        if not _ids_unique(articles, self.ids):
            return
        if self.options[opt.ID_LOCK_CHECK] == "error":
            _check_recorded(articles, locked, lock_path)
        minted = {a.relative_source_path: self.ids[id(a)] for a in articles}
        new = any(locked.get(path) != minted_id for path, minted_id in minted.items())
        if self.options[opt.ID_LOCK_UPDATE] and new:
            write_lock(lock_path, ID_LOCK_ABOUT, ID_LOCK_KEY, dict(locked, **minted), self.settings)
        feedable = [article for article in articles if _xml_safe(article, self.settings)]
        self._entries = {}
        self._write_all(feedable)
        self._entries = {}  # the entries' HTML is needed no longer

    def _entry(self, article) -> Entry:
        """Return the article's entry, made once and only for articles a feed lists."""
        key = id(article)
        if key not in self._entries:
            self._entries[key] = article_entry(
                article, self.options["base_url"], self.ids[key], self.options[opt.EMBED_HOSTS]
            )
        return self._entries[key]

    def _top(self, articles) -> list:
        """Newest ``updated`` first (ties: published, then id), cut to FEED_MAX_ITEMS."""
        ranked = sorted(
            articles,
            key=lambda a: (getattr(a, "modified", None) or a.date, a.date, self.ids[id(a)]),
            reverse=True,
        )
        limit = self.options[opt.MAX_ITEMS]
        return ranked[:limit] if limit else ranked

    def _write_all(self, articles) -> None:
        sitename = self.settings["SITENAME"]
        all_spec, updates_spec = site_specs(self.settings)
        self._write_posts(all_spec, self._top(articles), self.settings.get("SITESUBTITLE", ""))
        updates = self._newest_updates(articles)
        hosts = self.options[opt.EMBED_HOSTS]
        self._write(
            updates_spec,
            f"One entry for each dated update to a post on {sitename}",
            [article for _update, article in updates],
            lambda: [update_entry(update, self._entry(post), hosts) for update, post in updates],
            [update.anchor for update, _article in updates],
        )
        feedable = {id(a) for a in articles}
        for kind in self.options[opt.TAXONOMIES]:
            for item, item_articles in self.context.get(kind, []):
                listed = [a for a in item_articles if id(a) in feedable]
                spec = taxonomy_spec(kind, item, sitename)
                self._write_posts(spec, self._top(listed), f"Posts filed under {item}")

    def _newest_updates(self, articles) -> list[tuple]:
        """The newest updates of all posts, as (update, article), newest first."""
        updates = sorted(
            (
                (update, article)
                for article in articles
                for update in getattr(article, "updates", [])
            ),
            key=lambda pair: (pair[0].date, pair[1].date, self.ids[id(pair[1])], pair[0].anchor),
            reverse=True,
        )
        limit = self.options[opt.MAX_ITEMS]
        return updates[:limit] if limit else updates

    def _write_posts(self, spec: FeedSpec, chosen, subtitle: str) -> None:
        """Write the feed of the posts ``chosen``, one entry each, in this order."""
        self._write(spec, subtitle, chosen, lambda: [self._entry(a) for a in chosen])

    def _write(self, spec: FeedSpec, subtitle: str, listed, entries, details=()) -> None:
        """Write the files of ``spec``, unless the previous build's can be kept.

        :param listed: the posts its entries come from, in order (what they show).
        :param entries: makes the entries (called only when the files are written).
        :param details: anything else the entries show that the posts do not.
        """
        fallback_updated = self.context["articles"][0].date  # a feed with no entry
        paths = [f"feeds/{spec.stem}.{FORMATS[fmt][0]}" for fmt in spec.formats]
        ids = [self.ids[id(article)] for article in listed]
        key = (spec, subtitle, fallback_updated, ids, list(details))
        if keep_outputs(self.settings, paths, listed, key):
            return
        entries = entries()
        base = self.options["base_url"]
        for fmt in spec.formats:
            suffix, _mime, _label, render = FORMATS[fmt]
            relative = f"feeds/{spec.stem}.{suffix}"
            info = FeedInfo(
                title=spec.title,
                subtitle=subtitle,
                self_url=f"{base}/{relative}",
                html_url=f"{base}/{spec.html_path}",
                language=self.settings.get("DEFAULT_LANG", "en"),
                icon=f"{base}/{self.options[opt.ICON]}",
                logo=f"{base}/{self.options[opt.LOGO]}",
                publisher=self.settings.get("AUTHOR") or self.settings["SITENAME"],
                hub=self.options[opt.WEBSUB_HUB],
                guide=f"{base}/{FEEDS_PAGE}",
            )
            path = Path(self.output_path, relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, render(info, entries, fallback_updated))


def _ids_unique(articles, ids) -> bool:
    """Report every post whose feed id another post already has (readers drop one)."""
    first = {}
    unique = True
    for article in sorted(articles, key=lambda a: a.source_path):
        owner = first.setdefault(ids[id(article)], article)
        if owner is not article:
            unique = False
            report(
                ContentError(
                    f"feed id {ids[id(article)]} is also the id of {owner.relative_source_path}",
                    "give one of the two posts another Feed-Id: (or remove the pinned one)",
                    path=article.source_path,
                    needle="Feed-Id:",
                )
            )
    return unique


def _check_recorded(articles, locked, lock_path) -> None:
    """Report posts whose feed id is minted by this build but not yet recorded."""
    for article in articles:
        if not article.metadata.get("feed-id") and article.relative_source_path not in locked:
            report(
                ContentError(
                    f"feed id not recorded in {os.path.basename(lock_path)}",
                    "run `make html` (or `make lock`) and commit content/*.lock.json",
                    path=article.source_path,
                    line=1,
                )
            )


def _xml_safe(article, settings) -> bool:
    """Report an article XML cannot hold; feeds then leave it out (the build fails)."""
    try:
        remembered(settings, "feeds.check_xml", article, lambda: check_xml(article))
    except ContentError as error:
        report(error)
        return False
    return True


ID_LOCK_KEY = "entries"
ID_LOCK_ABOUT = "Feed entry ids, minted once per post, never changed. `make lock` records new ones."
