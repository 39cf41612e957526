"""Rebuild ``tests/expected/`` from the golden content: ``make expected``.

Run it only after reviewing the diff that ``tests/test_golden.py`` printed: whatever
the site builds now becomes what the test expects. Prints the paths that changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from golden.site import EXPECTED, GoldenBuildFailed, build_golden, tree_differences
from sitebuild import tree_bytes


def main() -> int:
    before = tree_bytes(EXPECTED) if EXPECTED.exists() else {}
    with tempfile.TemporaryDirectory(prefix="golden-") as scratch:
        try:
            output = build_golden(Path(scratch))
        except GoldenBuildFailed as failure:
            print(f"{failure}\ntests/expected/ is unchanged", file=sys.stderr)
            return 1
        changes = tree_differences(before, tree_bytes(output), ("old", "new"))
        if not changes:
            print("tests/expected/ is already up to date")
            return 0
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(output, EXPECTED)
    changed = [line for line in changes if not line.startswith(" ")]
    print("\n".join(changed))
    ignored = git_ignored(EXPECTED)
    if ignored:
        print("error: git ignores these expected files; un-ignore them:", *ignored, file=sys.stderr)
        return 1
    print(f"{len(changed)} path(s) changed; review them with `git diff tests/expected`, commit")
    return 0


def git_ignored(directory: Path) -> list[str]:
    """Return the files below ``directory`` that a commit would silently leave out."""
    result = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", str(directory)],
        cwd=directory.parent,
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


if __name__ == "__main__":
    sys.exit(main())
