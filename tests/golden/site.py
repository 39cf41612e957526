"""Build the golden site in a child process and compare it with ``tests/expected/``."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from sitebuild import REPO, build_cli, tree_bytes

GOLDEN = Path(__file__).resolve().parent
CONTENT = GOLDEN / "content"
SETTINGS = GOLDEN / "settings.py"
EXPECTED = REPO / "tests" / "expected"
#: What a failing comparison tells the reader to do.
REGENERATE = "if every change above is intended, run `make expected` and commit tests/expected/"
#: Diff lines shown per changed file, and changed files shown in full, before truncating.
MAX_DIFF_LINES = 40
MAX_FILES_SHOWN = 8
#: Characters shown of a long diff line, around where it changes.
WIDTH = 160


def golden_settings(workdir: Path, **overrides) -> Path:
    """Write ``workdir/settings.py``: the golden settings, output in ``workdir/output``.

    :param overrides: settings that win over the golden ones (``THEME``, ``PATH``...).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    values = {
        "OUTPUT_PATH": str(workdir / "output"),
        "CACHE_PATH": str(workdir / "cache"),
        **overrides,
    }
    lines = [
        "import runpy",
        f"_golden = runpy.run_path({str(SETTINGS)!r})",
        "globals().update({k: v for k, v in _golden.items() if k.isupper()})",
        *(f"{key} = {value!r}" for key, value in values.items()),
    ]
    conf = workdir / "settings.py"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


class GoldenBuildFailed(AssertionError):
    """The golden site did not build; the message holds the build's own output."""


def build_golden(workdir: Path, **overrides) -> Path:
    """Build the golden site in a child process run from ``workdir``; return its output.

    :raises GoldenBuildFailed: the build failed.
    """
    result = build_cli(golden_settings(workdir, **overrides))
    if result.returncode != 0:
        raise GoldenBuildFailed(f"the golden site did not build:\n{result.stderr}")
    return workdir / "output"


def plugin_paths_disabling(name: str, directory: Path) -> list[str]:
    """Return ``PLUGIN_PATHS`` where plugin ``name`` does nothing and the others are real.

    The no-op copy lives in ``directory``, which Pelican searches first.
    """
    plugin = directory / name
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text("def register():\n    pass\n", encoding="utf-8")
    return [str(directory), str(REPO / "plugins")]


def tree_differences(
    old: dict[str, bytes], new: dict[str, bytes], names=("expected", "built")
) -> list[str]:
    """Describe how tree ``new`` differs from ``old``: files only in one, changed files.

    Changed text files come with a unified diff (the first ``MAX_DIFF_LINES`` lines of
    each, for the first ``MAX_FILES_SHOWN`` files); every changed path is named.

    :param names: what to call ``old`` and ``new`` in the report.
    """
    changed = sorted(path for path in old.keys() & new.keys() if old[path] != new[path])
    report = [f"only in {names[0]}: {path}" for path in sorted(old.keys() - new.keys())]
    report += [f"only in {names[1]}: {path}" for path in sorted(new.keys() - old.keys())]
    for shown, path in enumerate(changed):
        report.append(f"changed: {path}")
        if shown < MAX_FILES_SHOWN:
            report.extend(file_diff(path, old[path], new[path], names))
    return report


def file_diff(path: str, old: bytes, new: bytes, names=("expected", "built")) -> list[str]:
    """Return a unified diff of one file, truncated, or one line if it is not text."""
    try:
        old_lines = old.decode("utf-8").splitlines()
        new_lines = new.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return [f"  (binary: {len(old)} bytes in {names[0]}, {len(new)} bytes in {names[1]})"]
    lines = list(
        difflib.unified_diff(
            old_lines, new_lines, f"{names[0]}/{path}", f"{names[1]}/{path}", n=1, lineterm=""
        )
    )
    if not lines:  # only line endings or a final newline differ
        return ["  (same lines; line endings or the final newline differ)"]
    shown = ["  " + line for line in clip_long_lines(lines[:MAX_DIFF_LINES])]
    if len(lines) > MAX_DIFF_LINES:
        shown.append(f"  ... {len(lines) - MAX_DIFF_LINES} more diff lines")
    return shown


def clip_long_lines(diff: list[str]) -> list[str]:
    """Shorten long diff lines to about ``WIDTH`` characters around where they change.

    A removed line and the added line in the same place of a hunk are clipped at the
    column where they first differ, so a change deep inside a long line stays visible.
    """
    columns: dict[int, int] = {}
    removed: list[int] = []
    for index, line in enumerate(diff):
        sign = line[:1]
        if line.startswith(("---", "+++")) or sign not in ("-", "+"):
            removed = []
        elif sign == "-":
            removed.append(index)
        elif removed:
            twin = removed.pop(0)
            columns[twin] = columns[index] = common_prefix_length(diff[twin][1:], line[1:])
    return [clip(line, columns.get(index, 0)) for index, line in enumerate(diff)]


def common_prefix_length(one: str, other: str) -> int:
    return len(os.path.commonprefix([one, other]))


def clip(line: str, column: int) -> str:
    """Return ``line``'s sign and about ``WIDTH`` characters from just before ``column``."""
    body = line[1:]
    if len(body) <= WIDTH:
        return line
    start = max(0, column - WIDTH // 4)
    head = "…" if start else ""
    tail = "…" if start + WIDTH < len(body) else ""
    return f"{line[0]}{head}{body[start : start + WIDTH]}{tail}"


def site_differences(old: Path, new: Path, names=("expected", "built")) -> list[str]:
    """Return how the site in ``new`` differs from the one in ``old``, byte for byte."""
    return tree_differences(tree_bytes(old), tree_bytes(new), names)


def compare_with_expected(output: Path) -> list[str]:
    """Return the differences between the built ``output`` and ``tests/expected/``."""
    return site_differences(EXPECTED, output)
