"""Read, check and attach author records."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass
from urllib.parse import urlsplit

from pelican.contents import Article, Page
from pelican.urlwrappers import Author

from sitekit.errors import ContentError

AUTHORS_FILE = "AUTHORS_FILE"
DEFAULTS = {AUTHORS_FILE: "authors.toml"}
FIELDS = ("role", "bio", "link", "avatar")
REQUIRED = ("role", "bio")
#: The schemes an author's link may use: a page on the web or an e-mail address.
LINK_SCHEMES = ("https", "http", "mailto")


@dataclass(frozen=True)
class AuthorRecord:
    """What the site says about one author."""

    name: str
    slug: str
    role: str
    bio: str
    link: str = ""
    avatar: str = ""


def parse_records(text: str, path: str, slug_settings: dict) -> dict[str, AuthorRecord]:
    """Return author records by name from the TOML ``text`` of ``path``.

    :param slug_settings: Pelican settings, so author slugs match Pelican's own.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise ContentError(
            f"not valid TOML ({error})",
            "fix the syntax (see https://toml.io)",
            path=path,
            line=int(match.group(1)) if match else 1,
        ) from None
    records = {}
    for name, fields in data.get("authors", {}).items():
        needle = f'"{name}"'
        if not isinstance(fields, dict):
            raise ContentError(
                f'author "{name}" is not a table',
                f'write it as [authors."{name}"] with role and bio',
                path=path,
                needle=needle,
            )
        unknown = sorted(set(fields) - set(FIELDS))
        missing = [field for field in REQUIRED if not fields.get(field)]
        if unknown or missing:
            what = "; ".join(
                part
                for part in (
                    unknown and f"unknown field(s) {', '.join(unknown)}",
                    missing and f"missing {', '.join(missing)}",
                )
                if part
            )
            raise ContentError(
                f'author "{name}": {what}',
                f"use only {', '.join(FIELDS)} ({' and '.join(REQUIRED)} required)",
                path=path,
                needle=needle,
            )
        link = fields.get("link", "")
        if link and urlsplit(link).scheme.lower() not in LINK_SCHEMES:
            raise ContentError(
                f'author "{name}": link "{link}" is not an https:, http: or mailto: address',
                'give a full address such as "https://example.org/me" or "mailto:me@example.org"',
                path=path,
                needle=f"{link}",
            )
        # Pelican's own Author gives the slug, so AUTHOR_REGEX_SUBSTITUTIONS apply too.
        slug = Author(name, slug_settings).slug
        records[name] = AuthorRecord(name=name, slug=slug, **fields)
    return records


class AuthorRegistry:
    """The author records of the build in progress."""

    def __init__(self):
        self.records: dict[str, AuthorRecord] = {}
        self.path = None

    def load(self, generator) -> None:
        """Read the records file once per build and share it with the templates."""
        settings = dict(DEFAULTS, **generator.settings)
        path = os.path.join(settings["PATH"], settings[AUTHORS_FILE])
        if self.path != path:
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except FileNotFoundError:
                text = ""
            self.records = parse_records(text, path, settings)
            self.path = path
        generator.context["author_records"] = self.records

    def attach(self, content) -> None:
        """Give ``content`` its author records, or stop on an unknown author."""
        if not isinstance(content, Article | Page) or not hasattr(content, "author"):
            return
        records = []
        for author in getattr(content, "authors", [content.author]):
            record = self.records.get(author.name)
            if record is None:
                raise self._unknown(author.name)
            records.append(record)
        content.author_records = records
        content.author_record = records[0]

    def _unknown(self, name: str) -> ContentError:
        """Explain an unknown author: several names on one line, a typo, or someone new."""
        parts = [part.strip() for part in re.split(r",|;| and ", name) if part.strip()]
        if len(parts) > 1:
            return ContentError(
                f'several names in Author: "{name}"',
                f"write them on an Authors: line instead: Authors: {', '.join(parts)}",
                needle=name,
            )
        nearest = difflib.get_close_matches(name, sorted(self.records), n=1, cutoff=0.6)
        if nearest:
            return ContentError(
                f'unknown author "{name}"', f"did you mean {nearest[0]}?", needle=name
            )
        known = ", ".join(sorted(self.records)) or "none yet"
        return ContentError(
            f'unknown author "{name}"',
            f"add them to content/authors.toml (known: {known})",
            needle=name,
        )

    def reset(self, pelican=None) -> None:
        """Forget the build's records so the next build (``make serve``) reads them anew."""
        self.records = {}
        self.path = None


registry = AuthorRegistry()
