"""A build starts from the tree the previous one replaced: its unchanged pages stay where
they are, everything else goes, and the live output is never written through them."""

import os

from sitekit import swap


def write(root, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)


def linked_tree(tmp_path):
    """A live tree and a previous one whose pages are hard links to it, as publish leaves."""
    live, previous = tmp_path / "output", tmp_path / ".output.previous"
    write(live, {"a/index.html": "A", "b/index.html": "B", "feeds/all.xml": "feed", "x.html": "X"})
    for relative in ("a/index.html", "b/index.html", "feeds/all.xml"):
        (previous / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(live / relative, previous / relative)
    write(previous, {"x.html": "an older X", "gone/index.html": "a deleted post's page"})
    return live, previous


def test_prune_keeps_only_the_live_files_it_is_asked_to(tmp_path):
    live, previous = linked_tree(tmp_path)
    staging = swap.staging_tree(live)
    assert staging == tmp_path / ".output.building" and not previous.exists()
    keep = {"a/index.html", "b/index.html", "x.html", "gone/index.html"}  # not the feed
    kept, emptied = swap.prune(staging, live, keep)
    # x.html is not the live file (another inode); gone/ is not in the live tree.
    assert kept == {"a/index.html", "b/index.html"}
    assert sorted(str(p.relative_to(staging)) for p in staging.rglob("*")) == [
        "a", "a/index.html", "b", "b/index.html", "feeds",
    ]  # fmt: skip
    assert emptied == [str(staging / "feeds")]
    assert (staging / "a/index.html").stat().st_ino == (live / "a/index.html").stat().st_ino


def test_what_no_page_claimed_goes_and_what_was_written_stays(tmp_path):
    live, _ = linked_tree(tmp_path)
    staging = swap.staging_tree(live)
    kept, emptied = swap.prune(staging, live, {"a/index.html", "b/index.html"})
    (staging / "a/index.html.new").write_text("A, edited")
    os.replace(staging / "a/index.html.new", staging / "a/index.html")  # as replace_file
    swap.remove_stale(staging, live, kept, emptied)  # b/ was not claimed: a deleted post
    assert sorted(str(p.relative_to(staging)) for p in staging.rglob("*")) == [
        "a", "a/index.html",
    ]  # fmt: skip
    assert (staging / "a/index.html").read_text() == "A, edited"
    assert (live / "a/index.html").read_text() == "A"  # the live file, untouched


def test_a_killed_build_s_tree_gives_way_to_the_whole_previous_one(tmp_path):
    live, previous = linked_tree(tmp_path)
    write(tmp_path / ".output.building", {"half.html": "half a build"})
    staging = swap.staging_tree(live)
    assert staging == tmp_path / ".output.building"
    assert not (staging / "half.html").exists() and (staging / "a/index.html").exists()


def test_a_killed_build_s_tree_alone_is_pruned_like_a_previous_one(tmp_path):
    live, previous = linked_tree(tmp_path)
    os.rename(previous, tmp_path / ".output.building")
    staging = swap.staging_tree(live)
    kept, _ = swap.prune(staging, live, {"a/index.html"})
    assert kept == {"a/index.html"}
    assert sorted(p.name for p in staging.iterdir()) == ["a", "b", "feeds"]


def test_the_tree_replaced_is_kept_for_the_next_build(tmp_path):
    live, previous = linked_tree(tmp_path)
    staging = swap.staging_tree(live)
    write(staging, {"new.html": "new"})
    swap.publish(live, staging)
    assert (live / "new.html").exists() and (previous / "x.html").read_text() == "X"
    assert not staging.exists()
