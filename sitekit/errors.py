"""Content errors: one line per problem, ``path:line: what is wrong — how to fix it``.

Plugins raise :class:`ContentError` (or record one with :func:`report`); the build
driver collects the problems of its build, prints them together and keeps the
previous output. Problems travel as log records, so no state outlives a build.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

#: The log record attribute that carries a problem line (see :func:`report`).
PROBLEM_ATTRIBUTE = "sitekit_problem"
logger = logging.getLogger("sitekit.problems")


class ContentError(Exception):
    """A problem in the site's content that an author must fix.

    :param what: what is wrong, e.g. ``unknown author "X"``.
    :param fix: how to fix it, e.g. ``add them to content/authors.toml``.
    :param path: the source file, when the raiser knows it.
    :param line: the 1-based line, when the raiser knows it.
    :param needle: text to look for in the file when the line is not known.
    """

    def __init__(self, what, fix, *, path=None, line=None, needle=None):
        super().__init__(f"{what} — {fix}")
        self.what = what
        self.fix = fix
        self.path = path
        self.line = line
        self.needle = needle

    def format(self, path=None) -> str:
        """Return the one-line message, resolving the line from the file if needed."""
        path = self.path or path
        if path is None:
            return f"{self.what} — {self.fix}"
        line = self.line or find_line(path, self.needle)
        location = display_path(path) if line is None else f"{display_path(path)}:{line}"
        return f"{location}: {self.what} — {self.fix}"


def find_line(path, needle) -> int | None:
    """Return the 1-based number of the first line of ``path`` containing ``needle``."""
    if not needle:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    # Lines as an editor counts them: splitlines() would also break at form feeds.
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    return None


def display_path(path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    path = os.path.abspath(path)
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class BuildStopped(Exception):
    """Raised by a plugin after reporting problems that make going on pointless."""


class ProblemLog:
    """The problems of one build, collected in order and without repeats."""

    def __init__(self):
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        if line not in self.lines:
            self.lines.append(line)


def report(error: ContentError, path=None) -> None:
    """Record ``error`` so that the build fails at its end, after every file was read.

    The problem is logged at ``ERROR``; the build driver's log handler collects it.
    """
    line = error.format(path)
    logger.error("%s", line, extra={PROBLEM_ATTRIBUTE: line})
