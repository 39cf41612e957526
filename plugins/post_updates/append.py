"""Append a dated update to a post: ``make update POST=content/blog/... TEXT="..."``.

The update goes where a post's updates go: after the last update if there is one,
otherwise after the intro (before the first heading), otherwise at the end. Nothing
else in the file changes, and the text is stored exactly as given (each line quoted).

The text comes from ``TEXT=``, from a file (``FILE=update.md``) or from standard
input. ``make`` hands every value over in the environment (``UPDATE_POST``,
``UPDATE_TEXT``, ``UPDATE_FILE``, ``UPDATE_DATE``, ``UPDATE_SETTINGS``), so no shell
ever reads it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sitekit.markdown_source import ATX_HEADING, FENCE

from .marker import SOURCE_LINE, parse_label

POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
METADATA_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:\s")
#: Characters an update cannot hold: control characters other than tab and newline.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
USAGE = (
    'make update POST=content/blog/YYYY/post.md TEXT="What changed."'
    " (or FILE=update.md, or the text on standard input)"
)


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


def update_text(text: str) -> str:
    """Return ``text`` as an update stores it: Windows line ends made ``\\n``, the
    final newline of a file dropped; nothing else changes.

    :raises NotAPost: the text is empty or holds a control character.
    """
    text = text.replace("\r\n", "\n").rstrip("\n")
    if not text.strip():
        raise NotAPost(f"the update has no text — {USAGE}")
    bad = CONTROL.search(text)
    if bad:
        raise NotAPost(
            f"the update holds the control character U+{ord(bad.group()):04X}"
            " — remove it from the text"
        )
    return text


def update_block(stamp: str, text: str, newline: str) -> list[str]:
    """Return the Markdown lines of an update dated ``stamp`` saying ``text``."""
    first, *rest = update_text(text).split("\n")
    lines = [f"> **Update {stamp}**: {first}", *(f"> {line}" if line else ">" for line in rest)]
    return [line + newline for line in lines]


def append_update(path, text, stamp, article_dirs) -> int:
    """Insert the update into ``path``; return the 1-based line where it starts."""
    path = Path(path)
    lines = check_post(path, [Path(d) for d in article_dirs])
    if parse_label(f"Update {stamp}") is None:
        raise NotAPost(f"{stamp}: not a date — give YYYY-MM-DD or YYYY-MM-DD HH:MM")
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


def read_text(text, file, stdin) -> str | None:
    """Return the update's text: ``text``, else the file's, else standard input's."""
    if text:
        return text
    if file:
        try:
            return Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise NotAPost(
                f"{file}: cannot be read as UTF-8 text ({error}) — check FILE="
            ) from None
    if stdin is not None and not stdin.isatty():
        return stdin.read()
    return None


def main(argv=None, environ=None, stdin=None) -> int:
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", nargs="?", help="the post's Markdown file")
    parser.add_argument("text", nargs="?", help="what changed (Markdown)")
    parser.add_argument("--file", help="read the text from this file")
    parser.add_argument("--date", help="YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (default: today)")
    parser.add_argument("--settings", help="Pelican settings file (default: pelicanconf.py)")
    args = parser.parse_args(argv)
    post = args.post or environ.get("UPDATE_POST")
    try:
        text = read_text(
            args.text or environ.get("UPDATE_TEXT"),
            args.file or environ.get("UPDATE_FILE"),
            sys.stdin if stdin is None else stdin,
        )
    except NotAPost as error:
        print(error, file=sys.stderr)
        return 2
    if not post or text is None:
        print(f"say which post and what changed: {USAGE}", file=sys.stderr)
        return 2
    from pelican.settings import read_settings

    settings = read_settings(args.settings or environ.get("UPDATE_SETTINGS") or "pelicanconf.py")
    content = Path(settings["PATH"])
    article_dirs = [content / folder for folder in settings["ARTICLE_PATHS"]] or [content]
    stamp = (
        args.date
        or environ.get("UPDATE_DATE")
        or datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).strftime("%Y-%m-%d")
    )
    try:
        line = append_update(post, text, stamp, article_dirs)
    except NotAPost as error:
        print(error, file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - one clear line, no traceback
        print(f"{post}: {error} — fix the file and try again", file=sys.stderr)
        return 2
    print(f"{post}:{line}: added update {stamp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
