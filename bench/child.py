"""One timed build in a fresh process; prints JSON: seconds, peak memory, phases.

``python -m bench.child stock|ours CONTENT OUTPUT CACHE [--cache]``
"""

from __future__ import annotations

import functools
import json
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


def instrument(mode: str) -> None:
    """Wrap the generators' phases and (for ours) the plugins' hooks with timers."""
    from pelican import generators

    for name in ("ArticlesGenerator", "PagesGenerator", "StaticGenerator"):
        cls = getattr(generators, name)
        cls.generate_context = timed("reading", cls.generate_context)
        if hasattr(cls, "generate_output"):
            cls.generate_output = timed("templates", cls.generate_output)
    cls = generators.ArticlesGenerator
    cls.generate_feeds = timed("feeds", cls.generate_feeds)
    if mode != "ours":
        return
    import addresses
    from authors.records import AuthorRegistry
    from feeds.generator import FeedsGenerator
    from post_updates.mdx_post_updates import PostUpdatesTreeprocessor
    from post_updates.plugin import PostUpdates
    from question_anchors.mdx_question_anchors import QuestionAnchorsTreeprocessor
    from question_anchors.plugin import QuestionAnchors

    for owner, name in (
        (QuestionAnchorsTreeprocessor, "run"), (QuestionAnchors, "attach"),
        (QuestionAnchors, "check_lock"),
    ):  # fmt: skip
        setattr(owner, name, timed("anchors", timed("plugins", getattr(owner, name))))
    for owner, name in (
        (PostUpdatesTreeprocessor, "run"), (PostUpdates, "attach"),
        (AuthorRegistry, "attach"), (addresses, "check_addresses"),
    ):  # fmt: skip
        setattr(owner, name, timed("plugins", getattr(owner, name)))
    FeedsGenerator.generate_output = timed("feeds", FeedsGenerator.generate_output)


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


def ours_overrides(content: Path, output: Path, cache: Path, use_cache: bool) -> dict:
    return {
        **common(content, output, cache, use_cache),
        "FEED_DOMAIN": "https://blog.example.org",
        "ANCHORS_LOCK_CHECK": "off",
    }


def main(argv=None) -> int:
    mode, content, output, cache, *flags = argv or sys.argv[1:]
    use_cache = "--cache" in flags
    content, output, cache = Path(content), Path(output), Path(cache)
    instrument(mode)
    start = time.perf_counter()
    if mode == "stock":
        from pelican import Pelican

        Pelican(stock_settings(content, output, cache, use_cache)).run()
        problems = []
    else:
        from sitekit.build import build

        problems = build(REPO / "pelicanconf.py", ours_overrides(content, output, cache, use_cache))
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "phases": PHASES,
                      "problems": problems}))  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
