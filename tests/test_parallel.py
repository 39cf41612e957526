"""A build on every core writes what the serial build (JOBS=1) writes, and says what it says."""

import os
import shutil
import subprocess
import sys

import pytest
import sitebuild
from sitebuild import REPO, canonical_tree, tree_bytes


def corpus_site(tmp_path, posts=24, files=None, **settings):
    """The repository's content plus ``posts`` synthetic posts (several authors and tags)."""
    return sitebuild.corpus_site(tmp_path, posts, files, **settings)


def build_with(conf, jobs):
    """Build as `make html JOBS=jobs` does; return the finished process."""
    env = dict(os.environ, JOBS=str(jobs))
    command = [sys.executable, "-m", "sitekit.build", str(conf)]
    return subprocess.run(command, cwd=conf.parent, capture_output=True, text=True, env=env,
                          timeout=300)  # fmt: skip


def variant(conf, name):
    """``conf`` building into ``name/`` with a cache of its own (nothing kept from another)."""
    settings = conf.read_text().replace(str(conf.parent / "output"), str(conf.parent / name))
    settings = settings.replace(str(conf.parent / "cache"), str(conf.parent / f"cache-{name}"))
    other = conf.with_name(f"{name}.py")
    other.write_text(settings)
    return other


def built_tree(conf, jobs, name):
    """Build ``conf`` from nothing into ``name/``; return its files and the process."""
    done = build_with(variant(conf, name), jobs)
    assert done.returncode == 0, done.stderr
    return canonical_tree(tree_bytes(conf.parent / name)), done


def test_every_core_writes_the_serial_bytes(tmp_path):
    conf = corpus_site(tmp_path)
    serial, _ = built_tree(conf, 1, "serial")
    parallel, _ = built_tree(conf, 2, "parallel")
    assert len(serial) > 100
    assert sorted(serial) == sorted(parallel)
    differing = [path for path in serial if serial[path] != parallel[path]]
    assert differing == []


BROKEN = {
    "blog/2023/unknown-author.md": (
        "Title: Who\nDate: 2023-01-02\nAuthor: Nobody Known\n\nText.\n"
    ),
    "blog/2023/bad-date.md": "Title: When\nDate: 2023-02-30\n\nText.\n",
    "blog/2023/future-update.md": (
        "Title: Later\nDate: 2023-01-03\n\nText.\n\n> **Update 2099-01-01**: Not yet.\n"
    ),
    "blog/2023/no-title.md": "Date: 2023-01-04\n\nText.\n",
    # its tag's slug is worked out in the worker: the warning must come where it did
    "blog/2023/no-slug.md": "Title: Marks\nDate: 2023-01-05\nTags: !!!, fine\n\nText.\n",
}


def test_worker_problems_are_the_serial_lines_in_the_serial_order(tmp_path):
    conf = corpus_site(tmp_path, posts=16, files=BROKEN)
    serial = build_with(conf, 1)
    parallel = build_with(conf, 2)
    assert serial.returncode == parallel.returncode == 1
    lines = serial.stderr.splitlines()
    assert sum(": " in line and " — " in line for line in lines) >= 4, serial.stderr
    assert parallel.stderr.splitlines() == lines
    assert not (tmp_path / "output").exists()


