"""Import a Hugo site's blog: posts, authors, bundle files, redirects, lock entries.

What is written (below the Pelican site's ``PATH``):

* each post as ``blog/{year}/{slug}/index.md`` with its bundle's files beside it, or
  ``blog/{year}/{slug}.md``, with Pelican metadata (``Old-Urls:`` lists the addresses
  the old site served it at, for the redirects plugin);
* author records added to ``authors.toml`` (avatars copied into the static folder);
* each post's old feed ``<guid>`` in ``feed-ids.lock.json`` and its Hugo heading ids
  in ``anchors.lock.json``;
* ``redirects.toml``: old feed addresses served with the new feeds, old list pages.

Nothing is written when a problem stops the import (a shortcode without a
conversion, front matter that does not parse, a post without a date).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sitekit.errors import ContentError

from . import addresses
from .anchors import MarkdownSetup, settle
from .authors import AuthorMatcher, author_taxonomies, post_author_names, read_author_pages
from .builtins import PAIRED
from .convert import BodyConverter
from .links import LinkIndex, PageLinks
from .lists import OldLists
from .mapping import FILE_NAME, ShortcodeRules
from .output import ImportPlan
from .posts import (
    ImportedPost,
    bundle_files,
    cover_image,
    guid,
    header_lines,
    unknown_metadata,
)
from .report import Report
from .site import HugoSite
from .urls import urlize

DEFAULT_ROLE = "Author"
UNSAFE_SLUG = re.compile(r"[^\w.~-]+")


@dataclass
class ImportOptions:
    """What ``make import`` was asked to do."""

    hugo_root: Path
    section: str = ""
    old_site: str = ""
    settings_file: str = "pelicanconf.py"
    keep_shortcodes: bool = False
    shortcodes_file: Path | None = None


def read_site_settings(settings_file: str) -> dict:
    """Return the Pelican site's settings (the same ones its build reads)."""
    from pelican.settings import read_settings

    return read_settings(str(settings_file))


