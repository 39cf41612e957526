"""Links between posts, to bundle files, to static files and to the old site's pages.

Every link of an imported post is resolved the way a browser on the old site would
(relative to the post's old address), or, for ``*.md`` references, as a path in the
Hugo content tree. Then:

* a link to an imported post becomes ``{filename}/blog/…`` (Pelican finds its address);
* a link to a file of the post's own bundle stays relative (the file is copied beside);
* a link to another post's bundle file becomes ``{static}/blog/…``;
* a link to a file in Hugo's ``static/`` is copied into the site's static folder;
* a link to another page of the old site becomes absolute on ``OLD_SITE``;
* anything else is reported with ``path:line``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .regions import gaps, merge
from .site import CONTENT_SUFFIXES, relative_url

MARKDOWN_LINK = re.compile(
    r"(?P<pre>\]\([ \t]*)(?P<angle><)?(?P<url>[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)(?(angle)>)"
)
#: A link reference definition, ``[label]: url`` (not a footnote's ``[^label]: text``).
REFERENCE = re.compile(r"(?P<pre>^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?)(?P<url>[^\s>]+)", re.M)
HTML_ATTRIBUTE = re.compile(
    r"""(?P<pre><[^<>]*?\b(?:href|src|poster|data-src)[ \t]*=[ \t]*(?P<q>["']))"""
    r"""(?P<url>[^"'<>]*)(?P=q)""",
    re.I,
)
PATTERNS = (MARKDOWN_LINK, REFERENCE, HTML_ATTRIBUTE)
KEEP_AS_IS = ("#", "mailto:", "tel:", "data:", "javascript:", "{")


@dataclass
class Target:
    """What a link may lead to on the new site."""

    kind: str  # "post", "resource", "static", "page"
    post: object = None  # the ImportedPost, for "post" and "resource"
    resource: str = ""  # the file below the post's bundle, for "resource"
    source: Path | None = None  # the file to copy, for "static"
    old_path: str = ""


class LinkIndex:
    """Everything links may point at, by the old site's address and by content file."""

    def __init__(self, site, posts, old_site: str, static_folder: str):
        self.site = site
        self.old_site = old_site.rstrip("/")
        self.static_folder = static_folder.strip("/")
        self.hosts = {urlsplit(url).netloc for url in (old_site, site.config.base_url) if url}
        self.base_path = urlsplit(site.config.base_url).path.rstrip("/")
        self.by_path: dict[str, Target] = {}
        self.by_file: dict[Path, object] = {}  # Hugo source → ImportedPost or HugoPage
        for page in site.pages:
            self.by_file[page.source.resolve()] = page
            self.by_path.setdefault(page.path, Target("page", old_path=page.path))
        for path in taxonomy_paths(site):
            self.by_path.setdefault(path, Target("page", old_path=path))
        for path, source in site.static_files.items():
            self.by_path.setdefault(path, Target("static", source=source, old_path=path))
        for post in posts:
            self.by_file[post.page.source.resolve()] = post
            for path in post.old_paths:
                self.by_path[path] = Target("post", post=post, old_path=path)
            for resource in post.page.resources:
                name = resource.relative_to(post.page.bundle_dir).as_posix()
                address = posixpath.join(post.page.path, name)
                self.by_path[address] = Target("resource", post, name, resource, address)

    def asset(self, path: str) -> Target | None:
        """Return a file of Hugo's ``assets/`` (``assets/media/`` too, where themes such
        as Hugo Blox look up images and videos) that a relative path names, or None."""
        assets = self.site.root / "assets"
        path = unquote(path).lstrip("./")
        for candidate in (assets / path, assets / "media" / path):
            if candidate.is_file() and assets.resolve() in candidate.resolve().parents:
                relative = candidate.relative_to(assets).as_posix()
                return Target("static", source=candidate, old_path=f"/{relative}")
        return None

    def lookup(self, old_path: str) -> Target | None:
        """Return what the old site served at ``old_path`` (with or without a slash)."""
        old_path = unquote(old_path)
        for candidate in (old_path, old_path + "/", old_path.rstrip("/"), old_path + "index.html"):
            if candidate in self.by_path:
                return self.by_path[candidate]
        if old_path.endswith("/index.html"):
            return self.by_path.get(old_path[: -len("index.html")])
        return None

    def content_file(self, path: Path):
        """Return the imported post or Hugo page of a content file (or a bundle folder)."""
        path = path.resolve()
        for candidate in (path, path / "index.md", path / "_index.md", path.with_suffix(".md")):
            if candidate in self.by_file:
                return self.by_file[candidate]
        return None


class PageLinks:
    """Resolve the links of one imported post, counting and reporting as it goes."""

    def __init__(self, index: LinkIndex, post, report):
        self.index = index
        self.post = post
        self.report = report

    def rewrite(self, text: str, protected, line_of) -> str:
        """Resolve every link of ``text`` outside the ``protected`` spans.

        :param line_of: offset → the line in the Hugo source file, for reports.
        """
        found = sorted(
            match.span("url")
            for start, end in gaps(text, merge(protected))
            for pattern in PATTERNS
            for match in pattern.finditer(text, start, end)
        )
        out, pos = [], 0
        for start, end in found:
            if start < pos:
                continue  # the same link seen by two patterns
            out.append(text[pos:start])
            out.append(self.resolve(text[start:end], line_of(start)))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def resolve(self, url: str, line: int) -> str:
        """Return the new form of the link ``url`` written on ``line``."""
        if not url or url.startswith(KEEP_AS_IS):
            return url
        parts = urlsplit(url)
        suffix = (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        if parts.scheme or url.startswith("//"):
            if parts.netloc not in self.index.hosts or parts.scheme not in ("http", "https", ""):
                return url
            path = parts.path[len(self.index.base_path) :] or "/"
            return self._to_target(self.index.lookup(path), url, line, suffix, absolute=True)
        if posixpath.splitext(parts.path)[1].lower() in CONTENT_SUFFIXES:
            return self._content_reference(parts.path, url, line, suffix)
        old_path = relative_url(self.post.page.path, parts.path) if parts.path else ""
        if not old_path:
            return url
        target = self.index.lookup(old_path)
        if target is None:  # a content path, as a render-link hook's .GetPage reads it
            found = self._get_page(parts.path)
            if found is not None:
                return self._found(found, url, line, suffix)
            target = self.index.asset(parts.path)
        return self._to_target(target, url, line, suffix, old_path=old_path)

    def _get_page(self, path: str):
        """Return the post or page a content path names (Hugo's ``.GetPage``), or None."""
        path = re.sub(r"/_?index/?$", "", unquote(path)).rstrip("/")
        if not path or path.startswith(("./", "../")):
            return None
        site, page = self.index.site, self.post.page
        bases = [site.content] if path.startswith("/") else [page.source.parent, site.content]
        for base in bases:
            found = self.index.content_file(base / path.lstrip("/"))
            if found is not None:
                return found
        return None

    def _content_reference(self, path, url, line, suffix) -> str:
        site = self.index.site
        base = site.content if path.startswith("/") else self.post.page.source.parent
        found = self.index.content_file(base / unquote(path).lstrip("/"))
        if found is None and not path.startswith("/"):
            found = self.index.content_file(site.content / unquote(path))
        return self._found(found, url, line, suffix)

    def ref(self, reference: str, line: int) -> str:
        """Resolve Hugo's ``ref``/``relref`` argument (a content path, maybe bare)."""
        path, _, fragment = reference.partition("#")
        suffix = f"#{fragment}" if fragment else ""
        site, page = self.index.site, self.post.page
        candidates = [site.content / path.lstrip("/")]
        if not path.startswith("/"):
            candidates[:0] = [page.source.parent / path, page.source.parent.parent / path]
        for candidate in candidates:
            found = self.index.content_file(candidate)
            if found is not None:
                return self._found(found, reference, line, suffix)
        name = posixpath.basename(path.rstrip("/"))
        stem = posixpath.splitext(name)[0]
        matches = [
            target
            for source, target in self.index.by_file.items()
            if source.stem == stem
            or (source.stem in ("index", "_index") and source.parent.name == stem)
        ]
        unique = {id(target): target for target in matches}
        if len(unique) == 1:
            return self._found(matches[0], reference, line, suffix)
        return self._unresolved(reference, line, "ref to a page that is not in the Hugo site")

    def _found(self, found, url, line, suffix) -> str:
        if found is None:
            return self._unresolved(url, line, "points to no content file")
        if hasattr(found, "content_path"):
            return self._post_link(found, suffix)
        return self._old_site(found.path, url, line, suffix)

    def _to_target(self, target, url, line, suffix, absolute=False, old_path="") -> str:
        if target is None:
            if absolute:
                return url  # an address on the old site we know nothing of: keep it
            return self._old_site(old_path, url, line, suffix, known=False)
        if target.kind == "post":
            return self._post_link(target.post, suffix)
        if target.kind == "resource":
            self.report.count("links fixed")
            if target.post is self.post:
                return target.resource + suffix
            folder = posixpath.dirname(target.post.content_path)
            return f"{{static}}/{folder}/{target.resource}{suffix}"
        if target.kind == "static":
            self.report.count("links fixed")
            return "{static}/" + self.post.plan.static_copy(target) + suffix
        return url if absolute else self._old_site(target.old_path, url, line, suffix)

    def _post_link(self, post, suffix) -> str:
        self.report.count("links fixed")
        return f"{{filename}}/{post.content_path}{suffix}"

    def _old_site(self, old_path, url, line, suffix, known=True) -> str:
        if not known:
            self._unresolved(url, line, "leads to no page or file of the old site")
        if not self.index.old_site:
            if known:
                self._unresolved(
                    url, line, "leads to a page of the old site but OLD_SITE is not set"
                )
            return url
        if known:
            self.report.count("links to the old site")
        return self.index.old_site + self.index.base_path + old_path + suffix

    def _unresolved(self, url, line, why) -> str:
        self.report.note(
            self.post.page.source,
            line,
            f"link {url} {why}",
            "fix the link in the imported post (or in the Hugo site and import again)",
            counter="links unresolved",
        )
        return url


def taxonomy_paths(site) -> list[str]:
    """Return the addresses of the old site's taxonomy pages (``/tags/``, ``/tags/x/``)."""
    from .urls import term_path, urlize

    paths = []
    for plural in site.config.taxonomies.values():
        plural = str(plural)
        paths.append(f"/{urlize(plural, site.config)}/")
        for page in site.pages:
            value = page.meta.get(plural.lower())
            for term in value if isinstance(value, list) else [value] if value else []:
                paths.append(term_path(site.config, plural, str(term)))
    return sorted(set(paths))
