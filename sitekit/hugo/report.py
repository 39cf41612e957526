"""What an import did, counted, and what needs a person: the summary it ends with."""

from __future__ import annotations

from collections import Counter

from sitekit.errors import ContentError

ORDER = (
    "posts found", "posts written", "drafts", "already imported", "authors written",
    "author names matched by nearest name", "author names unmatched", "images copied",
    "other files copied", "shortcodes converted", "shortcodes kept", "links fixed",
    "links to the old site", "links unresolved", "emoji converted", "headings",
    "heading ids kept as id", "heading ids kept as alias", "heading ids pinned",
    "heading ids lost", "old addresses kept", "redirects written", "feed ids recorded",
    "feed aliases", "skipped files",
)  # fmt: skip


#: Shown even when nothing was counted: a zero there is news too.
ALWAYS = ("posts written", "authors written", "images copied", "shortcodes converted",
          "shortcodes kept", "links fixed", "links unresolved", "redirects written",
          "feed ids recorded")  # fmt: skip


class Report:
    """Counters, per-kind shortcode counts, notes (warnings) and errors of one import."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.converted: Counter = Counter()
        self.kept: Counter = Counter()
        self.unknown_keys: Counter = Counter()
        self.notes: list[str] = []
        self.errors: list[str] = []
        self.advice: list[str] = []

    def count(self, key: str, number: int = 1) -> None:
        self.counts[key] += number

    def note(self, path, line, what, fix, counter=None) -> None:
        """Record something a person should look at; the import still succeeds."""
        line_text = ContentError(what, fix, path=str(path), line=line).format()
        if line_text not in self.notes:
            self.notes.append(line_text)
        if counter:
            self.count(counter)

    def error(self, error: ContentError) -> None:
        """Record a problem that stops the import (nothing is written)."""
        line_text = error.format()
        if line_text not in self.errors:
            self.errors.append(line_text)

    def shortcode(self, name: str, converted: bool) -> None:
        (self.converted if converted else self.kept)[name] += 1
        self.count("shortcodes converted" if converted else "shortcodes kept")

    def summary(self) -> str:
        """Return the report printed at the end of ``make import``."""
        lines = ["import summary:"]
        for key in ORDER:
            if self.counts.get(key) or key in ALWAYS:
                lines.append(f"  {key}: {self.counts[key]}")
        for key in sorted(set(self.counts) - set(ORDER)):
            lines.append(f"  {key}: {self.counts[key]}")
        for label, counter in (("converted", self.converted), ("kept", self.kept)):
            if counter:
                kinds = ", ".join(f"{name} {count}" for name, count in sorted(counter.items()))
                lines.append(f"  shortcodes {label} by kind: {kinds}")
        if self.unknown_keys:
            keys = ", ".join(f"{key} ({n})" for key, n in sorted(self.unknown_keys.items()))
            lines.append(f"  front matter kept as metadata (posts): {keys}")
        lines.extend(f"  {advice}" for advice in self.advice)
        return "\n".join(lines)
