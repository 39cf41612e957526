"""One build of a site at a time, and an ``output/`` that is always a whole site.

A build takes :class:`SiteLock` (a second build waits for it), renders into a staging
directory beside the live one and then :func:`publish` exchanges the two with a single
``renameat2(RENAME_EXCHANGE)``: at every instant ``output/`` is either the whole
previous tree or the whole new one, even if the build is killed.

The tree replaced is kept beside the live one (``.output.previous``): its files are
hard links to the live ones, except those the build changed. The next build starts
from it (:func:`prune`), so an edit does not create and delete a directory per post.
What a killed build leaves behind (the staging directory) is used the same way.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import sys
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def staging_path(live: Path) -> Path:
    return live.with_name(f".{live.name}.building")


def lock_path(live: Path) -> Path:
    return live.with_name(f".{live.name}.lock")


class SiteLock:
    """An exclusive lock on one output directory, held for the whole build."""

    def __init__(self, live: Path):
        self.live = live
        self.path = lock_path(live)
        self.handle = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "a")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"waiting: another build into {self.live}/ is running",
                file=sys.stderr,
            )
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def previous_path(live: Path) -> Path:
    return live.with_name(f".{live.name}.previous")


def staging_tree(live: Path) -> Path:
    """Return the staging directory: the previous tree kept by :func:`publish` (or what a
    killed build left), for :func:`prune` to make ready; it does not exist yet if none is."""
    staging, previous = staging_path(live), previous_path(live)
    if previous.is_dir():
        if staging.exists():  # a killed build's, beside a whole previous tree: use the whole one
            shutil.rmtree(staging, ignore_errors=True)
        os.rename(previous, staging)
    return staging


def prune(tree: Path, live: Path, keep) -> tuple[set[str], list[str]]:
    """Make a previous ``tree`` ready to build into: keep the files named in ``keep``
    (relative paths) that are still the very files of ``live`` (hard links: same inode),
    remove every other file, and the directories ``live`` does not have.

    A build then links or writes only what is not there, sparing the thousands of
    directories and links a tree built from nothing needs. Return the kept files, and
    the directories emptied here (for :func:`remove_stale` once the build has written).
    """
    kept: set[str] = set()
    emptied: list[str] = []

    def walk(directory: str, prefix: str) -> None:
        removed = held = False
        with os.scandir(directory) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if os.path.isdir(os.path.join(live, relative)):
                        walk(entry.path, relative + "/")
                        held = True
                    else:
                        shutil.rmtree(entry.path)
                        removed = True
                elif relative in keep and _same_file(entry, os.path.join(live, relative)):
                    kept.add(relative)
                    held = True
                else:
                    os.unlink(entry.path)
                    removed = True
        if removed and not held:
            emptied.append(directory)

    if tree.is_dir():
        walk(str(tree), "")
    return kept, emptied


def _same_file(entry: os.DirEntry, path: str) -> bool:
    try:
        return entry.is_file(follow_symlinks=False) and entry.inode() == os.stat(path).st_ino
    except OSError:
        return False


def remove_stale(tree: Path, live: Path, stale, emptied) -> None:
    """Remove the kept files (relative paths) no page of this build claimed, unless a
    writer has replaced them, then every directory left empty (deepest first)."""
    directories = set(emptied)
    for relative in stale:
        path = os.path.join(tree, relative)
        try:
            if os.stat(path).st_ino != os.stat(os.path.join(live, relative)).st_ino:
                continue  # written by this build
        except OSError:
            continue
        os.unlink(path)
        parent = os.path.dirname(path)
        while len(parent) > len(str(tree)):
            directories.add(parent)
            parent = os.path.dirname(parent)
    for directory in sorted(directories, key=len, reverse=True):
        with contextlib.suppress(OSError):  # not empty: the build wrote into it
            os.rmdir(directory)


def _renameat2():
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is not None:
        c_int, c_path = ctypes.c_int, ctypes.c_char_p
        function.argtypes = [c_int, c_path, c_int, c_path, ctypes.c_uint]
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step; return False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    result = function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def publish(live: Path, staging: Path) -> None:
    """Make ``staging`` the live output in one step; the old tree is kept beside it
    (:func:`previous_path`), where the next build starts from it."""
    if not live.exists():
        os.rename(staging, live)
        return
    previous = previous_path(live)
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
    if exchange(staging, live):
        os.rename(staging, previous)
    else:
        # No RENAME_EXCHANGE (not Linux, or a filesystem without it): two renames,
        # with the previous tree kept aside until the new one is in place.
        os.rename(live, previous)
        os.rename(staging, live)
