"""Front matter as Hugo reads it: YAML between ``---``, TOML between ``+++``, or a JSON object.

Hugo's rules: blank lines and a byte-order mark may come first; YAML and TOML end at
the first later line that starts with their delimiter; JSON ends where its opening
brace closes (braces inside strings do not count). What follows is the body.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass

import yaml

from sitekit.errors import ContentError

DELIMITERS = {"---": "yaml", "+++": "toml"}
BOM = "\ufeff"


@dataclass(frozen=True)
class FrontMatter:
    """A content file split in two: its metadata and its Markdown body."""

    kind: str  # "yaml", "toml", "json" or "" (no front matter)
    data: dict
    body: str
    body_line: int  # the file's line number where the body starts (1-based)


class _YamlLoader(yaml.SafeLoader):
    """YAML without timestamp conversion: dates stay the text the author wrote."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(text: str, path: str = "") -> FrontMatter:
    """Split ``text`` into front matter and body, parsing the front matter.

    :param path: the file, named in errors.
    :raises ContentError: for front matter that does not end or does not parse.
    """
    text = text.replace("\r\n", "\n")
    start = len(text) - len(text.lstrip(BOM + " \t\n"))
    first_line = text.count("\n", 0, start) + 1
    head = text[start:]
    if head[:3] in DELIMITERS and head[3:4] in ("\n", " ", "\t", ""):
        kind, delimiter = DELIMITERS[head[:3]], head[:3]
        end = _closing_line(head, delimiter)
        if end is None:
            raise ContentError(
                f"{kind.upper()} front matter has no closing {delimiter}",
                f"end the front matter with a line {delimiter}",
                path=path,
                line=first_line,
            )
        raw = head[head.index("\n") + 1 : end] if "\n" in head[:end] else ""
        rest = head[end + len(delimiter) :]
        rest = rest[1:] if rest.startswith("\n") else rest
        data = _parse(kind, raw, path, first_line + 1)
    elif head.startswith("{"):
        kind = "json"
        end = _json_end(head)
        if end is None:
            raise ContentError(
                "JSON front matter never closes its opening {",
                "balance the braces of the front matter",
                path=path,
                line=first_line,
            )
        raw, rest = head[:end], head[end:]
        rest = rest[1:] if rest.startswith("\n") else rest
        data = _parse(kind, raw, path, first_line)
    else:
        return FrontMatter("", {}, text.lstrip(BOM), 1)
    body_line = first_line + head[: len(head) - len(rest)].count("\n")
    return FrontMatter(kind, data, rest, body_line)


def _closing_line(head: str, delimiter: str) -> int | None:
    """Return the offset of the first line after the first that starts with ``delimiter``."""
    match = re.compile(rf"^{re.escape(delimiter)}", re.M).search(head, 3)
    return match.start() if match else None


def _json_end(head: str) -> int | None:
    level, in_quote, index = 0, False, 0
    while index < len(head):
        char = head[index]
        if char == "\\":
            index += 1
        elif char == '"':
            in_quote = not in_quote
        elif not in_quote and char in "{}":
            level += 1 if char == "{" else -1
            if level == 0:
                return index + 1
        index += 1
    return None


def _parse(kind: str, raw: str, path: str, first_line: int) -> dict:
    try:
        if kind == "yaml":
            data = yaml.load(raw, Loader=_YamlLoader) or {}
        elif kind == "toml":
            data = tomllib.loads(raw)
        else:
            data = json.loads(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        raise _invalid(kind, getattr(error, "problem", None) or str(error), path, line) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = first_line + int(match.group(1)) - 1 if match else first_line
        raise _invalid(kind, str(error).split(" (at")[0], path, line) from None
    except json.JSONDecodeError as error:
        raise _invalid(kind, error.msg, path, first_line + error.lineno - 1) from None
    if not isinstance(data, dict):
        raise _invalid(kind, "it is not a mapping of keys to values", path, first_line)
    return {str(key).lower(): value for key, value in data.items()}


def _invalid(kind: str, why: str, path: str, line: int) -> ContentError:
    return ContentError(
        f"front matter is not valid {kind.upper()} ({why})",
        "fix it as Hugo would need it fixed",
        path=path,
        line=line,
    )
