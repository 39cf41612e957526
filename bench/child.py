"""One timed build in a fresh process; prints JSON: seconds, memory, phases.

``python -m bench.child stock|ours CONTENT OUTPUT CACHE``: one build (ours uses ``JOBS``
from the environment; with ``JOBS=1`` it also reports how much of the build could run
in parallel: converting sources and writing pages, the rest is the serial part).
``python -m bench.child serve-edit CONTENT OUTPUT CACHE POST TIMES``: builds once, then
edits ``POST`` and rebuilds ``TIMES`` times in this process, as ``make serve`` does.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PHASES: dict[str, float] = defaultdict(float)


def timed(phase: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            PHASES[phase] += time.perf_counter() - start

    return wrapper


def instrument_stock() -> None:
    """Time Pelican's phases: reading, templates (feeds inside), feeds."""
    from pelican import generators

    for name in ("ArticlesGenerator", "PagesGenerator", "StaticGenerator"):
        cls = getattr(generators, name)
        cls.generate_context = timed("reading", cls.generate_context)
        cls.generate_output = timed("templates", cls.generate_output)
    cls = generators.ArticlesGenerator
    cls.generate_feeds = timed("feeds", cls.generate_feeds)


def instrument_ours() -> None:
    """Time what workers can do: reading sources, rendering pages, whole generators."""
    from sitekit import outputs, reading

    reading._HookedRead.__call__ = timed("reading", reading._HookedRead.__call__)
    outputs.render_page = timed("templates", outputs.render_page)
    outputs.run_whole = timed("feeds", outputs.run_whole)


def common(content: Path, output: Path, cache: Path, use_cache: bool) -> dict:
    """Settings both builds share: the same posts, addresses, feed size and cache use."""
    return {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(cache),
        "CACHE_CONTENT": use_cache,
        "LOAD_CONTENT_CACHE": use_cache,
        "SITEURL": "https://blog.example.org",
        "FEED_MAX_ITEMS": 50,
        "UPDATES_BUILD_DATE": "2026-11-25",
    }


def stock_settings(content: Path, output: Path, cache: Path, use_cache: bool) -> dict:
    """Stock Pelican as a user would set it up for anchors and feeds without us."""
    from pelican.settings import read_settings

    return read_settings(
        override={
            **common(content, output, cache, use_cache),
            "TIMEZONE": "UTC",
            "ARTICLE_PATHS": ["blog"],
            "ARTICLE_URL": "blog/{date:%Y}/{slug}/",
            "ARTICLE_SAVE_AS": "blog/{date:%Y}/{slug}/index.html",
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
            "FEED_ALL_RSS": "feeds/all.rss.xml",
            "CATEGORY_FEED_ATOM": "feeds/categories/{slug}.atom.xml",
            "CATEGORY_FEED_RSS": "feeds/categories/{slug}.rss.xml",
            "AUTHOR_FEED_ATOM": "feeds/authors/{slug}.atom.xml",
            "AUTHOR_FEED_RSS": "feeds/authors/{slug}.rss.xml",
            "TAG_FEED_ATOM": "feeds/tags/{slug}.atom.xml",
            "TAG_FEED_RSS": "feeds/tags/{slug}.rss.xml",
            "MARKDOWN": {
                "extension_configs": {
                    "markdown.extensions.extra": {},
                    "markdown.extensions.toc": {"permalink": True},
                },
                "output_format": "html5",
            },
        }
    )


#: Plugins a run leaves out (``make bench WITHOUT=search``), comma-separated.
WITHOUT = "BENCH_WITHOUT"


def ours_overrides(content: Path, output: Path, cache: Path, use_cache: bool) -> dict:
    overrides = {
        **common(content, output, cache, use_cache),
        "FEED_DOMAIN": "https://blog.example.org",
        "ANCHORS_LOCK_CHECK": "off",
    }
    left_out = [name for name in os.environ.get(WITHOUT, "").split(",") if name]
    if left_out:
        import pelicanconf

        overrides["PLUGINS"] = [name for name in pelicanconf.PLUGINS if name not in left_out]
    return overrides


def build_ours(content: Path, output: Path, cache: Path, memory=None) -> list[str]:
    from sitekit.build import build

    return build(REPO / "pelicanconf.py", ours_overrides(content, output, cache, False), memory)


def edit(post: Path, number: int) -> None:
    """Change one post's text, as an author would (a new sentence in its intro)."""
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("\n\n", f"\n\nEdit number {number}.\n\n", 1), encoding="utf-8")


def serve_edits(content: Path, output: Path, cache: Path, post: Path, times: int) -> list[float]:
    """Build once, then edit ``post`` and rebuild ``times`` times, state kept in memory."""
    from sitekit.incremental import Memory
    from sitekit.serve import collection_after

    memory = Memory()
    original = post.read_bytes()
    seconds = []
    try:
        assert build_ours(content, output, cache, memory) == []
        for number in range(times):
            edit(post, number)
            with collection_after():  # as `make serve`: after the build is done
                start = time.perf_counter()
                assert build_ours(content, output, cache, memory) == []
                seconds.append(time.perf_counter() - start)
    finally:
        post.write_bytes(original)
    return seconds


def main(argv=None) -> int:
    mode, content, output, cache, *rest = argv or sys.argv[1:]
    content, output, cache = Path(content), Path(output), Path(cache)
    result: dict = {}
    start = time.perf_counter()
    if mode == "stock":
        from pelican import Pelican

        instrument_stock()
        Pelican(stock_settings(content, output, cache, False)).run()
        problems = []
    elif mode == "ours":
        instrument_ours()
        problems = build_ours(content, output, cache)
    else:
        result["edits"] = serve_edits(content, output, cache, Path(rest[0]), int(rest[1]))
        problems = []
    result["seconds"] = time.perf_counter() - start
    result["peak_mib_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["phases"] = dict(PHASES)
    result["problems"] = problems
    print(json.dumps(result))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
