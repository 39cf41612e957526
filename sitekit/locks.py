"""Lock files: JSON records of what the site has published, committed with the content."""

from __future__ import annotations

import json
from pathlib import Path

from sitekit.errors import ContentError


def read_lock(path, key: str) -> dict:
    """Return the ``key`` section of the lock at ``path`` ({} when there is no lock)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError as error:
        raise ContentError(
            f"not valid JSON ({error.msg})",
            "restore it from git, or delete it and run `make lock`",
            path=str(path),
            line=error.lineno,
        ) from None
    return data.get(key, {})


def write_lock(path, about: str, key: str, records: dict) -> None:
    """Write ``records`` under ``key``, sorted, so the lock diffs well and reproduces."""
    data = {"about": about, key: dict(sorted(records.items()))}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
