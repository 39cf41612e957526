"""One build of a site at a time, and an ``output/`` that is always a whole site.

A build takes :class:`SiteLock` (a second build waits for it), renders into a staging
directory beside the live one and then :func:`publish` exchanges the two with a single
``renameat2(RENAME_EXCHANGE)``: at every instant ``output/`` is either the whole
previous tree or the whole new one, even if the build is killed. What a killed build
leaves behind (the staging directory) is removed by the next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import itertools
import os
import shutil
import sys
import threading
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


def fresh_staging(live: Path) -> Path:
    """Return an empty staging directory, removing what a killed build left there."""
    staging = staging_path(live)
    shutil.rmtree(staging, ignore_errors=True)
    for retired in live.parent.glob(f".{live.name}.retired-*"):  # a stopped `make serve`'s
        if retired.name.rsplit("-", 1)[1].isdigit() and retired not in _removing:
            shutil.rmtree(retired, ignore_errors=True)
    return staging


class Remover:
    """Removes previous trees in a thread (``make serve``: the process lives on, and an
    edit's rebuild need not wait for thousands of directories to go). One at a time."""

    def __init__(self):
        self.thread: threading.Thread | None = None
        self.names = itertools.count()

    def remove(self, tree: Path, live: Path) -> None:
        """Remove ``tree``, the previous tree of ``live``, once renamed out of the way."""
        if self.thread is not None:
            self.thread.join()
        retired = live.with_name(f".{live.name}.retired-{next(self.names)}")
        os.rename(tree, retired)
        _removing.add(retired)

        def remove():
            shutil.rmtree(retired, ignore_errors=True)
            _removing.discard(retired)

        self.thread = threading.Thread(target=remove, name="remove-previous", daemon=True)
        self.thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)


#: Trees being removed by this process's :class:`Remover` (others' are left behind).
_removing: set[Path] = set()
#: Set by ``make serve`` (:mod:`sitekit.serve`); None: :func:`publish` removes in place.
background: Remover | None = None


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
    """Make ``staging`` the live output in one step; the old tree is then removed."""
    if not live.exists():
        os.rename(staging, live)
        return
    if not exchange(staging, live):
        # No RENAME_EXCHANGE (not Linux, or a filesystem without it): two renames,
        # with the previous tree kept aside until the new one is in place.
        retired = live.with_name(f".{live.name}.previous")
        shutil.rmtree(retired, ignore_errors=True)
        os.rename(live, retired)
        os.rename(staging, live)
        staging = retired
    if background is not None:
        background.remove(staging, live)
    else:
        shutil.rmtree(staging, ignore_errors=True)
