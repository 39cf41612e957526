"""``make serve`` removes the previous tree in a thread; what a stopped one left goes next."""

import os
import shutil
import threading

import pytest

from sitekit import swap


def trees(root, names):
    for name, text in names.items():
        (root / name).mkdir()
        (root / name / "index.html").write_text(text)


@pytest.mark.parametrize("exchange", [True, False])
def test_the_previous_tree_goes_in_a_thread(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    remover = swap.Remover()
    monkeypatch.setattr(swap, "background", remover)
    removed_by = []
    rmtree = shutil.rmtree

    def recorded(path, *args, **kwargs):
        if ".retired-" in str(path):
            removed_by.append(threading.current_thread().name)
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", recorded)
    live = tmp_path / "output"
    for number in range(3):  # each publish waits for the removal before it
        trees(tmp_path, {".output.building": f"build {number}"})
        if not live.exists():
            os.rename(tmp_path / ".output.building", live)
            continue
        swap.publish(live, tmp_path / ".output.building")
        assert (live / "index.html").read_text() == f"build {number}"
    remover.wait()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["output"]
    assert removed_by == ["remove-previous"] * 2


def test_a_stopped_preview_s_leftovers_are_removed_by_the_next_build(tmp_path):
    live = tmp_path / "output"
    trees(tmp_path, {"output": "live", ".output.retired-3": "old", ".output.retired-x": "?"})
    staging = swap.fresh_staging(live)
    assert not (tmp_path / ".output.retired-3").exists()
    assert (tmp_path / ".output.retired-x").exists()  # not a name this module gives
    assert staging == tmp_path / ".output.building" and (live / "index.html").exists()
