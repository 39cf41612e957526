"""Append a dated update to a post: ``make update POST=content/blog/... TEXT="..."``.

The update goes where a post's updates go: after the last update if there is one,
otherwise after the intro (before the first heading), otherwise at the end. Nothing
else in the file changes.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sitekit.markdown_source import ATX_HEADING, FENCE

from .marker import SOURCE_LINE, parse_label

POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
METADATA_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:\s")


class NotAPost(Exception):
    """The path given is not a Markdown post of the site."""


def check_post(path: Path, article_dirs) -> list[str]:
    """Return the post's lines (with their endings), or raise :class:`NotAPost`."""
    if path.suffix not in POST_SUFFIXES:
        raise NotAPost(f"{path}: not a Markdown post — give a .md file under {article_dirs[0]}/")
    resolved = path.resolve()
    if not any(resolved.is_relative_to(d.resolve()) for d in article_dirs):
        raise NotAPost(
            f"{path}: not under the posts' folder — give a file under {article_dirs[0]}/"
        )
    if not path.is_file():
        raise NotAPost(f"{path}: no such file — check the path")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines or not any(line.lower().startswith("title:") for line in _header(lines)):
        raise NotAPost(f"{path}:1: no Title: metadata, so not a post — give a post's path")
    return lines


def _header(lines):
    for line in lines:
        if not line.strip() or not METADATA_LINE.match(line):
            return
        yield line


def insertion_index(lines) -> int:
    """Return the index of the line before which a new update goes."""
    start = sum(1 for _ in _header(lines))
    last_update_end, first_heading, in_fence, in_update = None, None, False, False
    for index in range(start, len(lines)):
        line = lines[index]
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        if SOURCE_LINE.match(line):
            in_update = True
        elif in_update and not line.strip():
            in_update = False
        if in_update:
            last_update_end = index + 1
        elif first_heading is None and ATX_HEADING.match(line):
            first_heading = index
    if last_update_end is not None:
        return last_update_end
    return first_heading if first_heading is not None else len(lines)


def update_block(stamp: str, text: str, newline: str) -> list[str]:
    """Return the Markdown lines of an update dated ``stamp`` saying ``text``."""
    body = text.strip().splitlines() or [""]
    first = f"> **Update {stamp}**: {body[0]}"
    return [line + newline for line in [first, *(f"> {rest}" for rest in body[1:])]]


def append_update(path, text, stamp, article_dirs) -> int:
    """Insert the update into ``path``; return the 1-based line where it starts."""
    path = Path(path)
    lines = check_post(path, [Path(d) for d in article_dirs])
    if parse_label(f"Update {stamp}") is None:
        raise NotAPost(f"{stamp}: not a date — give YYYY-MM-DD or YYYY-MM-DD HH:MM")
    if not text.strip():
        raise NotAPost(f"{path}: the update has no text — say what changed in TEXT=")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    if not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    index = insertion_index(lines)
    block = update_block(stamp, text, newline)
    before = [newline] if index > 0 and lines[index - 1].strip() else []
    after = [newline] if index < len(lines) and lines[index].strip() else []
    lines[index:index] = before + block + after
    path.write_text("".join(lines), encoding="utf-8", newline="")
    return index + len(before) + 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", help="the post's Markdown file")
    parser.add_argument("text", help="what changed (Markdown)")
    parser.add_argument("--date", help="YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (default: today)")
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    args = parser.parse_args(argv)
    from pelican.settings import read_settings

    settings = read_settings(args.settings)
    content = Path(settings["PATH"])
    article_dirs = [content / folder for folder in settings["ARTICLE_PATHS"]] or [content]
    stamp = args.date or datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).strftime(
        "%Y-%m-%d"
    )
    try:
        line = append_update(args.post, args.text, stamp, article_dirs)
    except NotAPost as error:
        print(error, file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - one clear line, no traceback
        print(f"{args.post}: {error} — fix the file and try again", file=sys.stderr)
        return 2
    print(f"{args.post}:{line}: added update {stamp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
