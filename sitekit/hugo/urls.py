"""Hugo's addresses: how it turns titles, slugs, files and ``permalinks`` into URLs.

Written to match Hugo 0.111 (checked against it in tests/test_import.py).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import unquote_plus

from .ids import _lower, remove_accents

ALLOWED_PUNCTUATION = set("./\\_#+~-@")
TOKEN = re.compile(r":(\w+)(\[[^\]]*\])?")
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def _allowed(text: str, index: int, char: str) -> bool:
    category = unicodedata.category(char)
    if char in ALLOWED_PUNCTUATION or category[0] in "LM" or category == "Nd":
        return True
    return char == "%" and bool(re.match(r"[0-9A-Fa-f]{2}", text[index + 1 : index + 3]))


def sanitize(text: str) -> str:
    """Return ``text`` as Hugo's ``UnicodeSanitize`` leaves it for a path.

    Letters, digits, marks and ``./\\_#+~-@`` stay; a run of spaces becomes one ``-``
    (none next to a ``-`` already there); everything else goes.
    """
    out: list[str] = []
    prepend_hyphen = was_hyphen = False
    for index, char in enumerate(text):
        if _allowed(text, index, char):
            was_hyphen = char == "-"
            if prepend_hyphen and not was_hyphen:
                out.append("-")
            prepend_hyphen = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            prepend_hyphen = True
    return "".join(out)


def make_path(text: str, lower=True, remove_path_accents=False) -> str:
    """Return ``text`` as Hugo's ``MakePathSanitized`` does: sanitised, lowercased."""
    text = sanitize(text)
    if remove_path_accents:
        text = remove_accents(text)
    return "".join(_lower(char) for char in text) if lower else text


def urlize(text: str, config) -> str:
    """Return ``text`` as Hugo's ``urlize``, as the value of a permalink token."""
    options = {"lower": config.path_to_lower, "remove_path_accents": config.remove_path_accents}
    return make_path(unquote_plus(make_path(text, **options)), **options)


def expand(pattern: str, page, config) -> str:
    """Return ``pattern`` (a ``permalinks`` value) with the page's tokens filled in."""
    return TOKEN.sub(lambda match: _token(match.group(1), match.group(2), page, config), pattern)


def _token(name: str, index: str | None, page, config) -> str:
    when = page.date.value if page.date else None
    dated = {
        "year": lambda: f"{when.year:04d}",
        "month": lambda: f"{when.month:02d}",
        "monthname": lambda: MONTHS[when.month - 1],
        "day": lambda: f"{when.day:02d}",
        "weekday": lambda: str((when.weekday() + 1) % 7),
        "weekdayname": lambda: WEEKDAYS[(when.weekday() + 1) % 7],
        "yearday": lambda: str(when.timetuple().tm_yday),
    }
    if name in dated:
        return dated[name]() if when else ""
    if name == "section":
        return page.sections[0] if page.sections else ""
    if name == "sections":
        return "/".join(_pick(page.sections, index))
    if name == "title":
        return urlize(page.title, config)
    if name == "slug":
        return urlize(page.slug or page.title, config)
    if name in ("filename", "contentbasename"):
        return urlize(page.file_name, config)
    if name == "slugorfilename":
        return urlize(page.slug or page.file_name, config)
    return f":{name}{index or ''}"  # not a token Hugo knows: kept as written


def _pick(items: list[str], index: str | None) -> list[str]:
    """Apply a ``[1]``, ``[1:]``, ``[:2]`` or ``[last]`` selector to ``items``."""
    if not index:
        return items
    inner = index[1:-1].strip()
    if inner == "last":
        return items[-1:]
    if ":" in inner:
        start, _, stop = inner.partition(":")
        return items[int(start) if start else None : int(stop) if stop else None]
    return items[int(inner) : int(inner) + 1] if inner.lstrip("-").isdigit() else items


def with_slashes(path: str) -> str:
    """Return ``path`` with a leading ``/`` and, unless it names a file, a trailing one."""
    path = "/" + path.lstrip("/")
    path = re.sub(r"/{2,}", "/", path)
    if not path.endswith("/") and not re.search(r"\.\w{1,6}$", path.rsplit("/", 1)[-1]):
        path += "/"
    return path


def page_path(page, config) -> str:
    """Return the path (below the site's root) where Hugo published ``page``."""
    if page.url:
        return with_slashes(page.url)
    section = page.sections[0].lower() if page.sections and not page.list_page else ""
    pattern = config.permalinks.get(section)
    options = {"lower": config.path_to_lower, "remove_path_accents": config.remove_path_accents}
    if pattern:
        path = make_path(unquote_plus(expand(pattern, page, config)), **options)
    else:
        name = "" if page.list_page else page.slug or page.file_name
        path = make_path(posixpath.join("/", page.directory, name), **options)
    path = with_slashes(path)
    if config.ugly(page.sections[0] if page.sections else "") and path.endswith("/"):
        path = path.rstrip("/") + ".html"
    return path


def alias_paths(own_path: str, aliases) -> list[str]:
    """Return where Hugo wrote the page's ``aliases`` (relative ones beside the page)."""
    paths = []
    for alias in aliases:
        alias = str(alias).strip()
        if not alias or "://" in alias:
            continue
        if not alias.startswith("/"):
            alias = posixpath.join(posixpath.dirname(own_path.rstrip("/")), alias)
        paths.append(with_slashes(posixpath.normpath(alias)))
    return paths


def term_path(config, plural: str, term: str) -> str:
    """Return the address of a taxonomy term's page (``permalinks`` may move it)."""
    pattern = config.permalinks.get(plural.lower())
    slug = urlize(term, config)
    if pattern:
        path = re.sub(r":(slug|title|filename|slugorfilename|contentbasename)\b", slug, pattern)
        return with_slashes(path.replace(":section", plural))
    return f"/{urlize(plural, config)}/{slug}/"