class Importer:
    """One run of the import."""

    def __init__(self, options: ImportOptions):
        self.options = options
        self.report = Report()

    def run(self) -> Report:
        try:
            self._run()
        except ContentError as error:
            self.report.error(error)
        return self.report

    # -- the run -----------------------------------------------------------------------

    def _run(self) -> None:
        options, report = self.options, self.report
        self.settings = read_site_settings(options.settings_file)
        self.site = site = HugoSite(options.hugo_root)
        self.section = options.section or site.main_section()
        pages = site.section_posts(self.section)
        if not pages:
            raise ContentError(
                f'the Hugo site has no posts in section "{self.section}"',
                "name the section that holds the blog with SECTION=",
                path=str(site.content),
            )
        content = Path(self.settings["PATH"])
        static_dirs = self.settings.get("STATIC_PATHS") or ["images"]
        self.plan = ImportPlan(content, static_dirs[0], report)
        self.article_dir = (self.settings.get("ARTICLE_PATHS") or ["blog"])[0].strip("/")
        self.base_url = site.config.base_url if "://" in site.config.base_url else options.old_site
        if "://" not in self.base_url:
            raise ContentError(
                f"the old site's address is unknown (baseURL is {site.config.base_url!r})",
                "give it with OLD_SITE=https://… so that feed ids and links stay the same",
                path=str(site.root),
            )
        self.old_site = options.old_site or self.base_url
        self._authors()
        posts = self._posts(pages, content)
        self._pick_pattern(posts)
        self.links = LinkIndex(site, posts, self.old_site, self.plan.static_dir)
        self.rules = ShortcodeRules(self._shortcodes_file())
        self.markdown = MarkdownSetup(self.settings)
        for post in posts:
            if post.existing:
                report.count("already imported")
            else:
                self._convert(post)
        self._feeds_and_lists(posts)
        self._addresses(posts)
        self._metadata_keys()
        for rel, why in site.skipped:
            report.note(
                site.content / rel, None, f"skipped: {why}", "nothing to do", "skipped files"
            )
        if not report.errors:
            self.plan.write(
                self.settings.get("AUTHORS_FILE", "authors.toml"),
                self.settings.get("ANCHORS_LOCK_FILE", "anchors.lock.json"),
                self.settings.get("FEEDS_ID_LOCK_FILE", "feed-ids.lock.json"),
            )

    def _metadata_keys(self) -> None:
        """Add the kept front matter keys to the site's keys file, for the metadata checks."""
        from metadata_checks.checks import KEYS_FILE_HEADER, read_keys_file

        name = self.settings.get("METADATA_KEYS_FILE", "metadata-keys.txt")
        recorded = read_keys_file(Path(self.settings["PATH"]) / name)
        known = {key.lower() for key in (*recorded, *self.settings.get("METADATA_EXTRA_KEYS", []))}
        missing = sorted(key for key in self.report.unknown_keys if key.lower() not in known)
        if missing:
            keys = sorted({*recorded, *missing}, key=str.lower)
            self.plan.add_text(name, KEYS_FILE_HEADER + "".join(f"{key}\n" for key in keys))

    def _shortcodes_file(self) -> Path | None:
        for candidate in (
            self.options.shortcodes_file,
            self.site.root / FILE_NAME,
            Path(FILE_NAME),
        ):
            if candidate and Path(candidate).is_file():
                return Path(candidate)
        return None

    # -- authors ---------------------------------------------------------------------

    def _authors(self) -> None:
        site, plan = self.site, self.plan
        self.author_pages = read_author_pages(site)
        self.matcher = AuthorMatcher(self.author_pages, site.config)
        title = site.config.title or "the blog"
        for author in self.author_pages:
            record = {
                "role": author.role or DEFAULT_ROLE,
                "bio": author.bio or f"{author.name} writes for {title}.",
                "link": author.link,
            }
            if author.avatar:
                avatar = f"{plan.static_dir}/authors/{author.slug}{author.avatar.suffix.lower()}"
                plan.copy(author.avatar, avatar)
                record["avatar"] = avatar
            plan.author_records[author.name] = record

    def _author_names(self, page) -> list[str]:
        names = []
        for name in post_author_names(page.meta):
            found, how = self.matcher.match(name)
            if how == "nearest":
                self.report.note(
                    page.source, None, f'author "{name}" matched author page "{found.name}"'
                    " by nearest name", "check it is the same person",
                    "author names matched by nearest name",
                )  # fmt: skip
            elif found is None:
                nearest = self.matcher.nearest(name)
                hint = f' (nearest: "{nearest.name}")' if nearest else ""
                self.report.note(
                    page.source, None, f'author "{name}" matches no author page{hint}',
                    "add role and bio to the new record in content/authors.toml",
                    "author names unmatched",
                )  # fmt: skip
                title = self.site.config.title or "the blog"
                self.plan.author_records.setdefault(
                    name, {"role": DEFAULT_ROLE, "bio": f"{name} wrote for {title}."}
                )
            display = found.name if found else name
            if display not in names:
                names.append(display)
        return names

    # -- posts -------------------------------------------------------------------------

    def _posts(self, pages, content: Path) -> list[ImportedPost]:
        rules = addresses.read_redirect_rules(self.site)
        used: set[str] = set()
        posts = []
        for page in sorted(pages, key=lambda p: p.rel):
            self.report.count("posts found")
            if page.date is None:
                self.report.error(
                    ContentError(
                        "the post has no date",
                        "add date: to its front matter",
                        path=str(page.source),
                        line=1,
                    )  # fmt: skip
                )
                continue
            slug = _unique(_slug(page, self.site.config), page.date.value.year, used)
            year = page.date.value.year
            name = f"{slug}/index.md" if bundle_files(page) else f"{slug}.md"
            post = ImportedPost(page, slug, page.date, f"{self.article_dir}/{year}/{name}")
            post.plan = self.plan
            post.authors = self._author_names(page)
            if not page.draft:
                post.old_paths = _old_paths(page, rules)
                post.feed_id = guid(self.base_url, page)
            post.new_url = addresses.new_url(self.settings.get("ARTICLE_URL", "{slug}.html"), post)
            post.existing = (content / post.content_path).exists()
            posts.append(post)
        return posts

    def _convert(self, post: ImportedPost) -> None:
        page, report = post.page, self.report
        links = PageLinks(self.links, post, report)
        converter = BodyConverter(
            post, site=self.site, rules=self.rules, links=links, report=report,
            keep_shortcodes=self.options.keep_shortcodes, takes_inner=self._takes_inner,
        )  # fmt: skip
        try:
            body, found = converter.convert()
        except ContentError as error:
            report.error(error)
            return
        hugo_ids = [heading.hugo_id for heading in found]
        body, outcomes = settle(body, hugo_ids, self.markdown, _reserved_pattern())
        self._count_headings(post, found, outcomes)
        post.cover = self._cover(post, links)
        for key, _value in unknown_metadata(page):
            report.unknown_keys[key] += 1
        header = header_lines(post, time_zone=self.site.time_zone)
        self.plan.add_text(post.content_path, "\n".join(header) + "\n\n" + body.strip("\n") + "\n")
        folder = posixpath.dirname(post.content_path)
        for path in bundle_files(page):
            self.plan.copy(path, f"{folder}/{path.relative_to(page.bundle_dir).as_posix()}")
        report.count("drafts" if page.draft else "posts written")
        if page.draft:
            return
        if post.feed_id:
            self.plan.feed_ids[post.content_path] = post.feed_id
            report.count("feed ids recorded")
        groups = [
            tuple(sorted({o.hugo_id, o.own_id} - {None})) for o in outcomes if o.how != "lost"
        ]
        if groups and post.new_url:
            self.plan.anchors[post.new_url] = groups

    def _count_headings(self, post, found, outcomes) -> None:
        self.report.count("headings", len(found))
        labels = {"id": "heading ids kept as id", "alias": "heading ids kept as alias",
                  "pinned": "heading ids pinned", "lost": "heading ids lost"}  # fmt: skip
        lines = {heading.hugo_id: heading.line for heading in found}
        for outcome in outcomes:
            self.report.count(labels[outcome.how])
            if outcome.how == "lost":
                self.report.note(
                    post.page.source, post.page.line_of(lines.get(outcome.hugo_id, 0) + 1),
                    f"old heading link #{outcome.hugo_id} cannot be kept ({outcome.why})",
                    "rename the heading or accept that this old link lands at the page top",
                )  # fmt: skip

    def _cover(self, post, links) -> str:
        cover = cover_image(post.page)
        if not cover or "://" in cover:
            return cover
        if (post.page.bundle_dir / cover).is_file() and post.page.leaf_bundle:
            return cover
        resolved = links.resolve(cover if cover.startswith("/") else "/" + cover, None)
        return (
            "/" + resolved.removeprefix("{static}/") if resolved.startswith("{static}") else cover
        )

    def _takes_inner(self, name: str):
        if name in PAIRED:
            return True
        roots = [self.site.root]
        theme = self.site.config.raw.get("theme")
        roots += [
            self.site.root / "themes" / str(t)
            for t in (theme if isinstance(theme, list) else [theme])
            if t
        ]
        for root in roots:
            for template in sorted((root / "layouts" / "shortcodes").glob(f"{name}.*")):
                return ".Inner" in template.read_text(encoding="utf-8", errors="replace")
        return None

    # -- addresses, feeds and lists ----------------------------------------------------

    def _feeds_and_lists(self, posts) -> None:
        lists = OldLists(self.site.config, self.settings, self.links.base_path)
        lists.section(self.section)
        lists.posts(posts)
        lists.authors(author_taxonomies(self.site.config), self.author_pages)
        self.plan.feed_aliases.update(lists.feed_aliases)
        self.plan.page_redirects.update(lists.page_redirects)
        self.report.count("feed aliases", len(lists.feed_aliases))

    def _pick_pattern(self, posts) -> None:
        """Give the imported posts the address pattern that keeps most old addresses.

        New posts keep the site's ``ARTICLE_URL``; when the old site's permalink pattern
        keeps more of the imported posts' addresses, those posts get it as ``URL:`` and
        ``Save_as:`` (redirects cover the addresses neither keeps).
        """
        published = [post for post in posts if post.old_paths and post.new_url]
        current = self.settings.get("ARTICLE_URL", "")
        pattern = self.site.config.permalinks.get(self.section)
        candidate = pattern and addresses.pelican_pattern(pattern, self.section, self.article_dir)
        best, scores = addresses.choose_pattern(
            current, [candidate] if candidate else [], published
        )
        if best == current:
            return
        for post in posts:
            url = addresses.new_url(best, post)
            if url and url != post.new_url:
                post.url_override, post.new_url = url, url
        self.report.advice.append(
            f"addresses: the imported posts keep the old site's pattern {best!r}"
            f" ({scores[best]} of {len(published)} old addresses kept; ARTICLE_URL ="
            f" {current!r}, which new posts keep, would keep {scores[current]})"
        )

    def _addresses(self, posts) -> None:
        published = [post for post in posts if post.old_paths and post.new_url]
        kept = sum(1 for post in published if post.old_paths[0] == "/" + post.new_url)
        moved = sum(
            1 for post in published for path in post.old_paths if path != "/" + post.new_url
        )
        self.report.count("old addresses kept", kept)
        self.report.count("redirects written", moved)