def test_a_template_failing_in_a_worker_is_reported_as_in_the_serial_build(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    article = theme / "templates" / "article.html"
    article.write_text(
        article.read_text().replace("{% block content %}", "{% block content %}{{ 1 / 0 }}", 1)
    )
    conf = corpus_site(tmp_path, posts=16, THEME=str(theme))
    serial, parallel = build_with(conf, 1), build_with(conf, 2)
    assert serial.returncode == parallel.returncode == 1
    assert "division by zero" in serial.stderr
    assert parallel.stderr == serial.stderr


def test_warnings_from_workers_keep_the_serial_order(tmp_path):
    files = {
        f"blog/2023/old-{n}.md": f"Title: Old {n}\nDate: 2022-0{n + 1}-01\n\nText {n}.\n"
        for n in range(4)
    }  # dated 2022 in the 2023/ folder: one warning each
    conf = corpus_site(tmp_path, posts=16, files=files)
    _, serial = built_tree(conf, 1, "serial")
    _, parallel = built_tree(conf, 2, "parallel")
    warnings = [line for line in serial.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) >= 4
    assert parallel.stderr == serial.stderr


def test_without_fork_the_build_is_serial_and_says_so_once(tmp_path, monkeypatch, capsys):
    import multiprocessing

    from sitekit import parallel

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(parallel, "_warned_no_fork", False)
    assert parallel.jobs({"JOBS": 4}) == 1
    assert parallel.jobs({"JOBS": 4}) == 1
    said = capsys.readouterr().err.splitlines()
    assert said == ["parallel build unavailable (no fork on this system): building in one process"]


def test_jobs_come_from_the_environment_then_the_setting_then_the_machine(monkeypatch):
    from sitekit import parallel
    from sitekit.errors import ContentError

    monkeypatch.delenv("JOBS", raising=False)
    assert parallel.jobs({"JOBS": 3}) == 3
    monkeypatch.setenv("JOBS", "1")
    assert parallel.jobs({"JOBS": 3}) == 1
    monkeypatch.setenv("JOBS", "")
    assert parallel.jobs({}) == min(parallel.available_cores(), parallel.memory_cap())
    monkeypatch.setenv("JOBS", "many")
    with pytest.raises(ContentError, match="JOBS is 'many'"):
        parallel.jobs({})


def test_taxonomy_pages_do_not_scan_every_article_per_tag(tmp_path):
    """Pelican finds each tag's dated posts by scanning all of them: quadratic."""
    from pelican.generators import ArticlesGenerator
    from pelican.settings import read_settings

    from sitekit import compat

    content = tmp_path / "content"
    content.mkdir()
    for number in range(40):
        (content / f"p{number}.md").write_text(
            f"Title: P{number}\nDate: 2020-01-01 00:{number:02d}\nTags: t{number}, all\n\nText.\n"
        )
    settings = read_settings(override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "o")})
    context = dict(settings, generated_content={}, static_links=set(), static_content={})
    generator = ArticlesGenerator(
        context=context, settings=settings, path=str(content), theme=settings["THEME"],
        output_path=str(tmp_path / "o"),
    )  # fmt: skip
    generator.generate_context()

    class CountingList(list):
        scans = 0

        def __iter__(self):
            CountingList.scans += 1
            return super().__iter__()

    generator.dates = CountingList(generator.dates)
    compat.linear_taxonomies(generator)
    for method in (generator.generate_tags, generator.generate_categories,
                   generator.generate_authors):  # fmt: skip
        method(lambda *args, **kwargs: None)
    assert len(generator.tags) == 41
    assert CountingList.scans <= 3


def test_the_parent_keeps_shared_objects_out_of_its_collections_while_workers_run():
    """A collection would write to every object and unshare the pages workers read."""
    import gc

    from sitekit.collector import build_scope
    from sitekit.parallel import Pool

    with build_scope():
        with Pool(2, lambda n: n * n, list(range(8)), str(REPO)) as pool:
            assert gc.get_freeze_count() > 0
            assert [pool.result(n)[0] for n in range(8)] == [n * n for n in range(8)]
    assert gc.get_freeze_count() == 0  # collectable again once the build is over


def test_reading_keeps_the_posts_read_out_of_collections_as_it_goes(monkeypatch):
    import gc

    from sitekit import collector, reading

    class Reading:
        digests: dict = {}

        def take(self, path):
            return None

    monkeypatch.setattr(collector, "FREEZE_EVERY", 3)
    read = reading._HookedRead(Reading(), lambda path: ("html", {}))
    with collector.build_scope():
        kept = [object() for _ in range(5)]
        read(__file__), read(__file__)
        assert gc.get_freeze_count() == 0
        read(__file__)
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0
