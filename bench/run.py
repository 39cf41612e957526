"""`make bench`: our full pipeline against stock Pelican (and Hugo) on the same posts.

For each N, in one run: cold builds of stock Pelican, ours on every core and ours with
``JOBS=1``, alternating, each in a fresh process (medians); Hugo on the same posts; then
one-post edits rebuilt by ``make html`` (a fresh process each) and by ``make serve``
(one process, state in memory). Peak memory is the largest sum, over the build's
processes, of their proportional set size (PSS: shared pages counted once), sampled
every 50 ms. The ``JOBS=1`` builds measure the serial part (everything but converting
sources and writing pages), from which Amdahl's law projects more cores.
Results go to bench/results.md (or --results).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.child import WITHOUT
from bench.generate import write_corpus
from bench.hugo import hugo_seconds, write_hugo_site
from bench.search import measure_search, search_report
from sitekit.serve import descendants

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
FULL = {100: 5, 1000: 3, 5000: 2}
QUICK = {100: 1}
EDITS = 3
MODES = ("stock", "ours", "serial")
#: The issue's targets.
COLD_TARGET, EDIT_TARGET, MEMORY_TARGET, SERIAL_TARGET = 0.60, 0.10, 2.0, 1.0


def pss_mib(pid: int) -> float:
    """A process's proportional set size (MiB); its RSS where the kernel has no PSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def run_measured(command, env=None) -> tuple[dict, float]:
    """Run a bench child; return its JSON and the peak PSS of all its processes (MiB)."""
    process = subprocess.Popen(command, cwd=REPO, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    peak = [0.0]

    def sample():
        while process.poll() is None:
            pids = [process.pid, *descendants(process.pid)]
            peak[0] = max(peak[0], sum(pss_mib(pid) for pid in pids))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command[2:4])} failed:\n{err[-2000:]}")
    return json.loads(out.strip().splitlines()[-1]), peak[0]


def child(mode: str, site: Path, run: str, *extra, cold=True, without=()) -> dict:
    """Build ``site`` in a fresh process (from nothing if ``cold``); return measurements.

    :param without: plugins this build leaves out, besides those of ``--without``.
    """
    output, cache = site / f"out-{run}", site / f"cache-{run}"
    if cold:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    kind = "ours" if mode == "serial" else mode
    env = dict(os.environ, JOBS="1" if mode == "serial" else "")
    env[WITHOUT] = ",".join([*env.get(WITHOUT, "").split(","), *without]).strip(",")
    command = [sys.executable, "-m", "bench.child", kind, str(site / "content"),
               str(output), str(cache), *map(str, extra)]  # fmt: skip
    result, peak = run_measured(command, env)
    result["peak_mib"] = peak
    return result


def edited_post(site: Path) -> Path:
    return sorted((site / "content" / "blog").rglob("*.md"))[len(site.name) % 7]


def html_edits(site: Path) -> list[float]:
    """Edit one post and rebuild with a fresh process (`make html`), ``EDITS`` times."""
    from bench.child import edit

    post = edited_post(site)
    original = post.read_bytes()
    child("ours", site, "edit")  # the previous build, whose state the edits start from
    seconds = []
    try:
        for number in range(EDITS):
            edit(post, number)
            seconds.append(child("ours", site, "edit", cold=False)["seconds"])
    finally:
        post.write_bytes(original)
    return seconds


def serve_edits(site: Path, without=()) -> list[float]:
    post = edited_post(site)
    return child("serve-edit", site, "serve", post, EDITS, without=without)["edits"]


def measure(n: int, repetitions: int) -> dict:
    site = WORK / f"n{n}"
    if not (site / "content").exists():
        write_corpus(site, n)
    runs = {mode: [] for mode in MODES}
    for repetition in range(repetitions):
        for mode in MODES:  # alternate, so drift hits all alike
            runs[mode].append(child(mode, site, f"{mode}-{repetition}"))
            r = runs[mode][-1]
            print(f"  N={n} {mode} #{repetition + 1}: {r['seconds']:.2f}s, "
                  f"{r['peak_mib']:.0f} MiB", flush=True)  # fmt: skip
    hugo_site = write_hugo_site(site / "hugo", site / "content")
    hugo = [hugo_seconds(hugo_site) for _ in range(repetitions)]
    result = {"n": n, "repetitions": repetitions}
    for mode, measured in runs.items():
        result[mode] = {
            "median": statistics.median(r["seconds"] for r in measured),
            "peak_mib": max(r["peak_mib"] for r in measured),
            "phases": {
                phase: statistics.median(r["phases"].get(phase, 0.0) for r in measured)
                for phase in ("reading", "templates", "feeds")
            },
        }
    result["hugo"] = statistics.median(hugo) if hugo[0] is not None else None
    result["html_edit"] = statistics.median(html_edits(site))
    result["serve_edit"] = statistics.median(serve_edits(site))
    # The search index is written whole by every build: its share of an edit, apart.
    result["serve_edit_unindexed"] = statistics.median(serve_edits(site, without=["search"]))
    print(f"  N={n} edit: make html {result['html_edit']:.2f}s, "
          f"make serve {result['serve_edit']:.2f}s; hugo {result['hugo']}", flush=True)  # fmt: skip
    return result


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )  # fmt: skip
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import version

    hugo = shutil.which("hugo")
    hugo_version = "not installed"
    if hugo:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True,
                                          timeout=30).stdout.split()[1]  # fmt: skip
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
        f"{platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Pelican {version('pelican')}, "
        f"Markdown {version('markdown')}, feedgen {version('feedgen')}, Hugo {hugo_version}"
    )


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×"


