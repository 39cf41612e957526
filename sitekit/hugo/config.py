"""A Hugo site's configuration, read as Hugo reads it.

Looks for ``hugo.{toml,yaml,yml,json}``, then ``config.{toml,yaml,yml,json}``, then the
``config/_default/`` directory (a root file plus one file per top-level key, such as
``params.toml`` or ``permalinks.yaml``), with ``config/production/`` over it. Keys are
case-insensitive in Hugo, so every key is lowercased here.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitekit.errors import ContentError

from .ids import STYLES

ROOT_NAMES = ("hugo", "config")
SUFFIXES = (".toml", ".yaml", ".yml", ".json")
DEFAULT_TAXONOMIES = {"category": "categories", "tag": "tags"}


@dataclass
class HugoConfig:
    """The settings of a Hugo site that decide its addresses, ids and content."""

    root: Path
    base_url: str = ""
    title: str = ""
    content_dir: str = "content"
    static_dirs: list[str] = field(default_factory=lambda: ["static"])
    permalinks: dict[str, str] = field(default_factory=dict)
    heading_ids: bool = True
    heading_id_style: str = "github"
    heading_attributes: bool = True
    emoji: bool = False
    params: dict = field(default_factory=dict)
    taxonomies: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAXONOMIES))
    ugly_urls: bool | dict = False
    time_zone: str = ""
    ignore_files: list[str] = field(default_factory=list)
    date_keys: list[str] = field(default_factory=lambda: [":default"])
    lastmod_keys: list[str] = field(default_factory=lambda: [":git", "lastmod", "modified"])
    path_to_lower: bool = True
    remove_path_accents: bool = False
    default_language: str = "en"
    languages: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)

    def ugly(self, section: str) -> bool:
        """Whether pages of ``section`` are served as ``name.html`` (``uglyURLs``)."""
        if isinstance(self.ugly_urls, dict):
            return bool(self.ugly_urls.get(section.lower(), False))
        return bool(self.ugly_urls)

    def is_ignored(self, relative_path: str) -> bool:
        """Whether Hugo's ``ignoreFiles`` patterns leave out this content file."""
        return any(re.search(pattern, relative_path) for pattern in self.ignore_files)


def lowered(value):
    """Return ``value`` with every mapping key lowercased, recursively."""
    if isinstance(value, dict):
        return {str(key).lower(): lowered(item) for key, item in value.items()}
    if isinstance(value, list):
        return [lowered(item) for item in value]
    return value


def load_file(path: Path) -> dict:
    """Parse one TOML, YAML or JSON configuration file."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.safe_load(text) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError, json.JSONDecodeError) as error:
        match = re.search(r"line (\d+)", str(error))
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else getattr(error, "lineno", None)
        raise ContentError(
            f"Hugo configuration does not parse ({str(error).splitlines()[0]})",
            "fix the file so that Hugo itself can read it",
            path=str(path),
            line=line or (int(match.group(1)) if match else None),
        ) from None
    return lowered(data) if isinstance(data, dict) else {}


def merge(base: dict, over: dict) -> dict:
    """Return ``base`` with ``over`` merged in, tables merged key by key."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def _config_directory(directory: Path) -> dict:
    data: dict = {}
    for path in sorted(directory.iterdir()):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        name = path.stem.split(".")[0].lower()  # menus.en.toml: key "menus"
        content = load_file(path)
        data = merge(data, content if name in ROOT_NAMES else {name: content})
    return data


def read_raw(root: Path) -> dict:
    """Return the merged configuration of the Hugo site at ``root`` ({} if it has none)."""
    for name in ROOT_NAMES:
        for suffix in SUFFIXES:
            if (root / f"{name}{suffix}").is_file():
                return load_file(root / f"{name}{suffix}")
    data: dict = {}
    for environment in ("_default", "production"):
        directory = root / "config" / environment
        if directory.is_dir():
            data = merge(data, _config_directory(directory))
    return data


def _dig(data: dict, *keys, default=None):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def read_config(root) -> HugoConfig:
    """Read the Hugo site at ``root`` into a :class:`HugoConfig`.

    :raises ContentError: for a configuration file that does not parse, or an
        ``autoHeadingIDType`` Hugo does not know.
    """
    root = Path(root)
    raw = read_raw(root)
    parser = _dig(raw, "markup", "goldmark", "parser", default={})
    style = str(parser.get("autoheadingidtype", "github")).lower()
    if _dig(raw, "markup", "defaultmarkdownhandler") == "blackfriday":
        style = "blackfriday"
    if style not in STYLES:
        raise ContentError(
            f"autoHeadingIDType {style!r} is not one Hugo knows",
            f"use one of {', '.join(STYLES)}",
            path=str(root),
        )
    frontmatter = raw.get("frontmatter", {})
    languages = raw.get("languages", {})
    return HugoConfig(
        root=root,
        base_url=str(raw.get("baseurl", "")),
        title=str(raw.get("title", "")),
        content_dir=_content_dir(raw, languages),
        static_dirs=_as_list(raw.get("staticdir", "static")),
        permalinks=_permalinks(raw.get("permalinks", {})),
        heading_ids=bool(parser.get("autoheadingid", True)),
        heading_id_style=style,
        heading_attributes=bool(_dig(parser, "attribute", "title", default=True)),
        emoji=bool(raw.get("enableemoji", False)),
        params=raw.get("params", {}) or {},
        taxonomies=raw.get("taxonomies", DEFAULT_TAXONOMIES) or {},
        ugly_urls=raw.get("uglyurls", False),
        time_zone=str(raw.get("timezone", "")),
        ignore_files=_as_list(raw.get("ignorefiles")),
        date_keys=_as_list(frontmatter.get("date")) or [":default"],
        lastmod_keys=_as_list(frontmatter.get("lastmod")) or [":git", "lastmod", "modified"],
        path_to_lower=not raw.get("disablepathtolower", False),
        remove_path_accents=bool(raw.get("removepathaccents", False)),
        default_language=str(raw.get("defaultcontentlanguage", "en")).lower(),
        languages=sorted(languages) if isinstance(languages, dict) else [],
        raw=raw,
    )


def _content_dir(raw: dict, languages) -> str:
    """Return the content folder: the default language's own (``contentDir``), if it has one."""
    default = str(raw.get("defaultcontentlanguage", "en")).lower()
    own = languages.get(default, {}) if isinstance(languages, dict) else {}
    return str((own or {}).get("contentdir") or raw.get("contentdir", "content"))


def _permalinks(value) -> dict[str, str]:
    """Return section → pattern, from the old flat form or the newer ``page:`` table."""
    if not isinstance(value, dict):
        return {}
    tables = [value.get(kind) for kind in ("term", "page")]
    found = {key: str(item) for key, item in value.items() if isinstance(item, str)}
    for table in tables:
        if isinstance(table, dict):
            found.update({key: str(item) for key, item in table.items()})
    return found
