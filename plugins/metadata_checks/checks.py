"""The checks of :mod:`metadata_checks`, on each article and page as Pelican reads it."""

from __future__ import annotations

import difflib
import logging
import posixpath
import re
from pathlib import Path, PurePosixPath

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from pelican.contents import Article, Page

from sitekit.errors import ContentError, report
from sitekit.markdown_source import (
    ensure_source_lines,
    leave_in_meta,
    take_from_meta,
    use_extension,
)
from sitekit.settings import Setting, is_string_list, one_of, read_settings_table

logger = logging.getLogger(__name__)

#: Header keys Pelican and this site's plugins read.
KNOWN_KEYS = (
    "Title", "Date", "Modified", "Author", "Authors", "Category", "Tags", "Slug", "Status",
    "Summary", "Lang", "Translation", "Save_as", "URL", "Template", "Feed-Id",
    "Question-Index", "Retired", "Cover", "Cover-Alt", "Old-Urls", "Aliases",
)  # fmt: skip
HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")
#: What a slug may hold: letters and digits of any script, "-", "_", "." and "~".
SAFE_SLUG = re.compile(r"^[\w.~-]+$")
UNSAFE_IN_PATH = re.compile(r"[&\"'<>\s?#%]")
YEAR_FOLDER = re.compile(r"(?:^|/)(\d{4})(?:/|$)")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
HEADER_KEY = "metadata_header_lines"

#: A site's own header keys, one a line, beside the content (``make import`` writes it).
KEYS_FILE_HEADER = "# Header keys this site's posts may use besides the known ones, one a line.\n"

TABLE = (
    Setting("METADATA_EXTRA_KEYS", (), is_string_list, "a list of header keys"),
    Setting(
        "METADATA_KEYS_FILE", "metadata-keys.txt", lambda v: isinstance(v, str),
        "a file name, relative to the content folder",
    ),
    Setting(
        "METADATA_YEAR_FOLDER_CHECK", "warn", one_of("warn", "error", "off"),
        '"warn", "error" or "off"',
    ),
)  # fmt: skip


def read_keys_file(path: Path) -> list[str]:
    """Return the keys of a site's keys file (none when there is no file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def header_lines(path) -> list[tuple[int, str, str]]:
    """Return ``(line, key, value)`` for each metadata line at the top of a Markdown file."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return header_lines_in(handle)


def header_lines_in(lines) -> list[tuple[int, str, str]]:
    """Return ``(line, key, value)`` for each metadata line at the top of ``lines``."""
    found = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if match:
            found.append((number, match.group(1), match.group(2).strip()))
        elif not line[:1].isspace():  # not a continuation line: the body began
            break
    return found


class HeaderLinesExtension(Extension):
    """Python-Markdown extension: a post's header lines (:func:`header_lines_in`), read
    where the post is converted, left in its metadata as ``metadata_header_lines``."""

    def extendMarkdown(self, md):
        ensure_source_lines(md)
        md.postprocessors.register(_HeaderLines(md), HEADER_KEY, 1)


class _HeaderLines(Postprocessor):
    def run(self, text):
        leave_in_meta(self.md, HEADER_KEY, header_lines_in(self.md.source_lines))
        return text


