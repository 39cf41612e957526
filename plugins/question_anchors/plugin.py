"""Pelican glue for question anchors: settings, HTML posts, index, the lock."""

from __future__ import annotations

import logging
import os
import re
from html import escape

from pelican.contents import Article, Page

from sitekit.compat import raw_content_html, set_content_html
from sitekit.errors import ContentError, find_line, report
from sitekit.markdown_source import use_extension
from sitekit.settings import (
    Setting,
    is_bool,
    is_count,
    is_string_list,
    one_of,
    read_settings_table,
)

from .headings import THEME_IDS
from .html_headings import anchor_html
from .lock import (
    as_recorded,
    gone_groups,
    merged,
    read_anchor_lock,
    restorable,
    write_anchor_lock,
)
from .mdx_question_anchors import META_KEY, QuestionAnchorsExtension
from .retire import TOP, parse_retired
from .slugs import LEGACY_SLUGS, MAX_LENGTH

logger = logging.getLogger(__name__)

LEGACY_SLUGS_KEY = "ANCHORS_LEGACY_SLUGS"
MAX_LENGTH_KEY = "ANCHORS_MAX_LENGTH"
RESERVED_KEY = "ANCHORS_RESERVED_IDS"
INDEX_MIN_KEY = "ANCHORS_INDEX_MIN"
LOCK_FILE_KEY = "ANCHORS_LOCK_FILE"
LOCK_CHECK_KEY = "ANCHORS_LOCK_CHECK"
LOCK_UPDATE_KEY = "ANCHORS_LOCK_UPDATE"
UNRECORDED_KEY = "ANCHORS_UNRECORDED_CHECK"
TABLE = (
    Setting(
        LEGACY_SLUGS_KEY, ["github"],
        lambda v: is_string_list(v) and set(v) <= set(LEGACY_SLUGS),
        f"a list of some of {', '.join(LEGACY_SLUGS)}",
    ),
    Setting(MAX_LENGTH_KEY, MAX_LENGTH, lambda v: is_count(v) and v > 0, "a whole number > 0"),
    Setting(RESERVED_KEY, sorted(THEME_IDS), is_string_list, "a list of ids"),
    Setting(INDEX_MIN_KEY, 4, is_count, "a whole number"),
    Setting(LOCK_FILE_KEY, "anchors.lock.json", lambda v: isinstance(v, str), "a file name"),
    Setting(LOCK_CHECK_KEY, "warn", one_of("warn", "error", "off"), '"warn", "error" or "off"'),
    Setting(LOCK_UPDATE_KEY, False, is_bool, "True or False"),
    Setting(UNRECORDED_KEY, "off", one_of("error", "off"), '"error" or "off"'),
)  # fmt: skip
INDEX_METADATA = "question-index"
RETIRED_METADATA = "retired"


def read_options(settings) -> dict:
    """Return the plugin's settings, checked (once, at ``initialized``)."""
    return read_settings_table(settings, TABLE, prefixes=("ANCHORS_",))


