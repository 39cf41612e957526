"""What a build may read: nothing that a symbolic link brings in from outside the site,
and every template from the site's own theme."""

from __future__ import annotations

import os
from pathlib import Path

from sitekit.errors import ContentError


def _inside(path: str, roots) -> bool:
    return any(path == root or path.startswith(root + os.sep) for root in roots)


def links_outside(directories, allowed) -> list[ContentError]:
    """Return one error per symbolic link below ``directories`` that leaves ``allowed``.

    Links that stay inside (a shared image, a folder of the site) are followed and
    their contents checked too; a link cycle is walked once.

    :param directories: the folders a build publishes from (content, theme).
    :param allowed: the folders links may point into (the site's own).
    """
    roots = [os.path.realpath(root) for root in allowed]
    errors, walked = [], set()
    for directory in directories:
        for parent, folders, files in os.walk(directory, followlinks=True):
            real = os.path.realpath(parent)
            if real in walked:
                folders[:] = []
                continue
            walked.add(real)
            for name in sorted(folders + files):
                path = os.path.join(parent, name)
                if os.path.islink(path) and not _inside(os.path.realpath(path), roots):
                    errors.append(
                        ContentError(
                            f"links outside the site (→ {os.readlink(path)})",
                            "copy the file in instead",
                            path=path,
                        )
                    )
            folders[:] = sorted(
                name
                for name in folders
                if _inside(os.path.realpath(os.path.join(parent, name)), roots)
            )
    return errors


def site_sources(settings, settings_file) -> tuple[list[str], list[str]]:
    """Return the folders a build publishes from, and the folders they may link into."""
    published = [settings["PATH"], settings["THEME"]]
    allowed = [str(Path(settings_file).resolve().parent), *published]
    return published, allowed


#: The templates Pelican renders for every site (besides ``DIRECT_TEMPLATES``).
CONTENT_TEMPLATES = ("article", "page", "tag", "category", "author")
ARCHIVE_SETTINGS = ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS")


def missing_templates(settings) -> list[ContentError]:
    """Return one error per template the build renders that the theme lacks.

    Pelican would quietly fall back to its own "simple" theme for it.
    """
    names = [*CONTENT_TEMPLATES, *settings["DIRECT_TEMPLATES"]]
    if any(settings.get(name) for name in ARCHIVE_SETTINGS):
        names.append("period_archives")
    folder = Path(settings["THEME"], "templates")
    return [
        ContentError(
            "template missing from the theme (Pelican would use its own plain one)",
            "add it, or remove it from DIRECT_TEMPLATES",
            path=str(folder / f"{name}.html"),
        )
        for name in dict.fromkeys(names)
        if not (folder / f"{name}.html").is_file()
    ]
