"""The benchmark's quick mode runs, so the benchmark never rots."""

import re
import subprocess
import sys

import pytest
from sitebuild import REPO


@pytest.mark.slow
def test_quick_benchmark_runs_and_reports(tmp_path):
    results = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--results", str(results)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = results.read_text()
    # stock, ours, ratio, serial (JOBS=1), ratio, two edits and their ratios, Hugo, memory
    row = re.search(
        r"^\| 100 \| ([\d.]+)s \| ([\d.]+)s \| ([\d.]+)× \| ([\d.]+)s \| ([\d.]+)× \| "
        r"([\d.]+)s \| ([\d.]+)× \| ([\d.]+)s \| ([\d.]+)× \| ([\d.]+s|not installed) \| "
        r"(\d+) \| (\d+) \| ([\d.]+)× \|$",
        text,
        re.M,
    )
    assert row, text
    assert all(float(value.rstrip("s")) > 0 for value in row.groups() if value != "not installed")
    assert "| 100 | ours |" in text and "Machine:" in text
    assert re.search(r"^\| 100 \| ([\d.]+)s \| ([\d.]+)s \(([\d.]+)× cold\) \| [-+][\d.]+s \|$",
                     text, re.M), text  # fmt: skip
    amdahl = re.search(r"^\| 100 \| ([\d.]+)s \| ([\d.]+)s \(\d+%\) \| ([\d.]+)s \|", text, re.M)
    assert amdahl and float(amdahl[1]) >= float(amdahl[2]) + float(amdahl[3]) - 0.02, text


def test_hugo_gets_the_same_posts(tmp_path):
    from bench.generate import write_corpus
    from bench.hugo import write_hugo_site

    content = write_corpus(tmp_path / "pelican", 5)
    site = write_hugo_site(tmp_path / "hugo", content)
    posts = sorted((site / "content" / "blog").glob("*.md"))
    assert len(posts) == 5
    first = posts[0].read_text()
    source = next((content / "blog").rglob(posts[0].name)).read_text()
    assert first.startswith('---\ntitle: "') and '\nslug: "post-' in first
    assert first.split("\n---\n\n", 1)[1] == source.split("\n\n", 1)[1]


def test_corpus_is_deterministic_and_shaped_like_the_notes(tmp_path):
    from bench.generate import write_corpus

    first = write_corpus(tmp_path / "a", 30)
    second = write_corpus(tmp_path / "b", 30)
    files = sorted(p.relative_to(first) for p in first.rglob("*.md"))
    assert len(files) == 30
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    texts = [(first / f).read_text() for f in files]
    sizes = [len(t.encode()) for t in texts]
    assert 8000 < sum(sizes) / len(sizes) < 11000
    assert all(t.count("\n## ") >= 15 for t in texts)
    assert any("## Follow-up" in t for t in texts)
    assert {t.count("> **Update ") for t in texts} >= {0, 1, 2}
