"""Build the site atomically: ``python -m sitekit.build pelicanconf.py``.

Pelican renders into a staging directory beside ``OUTPUT_PATH``; only a build with
no problem replaces the live output, in one step (:mod:`sitekit.swap`), and only then
are the lock files it recorded written. One build of a site runs at a time. Every
problem of the build is printed as one line, ``path:line: what is wrong — how to fix
it``, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path

from sitekit import diagnose
from sitekit.compat import active_exception
from sitekit.errors import PROBLEM_ATTRIBUTE, BuildStopped, ProblemLog
from sitekit.locks import PENDING_WRITES, flush_pending
from sitekit.sources import links_outside, missing_templates, site_sources
from sitekit.swap import SiteLock, fresh_staging, publish


class BuildLogHandler(logging.Handler):
    """Turn Pelican's and the plugins' log records into this build's problems and warnings."""

    def __init__(self, content_path):
        super().__init__(level=logging.WARNING)
        self.content_path = content_path
        self.problems = ProblemLog()
        self.warnings: list[str] = []

    def emit(self, record):
        if hasattr(record, PROBLEM_ATTRIBUTE):
            self.problems.add(getattr(record, PROBLEM_ATTRIBUTE))
        elif record.levelno >= logging.ERROR:
            error = active_exception(record)
            self.problems.add(diagnose.describe(record, error, self.content_path))
        else:
            line = "warning: " + " ".join(record.getMessage().split())
            if line not in self.warnings:
                self.warnings.append(line)


def build(settings_file, overrides=None) -> list[str]:
    """Build the site of ``settings_file``; return its problems (empty on success).

    :param settings_file: a Pelican settings module such as ``pelicanconf.py``.
    :param overrides: settings that win over the file's (tests use ``OUTPUT_PATH``).
    """
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override=overrides or {})
    unusable = links_outside(*site_sources(settings, settings_file)) + missing_templates(settings)
    if unusable:
        return sorted(error.format() for error in unusable)
    live = Path(settings["OUTPUT_PATH"])
    with SiteLock(live):
        return _build_locked(settings, live)


def _build_locked(settings, live: Path) -> list[str]:
    from pelican import Pelican

    staging = fresh_staging(live)
    settings["OUTPUT_PATH"] = str(staging)
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    pending_writes = settings[PENDING_WRITES] = {}

    handler = BuildLogHandler(settings["PATH"])
    problems = handler.problems
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
        publish(live, staging)
        flush_pending(pending_writes)
    return found


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
