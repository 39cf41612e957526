"""`make bench`: our full pipeline against stock Pelican on the same synthetic posts.

For each N it alternates stock and ours, several cold builds each, then times a warm
rebuild of ours (Pelican's content cache on) after appending one update to one post.
Results go to bench/results.md (or --results).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import write_corpus
from bench.search import measure_search, search_report

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
FULL = {100: 5, 1000: 3, 5000: 2}
QUICK = {100: 1}


def child(mode: str, site: Path, run: str, use_cache=False) -> dict:
    """Build ``site`` once in a fresh process; return its measurements."""
    output, cache = site / f"out-{run}", site / "cache"
    if not use_cache:
        shutil.rmtree(output, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "bench.child",
        mode,
        str(site / "content"),
        str(output),
        str(cache),
    ]
    if use_cache:
        command.append("--cache")
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench: {mode} build of {site} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def warm_rebuild(site: Path) -> float:
    """Prime Pelican's cache, append one update to one post, rebuild; return seconds."""
    shutil.rmtree(site / "cache", ignore_errors=True)
    child("ours", site, "warm", use_cache=True)
    from post_updates.append import append_update

    post = sorted((site / "content" / "blog").rglob("*.md"))[0]
    original = post.read_bytes()
    append_update(
        post, "A correction for the benchmark.", "2026-11-01", [site / "content" / "blog"]
    )
    try:
        return child("ours", site, "warm", use_cache=True)["seconds"]
    finally:
        post.write_bytes(original)


def hugo_seconds(site: Path) -> float | None:
    """Time hugo on the same posts, if hugo is installed (an outside reference)."""
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    start = time.perf_counter()
    command = [hugo, "--quiet", "-s", str(site), "-c", "content", "-d", str(site / "hugo-out")]
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - start


def measure(n: int, repetitions: int) -> dict:
    site = WORK / f"n{n}"
    if not (site / "content").exists():
        write_corpus(site, n)
    runs = {"stock": [], "ours": []}
    for repetition in range(repetitions):
        for mode in ("stock", "ours"):  # alternate, so drift hits both alike
            runs[mode].append(child(mode, site, f"{mode}-{repetition}"))
            print(f"  N={n} {mode} #{repetition + 1}: {runs[mode][-1]['seconds']:.2f}s", flush=True)
    result = {"n": n, "repetitions": repetitions}
    for mode, measured in runs.items():
        result[mode] = {
            "median": statistics.median(r["seconds"] for r in measured),
            "peak_mib": max(r["peak_mib"] for r in measured),
            "phases": {
                phase: statistics.median(r["phases"].get(phase, 0.0) for r in measured)
                for phase in ("reading", "plugins", "anchors", "templates", "feeds")
            },
        }
    result["warm"] = warm_rebuild(site)
    result["hugo"] = hugo_seconds(site)
    return result


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )  # fmt: skip
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import version

    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
        f"{platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Pelican {version('pelican')}, "
        f"Markdown {version('markdown')}, feedgen {version('feedgen')}"
    )


def report(results: list[dict], quick: bool) -> str:
    lines = [
        "# Benchmark: our pipeline vs stock Pelican",
        "",
        f"Machine: {machine()}.",
        "",
        "Stock: Pelican's default theme, Markdown `toc` with permalinks, built-in Atom and RSS",
        "feeds (all, category, author, tag). Ours: `pelicanconf.py` with every plugin",
        "(anchors, updates, authors, feedgen Atom/RSS/JSON + updates feed, address check),",
        "our theme, and the atomic build driver. Same posts, same `FEED_MAX_ITEMS` (50);",
        "stock and ours alternate in one run, each build in a fresh process.",
        ""
        if not quick
        else "\n**Quick mode** (N=100, one repetition): a smoke run, not a measurement.",
        "",
        "| N | stock cold (median) | ours cold (median) | ours/stock | warm rebuild | warm/cold | "
        "peak MiB stock | peak MiB ours | ours/stock memory | ms/post ours | hugo |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        stock, ours = r["stock"], r["ours"]
        hugo = f"{r['hugo']:.2f}s" if r["hugo"] is not None else "not installed"
        lines.append(
            f"| {r['n']} | {stock['median']:.2f}s | {ours['median']:.2f}s | "
            f"{ours['median'] / stock['median']:.2f}× | "
            f"{r['warm']:.2f}s | {r['warm'] / ours['median']:.2f}× | "
            f"{stock['peak_mib']:.0f} | {ours['peak_mib']:.0f} | "
            f"{ours['peak_mib'] / stock['peak_mib']:.2f}× | "
            f"{1000 * ours['median'] / r['n']:.1f} | {hugo} |"
        )
    per_post = {r["n"]: r["ours"]["median"] / r["n"] for r in results}
    if 1000 in per_post and 5000 in per_post:
        growth = per_post[5000] / per_post[1000] - 1
        lines += ["", f"Time per post from N=1000 to N=5000 (ours): {100 * growth:+.1f}%."]
    lines += [
        "",
        "## Where the time goes (median seconds)",
        "",
        "Plugins (our Markdown tree processors and signal handlers) run inside reading;",
        "*reading* below excludes them. Stock's feeds are written inside its templates phase",
        "and shown apart here.",
        "",
        "| N | build | reading | plugins (of which anchors) | templates | feeds |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        for mode in ("stock", "ours"):
            p = r[mode]["phases"]
            templates = p["templates"] - (p["feeds"] if mode == "stock" else 0)
            lines.append(
                f"| {r['n']} | {mode} | {p['reading'] - p['plugins']:.2f} | "
                f"{p['plugins']:.2f} ({p['anchors']:.2f}) | "
                f"{templates:.2f} | {p['feeds']:.2f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=100, one repetition")
    parser.add_argument("--sizes", help="comma-separated N values (default 100,1000,5000)")
    parser.add_argument("--results", default=str(REPO / "bench" / "results.md"))
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.sizes:
        plan = {int(n): FULL.get(int(n), 2) for n in args.sizes.split(",")}
    results = [measure(n, repetitions) for n, repetitions in plan.items()]
    text = report(results, args.quick)
    text += search_report(measure_search(plan, 1 if args.quick else None))
    Path(args.results).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
