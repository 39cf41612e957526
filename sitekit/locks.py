"""Lock files: JSON records of what the site has published, committed with the content.

A build records what it published with :func:`write_lock`; under the build driver the
write waits in the build's pending writes (:data:`PENDING_WRITES`, a setting the driver
sets) and happens only once the build succeeded, so a failed build changes no lock.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from sitekit.errors import ContentError

#: Lock files parsed by earlier builds of this process, by path: ``(text, data)``
#: (``make serve``, see :func:`parsed_kept`; None: each build parses its locks).
_parsed: dict | None = None


@contextlib.contextmanager
def parsed_kept(store: dict):
    """Keep the locks parsed in ``store`` for the next build (``make serve``: a lock of
    5,000 posts takes 0.4 s to parse and seldom changes). Callers must not change what
    :func:`read_lock` returns."""
    global _parsed
    _parsed = store
    try:
        yield
    finally:
        _parsed = None


def _parse(path) -> object:
    text = Path(path).read_text(encoding="utf-8")
    kept = _parsed.get(str(path)) if _parsed is not None else None
    if kept is not None and kept[0] == text:
        return kept[1]
    data = json.loads(text)
    if _parsed is not None:
        _parsed[str(path)] = (text, data)
    return data


def read_lock(path, key: str) -> dict:
    """Return the ``key`` section of the lock at ``path`` ({} when there is no lock)."""
    try:
        data = _parse(path)
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as error:
        raise ContentError(
            f"not valid JSON ({error.msg})",
            "restore it from git, or delete it and run `make lock`",
            path=str(path),
            line=error.lineno,
        ) from None
    records = data.get(key, {}) if isinstance(data, dict) else None
    if not isinstance(records, dict):
        raise ContentError(
            f'not a lock file: expected {{"{key}": {{...}}}} at the top',
            "restore it from git, or delete it and run `make lock`",
            path=str(path),
            line=1,
        )
    return records


#: The setting under which the build driver keeps the writes a build has pending.
PENDING_WRITES = "SITEKIT_PENDING_WRITES"


def write_lock(path, about: str, key: str, records: dict, settings=None) -> None:
    """Write ``records`` under ``key``, sorted, so the lock diffs well and reproduces.

    :param settings: the build's settings; with the driver's pending writes in them,
        the file is written only after the build succeeded.
    """
    data = {"about": about, key: dict(sorted(records.items()))}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    pending = (settings or {}).get(PENDING_WRITES)
    if pending is None:
        write_if_changed(Path(path), text)
    else:
        pending[str(path)] = text


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds exactly it (no needless mtime change)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except FileNotFoundError:
        pass
    path.write_text(text, encoding="utf-8")


def flush_pending(pending: dict[str, str]) -> None:
    """Write what a successful build recorded."""
    for path, text in sorted(pending.items()):
        write_if_changed(Path(path), text)
