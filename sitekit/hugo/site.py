"""A Hugo site's content as Hugo sees it: pages, bundles, sections, static files."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sitekit.errors import ContentError

from . import dates, urls
from .config import HugoConfig, read_config
from .frontmatter import FrontMatter, split

CONTENT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
OTHER_CONTENT_SUFFIXES = (".html", ".htm", ".org", ".adoc", ".asciidoc", ".rst", ".pdc", ".ad")
LANGUAGE_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2}(?:-[a-z]{2,4})?)$", re.I)


@dataclass
class HugoPage:
    """One content file of the Hugo site and what Hugo made of it."""

    source: Path
    rel: str  # below the content directory, with "/"
    front: FrontMatter
    sections: list[str]
    directory: str  # the directory Hugo's default address starts from
    file_name: str  # the file's base name, or the folder name of a leaf bundle
    leaf_bundle: bool
    list_page: bool  # _index.md: a section, taxonomy or home page
    lang: str = ""
    date: dates.PostDate | None = None
    path: str = ""  # the address Hugo published the page at, e.g. /blog/2021/x/
    alias_paths: list[str] = field(default_factory=list)

    @property
    def meta(self) -> dict:
        return self.front.data

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")

    @property
    def slug(self) -> str:
        return str(self.meta.get("slug") or "")

    @property
    def url(self) -> str:
        return str(self.meta.get("url") or "")

    @property
    def draft(self) -> bool:
        return _truthy(self.meta.get("draft"))

    @property
    def headless(self) -> bool:
        """A headless bundle, or a page Hugo never renders (``_build``/``build``)."""
        build = self.meta.get("_build") or self.meta.get("build") or {}
        render = str(build.get("render", "always")).lower() if isinstance(build, dict) else ""
        return _truthy(self.meta.get("headless")) or render in ("never", "false")

    @property
    def bundle_dir(self) -> Path:
        return self.source.parent

    @cached_property
    def resources(self) -> list[Path]:
        """Files of a leaf bundle other than its content files, sorted."""
        if not self.leaf_bundle:
            return []
        return sorted(
            path
            for path in self.bundle_dir.rglob("*")
            if path.is_file() and not path.name.startswith(".") and path != self.source
        )

    def line_of(self, body_line: int) -> int:
        """Return the file's line number of the body's line ``body_line`` (1-based)."""
        return self.front.body_line + body_line - 1


def _truthy(value) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


class HugoSite:
    """The Hugo site at ``root``: its configuration, content pages and static files."""

    def __init__(self, root):
        self.root = Path(root)
        self.config: HugoConfig = read_config(self.root)
        self.content = self.root / self.config.content_dir
        self.time_zone = dates.zone(self.config.time_zone)
        self.skipped: list[tuple[str, str]] = []  # (relative path, why)
        if not self.content.is_dir():
            raise ContentError(
                "this is not a Hugo site (no content directory)",
                "point FROM= at the folder that holds the Hugo site's configuration",
                path=str(self.root),
            )
        self.pages = self._read_pages()

    def _read_pages(self) -> list[HugoPage]:
        files = sorted(p for p in self.content.rglob("*") if p.is_file())
        leaf_dirs = {p.parent for p in files if _content_stem(p) == "index"}
        section_dirs = {p.parent for p in files if _content_stem(p) == "_index"}
        pages = []
        for path in files:
            rel = path.relative_to(self.content).as_posix()
            if self.config.is_ignored(rel) or path.name.startswith("."):
                continue
            if path.suffix.lower() not in CONTENT_SUFFIXES:
                if path.suffix.lower() in OTHER_CONTENT_SUFFIXES and not _inside(path, leaf_dirs):
                    self.skipped.append((rel, f"{path.suffix} content is not Markdown"))
                continue
            inside_other_bundle = any(
                d in path.parents and d != path.parent for d in leaf_dirs
            ) or (path.parent in leaf_dirs and _content_stem(path) != "index")
            if inside_other_bundle:
                continue  # a Markdown file that is a bundle's resource
            pages.append(self._page(path, rel, path.parent in leaf_dirs, section_dirs))
        return pages

    def _page(self, path: Path, rel: str, leaf: bool, section_dirs) -> HugoPage:
        front = split(path.read_text(encoding="utf-8"), str(path))
        stem, lang = _language(path.stem, self.config.languages)
        parts = rel.split("/")[:-1]
        sections = _sections(self.content, parts, section_dirs)
        if leaf:
            directory, file_name = "/".join(parts[:-1]), parts[-1] if parts else stem
        else:
            directory, file_name = "/".join(parts), stem
        page = HugoPage(
            source=path,
            rel=rel,
            front=front,
            sections=sections,
            directory=directory,
            file_name=file_name,
            leaf_bundle=leaf,
            list_page=stem == "_index",
            lang=lang,
        )
        page.date, _key = dates.page_date(
            front.data, self.config.date_keys, file_name, self.time_zone
        )
        match = dates.FILENAME_DATE.match(file_name)
        if match and ":filename" in [k.lower() for k in self.config.date_keys]:
            page.file_name = match.group(2)  # Hugo: the rest of the name is the slug
        page.path = urls.page_path(page, self.config)
        page.alias_paths = urls.alias_paths(page.path, _as_list(front.data.get("aliases")))
        return page

    def section_posts(self, section: str) -> list[HugoPage]:
        """Return the regular pages of ``section`` (drafts too), skipping what Hugo skips."""
        posts = []
        for page in self.pages:
            if not page.sections or page.sections[0] != section or page.list_page:
                continue
            if page.lang and page.lang != self.config.default_language:
                self.skipped.append((page.rel, f"a translation ({page.lang})"))
            elif page.headless:
                self.skipped.append((page.rel, "headless: Hugo never renders it"))
            elif _is_template(page):
                self.skipped.append((page.rel, "a template (its front matter holds {{ }})"))
            else:
                posts.append(page)
        return posts

    def main_section(self) -> str:
        """Return the section a blog most likely lives in (``mainSections`` or the biggest)."""
        main = self.config.params.get("mainsections")
        if isinstance(main, list) and main:
            return str(main[0])
        counts: dict[str, int] = {}
        for page in self.pages:
            if page.sections and not page.list_page:
                counts[page.sections[0]] = counts.get(page.sections[0], 0) + 1
        for preferred in ("blog", "posts", "post", "news"):
            if preferred in counts:
                return preferred
        return max(sorted(counts), key=counts.get) if counts else "blog"

    @cached_property
    def static_files(self) -> dict[str, Path]:
        """Files of the static directories by the address Hugo served them at."""
        found = {}
        for name in self.config.static_dirs:
            directory = self.root / name
            for path in sorted(directory.rglob("*")) if directory.is_dir() else []:
                if path.is_file():
                    found.setdefault("/" + path.relative_to(directory).as_posix(), path)
        return found


def _content_stem(path: Path) -> str:
    if path.suffix.lower() not in CONTENT_SUFFIXES + OTHER_CONTENT_SUFFIXES:
        return ""
    stem = path.stem
    match = LANGUAGE_SUFFIX.match(stem)
    return match.group("stem") if match and match.group("stem") in ("index", "_index") else stem


def _inside(path: Path, directories) -> bool:
    return any(directory in path.parents for directory in directories)


def _language(stem: str, languages) -> tuple[str, str]:
    match = LANGUAGE_SUFFIX.match(stem)
    if match and match.group("lang").lower() in languages:
        return match.group("stem"), match.group("lang").lower()
    return stem, ""


def _sections(content: Path, parts: list[str], section_dirs) -> list[str]:
    """Return the page's sections: the top folder, then nested folders with an _index."""
    sections = []
    for depth, part in enumerate(parts):
        if depth and content.joinpath(*parts[: depth + 1]) not in section_dirs:
            break
        sections.append(part)
    return sections


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _is_template(page: HugoPage) -> bool:
    return any("{{" in str(page.meta.get(key, "")) for key in ("title", "date", "slug"))


def relative_url(from_path: str, target: str) -> str:
    """Resolve ``target`` (a relative URL) against the address ``from_path``."""
    base = from_path if from_path.endswith("/") else posixpath.dirname(from_path) + "/"
    resolved = posixpath.normpath(posixpath.join(base, target))
    return resolved + "/" if target.endswith("/") and not resolved.endswith("/") else resolved
