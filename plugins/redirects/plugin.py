"""Pelican glue for redirects: settings, what posts and the file ask for, writing it."""

from __future__ import annotations

import logging
import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sitekit.errors import ContentError, display_path, find_line, report
from sitekit.settings import Setting, is_optional_string, one_of, read_settings_table

from .pages import file_for, netlify_line, redirect_page

logger = logging.getLogger(__name__)

FILE = "REDIRECTS_FILE"
FEED_ALIASES = "REDIRECTS_FEED_ALIASES"
PAGES = "REDIRECTS_PAGES"
NETLIFY_FILE = "REDIRECTS_NETLIFY_FILE"
SHORTCODE_CHECK = "REDIRECTS_SHORTCODE_CHECK"
TABLE = (
    Setting(FILE, "redirects.toml", lambda v: isinstance(v, str) and v, "a file name"),
    Setting(
        FEED_ALIASES,
        {},
        lambda v: _is_str_map(v) and all(_is_feed_path(t) for t in v.values()),
        'a dict: old feed path → a feed of this site ("feeds/….atom.xml", ".rss.xml", ".json")',
    ),  # fmt: skip
    Setting(PAGES, {}, lambda v: _is_str_map(v), "a dict: old address → new address"),
    Setting(NETLIFY_FILE, "_redirects", is_optional_string, "a file name or None"),
    Setting(SHORTCODE_CHECK, "warn", one_of("warn", "error", "off"), '"warn", "error" or "off"'),
)
METADATA_KEYS = ("old-urls", "aliases")


def _is_feed_path(path) -> bool:
    return str(path).lstrip("/").startswith("feeds/") and str(path).endswith(
        (".atom.xml", ".rss.xml", ".json")
    )


def _is_str_map(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


@dataclass(frozen=True)
class Move:
    """An old address and where it went."""

    old: str  # e.g. /2022/03/hello/
    new: str  # e.g. /blog/2022/hello/
    title: str
    source: str | None = None  # the post that claims it


class Redirects:
    """The plugin's per-build state."""

    def __init__(self):
        self.options = {setting.name: setting.default for setting in TABLE}
        self.reset()

    def reset(self) -> None:
        self.articles = []
        self.written_paths: set[str] = set()

    def configure(self, pelican) -> None:
        self.options = read_settings_table(pelican.settings, TABLE, prefixes=("REDIRECTS_",))
        self.reset()

    def written(self, path, context=None) -> None:
        """Remember every page Pelican writes: a redirect never replaces one."""
        self.written_paths.add(os.path.normpath(path))

    def collect(self, generator) -> None:
        self.articles = list(generator.articles) + list(generator.translations)

    # -- what to write ---------------------------------------------------------------

    def moves(self, settings) -> list[Move]:
        """Return every old address with its new one: posts first, then the file's pages."""
        site_url = settings.get("SITEURL", "").rstrip("/")
        moves: dict[str, Move] = {}
        for article in sorted(self.articles, key=lambda a: a.source_path):
            new = f"/{article.url}"
            for old in old_urls(article):
                if old == new:
                    continue
                if old in moves and moves[old].new != new:
                    report(
                        ContentError(
                            f"old address {old} is also claimed by"
                            f" {display_path(moves[old].source)}",
                            "keep it in one post's Old-Urls: only",
                            path=article.source_path,
                            line=find_line(article.source_path, old),
                        )
                    )
                    continue
                moves[old] = Move(old, new, article.title, article.source_path)
        for old, new in sorted(self._pages(settings).items()):
            moves.setdefault(old, Move(old, new, new))
        self.site_url = site_url
        return list(moves.values())

    def _pages(self, settings) -> dict[str, str]:
        data = self._file(settings)
        return {**data.get("pages", {}), **self.options[PAGES]}

    def _file(self, settings) -> dict:
        path = Path(settings["PATH"], self.options[FILE])
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except tomllib.TOMLDecodeError as error:
            raise ContentError(
                f"not valid TOML ({error})", "fix the syntax (see https://toml.io)", path=str(path)
            ) from None

    # -- writing -----------------------------------------------------------------------

    def write(self, pelican) -> None:
        """Write redirect pages, ``_redirects`` and feed aliases into the output."""
        settings = pelican.settings
        output = Path(pelican.output_path)
        try:
            moves = self.moves(settings)
            feeds = {**self._file(settings).get("feeds", {}), **self.options[FEED_ALIASES]}
        except ContentError as error:
            report(error)
            return
        lines = []
        for move in moves:
            target = file_for(move.old)
            if target is None:
                self._problem(move, f"old address {move.old} is not a path of this site")
                continue
            destination = output / target
            if os.path.normpath(destination) in self.written_paths:
                if move.source:
                    logger.warning(
                        "%s: old address %s is now a page of this site; no redirect written",
                        display_path(move.source), move.old,
                    )  # fmt: skip
                continue
            url = f"{self.site_url}{move.new}" if self.site_url else move.new
            _fresh(destination)
            destination.write_text(
                redirect_page(url, move.title, settings.get("DEFAULT_LANG", "en")),
                encoding="utf-8",
            )
            lines.append(netlify_line(move.old, move.new))
        if lines and self.options[NETLIFY_FILE]:
            _fresh(output / self.options[NETLIFY_FILE])
            (output / self.options[NETLIFY_FILE]).write_text(
                "\n".join(sorted(lines)) + "\n", encoding="utf-8"
            )
        self._copy_feeds(output, feeds)
        self.reset()

    def _copy_feeds(self, output: Path, feeds: dict[str, str]) -> None:
        for alias, target in sorted(feeds.items()):
            alias_file, target_file = file_for("/" + alias.lstrip("/")), output / target.lstrip("/")
            if alias_file is None or os.path.normpath(output / alias_file) in self.written_paths:
                logger.warning("feed alias %s would replace a page of the site; skipped", alias)
                continue
            if not target_file.is_file():
                continue  # no feed this build (no posts, or the build failed)
            destination = output / alias_file
            _fresh(destination)
            shutil.copyfile(target_file, destination)

    def _problem(self, move: Move, what: str) -> None:
        report(
            ContentError(
                what,
                "write it as a path starting with /",
                path=move.source,
                line=find_line(move.source, move.old) if move.source else None,
            )  # fmt: skip
        )


def _fresh(path: Path) -> None:
    """Make room for a new file at ``path``: never write through a link to an older build."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)


def old_urls(article) -> list[str]:
    """Return the old addresses an article lists in ``Old-Urls:`` (or ``Aliases:``)."""
    found = []
    for key in METADATA_KEYS:
        value = article.metadata.get(key)
        values = value if isinstance(value, list) else str(value or "").replace(",", " ").split()
        found.extend(str(item).strip() for item in values if str(item).strip())
    return list(dict.fromkeys(found))


redirects = Redirects()
