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
import gzip
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
#: Queries, by what they look for in the corpus of bench/generate.py. Its vocabulary is
#: some 80 words, each in nearly every post, so a common word's entry in the index grows
#: with N (all of it is loaded); an author's name is in about a fifth of the posts, once.
QUERIES = {
    "a word in every post": "onboarding",
    "two such words": "jupyter notebook",
    "an author's name": "holdgraf",
}
#: What a host compresses (Pagefind's index files and wasm are gzip already).
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml")
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
    # Every plugin, search in or out as asked (whatever `make bench --without` left out).
    overrides["PLUGINS"] = [n for n in pelicanconf.PLUGINS if mode == "with" or n != "search"]
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


class Host(http.server.SimpleHTTPRequestHandler):
    """A static host as GitHub Pages is one: text files go gzip-compressed to browsers
    that accept it (Pagefind's own index files are compressed already)."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in TEXT or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        if not path.is_file():
            return self.send_error(404)
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` (which may not exist yet) on 127.0.0.1; yield the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Host, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def one_query(browser, base: str, words: str) -> dict:
    """Open search/ with an empty cache, type ``words`` and press Enter; return the bytes
    downloaded for the query (all, and index chunks) and the milliseconds until the
    first result shows."""
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
    context.close()
    foreign = [url for url in sizes if urlsplit(url).hostname != "127.0.0.1"]
    if foreign:
        raise SystemExit(f"bench: the search page requested {foreign[:3]}")
    chunks = sum(size for url, size in sizes.items() if url.endswith(".pf_index"))
    return {"bytes": sum(sizes.values()) - page_bytes, "chunk_bytes": chunks,
            "page_bytes": page_bytes, "first_result_ms": first_result_ms}  # fmt: skip


def reader_figures(base: str) -> dict | None:
    """Each query's figures in Chromium, or None if Chromium is not installed."""
    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        figures = {kind: one_query(browser, base, words) for kind, words in QUERIES.items()}
        browser.close()
    return figures


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
        "waited": statistics.median(i["seconds_waited"] for i in index),
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
        "Cold builds of ours with and without the `search` plugin (alternating, each in a",
        "fresh process; median). *Pagefind* is the time from the first page written to the",
        "bundle written, mostly beside Pelican; *waited* is how long the build then waited",
        "for it at its end.",
        "",
        "| N | without search | with search | search adds | Pagefind (waited) | "
        "bundle on disk (index data) | files |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        added = f["with"] - f["without"]
        lines.append(
            f"| {f['n']} | {f['without']:.2f}s | {f['with']:.2f}s | "
            f"{added:+.2f}s ({100 * added / f['without']:+.1f}%) | "
            f"{f['index_seconds']:.2f}s ({f['waited']:.2f}s) | "
            f"{kib(f['bytes'])} ({kib(f['index_bytes'])}) | {f['files']} |"
        )
    lines += [
        "",
        "One query in Chromium, empty cache, from a local host that gzips text as GitHub",
        "Pages does: *downloads* is everything the query fetched (pagefind.js, wasm,",
        "metadata, index chunks, the first results' fragments), *chunks* the index chunks",
        "in it; *page* is the search page itself with the theme's CSS and JS; *first result*",
        "runs from typing to the first result on screen.",
        "",
        "| N | query | downloads | chunks | page | first result |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        for kind, words in QUERIES.items():
            q = (f["reader"] or {}).get(kind)
            shown = (kib(q["bytes"]), kib(q["chunk_bytes"]), kib(q["page_bytes"]),
                     f"{q['first_result_ms']:.0f} ms") if q else ("no Chromium",) * 4  # fmt: skip
            lines.append(f"| {f['n']} | {kind}: “{words}” | {' | '.join(shown)} |")
    lines += ["", "Targets: " + "; ".join(verdicts(figures)) + "."]
    return "\n".join(lines) + "\n"


def verdicts(figures: list[dict]) -> list[str]:
    """The issue's targets, met or missed, for the sizes measured."""
    by_n = {f["n"]: f for f in figures}
    found = []
    if 1000 in by_n:
        share = (by_n[1000]["with"] - by_n[1000]["without"]) / by_n[1000]["without"]
        met = "meets" if share <= TARGET_SHARE else "misses"
        found.append(f"indexing adds {100 * share:+.1f}% at N=1000 ({met} the 15% target)")
    for kind, q in ((by_n.get(5000) or {}).get("reader") or {}).items():
        met = "meets" if q["bytes"] <= TARGET_BYTES else "misses"
        found.append(f"{kind} downloads {q['bytes'] / 1000:.0f} KB at N=5000 ({met} 300 KB)")
    return found or ["not measured (N=1000 and N=5000 give them)"]


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
