"""Signal handlers: feed Pagefind each published article and page as it is written."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from sitekit.errors import ContentError, report

from .indexer import BackgroundIndex, IndexFailed, IndexRun

logger = logging.getLogger(__name__)

#: Where the bundle goes, below the output (DESIGN.md: ``pagefind/``).
BUNDLE = "pagefind"
DEFAULTS = {
    # Parts of a post that are not its text: "#" permalinks, the list of questions
    # (each question is indexed where it is answered), the date line, tags and author card.
    "SEARCH_EXCLUDE_SELECTORS": [
        ".anchor-link",
        ".question-index",
        ".post-header .meta",
        ".post-footer",
    ],
    # Offered on the search page when JavaScript is off (the site's own host is added).
    "SEARCH_ENGINE": {
        "name": "DuckDuckGo",
        "url": "https://duckduckgo.com/",
        "site_field": "sites",
    },
    "SEARCH_TIMEOUT": 600,
}
FIX_INSTALL = "install the pinned Pagefind (`make html` installs requirements.txt) and build again"


def engine_site(siteurl: str) -> str:
    """Return ``host/path`` of the public site for a search engine, '' for a local one."""
    parts = urlsplit(siteurl)
    return f"{parts.netloc}{parts.path}".rstrip("/") if parts.netloc else ""


class SiteSearch:
    """One Pagefind index per build, fed every published article and page as it is written."""

    def __init__(self):
        self.index: BackgroundIndex | None = None
        self.output: str | None = None
        self.config: dict | None = None
        self.writers_done: set[str] = set()
        #: What the last finished index took (the benchmark reads it).
        self.last_run: IndexRun | None = None

    def configure(self, pelican) -> None:
        settings = pelican.settings
        for name, value in DEFAULTS.items():
            settings.setdefault(name, value)
        settings["SEARCH_ENGINE_SITE"] = engine_site(settings.get("SITEURL", ""))

    def start(self, generators) -> None:
        """Get ready for this build's pages, once every source is read."""
        if self.index is not None:  # a build that stopped half-way left it running
            self.index.abandon()
            self.index = None
        settings = generators[0].settings
        self.output = os.path.normpath(settings["OUTPUT_PATH"])
        self.config = {"exclude_selectors": list(settings["SEARCH_EXCLUDE_SELECTORS"])}
        self.writers_done = set()

    def _index(self) -> BackgroundIndex:
        # Started with the first page, not before: a build that forks workers to write
        # pages has forked them by then, so they share no thread or pipe of Pagefind's.
        if self.index is None:
            self.index = BackgroundIndex(self.config, Path(self.output, BUNDLE))
        return self.index

    def add(self, path, context) -> None:
        """Index a written page if it is a published article's or page's own page."""
        content = context.get("article") or context.get("page")
        if self.config is None or content is None or content.status != "published":
            return  # listings, author/tag/category pages, drafts, hidden pages, 404...
        if os.path.normpath(path) != os.path.join(self.output, content.save_as):
            return  # another page that names the post (a redirect, say)
        self._index().add(path, "/" + content.url, content.source_path)

    def articles_written(self, generator, writer=None) -> None:
        self._written("articles")

    def pages_written(self, generator, writer=None) -> None:
        self._written("pages")

    def _written(self, kind: str) -> None:
        """Seal the index once articles and pages are written: Pagefind writes meanwhile."""
        self.writers_done.add(kind)
        if self.index is not None and {"articles", "pages"} <= self.writers_done:
            self.index.seal()

    def finish(self, pelican) -> None:
        """Wait for the bundle; a failed index fails the build."""
        if self.config is None:
            return
        index, self.index, self.config = self._index(), None, None
        try:
            self.last_run = index.finish(pelican.settings["SEARCH_TIMEOUT"])
        except IndexFailed as failed:
            for source, message in failed.failures:
                report(failure(source, message))
            return
        logger.info(
            "search: Pagefind indexed %d pages in %.2f s (the build waited %.2f s for it)",
            self.last_run.pages, self.last_run.seconds, self.last_run.seconds_waited,
        )  # fmt: skip


def failure(source: str | None, message: str) -> ContentError:
    if source is None:
        return ContentError(f"search: Pagefind could not build the index ({message})", FIX_INSTALL)
    return ContentError(
        f"search: Pagefind could not index this page ({message})",
        "check the page's HTML, or leave the part out with SEARCH_EXCLUDE_SELECTORS",
        path=source,
    )


site_search = SiteSearch()
