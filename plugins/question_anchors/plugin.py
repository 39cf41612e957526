"""Pelican glue for question anchors: settings, HTML posts, index, the lock."""

from __future__ import annotations

import logging
import os

from pelican.contents import Article, Page

from sitekit.compat import raw_content_html, set_content_html
from sitekit.errors import ContentError, report
from sitekit.markdown_source import use_extension

from .headings import THEME_IDS
from .html_headings import anchor_html
from .lock import gone_anchors, merged, read_anchor_lock, write_anchor_lock
from .mdx_question_anchors import META_KEY, QuestionAnchorsExtension
from .slugs import LEGACY_SLUGS, MAX_LENGTH

logger = logging.getLogger(__name__)

LEGACY_SLUGS_KEY = "ANCHORS_LEGACY_SLUGS"
MAX_LENGTH_KEY = "ANCHORS_MAX_LENGTH"
RESERVED_KEY = "ANCHORS_RESERVED_IDS"
INDEX_MIN_KEY = "ANCHORS_INDEX_MIN"
LOCK_FILE_KEY = "ANCHORS_LOCK_FILE"
LOCK_CHECK_KEY = "ANCHORS_LOCK_CHECK"
LOCK_UPDATE_KEY = "ANCHORS_LOCK_UPDATE"
DEFAULTS = {
    LEGACY_SLUGS_KEY: ["github"],
    MAX_LENGTH_KEY: MAX_LENGTH,
    RESERVED_KEY: sorted(THEME_IDS),
    INDEX_MIN_KEY: 4,
    LOCK_FILE_KEY: "anchors.lock.json",
    LOCK_CHECK_KEY: "warn",
    LOCK_UPDATE_KEY: False,
}
LOCK_CHECKS = ("warn", "error", "off")
INDEX_METADATA = "question-index"


def read_options(settings) -> dict:
    """Return the plugin's settings merged with :data:`DEFAULTS`, checked once."""
    options = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    unknown = [style for style in options[LEGACY_SLUGS_KEY] if style not in LEGACY_SLUGS]
    if unknown:
        raise ContentError(
            f"{LEGACY_SLUGS_KEY} names unknown style(s) {', '.join(unknown)}",
            f"use some of: {', '.join(LEGACY_SLUGS)}",
        )
    if options[LOCK_CHECK_KEY] not in LOCK_CHECKS:
        raise ContentError(
            f"{LOCK_CHECK_KEY} is {options[LOCK_CHECK_KEY]!r}",
            f"set it to one of {', '.join(LOCK_CHECKS)}",
        )
    return options


class QuestionAnchors:
    """The plugin's per-build state: options and the Markdown extension."""

    def __init__(self):
        self.options = dict(DEFAULTS)

    @property
    def heading_options(self) -> dict:
        return {
            "legacy": self.options[LEGACY_SLUGS_KEY],
            "max_length": self.options[MAX_LENGTH_KEY],
            "reserved": frozenset(self.options[RESERVED_KEY]),
        }

    def configure(self, pelican) -> None:
        """Read settings and add the Markdown extension to this build's ``MARKDOWN``."""
        settings = pelican.settings
        self.options = read_options(settings)
        use_extension(settings, QuestionAnchorsExtension(**self.heading_options))

    def attach(self, content) -> None:
        """Anchor non-Markdown content; give articles their ``question_index``."""
        if not isinstance(content, Article | Page):
            return
        anchors = content.metadata.get(META_KEY)
        if anchors is None:
            html, anchors = anchor_html(raw_content_html(content), **self.heading_options)
            set_content_html(content, html)
        content.question_anchors = anchors
        content.question_index = self._question_index(content, anchors)

    def _question_index(self, content, anchors) -> list[dict]:
        questions = [anchor for anchor in anchors if anchor.level == 2]
        wanted = str(content.metadata.get(INDEX_METADATA, "")).strip().lower()
        if wanted in ("no", "false", "off"):
            return []
        if wanted in ("yes", "true", "on") or len(questions) >= self.options[INDEX_MIN_KEY]:
            return questions
        return []

    def check_lock(self, generator) -> None:
        """Compare the articles with the lock; record new anchors when asked to."""
        path = os.path.join(generator.settings["PATH"], self.options[LOCK_FILE_KEY])
        lock = read_anchor_lock(path)
        articles = list(generator.articles) + list(generator.translations)
        current = {article.url: published_ids(article) for article in articles}
        if self.options[LOCK_UPDATE_KEY]:
            write_anchor_lock(path, merged(lock, current), generator.settings)
            return
        if self.options[LOCK_CHECK_KEY] == "off":
            return
        for article in articles:
            headings = [anchor.id for anchor in getattr(article, "question_anchors", [])]
            for anchor, nearest in gone_anchors(
                lock.get(article.url, []), current[article.url], headings
            ):
                self._gone(article, anchor, nearest)

    def _gone(self, article, anchor, nearest) -> None:
        suggestion = ", ".join(f"#{near}" for near in nearest) or "none"
        error = ContentError(
            f"published anchor #{anchor} is gone",
            f'add {{aliases="{anchor}"}} to the heading that replaced it'
            f" (nearest current headings: {suggestion}), or restore the heading",
            path=article.source_path,
        )
        if self.options[LOCK_CHECK_KEY] == "error":
            report(error)
        else:
            logger.warning("%s", error.format())


def published_ids(content) -> list[str]:
    """Return every id and alias that links to ``content`` may use."""
    return [
        anchor_id
        for anchor in getattr(content, "question_anchors", [])
        for anchor_id in (anchor.id, *anchor.aliases)
    ]


anchors = QuestionAnchors()
