"""Record what the site publishes: ``make lock`` (also ``make anchors``).

Builds the site into a throw-away directory and adds every current question anchor
to ``content/anchors.lock.json`` and every feed entry id to
``content/feed-ids.lock.json``. Nothing is ever removed from either lock.
"""

from __future__ import annotations

import sys
import tempfile

from sitekit.build import build

#: Record what the build publishes, rather than refuse what is not recorded yet.
RECORD = {
    "ANCHORS_LOCK_UPDATE": True,
    "FEEDS_ID_LOCK_UPDATE": True,
    "ANCHORS_UNRECORDED_CHECK": "off",
    "FEEDS_ID_LOCK_CHECK": "off",
}


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    settings = args[0] if args else "publishconf.py"
    with tempfile.TemporaryDirectory(prefix="lock-") as scratch:
        problems = build(settings, dict(RECORD, OUTPUT_PATH=scratch + "/output"))
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        return 1
    print(
        "recorded anchors and feed ids in content/anchors.lock.json and content/feed-ids.lock.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
