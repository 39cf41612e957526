"""The feeds generator: which feeds exist, what they hold, and where they go."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from sitekit.errors import ContentError, report
from sitekit.locks import read_lock, write_lock

from . import options as opt
from .entries import article_entry, entry_id, update_entries
from .writers import FeedInfo, atom_bytes, json_feed_bytes, rss_bytes

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
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
        self.options = opt.read_options(self.settings)
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
        base = self.options["base_url"]
        lock_path = os.path.join(self.settings["PATH"], self.options[opt.ID_LOCK_FILE])
        locked = read_lock(lock_path, ID_LOCK_KEY)
        authority = self.options[opt.ID_AUTHORITY]
        entries, updates = {}, []
        for article in articles:
            try:
                entry = article_entry(article, base, entry_id(article, authority, locked))
            except ContentError as error:
                report(error)
                continue
            entries[id(article)] = entry
            updates.extend(update_entries(article, entry))
        if self.options[opt.ID_LOCK_UPDATE]:
            minted = {
                a.relative_source_path: entries[id(a)].id for a in articles if id(a) in entries
            }
            write_lock(lock_path, ID_LOCK_ABOUT, ID_LOCK_KEY, dict(locked, **minted))
        self._write_all(articles, entries, updates)

    def _write_all(self, articles, entries, updates) -> None:
        sitename = self.settings["SITENAME"]
        ranked = ranked_entries(entries.values())
        self._write(site_specs(self.settings)[0], ranked, self.settings.get("SITESUBTITLE", ""))
        self._write(
            site_specs(self.settings)[1],
            ranked_entries(updates),
            f"One entry for each dated update to a post on {sitename}",
        )
        for kind in self.options[opt.TAXONOMIES]:
            for item, item_articles in self.context.get(kind, []):
                spec = taxonomy_spec(kind, item, sitename)
                chosen = [entries[id(a)] for a in item_articles if id(a) in entries]
                self._write(spec, ranked_entries(chosen), f"Posts filed under {item}")
        self._copy_stylesheet()

    def _write(self, spec: FeedSpec, entries, subtitle: str) -> None:
        limit = self.options[opt.MAX_ITEMS]
        entries = entries[:limit] if limit else entries
        base = self.options["base_url"]
        depth = spec.stem.count("/")
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
                hub=self.options[opt.WEBSUB_HUB],
                stylesheet="../" * depth + "feed.xsl",
            )
            path = Path(self.output_path, relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render(info, entries, self.context["articles"][0].date))

    def _copy_stylesheet(self) -> None:
        target = Path(self.output_path, "feeds", "feed.xsl")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / "feed.xsl", target)


def ranked_entries(entries) -> list:
    """Newest ``updated`` first; ties by ``published``, then id (deterministic)."""
    return sorted(entries, key=lambda e: (e.updated, e.published, e.id), reverse=True)


ID_LOCK_KEY = "entries"
ID_LOCK_ABOUT = "Feed entry ids, minted once per post, never changed. `make lock` records new ones."
