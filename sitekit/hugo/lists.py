"""The old site's list pages and their feeds: where each one's readers go now.

Hugo serves a feed beside every list: the home page's (``index.xml``), the blog
section's (``blog/index.xml``), and one per tag, category and author. Each becomes an
alias of the feed that replaces it here (``feeds/all.rss.xml``,
``feeds/tags/{slug}.rss.xml``…), and a list page at another address than here gets a
redirect.
"""

from __future__ import annotations

import posixpath

from .posts import as_list
from .urls import term_path

ALL_FEED = "feeds/all.rss.xml"


def pelican_slug(name: str, settings: dict, kind: str) -> str:
    """Return the slug Pelican gives a tag, category or author called ``name``."""
    from pelican.utils import slugify

    substitutions = settings.get(
        f"{kind}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    )
    return slugify(
        name,
        regex_subs=substitutions,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


class OldLists:
    """Feed aliases and list page redirects, gathered post by post."""

    def __init__(self, config, settings: dict, base_path: str):
        self.config = config
        self.settings = settings
        self.base = base_path.strip("/")
        self.feed_aliases: dict[str, str] = {}
        self.page_redirects: dict[str, str] = {}

    def _old(self, path: str) -> str:
        return posixpath.join(self.base, path) if self.base else path

    def section(self, section: str) -> None:
        """The home and section feeds become the site's feed; the section's list, home."""
        for feed in ("index.xml", f"{section}/index.xml"):
            self.feed_aliases[self._old(feed)] = ALL_FEED
        self.page_redirects[f"/{self._old(section)}/"] = "/"

    def term(self, plural: str, name: str, target: str) -> None:
        """A taxonomy term's page and feed: ``target`` is its page here (``tags/x``)."""
        page = term_path(self.config, plural, name).strip("/")
        self.feed_aliases[self._old(f"{page}/index.xml")] = f"feeds/{target}.rss.xml"
        if page != target:
            self.page_redirects[f"/{self._old(page)}/"] = f"/{target}/"

    def posts(self, posts) -> None:
        """Tags and categories of the posts (a post's first category is its category here;
        the others became tags)."""
        categories = [as_list(post.page.meta.get("categories")) for post in posts]
        first = {names[0] for names in categories if names}
        for post, names in zip(posts, categories, strict=True):
            for tag in as_list(post.page.meta.get("tags")):
                self.term("tags", tag, f"tags/{pelican_slug(tag, self.settings, 'TAG')}")
            for name in names:
                kind = "categories" if name in first else "tags"
                slug = pelican_slug(name, self.settings, "CATEGORY" if name in first else "TAG")
                self.term("categories", name, f"{kind}/{slug}")

    def authors(self, taxonomies, author_pages) -> None:
        for taxonomy in taxonomies:
            for author in author_pages:
                ours = pelican_slug(author.name, self.settings, "AUTHOR")
                self.term(taxonomy, author.slug, f"authors/{ours}")
