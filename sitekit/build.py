"""Build the site atomically: ``python -m sitekit.build pelicanconf.py``.

Pelican renders into a staging directory beside ``OUTPUT_PATH``; only a build with
no problem replaces the live output, in one step (:mod:`sitekit.swap`), and only then
are the lock files it recorded written. One build of a site runs at a time. Every
problem of the build is printed as one line, ``path:line: what is wrong — how to fix
it``, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import shutil
import sys
from pathlib import Path

import jinja2

from sitekit import collector, compat, diagnose, outputs, parallel
from sitekit.compat import active_exception
from sitekit.errors import PROBLEM_ATTRIBUTE, BuildStopped, ProblemLog
from sitekit.incremental import Increment, Memory, State, remembered, state_file
from sitekit.locks import PENDING_WRITES, flush_pending, parsed_kept
from sitekit.reading import ParallelReading
from sitekit.sources import links_outside, missing_templates, site_sources
from sitekit.swap import SiteLock, publish, staging_tree


def problem_line(record, content_path) -> str | None:
    """Return the problem a log record reports, or None if it is only a warning."""
    if hasattr(record, PROBLEM_ATTRIBUTE):
        return getattr(record, PROBLEM_ATTRIBUTE)
    if record.levelno >= logging.ERROR:
        return diagnose.describe(record, active_exception(record), content_path)
    return None


class BuildLogHandler(logging.Handler):
    """Turn Pelican's and the plugins' log records into this build's problems and warnings."""

    def __init__(self, content_path):
        super().__init__(level=logging.WARNING)
        self.content_path = content_path
        self.problems = ProblemLog()
        self.warnings: list[str] = []

    def emit(self, record):
        problem = problem_line(record, self.content_path)
        if problem is not None:
            self.problems.add(problem)
        else:
            line = "warning: " + " ".join(record.getMessage().split())
            if line not in self.warnings:
                self.warnings.append(line)


def build(settings_file, overrides=None, memory: Memory | None = None) -> list[str]:
    """Build the site of ``settings_file``; return its problems (empty on success).

    :param settings_file: a Pelican settings module such as ``pelicanconf.py``.
    :param overrides: settings that win over the file's (tests use ``OUTPUT_PATH``).
    :param memory: where ``make serve`` keeps what one build leaves for the next; by
        default it is kept in ``CACHE_PATH`` (:mod:`sitekit.incremental`).
    """
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file), override=overrides or {})
    unusable = links_outside(*site_sources(settings, settings_file)) + missing_templates(settings)
    if unusable:
        return sorted(error.format() for error in unusable)
    live = Path(settings["OUTPUT_PATH"])
    with SiteLock(live), collector.build_scope():
        return _build_locked(settings, live, memory)


def _build_locked(settings, live: Path, memory: Memory | None = None) -> list[str]:
    kept = state_file(settings, live)
    previous = memory.state if memory is not None else State.load(kept, settings)
    staging = staging_tree(live)
    settings["OUTPUT_PATH"] = str(staging)
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    pending_writes = settings[PENDING_WRITES] = {}
    increment = None

    handler = BuildLogHandler(settings["PATH"])
    problems = handler.problems
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    try:
        increment = Increment(previous or State(), settings, live, staging)
        increment.prune()
        with parsed_kept(memory.locks) if memory is not None else contextlib.nullcontext():
            _run(settings, increment)
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
        increment.settle()
        publish(live, staging)
        flush_pending(pending_writes)
        state = increment.finished(relocked=bool(pending_writes))
        if memory is not None:
            memory.state = state
        else:
            state.save(kept, settings)
    return found


def _run(settings, increment: Increment) -> None:
    """Run Pelican on ``settings``: sources read and pages written by worker processes."""
    from pelican import Pelican
    from pelican.generators import ArticlesGenerator, PagesGenerator

    compat.reset_log_limits()
    compat.reset_sitemap()
    compat.forget_memoized_content()
    jobs = parallel.jobs(settings)
    settings["JINJA_ENVIRONMENT"] = {
        **settings["JINJA_ENVIRONMENT"],
        "bytecode_cache": templates_cache(settings),
        "auto_reload": False,  # a build's templates do not change while it runs
    }
    compat.reusing_markdown_readers(settings)
    pelican = Pelican(settings)
    reading = ParallelReading(jobs, settings["PATH"])

    def static_links(content) -> set[str]:  # found again only when the post changed
        return remembered(settings, "static_links", content, lambda: compat.static_links(content))

    def before_context(generators):
        parallel.share(settings=settings, context=generators[0].context)
        sources = [g for g in generators if isinstance(g, ArticlesGenerator | PagesGenerator)]
        for generator in sources:
            compat.read_in_file_order(generator)
            compat.static_links_from(generator, static_links)
            if isinstance(generator, ArticlesGenerator):
                compat.linear_taxonomies(generator)
        reused = increment.prepare(sources, reading)
        reading.start(sources, skip=reused)

    def write_output(generators, writer):
        reading.finish()
        collector.keep_out()  # everything read and finalised lives until the build ends
        outputs.write_output(
            generators, writer, jobs=jobs, content_path=settings["PATH"], increment=increment
        )

    try:
        with compat.remembered_addresses():
            compat.run_pelican(pelican, before_context=before_context, write_output=write_output)
    finally:
        reading.abort()
        increment.close()


class TemplatesCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory (``make serve``) and in ``CACHE_PATH``."""

    def __init__(self):
        self.memory: dict[str, bytes] = {}
        self.directory: Path | None = None

    def load_bytecode(self, bucket):
        code = self.memory.get(bucket.key)
        if code is None and self.directory is not None:
            with contextlib.suppress(OSError):
                code = (self.directory / bucket.key).read_bytes()
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        code = self.memory[bucket.key] = bucket.bytecode_to_string()
        if self.directory is not None:
            with contextlib.suppress(OSError):
                self.directory.mkdir(parents=True, exist_ok=True)
                (self.directory / bucket.key).write_bytes(code)


_templates_cache = TemplatesCache()


def templates_cache(settings) -> TemplatesCache:
    _templates_cache.directory = Path(settings.get("CACHE_PATH") or "cache") / "templates"
    return _templates_cache


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", help="Pelican settings file (pelicanconf.py)")
    args = parser.parse_args(argv)
    try:
        found = build(args.settings)
    except KeyboardInterrupt:
        print("build interrupted — the previous output/ is unchanged", file=sys.stderr)
        return 130
    return report(found)


def report(found: list[str]) -> int:
    """Print a build's problems, one line each; return the exit status (0 or 1)."""
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
