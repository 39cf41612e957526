"""What a build may read: nothing that a symbolic link brings in from outside the site."""

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
