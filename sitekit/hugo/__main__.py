"""``python -m sitekit.hugo FROM [--section blog] [--old-site URL]``: what ``make import`` runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .importer import Importer, ImportOptions


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="make import", description="Import a Hugo site's blog into this Pelican site."
    )
    parser.add_argument("hugo_site", help="the Hugo site's folder (FROM=)")
    parser.add_argument("--section", default="", help="the Hugo section that holds the posts")
    parser.add_argument("--old-site", default="", help="the old site's address (OLD_SITE=)")
    parser.add_argument("--settings", default="pelicanconf.py", help="this site's settings")
    parser.add_argument("--shortcodes", default=None, help="an import-shortcodes.toml")
    parser.add_argument(
        "--keep-shortcodes", action="store_true", help="keep unconverted shortcodes as written"
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not args.hugo_site:
        print("make import needs FROM=path/to/hugo-site", file=sys.stderr)
        return 2
    options = ImportOptions(
        hugo_root=Path(args.hugo_site),
        section=args.section.strip("/"),
        old_site=args.old_site.rstrip("/"),
        settings_file=args.settings,
        keep_shortcodes=args.keep_shortcodes,
        shortcodes_file=Path(args.shortcodes) if args.shortcodes else None,
    )
    report = Importer(options).run()
    for line in report.notes:
        print(f"note: {line}", file=sys.stderr)
    for line in report.errors:
        print(line, file=sys.stderr)
    print(report.summary())
    if report.errors:
        print(
            f"import failed: {len(report.errors)} problem(s) — nothing was written",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
