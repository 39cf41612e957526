"""Retiring a question on purpose: ``Retired: old-id -> new-id, other-id -> top``.

A published question may be deleted on purpose: the post's ``Retired:`` header says
where each old link lands now, another question of the post or the post's ``top``.
``make retire POST=content/blog/... ANCHOR=old-id [TO=new-id]`` writes that line.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from sitekit.errors import ContentError

TOP = "top"
PAIR = re.compile(r"^\s*([^\s,]+)\s*(?:->|→)\s*([^\s,]+)\s*$")
HEADER = re.compile(r"^Retired:[ \t]*(.*)$", re.IGNORECASE)


def parse_retired(value: str) -> dict[str, str]:
    """Return ``{old id: where it lands}`` from a ``Retired:`` header's value.

    :raises ContentError: a part that is not ``old-id -> new-id`` (or ``-> top``).
    """
    retired = {}
    for part in filter(str.strip, str(value).split(",")):
        match = PAIR.match(part)
        if not match:
            raise ContentError(
                f'Retired: "{part.strip()}" is not "old-id -> new-id"',
                "write each as old-id -> new-id, or old-id -> top, separated by commas",
                needle="Retired:",
            )
        retired[match.group(1).lstrip("#")] = match.group(2).lstrip("#")
    return retired


def retire(path: Path, anchor: str, to: str = TOP) -> int:
    """Add ``anchor -> to`` to the post's ``Retired:`` header; return its line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    entry = f"{anchor.lstrip('#')} -> {to.lstrip('#') or TOP}"
    parse_retired(entry)
    end = next((index for index, line in enumerate(lines) if not line.strip()), len(lines))
    for index in range(end):
        match = HEADER.match(lines[index])
        if match:
            lines[index] = (
                f"Retired: {match.group(1).rstrip()}, {entry}"
                if match.group(1)
                else f"Retired: {entry}"
            )
            break
    else:
        index = end
        lines.insert(index, f"Retired: {entry}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def main(argv=None, environ=None) -> int:
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("post", nargs="?", default=environ.get("RETIRE_POST"))
    parser.add_argument("anchor", nargs="?", default=environ.get("RETIRE_ANCHOR"))
    parser.add_argument("to", nargs="?", default=environ.get("RETIRE_TO") or TOP)
    args = parser.parse_args(argv)
    if not args.post or not args.anchor:
        print(
            "say which post and which question: make retire POST=content/blog/YYYY/post.md"
            " ANCHOR=old-id [TO=other-question-id] (default: the post's top)",
            file=sys.stderr,
        )
        return 2
    path = Path(args.post)
    if not path.is_file():
        print(f"{path}: no such file — check POST=", file=sys.stderr)
        return 2
    try:
        line = retire(path, args.anchor, args.to)
    except ContentError as error:
        print(error.format(str(path)), file=sys.stderr)
        return 2
    print(f"{path}:{line}: #{args.anchor.lstrip('#')} now lands on #{args.to.lstrip('#')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
