"""Search figures for `make bench`: what Pagefind adds to a cold build, the index it
writes, and what one query costs a reader in Chromium.

:func:`measure_search` builds the benchmark corpus with and without the search plugin
(alternating, each build in a fresh process), then serves the site on 127.0.0.1 and
times queries in Debian's Chromium with an empty cache. :func:`search_report` turns the
figures into the Markdown section of bench/results.md. Alone:
``python -m bench.search 1000 5000`` (``--repetitions 3``).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.generate import write_corpus

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
REPETITIONS = {1000: 3, 5000: 1}  # other sizes: 1
#: Corpus words (bench/generate.py): common, rarer, and two words.
QUERIES = ("onboarding", "sustainability", "jupyter notebook")
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
#: The issue's targets: share of the cold build at N=1000, bytes of one query at N=5000.
TARGET_SHARE, TARGET_BYTES = 0.15, 300_000


def child(mode: str, content: str, output: str, cache: str, siteurl: str) -> dict:
    """One cold build of ours, ``with`` or ``without`` the search plugin (in a fresh process)."""
    import pelicanconf
    from bench.child import ours_overrides
    from sitekit.build import build

    overrides = ours_overrides(Path(content), Path(output), Path(cache), False)
    overrides.update(SITEURL=siteurl, FEED_DOMAIN=siteurl)
    if mode == "without":
        overrides["PLUGINS"] = [name for name in pelicanconf.PLUGINS if name != "search"]
    start = time.perf_counter()
    problems = build(REPO / "pelicanconf.py", overrides)
    seconds = time.perf_counter() - start
    plugin = sys.modules.get("search.plugin")  # loaded by Pelican from plugins/
    run = plugin.site_search.last_run if plugin and mode == "with" else None
    return {"seconds": seconds, "problems": problems, "index": run and run.__dict__}


def build_once(mode: str, site: Path, siteurl: str, repetition: int) -> dict:
    output = site / f"out-search-{mode}"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site / "cache", ignore_errors=True)
    command = [sys.executable, "-m", "bench.search", "--child", mode, str(site / "content"),
               str(output), str(site / "cache"), siteurl]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: {mode}-search build of {site} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = result["seconds"]
    print(f"  N={site.name[1:]} {mode} search #{repetition + 1}: {seconds:.2f}s", flush=True)
    return result


def bundle_size(bundle: Path) -> dict:
    """Bytes on disk of Pagefind's bundle: all of it, and the index proper (no JS/wasm)."""
    files = [path for path in bundle.rglob("*") if path.is_file()]
    runtime = [path for path in files if path.suffix in (".js", ".pagefind")]
    total = sum(path.stat().st_size for path in files)
    return {"bytes": total, "files": len(files),
            "index_bytes": total - sum(path.stat().st_size for path in runtime)}  # fmt: skip


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` (which may not exist yet) on 127.0.0.1; yield the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def one_query(browser, base: str, words: str) -> dict:
    """Open search/ with an empty cache, type ``words`` and press Enter; return the bytes
    downloaded for the query and the milliseconds until the first result shows."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda r: sizes.setdefault(r.url, r.sizes()["responseBodySize"]))
    page.goto(f"{base}/search/", wait_until="networkidle")
    page_bytes = sum(sizes.values())
    start = time.perf_counter()
    page.fill("#search-input", words)
    page.press("#search-input", "Enter")
    page.wait_for_selector(".search-result")
    first_result_ms = 1000 * (time.perf_counter() - start)
    page.wait_for_load_state("networkidle")
    foreign = [url for url in sizes if urlsplit(url).hostname != "127.0.0.1"]
    context.close()
    if foreign:
        raise SystemExit(f"bench: the search page requested {foreign[:3]}")
    return {"query_bytes": sum(sizes.values()) - page_bytes, "page_bytes": page_bytes,
            "first_result_ms": first_result_ms, "words": words}  # fmt: skip


def reader_figures(base: str) -> dict | None:
    """The queries' figures in Chromium, or None if Chromium is not installed."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        queries = [one_query(browser, base, words) for words in QUERIES]
        browser.close()
    return {
        "query_bytes": max(q["query_bytes"] for q in queries),
        "page_bytes": max(q["page_bytes"] for q in queries),
        "first_result_ms": statistics.median(q["first_result_ms"] for q in queries),
        "queries": queries,
    }


def measure(n: int, repetitions: int) -> dict:
    site = WORK / f"n{n}"
    if not (site / "content").exists():
        write_corpus(site, n)
    runs = {"with": [], "without": []}
    with serve(site / "out-search-with") as base:
        for repetition in range(repetitions):
            for mode in ("without", "with"):  # alternate, so drift hits both alike
                runs[mode].append(build_once(mode, site, base, repetition))
        reader = reader_figures(base)
    without = statistics.median(r["seconds"] for r in runs["without"])
    with_search = statistics.median(r["seconds"] for r in runs["with"])
    index = [r["index"] for r in runs["with"]]
    return {
        "n": n,
        "repetitions": repetitions,
        "without": without,
        "with": with_search,
        "pages": index[0]["pages"],
        "index_seconds": statistics.median(i["seconds"] for i in index),
        "after_last_page": statistics.median(i["seconds_after_sealing"] for i in index),
        **bundle_size(site / "out-search-with" / "pagefind"),
        "reader": reader,
    }


def measure_search(sizes, repetitions: int | None = None) -> list[dict]:
    """Figures for each N in ``sizes`` (repetitions: :data:`REPETITIONS` unless given)."""
    return [measure(n, repetitions or REPETITIONS.get(n, 1)) for n in sizes]


def search_report(figures: list[dict]) -> str:
    kib = lambda b: f"{b / 1024:.0f} KiB"  # noqa: E731
    lines = [
        "",
        "## Site search (Pagefind)",
        "",
        "Cold builds of ours with and without the `search` plugin (alternating, fresh",
        "processes, median). *Pagefind* is its time from the first page to the written",
        "bundle, mostly beside Pelican; *after Pelican* is what it adds at the end. A query",
        f"({', '.join(f'“{q}”' for q in QUERIES)}) runs in Chromium with an empty cache on",
        "a plain local server (no HTTP compression): *query* counts what Pagefind loads for",
        "it (pagefind.js, wasm, metadata, index chunks, the fragments of the results shown;",
        "largest of the queries), *page* the search page itself with the theme's CSS/JS;",
        "*first result* runs from typing to the first result shown (median).",
        "",
        "| N | without search | with search | search adds | Pagefind (after Pelican) | "
        "index on disk (of which index data) | files | one query | page | first result |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        reader = f["reader"]
        browser = (
            (kib(reader["query_bytes"]), kib(reader["page_bytes"]),
             f"{reader['first_result_ms']:.0f} ms")
            if reader else ("no Chromium",) * 3
        )  # fmt: skip
        added = f["with"] - f["without"]
        lines.append(
            f"| {f['n']} | {f['without']:.2f}s | {f['with']:.2f}s | "
            f"{added:+.2f}s ({100 * added / f['without']:+.1f}%) | "
            f"{f['index_seconds']:.2f}s ({f['after_last_page']:.2f}s) | "
            f"{kib(f['bytes'])} ({kib(f['index_bytes'])}) | {f['files']} | {' | '.join(browser)} |"
        )
    by_n = {f["n"]: f for f in figures}
    checks = []
    if 1000 in by_n:
        share = (by_n[1000]["with"] - by_n[1000]["without"]) / by_n[1000]["without"]
        verdict = "meets" if share <= TARGET_SHARE else "misses"
        checks.append(f"indexing adds {100 * share:+.1f}% at N=1000 ({verdict} the 15% target)")
    if 5000 in by_n and by_n[5000]["reader"]:
        sent = by_n[5000]["reader"]["query_bytes"]
        verdict = "meets" if sent <= TARGET_BYTES else "misses"
        checks.append(f"one query downloads {kib(sent)} at N=5000 ({verdict} the 300 KB target)")
    if checks:
        lines += ["", "Targets: " + "; ".join(checks) + "."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=5, metavar=("MODE", "CONTENT", "OUTPUT", "CACHE", "URL"))
    parser.add_argument("--repetitions", type=int)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    args = parser.parse_args(argv)
    if args.child:
        result = child(*args.child)
        print(json.dumps(result))
        return 1 if result["problems"] else 0
    print(search_report(measure_search(args.sizes, args.repetitions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