def report(results: list[dict], quick: bool) -> str:
    without = os.environ.get(WITHOUT)
    lines = [
        "# Benchmark: our pipeline vs stock Pelican (and Hugo)",
        "",
        f"Machine: {machine()}.",
        "",
        "Stock: Pelican's default theme, Markdown `toc` with permalinks, built-in Atom and RSS",
        "feeds (all, category, author, tag). Ours: `pelicanconf.py` with every plugin, our",
        "theme and the build driver, on every core (*ours*) and with `JOBS=1` (*serial*).",
        "Hugo: the same posts, addresses and taxonomies, minimal templates (bench/hugo.py).",
        "Same `FEED_MAX_ITEMS` (50); stock, ours and serial alternate in one run, each build",
        "in a fresh process. *Edit*: one sentence added to one post, then `make html` (a",
        "fresh process, state from the previous build) or `make serve` (state in memory).",
        "Memory: the peak, over the build, of the summed PSS of all its processes.",
        f"\n**Ours without the plugins: {without}** (`--without`)." if without else "",
        ""
        if not quick
        else "\n**Quick mode** (N=100, one repetition): a smoke run, not a measurement.",
        "",
        "| N | stock cold | ours cold | ours/stock | serial cold | serial/stock | "
        "edit (make html) | edit/cold | edit (make serve) | serve edit/cold | hugo cold | "
        "peak MiB stock | peak MiB ours | ours/stock memory |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        stock, ours, serial = r["stock"]["median"], r["ours"]["median"], r["serial"]["median"]
        hugo = f"{r['hugo']:.2f}s" if r["hugo"] is not None else "not installed"
        lines.append(
            f"| {r['n']} | {stock:.2f}s | {ours:.2f}s | {ratio(ours, stock)} | "
            f"{serial:.2f}s | {ratio(serial, stock)} | "
            f"{r['html_edit']:.2f}s | {ratio(r['html_edit'], ours)} | "
            f"{r['serve_edit']:.2f}s | {ratio(r['serve_edit'], ours)} | {hugo} | "
            f"{r['stock']['peak_mib']:.0f} | {r['ours']['peak_mib']:.0f} | "
            f"{ratio(r['ours']['peak_mib'], r['stock']['peak_mib'])} |"
        )
    lines += [
        "",
        "Pagefind cannot update its index in part, so every build writes it whole; an edit",
        "rebuilt by `make serve` without the `search` plugin shows what the rest costs.",
        "",
        "| N | edit (make serve) | without the search index | the search index |",
        "|---|---|---|---|",
    ]
    for r in results:
        unindexed = r["serve_edit_unindexed"]
        lines.append(
            f"| {r['n']} | {r['serve_edit']:.2f}s | {unindexed:.2f}s "
            f"({ratio(unindexed, r['ours']['median'])} cold) | "
            f"{r['serve_edit'] - unindexed:+.2f}s |"
        )
    lines += ["", "Targets: " + "; ".join(verdicts(results)) + "."]
    lines += amdahl(results)
    lines += [
        "",
        "## Where the time goes (median seconds)",
        "",
        "*Reading* converts the sources (with every plugin's Markdown extension and hook),",
        "*templates* renders the pages, *feeds* writes them; the rest (not shown) is Pelican's",
        "and the plugins' passes over the site, the plan, the swap. Stock's feeds are written",
        "inside its templates phase and shown apart; ours is the serial (`JOBS=1`) build.",
        "",
        "| N | build | reading | templates | feeds | total |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        for mode, label in (("stock", "stock"), ("serial", "ours")):
            p = r[mode]["phases"]
            templates = p["templates"] - (p["feeds"] if mode == "stock" else 0)
            lines.append(
                f"| {r['n']} | {label} | {p['reading']:.2f} | {templates:.2f} | "
                f"{p['feeds']:.2f} | {r[mode]['median']:.2f} |"
            )
    return "\n".join(lines) + "\n"


def amdahl(results: list[dict]) -> list[str]:
    """The serial part, measured, and what 8 and 16 cores would give (Amdahl's law)."""
    lines = [
        "",
        "## Amdahl: the serial part and more cores",
        "",
        "From the serial build: *parallel* is what workers do (reading sources, rendering",
        "pages, writing feeds), *serial* the rest, measured. With n cores a build takes at",
        "least serial + parallel / n; *2 cores measured* is ours above, whose gap to the",
        "projection is the cost of forking, of results crossing processes, and of uneven",
        "work. *Limit* is total / serial, the speed-up no number of cores can pass.",
        "",
        "| N | serial build | parallel part | serial part | 2 cores projected | 2 cores measured "
        "| 8 cores | 16 cores | limit |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        total = r["serial"]["median"]
        parallel = min(total, sum(r["serial"]["phases"].values()))
        serial = total - parallel

        def cores(n, serial=serial, parallel=parallel):
            return serial + parallel / n

        lines.append(
            f"| {r['n']} | {total:.2f}s | {parallel:.2f}s ({100 * parallel / total:.0f}%) | "
            f"{serial:.2f}s | {cores(2):.2f}s | {r['ours']['median']:.2f}s | "
            f"{cores(8):.2f}s | {cores(16):.2f}s | {total / max(serial, 1e-9):.1f}× |"
        )
    return lines


def verdicts(results: list[dict]) -> list[str]:
    found = []
    for r in results:
        if r["n"] < 1000:
            continue
        stock, ours = r["stock"]["median"], r["ours"]["median"]
        checks = [
            (ours / stock <= COLD_TARGET, f"cold {ours / stock:.2f}× stock (≤ {COLD_TARGET})"),
            (r["serial"]["median"] / stock <= SERIAL_TARGET,
             f"serial {r['serial']['median'] / stock:.2f}× stock (≤ {SERIAL_TARGET})"),
            (r["html_edit"] / ours <= EDIT_TARGET,
             f"edit by make html {r['html_edit'] / ours:.2f}× cold (≤ {EDIT_TARGET})"),
            (r["serve_edit"] / ours <= EDIT_TARGET,
             f"edit by make serve {r['serve_edit'] / ours:.2f}× cold (≤ {EDIT_TARGET})"),
            (r["serve_edit_unindexed"] / ours <= EDIT_TARGET,
             f"edit by make serve without the search index "
             f"{r['serve_edit_unindexed'] / ours:.2f}× cold (≤ {EDIT_TARGET})"),
            (r["ours"]["peak_mib"] / r["stock"]["peak_mib"] <= MEMORY_TARGET,
             f"memory {r['ours']['peak_mib'] / r['stock']['peak_mib']:.2f}× stock "
             f"(≤ {MEMORY_TARGET})"),
        ]  # fmt: skip
        if r["hugo"] is not None:
            for kind in ("html", "serve"):
                edit = r[f"{kind}_edit"]
                checks.append((edit <= r["hugo"], f"edit by make {kind} {edit:.2f}s ≤ Hugo's "
                               f"cold {r['hugo']:.2f}s"))  # fmt: skip
        found += [f"N={r['n']} {text} {'met' if ok else 'MISSED'}" for ok, text in checks]
    return found or ["not measured (N=1000 and N=5000 give them)"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N=100, one repetition")
    parser.add_argument("--sizes", help="comma-separated N values (default 100,1000,5000)")
    parser.add_argument("--results", default=str(REPO / "bench" / "results.md"))
    parser.add_argument("--no-search", action="store_true", help="leave out the search figures")
    parser.add_argument("--without", default="", help="plugins ours leaves out (e.g. search)")
    args = parser.parse_args(argv)
    os.environ[WITHOUT] = args.without
    # Our modules compiled once, as pip compiles Pelican's when it installs them: where
    # PYTHONDONTWRITEBYTECODE is set, each build would compile them again.
    compileall.compile_dir(REPO / "sitekit", quiet=1)
    compileall.compile_dir(REPO / "plugins", quiet=1)
    plan = QUICK if args.quick else FULL
    if args.sizes:
        plan = {int(n): FULL.get(int(n), 2) for n in args.sizes.split(",")}
    results = [measure(n, repetitions) for n, repetitions in plan.items()]
    text = report(results, args.quick)
    if not args.no_search:
        text += search_report(measure_search(plan, 1 if args.quick else None))
    Path(args.results).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
