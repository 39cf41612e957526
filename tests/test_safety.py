"""Issue 11: hostile and careless input. Each defect reproduced as it was reported."""

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import REPO, SEED_POST, build_cli, make_site, tree_bytes

SEED = (REPO / "content" / SEED_POST).read_text(encoding="utf-8")


def make(*arguments, cwd=REPO, stdin=None):
    """Run `make` with arguments as argv (no shell here either)."""
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stored_update(post_text: str, stamp: str) -> str:
    """Return the text of the update dated ``stamp``, unquoted, as the post holds it."""
    lines = post_text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"> **Update {stamp}**: "))
    body = [lines[start].removeprefix(f"> **Update {stamp}**: ")]
    for line in lines[start + 1 :]:
        if not line.startswith(">"):
            break
        body.append(line[2:] if line.startswith("> ") else line[1:])
    return "\n".join(body)


@pytest.fixture
def site(tmp_path):
    conf = make_site(tmp_path)
    return conf, tmp_path / "content" / SEED_POST


def test_make_update_never_runs_the_text(site, tmp_path):
    conf, post = site
    marker = tmp_path / "pwned"
    text = f"Fixed `touch {marker}` and $(touch {marker}); Hubs cost $50, \"quoted\" 'too'"
    result = make("update", f"POST={post}", f"TEXT={text}", "DATE=2022-04-01", f"SETTINGS={conf}")
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert stored_update(post.read_text(encoding="utf-8"), "2022-04-01") == text


def test_make_update_takes_several_lines_from_a_file_or_standard_input(site, tmp_path):
    conf, post = site
    text = "First line with a [link](https://example.org).\n\n- one\n- two"
    (tmp_path / "update.md").write_text(text + "\n", encoding="utf-8")
    result = make("update", f"POST={post}", f"FILE={tmp_path / 'update.md'}",
                  "DATE=2022-04-01", f"SETTINGS={conf}")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert stored_update(post.read_text(encoding="utf-8"), "2022-04-01") == text
    result = make("update", f"POST={post}", "DATE=2022-04-02", f"SETTINGS={conf}", stdin=text)
    assert result.returncode == 0, result.stderr
    assert stored_update(post.read_text(encoding="utf-8"), "2022-04-02") == text
    assert build_cli(conf).returncode == 0


def test_make_update_with_a_quoted_post_path(tmp_path):
    conf = make_site(tmp_path, files={'blog/2022/it\'s "new".md': SEED})
    post = tmp_path / "content/blog/2022" / 'it\'s "new".md'
    result = make("update", f"POST={post}", "TEXT=x", "DATE=2022-04-01", f"SETTINGS={conf}")
    assert result.returncode == 0, result.stderr
    assert "> **Update 2022-04-01**: x" in post.read_text(encoding="utf-8")


def test_bare_make_update_says_what_to_pass():
    result = make("update", stdin="")
    assert result.returncode != 0
    assert 'make update POST=content/blog/YYYY/post.md TEXT="What changed."' in result.stderr
    assert "Traceback" not in result.stderr


UPDATE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.sampled_from("\n\t`$'\"\\;|&<>(){}#*"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() and text == text.rstrip("\n"))


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=UPDATE_TEXT)
def test_make_update_stores_any_text_exactly(tmp_path_factory, text):
    tmp_path = tmp_path_factory.mktemp("update")
    conf = make_site(tmp_path)
    post = tmp_path / "content" / SEED_POST
    result = make("update", f"POST={post}", f"TEXT={text}", "DATE=2022-04-01", f"SETTINGS={conf}")
    assert result.returncode == 0, result.stderr
    assert stored_update(post.read_text(encoding="utf-8"), "2022-04-01") == text


def test_make_lock_writes_nothing_when_the_build_fails(tmp_path):
    bad = SEED.replace("Author: Chris Holdgraf", "Author: Nobody At All")
    conf = make_site(tmp_path, files={SEED_POST: bad, "blog/2023/new.md": SEED.replace(
        "Title: Notes", "Title: Other notes")})  # fmt: skip
    locks = {name: (tmp_path / "content" / name).read_bytes()
             for name in ("anchors.lock.json", "feed-ids.lock.json")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "sitekit.lock", str(conf)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "unknown author" in result.stderr
    for name, before in locks.items():
        assert (tmp_path / "content" / name).read_bytes() == before, name


def test_symlink_out_of_the_site_stops_the_build(tmp_path):
    conf = make_site(tmp_path)
    images = tmp_path / "content" / "images"
    images.mkdir(exist_ok=True)
    os.symlink("/proc/self/environ", images / "env.txt")
    os.symlink("/etc", images / "etc")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "keep.txt").write_text("previous")
    before = tree_bytes(tmp_path / "output")
    result = build_cli(conf)
    assert result.returncode == 1
    assert (
        "content/images/env.txt: links outside the site (→ /proc/self/environ)"
        " — copy the file in instead"
    ) in result.stderr
    assert "content/images/etc: links outside the site (→ /etc)" in result.stderr
    assert tree_bytes(tmp_path / "output") == before


def test_symlink_inside_the_site_is_fine(tmp_path):
    conf = make_site(tmp_path)
    images = tmp_path / "content" / "images"
    images.mkdir(exist_ok=True)
    (tmp_path / "content" / "shared.txt").write_text("shared")
    os.symlink("../shared.txt", images / "shared.txt")
    result = build_cli(conf)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output/images/shared.txt").read_text() == "shared"