class MetadataChecker:
    """The plugin's per-build state: settings and the known keys."""

    def __init__(self):
        self.known = {key.lower(): key for key in KNOWN_KEYS}
        self.year_check = "warn"

    def configure(self, pelican) -> None:
        options = read_settings_table(pelican.settings, TABLE, prefixes=("METADATA_",))
        keys_file = Path(pelican.settings["PATH"], options["METADATA_KEYS_FILE"])
        use_extension(pelican.settings, HeaderLinesExtension())
        extra = (*options["METADATA_EXTRA_KEYS"], *read_keys_file(keys_file))
        self.known = {key.lower(): key for key in (*KNOWN_KEYS, *extra)}
        self.year_check = options["METADATA_YEAR_FOLDER_CHECK"]

    def check(self, content) -> None:
        """Report what is wrong with ``content``'s metadata; raise for an unsafe address."""
        lines = take_from_meta(content, HEADER_KEY)  # found where the post was converted
        if not isinstance(content, Article | Page) or not content.source_path:
            return
        if not hasattr(content, "title"):
            return  # Pelican reports a post without a title itself
        path = content.source_path
        if lines is None:
            lines = header_lines(path) if path.endswith(MARKDOWN_SUFFIXES) else []
        for problem in self._header_problems(lines):
            report(problem, path)
        if isinstance(content, Article):
            self._check_year_folder(content, lines)
        for problem in _taxonomy_problems(content, lines):
            report(problem, path)
        unusable = _address_problem(content, lines) or _empty_title(content, lines)
        if unusable:
            raise unusable  # the post goes no further: nothing would be written right

    def _header_problems(self, lines):
        for number, key, value in lines:
            if key.lower() not in self.known:
                nearest = difflib.get_close_matches(key.lower(), self.known, n=1, cutoff=0.6)
                fix = (
                    f"did you mean {self.known[nearest[0]]}:?"
                    if nearest
                    else "remove it, or add it to content/metadata-keys.txt"
                )
                yield ContentError(f'unknown header "{key}:"', fix, line=number)
            elif key.lower() in ("date", "modified") and not ISO_DATE.match(value):
                yield ContentError(
                    f'{key}: "{value}" is not an ISO 8601 date',
                    "write YYYY-MM-DD, optionally with HH:MM[:SS] and ±HH:MM",
                    line=number,
                )

    def _check_year_folder(self, content, lines) -> None:
        match = YEAR_FOLDER.search(posixpath.dirname(content.relative_source_path))
        if self.year_check == "off" or not match or int(match.group(1)) == content.date.year:
            return
        error = ContentError(
            f"dated {content.date:%Y-%m-%d} but in the {match.group(1)}/ folder"
            f" (its address would be /{content.url})",
            f"move it to {content.date:%Y}/ or fix its Date:",
            path=content.source_path,
            line=_line_of(lines, "date") or 1,
        )
        if self.year_check == "error":
            report(error)
        else:
            logger.warning("%s", error.format())


def _line_of(lines, key: str) -> int | None:
    return next((number for number, name, _ in lines if name.lower() == key), None)


def _taxonomy_problems(content, lines):
    kinds = [("tag", tag, "tags") for tag in getattr(content, "tags", None) or ()]
    category = getattr(content, "category", None)
    if category is not None and "category" in content.metadata:
        kinds.append(("category", category, "category"))
    for kind, item, key in kinds:
        if not item.slug:
            yield ContentError(
                f'{kind} "{item.name}" has no letter or digit to make an address from',
                f"rename the {kind}",
                line=_line_of(lines, key),
            )


def _empty_title(content, lines) -> ContentError | None:
    if str(content.metadata.get("title", "x")).strip():
        return None
    return ContentError(
        "Title: is empty", "write the post's title after it", line=_line_of(lines, "title") or 1
    )


def _address_problem(content, lines) -> ContentError | None:
    """Return the problem with a post's address, if it has one."""
    slug = content.metadata.get("slug")
    if slug is not None and not SAFE_SLUG.match(str(slug)):
        return ContentError(
            f'Slug "{slug}" has characters that do not belong in an address',
            'use letters, digits and "-" only, e.g. "q-and-a"',
            line=_line_of(lines, "slug"),
        )
    for key in ("save_as", "url"):
        value = content.metadata.get(key)
        if value and UNSAFE_IN_PATH.search(str(value)):
            return ContentError(
                f'{key.capitalize()} "{value}" has characters that do not belong in an address',
                'use letters, digits, "-", "_", "." and "/" only',
                line=_line_of(lines, key),
            )
        if value and _leaves_output(str(value)):
            return ContentError(
                f'{key.capitalize()} "{value}" leaves the output folder',
                "give a path inside the site, such as blog/2024/post/index.html",
                line=_line_of(lines, key),
            )
    return None


def _leaves_output(path: str) -> bool:
    return path.startswith(("/", "\\")) or ".." in PurePosixPath(path.replace("\\", "/")).parts


checker = MetadataChecker()
