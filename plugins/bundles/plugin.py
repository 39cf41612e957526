"""Find the files a post links to beside it, and copy them next to its page."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.contents import Article, Page
from pelican.generators import Generator

from sitekit.compat import context_contents, raw_content_html, set_content_html
from sitekit.errors import ContentError, find_line, report
from sitekit.markdown_source import take_from_meta

from .links import LINK, addresses
from .mdx_addresses import META_KEY

#: Addresses that are not files beside the post: with a scheme, absolute, a fragment,
#: Pelican's {static}-style links, or a page (a folder, or no file extension).
NOT_LOCAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\{|%7B|\|)")
POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
INDEX_NAMES = tuple(f"index{suffix}" for suffix in (*POST_SUFFIXES, ".html", ".rst"))


def bundle_slug(content) -> str | None:
    """Return the folder's name for a post written as ``{slug}/index.md``."""
    source = Path(content.source_path)
    return source.parent.name if source.name in INDEX_NAMES else None


def local_target(address: str) -> str | None:
    """Return the file path of a relative address (query and fragment dropped)."""
    if not address or NOT_LOCAL.match(address):
        return None
    path = unquote(urlsplit(address).path)
    if not path or path.endswith("/") or not Path(path).suffix:
        return None
    return path


def resolve(content, target: str) -> Path | None:
    """Return the file ``target`` names, beside the post or in its same-named folder."""
    source = Path(content.source_path)
    bases = [source.parent]
    if source.name not in INDEX_NAMES:
        bases.append(source.parent / source.stem)
    for base in bases:
        candidate = base / target
        if candidate.is_file():
            return candidate
    return None


def attach_files(content) -> None:
    """Record the files ``content`` links to beside it; report links to missing ones."""
    if not isinstance(content, Article | Page) or not content.source_path:
        return
    slug = bundle_slug(content)
    if slug and "slug" not in content.metadata:
        content.slug = slug
    root = os.path.realpath(content.settings["PATH"])
    html = raw_content_html(content)
    found_when_read = take_from_meta(content, META_KEY)  # a Markdown post's (mdx_addresses)
    files, rewritten = {}, {}
    if found_when_read is None:
        found_when_read = addresses(html)
    for attribute, address in found_when_read:
        target = local_target(address)
        if target is None:
            continue
        found = resolve(content, target)
        if found is None:
            report(_missing(content, attribute, address))
        elif not os.path.realpath(found).startswith(root + os.sep):
            report(_outside(content, address))
        elif found.suffix in POST_SUFFIXES:
            folder = Path(content.source_path).parent
            rewritten[address] = "{filename}" + os.path.relpath(found, folder)
        else:
            files[target] = found
    if rewritten:
        set_content_html(content, _rewrite(html, rewritten))
    content.bundle_files = files


def _rewrite(html: str, addresses: dict[str, str]) -> str:
    def replace(match):
        attribute, address = match.group(1), match.group(2)
        return f'{attribute}="{addresses.get(address, address)}"'

    return LINK.sub(replace, html)


def _missing(content, attribute, address) -> ContentError:
    kind = "image" if attribute in ("src", "poster") else "file"
    return ContentError(
        f'{kind} "{address}" not found',
        "put it beside the post (or in a folder named like the post) or fix the link",
        path=content.source_path,
        line=find_line(content.source_path, address.split("#")[0]),
    )


def _outside(content, address) -> ContentError:
    return ContentError(
        f'"{address}" is outside the content folder',
        "copy the file beside the post",
        path=content.source_path,
        line=find_line(content.source_path, address),
    )


class BundleFilesGenerator(Generator):
    """Copy each written post's files next to its page."""

    def generate_context(self):
        pass

    def generate_output(self, writer=None):
        for content in context_contents(self.context):
            self._copy(content)

    def _copy(self, content) -> None:
        files = getattr(content, "bundle_files", None)
        if not files or not content.save_as:
            return
        page_folder = Path(self.output_path, content.save_as).parent
        for relative, source in sorted(files.items()):
            target = page_folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
