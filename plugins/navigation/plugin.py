"""Pelican glue for navigation: settings, article attributes, template filters."""

from __future__ import annotations

from functools import partial
from posixpath import normpath
from urllib.parse import unquote, urljoin, urlsplit

from sitekit.compat import raw_content_html
from sitekit.markdown_source import use_extension
from sitekit.settings import Setting, is_count, read_settings_table

from . import transforms
from .imagesize import image_size
from .mdx_words import META_KEY, WordCountExtension
from .neighbours import chronological, link_neighbours, related_posts, tag_slugs
from .reading import minutes, word_count

RELATED_KEY = "NAVIGATION_RELATED"
WINDOW_KEY = "NAVIGATION_RELATED_WINDOW"
WPM_KEY = "NAVIGATION_WORDS_PER_MINUTE"


def is_positive(value) -> bool:
    return is_count(value) and value > 0


TABLE = (
    Setting(RELATED_KEY, 3, is_count, "a whole number (0: no related posts)"),
    Setting(WINDOW_KEY, 10, is_positive, "a whole number of at least 1"),
    Setting(WPM_KEY, 230, is_positive, "a whole number of at least 1"),
)
DEFAULTS = {setting.name: setting.default for setting in TABLE}


def read_options(settings) -> dict:
    """Return the plugin's settings, checked once (a typo in a NAVIGATION_ name stops)."""
    return read_settings_table(settings, TABLE, prefixes=("NAVIGATION_",))


class Navigation:
    """The plugin's per-build state: options and the site's static files by address."""

    def __init__(self):
        self.options = dict(DEFAULTS)
        self.site_url = ""
        self.static_files: dict[str, str] = {}
        self.sizes: dict[str, tuple[int, int] | None] = {}
        #: The last build's related posts, by source path, and what they were made from.
        self.related_cache: tuple | None = None

    def configure(self, pelican) -> None:
        self.options = read_options(pelican.settings)
        self.site_url = pelican.settings.get("SITEURL", "").rstrip("/")
        use_extension(pelican.settings, WordCountExtension())

    def attach(self, generator) -> None:
        """Give every published article its neighbours, reading time and related posts."""
        ordered = chronological(generator.articles)
        link_neighbours(ordered)
        related = self._related(ordered)
        for article in ordered:
            article.related_posts = related[id(article)]
            words = article.metadata.get(META_KEY)  # counted as Markdown was converted
            if words is None:
                # the HTML as read: `content` would resolve links before static files are known
                words = word_count(raw_content_html(article))
            article.reading_minutes = minutes(words, self.options[WPM_KEY])

    def _related(self, ordered) -> dict[int, list]:
        """:func:`related_posts`, reused from the last build of this process (``make
        serve``) while no post's path, date or tags changed (an edit of a post's text)."""
        limit, window = self.options[RELATED_KEY], self.options[WINDOW_KEY]
        key = (limit, window, *((a.source_path, a.date, tag_slugs(a)) for a in ordered))
        if self.related_cache is not None and self.related_cache[0] == key:
            by_path = {article.source_path: article for article in ordered}
            return {
                id(article): [by_path[path] for path in self.related_cache[1][article.source_path]]
                for article in ordered
            }
        related = related_posts(ordered, limit, window)
        paths = {a.source_path: [other.source_path for other in related[id(a)]] for a in ordered}
        self.related_cache = (key, paths)
        return related

    def index_static_files(self, generators) -> None:
        """Remember where each static file of the content comes from, by its address."""
        for generator in generators:
            for static in generator.context.get("staticfiles", []):
                self.static_files[static.url] = static.source_path

    def image_size(self, page_url: str, src: str) -> tuple[int, int] | None:
        """Return the size of the site's image at ``src`` (as written on ``page_url``)."""
        if self.site_url and src.startswith(self.site_url + "/"):
            src = src[len(self.site_url) :]
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return None
        path = normpath(unquote(urljoin("/" + page_url, parts.path))).lstrip("/")
        source = self.static_files.get(path)
        if source is None:
            return None
        if source not in self.sizes:
            self.sizes[source] = image_size(source)
        return self.sizes[source]

    def readable_html(self, html: str, page_url: str = "") -> str:
        return transforms.readable_html(html, partial(self.image_size, page_url))

    def add_filters(self, generator) -> None:
        """Give the generator's templates the page-only filters."""
        generator.env.filters.update(
            readable_html=self.readable_html,
            before_first_question=transforms.before_first_question,
            after_each_answer=transforms.after_each_answer,
            initials=transforms.initials,
            date_text=transforms.date_text,
            link_label=transforms.link_label,
        )

    def reset(self, pelican=None) -> None:
        """Forget this build's files so the next build (``make serve``) starts afresh."""
        self.static_files = {}
        self.sizes = {}


navigation = Navigation()
