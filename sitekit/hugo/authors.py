"""Hugo author pages → ``content/authors.toml`` records; posts' author names matched to them.

Author pages are looked for where Hugo sites keep them: the term pages of an
authors taxonomy (``content/authors/{name}/_index.md``, ``{name}.md`` or
``{name}/index.md``) and data files (``data/authors/{name}.yaml`` or
``data/authors.yaml``). A name in a post matches a page by its slug (as Hugo
urlizes taxonomy terms), by its title, or by the nearest name; a name matching
nothing is reported with the nearest one and gets a minimal record.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .config import load_file
from .urls import urlize

NAME_KEYS = ("name", "title", "displayname", "display_name")
ROLE_KEYS = ("role", "position", "jobtitle", "job_title", "job", "subtitle")
BIO_KEYS = ("bio", "description", "summary", "about", "short_bio")
LINK_KEYS = ("website", "link", "homepage", "web", "site")
AVATAR_KEYS = ("avatar", "image", "photo", "picture", "img", "headshot", "portrait")
AVATAR_FILES = ("avatar", "photo", "headshot", "profile", "portrait", "featured")
SOCIAL = {
    "github": "https://github.com/{}",
    "twitter": "https://twitter.com/{}",
    "x": "https://x.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "mastodon": "{}",
}
WEBSITE_ICONS = ("globe", "link", "home", "house", "website", "web")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
NEAREST_CUTOFF = 0.8


@dataclass
class AuthorPage:
    """What the old site said about one author."""

    name: str
    slug: str  # the taxonomy term, as in /authors/{slug}/
    role: str
    bio: str
    link: str
    avatar: Path | None
    source: Path


def _first(data: dict, keys) -> str:
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, dict):
            value = value.get("name") or value.get("src") or ""
        if value:
            return str(value).strip()
    return ""


def _social_link(data: dict) -> str:
    social = data.get("social") or data.get("socials") or {}
    if isinstance(social, list):  # [{icon: github, link: …}] (Wowchemy and friends)
        links = [
            (str(item.get("icon", "")), str(item.get("link", "")))
            for item in social
            if isinstance(item, dict) and str(item.get("link", "")).startswith("http")
        ]
        websites = [link for icon, link in links if icon in WEBSITE_ICONS]
        return (websites or [link for _icon, link in links] or [""])[0]
    for network, url in SOCIAL.items():
        handle = str(social.get(network) or data.get(network) or "").strip()
        if handle:
            return handle if handle.startswith("http") else url.format(handle.lstrip("@"))
    return ""


def _first_paragraph(body: str) -> str:
    for block in re.split(r"\n\s*\n", body.strip()):
        text = re.sub(r"<[^>]+>|\{\{[<%].*?[%>]\}\}", "", block)
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = " ".join(text.replace("*", "").replace("_", " ").split())
        if text and not text.startswith("#"):
            return text
    return ""


def _avatar(data: dict, folder: Path | None, site) -> Path | None:
    named = _first(data, AVATAR_KEYS)
    if named:
        for candidate in ([folder / named] if folder else []) + [site.content / named.lstrip("/")]:
            if candidate.is_file():
                return candidate
        static = site.static_files.get("/" + named.lstrip("/"))
        if static:
            return static
    if folder:
        for path in sorted(folder.iterdir()):
            if path.stem.lower() in AVATAR_FILES and path.suffix.lower() in IMAGE_SUFFIXES:
                return path
    return None


def _author(data: dict, body: str, slug: str, folder, source: Path, site) -> AuthorPage:
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    data = {**params, **data}
    name = _first(data, NAME_KEYS) or slug.replace("-", " ").title()
    return AuthorPage(
        name=name,
        slug=slug,
        role=_first(data, ROLE_KEYS),
        bio=_first(data, BIO_KEYS) or _first_paragraph(body),
        link=_first(data, LINK_KEYS) or _social_link(data),
        avatar=_avatar(data, folder, site),
        source=source,
    )


def author_taxonomies(config) -> list[str]:
    """Return the plural names of the site's taxonomies that hold authors."""
    plurals = [str(plural) for plural in config.taxonomies.values()]
    found = [p for p in plurals if p.lower() in ("authors", "author", "contributors", "people")]
    return found or ["authors"]


def read_author_pages(site) -> list[AuthorPage]:
    """Return every author page of the Hugo site (term pages first, then data files)."""
    authors: dict[str, AuthorPage] = {}
    for taxonomy in author_taxonomies(site.config):
        for page in site.pages:
            parts = page.rel.split("/")
            if parts[0] != taxonomy or len(parts) < 2 or page.rel.endswith(f"{taxonomy}/_index.md"):
                continue
            slug = parts[1] if len(parts) > 2 else Path(parts[1]).stem
            folder = page.source.parent if len(parts) > 2 else None
            authors.setdefault(
                slug, _author(page.meta, page.front.body, slug, folder, page.source, site)
            )
    for path in _data_files(site.root / "data"):
        entries = load_file(path)
        if path.parent.name == "authors":
            entries = {path.stem: entries}
        for slug, data in sorted(entries.items()):
            if isinstance(data, dict):
                authors.setdefault(slug, _author(data, "", slug, None, path, site))
    return [authors[slug] for slug in sorted(authors)]


def _data_files(data_dir: Path) -> list[Path]:
    files = []
    for pattern in ("authors.*", "authors/*.*"):
        files.extend(
            p for p in data_dir.glob(pattern) if p.suffix in (".toml", ".yaml", ".yml", ".json")
        )
    return sorted(files)


def post_author_names(meta: dict) -> list[str]:
    """Return the author names a post's front matter gives (``authors`` or ``author``)."""
    for key in ("authors", "author"):
        value = meta.get(key)
        if not value:
            continue
        values = value if isinstance(value, list) else [value]
        names = []
        for item in values:
            name = item.get("name") if isinstance(item, dict) else item
            if name and str(name).strip():
                names.append(str(name).strip())
        if names:
            return names
    return []


class AuthorMatcher:
    """Match the names posts use to author pages, remembering how each was matched."""

    def __init__(self, pages: list[AuthorPage], config):
        self.pages = pages
        self.config = config
        self.by_key = {}
        for page in pages:
            for key in (page.slug, urlize(page.name, config), page.name.casefold()):
                self.by_key.setdefault(key, page)

    def match(self, name: str) -> tuple[AuthorPage | None, str]:
        """Return the page for ``name`` and how it was found: exact, nearest or none."""
        for key in (name, urlize(name, self.config), name.casefold()):
            if key in self.by_key:
                return self.by_key[key], "exact"
        nearest = self.nearest(name, NEAREST_CUTOFF)
        return (nearest, "nearest") if nearest else (None, "none")

    def nearest(self, name: str, cutoff: float = 0.0) -> AuthorPage | None:
        names = {page.name.casefold(): page for page in self.pages}
        found = difflib.get_close_matches(name.casefold(), list(names), n=1, cutoff=cutoff)
        return names[found[0]] if found else None
