"""Everything an import writes, gathered first and written only when nothing failed.

Writing is idempotent: a post file that exists is left alone, a copied file is
rewritten only if it differs, author records and lock entries are only ever added,
and every file is written in a fixed order with sorted contents.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from sitekit.locks import read_lock, write_lock

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".ico", ".bmp")
REDIRECTS_FILE = "redirects.toml"
REDIRECTS_HEADER = (
    "# Old addresses that keep answering: the redirects plugin serves them.\n"
    "# [feeds]: an old feed address → the feed written in its place (a copy).\n"
    "# [pages]: an old page address → where it moved (a redirect page).\n"
    "# `make import` adds entries; edit freely.\n"
)
AUTHORS_HEADER = "\n# Imported from the old site's author pages (`make import`).\n"


def toml_string(value: str) -> str:
    """Return ``value`` as a TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: {"\n": "\\n", "\t": "\\t"}.get(
        m.group(), f"\\u{ord(m.group()):04x}"), escaped)  # fmt: skip
    return f'"{escaped}"'


class ImportPlan:
    """The files of one import: gathered, then written at once."""

    def __init__(self, content: Path, static_dir: str, report):
        self.content = content
        self.static_dir = static_dir.strip("/") or "images"
        self.report = report
        self.texts: dict[Path, str] = {}
        self.copies: dict[Path, Path] = {}
        self.author_records: dict[str, dict[str, str]] = {}
        self.feed_ids: dict[str, str] = {}
        self.anchors: dict[str, list[tuple[str, ...]]] = {}  # URL → groups of ids
        self.feed_aliases: dict[str, str] = {}
        self.page_redirects: dict[str, str] = {}

    # -- gathering -----------------------------------------------------------------

    def add_text(self, relative: str, text: str) -> None:
        self.texts[self.content / relative] = text

    def copy(self, source: Path, relative: str) -> None:
        self.copies.setdefault(self.content / relative, source)

    def static_copy(self, target) -> str:
        """Copy a file of Hugo's ``static/`` into the site's static folder; return its path."""
        relative = target.old_path.lstrip("/")
        if not relative.startswith(self.static_dir + "/"):
            relative = f"{self.static_dir}/{relative}"
        self.copy(target.source, relative)
        return relative

    # -- writing ---------------------------------------------------------------------

    def write(self, authors_file: str, anchors_lock: str, feed_lock: str) -> None:
        """Write every gathered file (posts that already exist are left alone)."""
        from feeds.generator import ID_LOCK_ABOUT, ID_LOCK_KEY
        from question_anchors.lock import merged, read_anchor_lock, write_anchor_lock

        for path, text in sorted(self.texts.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for path, source in sorted(self.copies.items()):
            data = source.read_bytes()
            if not path.exists() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            kind = (
                "images copied" if path.suffix.lower() in IMAGE_SUFFIXES else "other files copied"
            )
            self.report.count(kind)
        self._write_authors(self.content / authors_file)
        feed_path = self.content / feed_lock
        existing = read_lock(feed_path, ID_LOCK_KEY)
        if self.feed_ids:
            write_lock(feed_path, ID_LOCK_ABOUT, ID_LOCK_KEY, {**self.feed_ids, **existing})
        if self.anchors:
            path = self.content / anchors_lock
            write_anchor_lock(path, merged(read_anchor_lock(path), self.anchors))
        self._write_redirects(self.content / REDIRECTS_FILE)

    def _write_authors(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        known = set(tomllib.loads(text).get("authors", {})) if text else set()
        blocks = []
        for name in sorted(set(self.author_records) - known):
            fields = self.author_records[name]
            lines = [f"[authors.{toml_string(name)}]"]
            lines += [f"{key} = {toml_string(fields[key])}" for key in
                      ("role", "bio", "link", "avatar") if fields.get(key)]  # fmt: skip
            blocks.append("\n".join(lines))
        if blocks:
            header = AUTHORS_HEADER if AUTHORS_HEADER.strip() not in text else "\n"
            path.write_text(
                text.rstrip("\n") + "\n" + header + "\n\n".join(blocks) + "\n", encoding="utf-8"
            )
            self.report.count("authors written", len(blocks))

    def _write_redirects(self, path: Path) -> None:
        if not (self.feed_aliases or self.page_redirects):
            return
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        feeds = {**self.feed_aliases, **data.get("feeds", {})}
        pages = {**self.page_redirects, **data.get("pages", {})}
        lines = [REDIRECTS_HEADER]
        for table, entries in (("feeds", feeds), ("pages", pages)):
            if entries:
                lines.append(f"[{table}]")
                lines += [
                    f"{toml_string(k)} = {toml_string(v)}" for k, v in sorted(entries.items())
                ]
                lines.append("")
        path.write_text("\n".join(lines), encoding="utf-8")
