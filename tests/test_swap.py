"""One build at a time, and output/ always a whole site: real processes, killed at random."""

import os
import signal
import subprocess
import sys
import time

import pytest
from sitebuild import build_cli, make_site, tree_bytes

from sitekit import swap

POSTS = {
    f"blog/2023/post-{number}.md": (
        f"Title: Post {number}\nDate: 2023-01-01\nAuthor: Chris Holdgraf\nCategory: notes\n\n"
        + "Intro.\n\n## A question\n\nAnswer.\n" * 5
    )
    for number in range(30)
}


def start_build(conf):
    return subprocess.Popen(
        [sys.executable, "-m", "sitekit.build", str(conf)],
        cwd=conf.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def two_trees(tmp_path):
    """A site built once (the old tree), then changed so the next build differs."""
    conf = make_site(tmp_path, files=POSTS)
    assert build_cli(conf).returncode == 0
    old = tree_bytes(tmp_path / "output")
    (tmp_path / "content/blog/2023/post-0.md").write_text(
        POSTS["blog/2023/post-0.md"].replace("Post 0", "Post zero"), encoding="utf-8"
    )
    return conf, old


@pytest.mark.slow
def test_two_builds_at_once_wait_for_each_other(two_trees, tmp_path):
    conf, _old = two_trees
    first, second = start_build(conf), start_build(conf)
    results = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    assert any("waiting: another build" in stderr for _out, stderr in results)
    built = tree_bytes(tmp_path / "output")
    assert "Post zero" in built["blog/2023/post-0/index.html"].decode()
    # Whole: a third, lone build gives the same tree.
    assert build_cli(conf).returncode == 0
    assert tree_bytes(tmp_path / "output") == built


@pytest.mark.slow
def test_killed_build_leaves_a_whole_tree(two_trees, tmp_path):
    conf, old = two_trees
    started = time.monotonic()
    assert build_cli(conf).returncode == 0
    new = tree_bytes(tmp_path / "output")
    duration = time.monotonic() - started
    # Back to the old content and tree, then kill new builds at points across the build.
    (tmp_path / "content/blog/2023/post-0.md").write_text(
        POSTS["blog/2023/post-0.md"], encoding="utf-8"
    )
    assert build_cli(conf).returncode == 0
    assert tree_bytes(tmp_path / "output") == old
    (tmp_path / "content/blog/2023/post-0.md").write_text(
        POSTS["blog/2023/post-0.md"].replace("Post 0", "Post zero"), encoding="utf-8"
    )
    for step in range(12):
        process = start_build(conf)
        time.sleep(duration * (0.3 + step * 0.07))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert tree_bytes(tmp_path / "output") in (old, new), f"half a site after kill {step}"
    # What killed builds left behind never breaks the next one.
    assert build_cli(conf).returncode == 0
    assert tree_bytes(tmp_path / "output") == new
    assert not (tmp_path / ".output.building").exists()


def test_exchange_swaps_two_directories_in_one_step(tmp_path):
    live, staging = tmp_path / "output", tmp_path / ".output.building"
    live.mkdir()
    (live / "old.txt").write_text("old")
    staging.mkdir()
    (staging / "new.txt").write_text("new")
    swap.publish(live, staging)
    assert os.listdir(live) == ["new.txt"]
    assert not staging.exists()
    assert os.listdir(tmp_path / ".output.previous") == ["old.txt"]  # the next build's start


def test_publish_without_exchange_falls_back_to_two_renames(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    live, staging = tmp_path / "output", tmp_path / ".output.building"
    live.mkdir()
    (live / "old.txt").write_text("old")
    staging.mkdir()
    (staging / "new.txt").write_text("new")
    swap.publish(live, staging)
    assert os.listdir(live) == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.previous", "output"]
    assert os.listdir(tmp_path / ".output.previous") == ["old.txt"]
