"""Build the site atomically: ``python -m sitekit.build pelicanconf.py``.

Pelican renders into a staging directory beside ``OUTPUT_PATH``; only a build with
no problem replaces the live output. Every problem of the build is printed as one
line, ``path:line: what is wrong — how to fix it``, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

from sitekit import diagnose
from sitekit.errors import BuildStopped, problems


class BuildLogHandler(logging.Handler):
    """Turn Pelican's and the plugins' log records into problems and warnings."""

    def __init__(self, content_path):
        super().__init__(level=logging.WARNING)
        self.content_path = content_path
        self.warnings: list[str] = []

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            # Pelican logs "Could not process" inside its `except` block, so the
            # active exception is the one that stopped the file.
            error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
            problems.add(diagnose.describe(record, error, self.content_path))
        else:
            line = "warning: " + " ".join(record.getMessage().split())
            if line not in self.warnings:
                self.warnings.append(line)


def build(settings_file, overrides=None) -> list[str]:
    """Build the site of ``settings_file``; return its problems (empty on success).

    :param settings_file: a Pelican settings module such as ``pelicanconf.py``.
    :param overrides: settings that win over the file's (tests use ``OUTPUT_PATH``).
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    problems.clear()
    settings = read_settings(str(settings_file), override=overrides or {})
    live = Path(settings["OUTPUT_PATH"])
    staging = live.with_name(f".{live.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(staging)
    settings["DELETE_OUTPUT_DIRECTORY"] = False

    handler = BuildLogHandler(settings["PATH"])
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    try:
        Pelican(settings).run()
    except KeyboardInterrupt:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except BuildStopped:
        pass  # the plugin that stopped the build reported why
    except Exception as error:  # noqa: BLE001 - every failure becomes one line
        problems.add(diagnose.describe_exception(error))
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)

    for warning in handler.warnings:
        print(warning, file=sys.stderr)
    found = sorted(problems.lines)
    if found:
        shutil.rmtree(staging, ignore_errors=True)
    else:
        replace_directory(live, staging)
    return found


def replace_directory(live: Path, staging: Path) -> None:
    """Put ``staging`` where ``live`` is, with only renames touching the live tree."""
    retired = live.with_name(f".{live.name}.previous")
    shutil.rmtree(retired, ignore_errors=True)
    if live.exists():
        os.replace(live, retired)
    os.replace(staging, live)
    shutil.rmtree(retired, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", help="Pelican settings file (pelicanconf.py)")
    args = parser.parse_args(argv)
    try:
        found = build(args.settings)
    except KeyboardInterrupt:
        print("build interrupted — the previous output/ is unchanged", file=sys.stderr)
        return 130
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(
            f"build failed: {len(found)} problem(s) — the previous output/ is unchanged",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
