"""One Hugo post on its way in: its new file, address, metadata and old addresses."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from . import addresses
from .dates import PostDate, parse_date
from .site import HugoPage

#: Front matter keys the import turns into this site's own metadata (or uses up).
HANDLED_KEYS = frozenset(
    "title date publishdate pubdate published lastmod modified slug url draft summary"
    " description tags categories category authors author aliases image images cover"
    " featured_image featuredimage featured thumbnail banner hero headless _build build"
    " cascade".split()
)
COVER_KEYS = ("cover", "featured_image", "featuredimage", "featured", "image", "images",
              "thumbnail", "banner", "hero")  # fmt: skip
COVER_FILES = ("featured", "cover", "thumbnail", "banner", "hero")
METADATA_KEY = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class ImportedPost:
    """A Hugo post and everything the import decided about it."""

    page: HugoPage
    slug: str
    date: PostDate
    content_path: str  # below the site's content folder, e.g. blog/2021/x/index.md
    old_paths: list[str] = field(default_factory=list)  # permalink first
    authors: list[str] = field(default_factory=list)
    feed_id: str = ""
    new_url: str = ""
    plan: object = None
    body: str = ""
    hugo_ids: list[str] = field(default_factory=list)
    cover: str = ""
    existing: bool = False  # already imported: left as it is
    url_override: str = ""  # its own address, when the site's pattern would move it

    @property
    def bundle(self) -> bool:
        return self.content_path.endswith("/index.md")


def scalar_text(value) -> str:
    """Return front matter ``value`` as one line of metadata text."""
    if isinstance(value, list):
        return ", ".join(scalar_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    values = value if isinstance(value, list) else [value]
    return [" ".join(str(item).split()) for item in values if str(item).strip()]


def lastmod(page: HugoPage, time_zone) -> PostDate | None:
    for key in ("lastmod", "modified"):
        found = parse_date(page.meta.get(key), time_zone)
        if found:
            return found
    return None


def cover_image(page: HugoPage) -> str:
    """Return the post's cover image as written (a bundle file or a site path), or ''."""
    for key in COVER_KEYS:
        value = page.meta.get(key)
        if isinstance(value, dict):
            value = value.get("image") or value.get("src") or value.get("url")
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value)
    for resource in page.resources:
        if resource.parent == page.bundle_dir and resource.stem.lower() in COVER_FILES:
            return resource.name
    return ""


def unknown_metadata(page: HugoPage) -> list[tuple[str, str]]:
    """Return the front matter the import does not use, as ``(Key, text)`` pairs."""
    found = []
    for key, value in page.meta.items():
        if key in HANDLED_KEYS or value is None or value == "" or value == []:
            continue
        name = METADATA_KEY.sub("-", key).strip("-")
        if name:
            found.append((name[:1].upper() + name[1:], scalar_text(value)))
    return found


def guid(base_url: str, page: HugoPage) -> str:
    """Return the ``<guid>`` Hugo's RSS template gave the post: its permalink."""
    return addresses.permalink(base_url, page.path) if base_url else ""


def header_lines(post: ImportedPost, *, time_zone) -> list[str]:
    """Return the post's Pelican metadata lines, in a fixed order."""
    page = post.page
    lines = [f"Title: {scalar_text(page.title) or post.slug}", f"Date: {post.date.for_pelican()}"]
    modified = lastmod(page, time_zone)
    if modified and _stamp(modified) > _stamp(post.date):
        lines.append(f"Modified: {modified.for_pelican()}")
    lines.append(f"Slug: {post.slug}")
    if post.url_override:
        save_as = post.url_override + ("index.html" if post.url_override.endswith("/") else "")
        lines += [f"URL: {post.url_override}", f"Save_as: {save_as}"]
    if post.authors:
        lines.append(f"Authors: {', '.join(post.authors)}")
    categories = as_list(page.meta.get("categories") or page.meta.get("category"))
    tags = as_list(page.meta.get("tags"))
    if categories:
        lines.append(f"Category: {categories[0]}")
    extra_tags = [c for c in categories[1:] if c not in tags]
    if tags or extra_tags:
        lines.append(f"Tags: {', '.join(t.replace(',', ' ') for t in tags + extra_tags)}")
    summary = page.meta.get("summary") or page.meta.get("description")
    if summary:
        lines.append(f"Summary: {scalar_text(summary)}")
    if page.draft:
        lines.append("Status: draft")
    if post.cover:
        lines.append(f"Cover: {post.cover}")
        alt = (
            page.meta.get("cover", {}).get("alt")
            if isinstance(page.meta.get("cover"), dict)
            else ""
        )
        if alt:
            lines.append(f"Cover-Alt: {scalar_text(alt)}")
    if len(post.old_paths) > 1 or (post.old_paths and post.old_paths[0] != "/" + post.new_url):
        lines.append(f"Old-Urls: {' '.join(post.old_paths)}")
    lines.extend(f"{key}: {value}" for key, value in unknown_metadata(page))
    return lines


def _stamp(post_date: PostDate) -> float:
    value = post_date.value
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def bundle_files(page: HugoPage) -> list[Path]:
    """Return the bundle's files to copy (not content files, which Pelican would read)."""
    from .site import CONTENT_SUFFIXES, OTHER_CONTENT_SUFFIXES

    skipped = CONTENT_SUFFIXES + OTHER_CONTENT_SUFFIXES
    return [path for path in page.resources if path.suffix.lower() not in skipped]