class QuestionAnchors:
    """The plugin's per-build state: options and the Markdown extension."""

    def __init__(self):
        self.options = {setting.name: setting.default for setting in TABLE}

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
        """Land retired and recorded ids, compare the articles with the lock, and
        record the new anchors when asked to (``make html``, ``make lock``)."""
        path = os.path.join(generator.settings["PATH"], self.options[LOCK_FILE_KEY])
        lock = read_anchor_lock(path)
        changed = {}  # the groups of each article not exactly as recorded
        for article in list(generator.articles) + list(generator.translations):
            url = article.url
            recorded = lock.get(url)
            if as_it_was(article, recorded):  # nothing to land, restore, report or record
                article.retired_anchors = ()
                continue
            self._land_retired(article)
            self._restore_recorded(article, recorded or [])
            self._check_article(article, recorded)
            changed[url] = anchor_groups(article)
        if self.options[LOCK_UPDATE_KEY] and changed:
            updated = merged(lock, changed)
            if updated != lock:  # (an old flat lock that gains nothing stays as it is)
                write_anchor_lock(path, updated, generator.settings)

    def _land_retired(self, article) -> None:
        """Give each id of ``Retired:`` a target where its links now land."""
        retired = parse_retired(article.metadata.get(RETIRED_METADATA, ""))
        anchors = getattr(article, "question_anchors", [])
        ids = {anchor.id for anchor in anchors}
        for old, target in retired.items():
            if target != TOP and target not in ids:
                raise ContentError(
                    f"Retired: #{old} should land on #{target}, which this post does not have",
                    f"name one of its questions or {TOP}",
                    path=article.source_path,
                    needle="Retired:",
                )
        article.retired_anchors = ()
        self._add_targets(article, retired)

    def _restore_recorded(self, article, recorded) -> None:
        """Bring back the recorded ids of a group one of whose ids is here, where it is."""
        present = set(published_ids(article))
        landing = {missing: here for here, ids in restorable(recorded, present).items()
                   for missing in ids}  # fmt: skip
        self._add_targets(article, landing)

    def _add_targets(self, article, landing: dict[str, str]) -> None:
        """Make each old id of ``landing`` land on its new id: a question (the heading
        with that id or alias), or the post's top (``top`` or an id retired there)."""
        if not landing:
            return
        anchors = getattr(article, "question_anchors", [])
        heading_of = {name: a.id for a in anchors for name in (a.id, *a.aliases)}
        top = set(article.retired_anchors) | {TOP}
        at_top, aliases = [], {}
        for old, new in landing.items():
            if new in top:
                at_top.append(old)
            else:
                aliases.setdefault(heading_of.get(new, new), []).append(old)
        html = with_top_targets(raw_content_html(article), at_top)
        for heading_id, ids in aliases.items():
            html = with_aliases(html, heading_id, ids)
        set_content_html(article, html)
        article.retired_anchors = (*article.retired_anchors, *at_top)
        article.question_anchors = [
            anchor._replace(aliases=(*anchor.aliases, *aliases.get(anchor.id, ())))
            for anchor in anchors
        ]

    def _check_article(self, article, recorded) -> None:
        present = set(published_ids(article))
        if recorded is None and present and self.options[UNRECORDED_KEY] == "error":
            report(
                ContentError(
                    "the question links of this post are not recorded in the anchors lock",
                    "run `make html` (or `make lock`) and commit content/*.lock.json",
                    path=article.source_path,
                    line=1,
                )
            )
        if self.options[LOCK_CHECK_KEY] == "off":
            return
        headings = [anchor.id for anchor in getattr(article, "question_anchors", [])]
        for anchor, nearest in gone_groups(recorded or [], present, headings):
            self._gone(article, anchor, nearest)

    def _gone(self, article, anchor, nearest) -> None:
        suggestion = ", ".join(f"#{near}" for near in nearest) or "none"
        texts = {a.id: a.text for a in getattr(article, "question_anchors", [])}
        error = ContentError(
            f"published anchor #{anchor} is gone",
            f'add {{aliases="{anchor}"}} to the heading that replaced it'
            f" (nearest current headings: {suggestion}), retire it with"
            f" `make retire POST={article.relative_source_path} ANCHOR={anchor}`,"
            " or restore the heading",
            path=article.source_path,
            line=(find_line(article.source_path, texts[nearest[0]]) if nearest else None) or 1,
        )
        if self.options[LOCK_CHECK_KEY] == "error":
            report(error)
        else:
            logger.warning("%s", error.format())


def anchor_groups(content) -> list[tuple[str, ...]]:
    """Return each anchor of ``content`` as a group: its id, then its aliases."""
    groups = [(anchor.id, *anchor.aliases) for anchor in getattr(content, "question_anchors", [])]
    retired = getattr(content, "retired_anchors", ())
    return groups + [(old,) for old in retired]


def as_it_was(article, recorded) -> bool:
    """True if ``article`` retires nothing and has the groups ``recorded`` (by far the
    most common: an article unchanged since the lock was written)."""
    return (
        bool(recorded)
        and not article.metadata.get(RETIRED_METADATA)
        and as_recorded(anchor_groups(article)) == recorded
    )


def published_ids(content) -> list[str]:
    """Return every id and alias that links to ``content`` may use."""
    return [anchor_id for group in anchor_groups(content) for anchor_id in group]


def with_aliases(html: str, heading_id: str, ids) -> str:
    """Return ``html`` with alias targets for ``ids`` first inside the heading ``heading_id``."""
    opening = re.compile(rf'<h[23]\b[^>]*\bid="{re.escape(heading_id)}"[^>]*>')
    targets = "".join(alias_target(anchor) for anchor in ids)
    return opening.sub(lambda match: match.group(0) + targets, html, count=1)


def with_top_targets(html: str, ids) -> str:
    """Return ``html`` with targets for ``ids`` at its top (retired to the post's top)."""
    return "".join(alias_target(anchor) for anchor in ids) + html


def alias_target(anchor: str) -> str:
    return f'<span class="anchor-alias" id="{escape(anchor, quote=True)}"></span>'


anchors = QuestionAnchors()