def _old_paths(page, rules) -> list[str]:
    """Return every address the old site served ``page`` at, its permalink first."""
    when = page.date.value
    known = {"year": f"{when.year:04d}", "month": f"{when.month:02d}", "day": f"{when.day:02d}",
             "slug": _last_segment(page.path)}  # fmt: skip
    paths = [page.path, *page.alias_paths]
    paths += [old for path in paths for old in addresses.redirected_from(rules, path, known)]
    return list(dict.fromkeys(paths))


def _slug(page, config) -> str:
    """Return the post's slug here: the last part of its old address (so it may stay).

    Characters Hugo allows in addresses but a safe slug does not (``#``, ``+``, ``@``,
    ``%``) become ``-``; the old address then gets a redirect.
    """
    slug = _last_segment(page.path) or urlize(page.slug or page.title or page.file_name, config)
    return UNSAFE_SLUG.sub("-", slug).strip("-") or "post"


def _last_segment(path: str) -> str:
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    return last[: -len(".html")] if last.endswith(".html") else last


def _unique(slug: str, year: int, used: set[str]) -> str:
    candidate, number = slug, 1
    while f"{year}/{candidate}" in used:
        number += 1
        candidate = f"{slug}-{number}"
    used.add(f"{year}/{candidate}")
    return candidate


def _reserved_pattern():
    from question_anchors.headings import RESERVED_PATTERN

    return RESERVED_PATTERN
