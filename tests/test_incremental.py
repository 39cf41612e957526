"""After one change, a rebuild renders only what depends on it, and writes a clean build's bytes."""

import os
import re
import shutil

import pytest
import sitebuild
from sitebuild import REPO, build_cli, build_in_process, canonical_tree, tree_bytes

POSTS = 8


def corpus_site(root, **settings):
    """The repository's content plus ``POSTS`` synthetic posts; returns the settings file."""
    return sitebuild.corpus_site(root, POSTS, **settings)


def clean_build(root, name="clean", in_process=True) -> dict[str, bytes]:
    """Build the same content from nothing into ``name/``; return its files.

    :param in_process: False for a site whose own plugins must not stay loaded here.
    """
    conf = root / "siteconf.py"
    variant = root / f"{name}conf.py"
    variant.write_text(
        conf.read_text()
        .replace(str(root / "output"), str(root / name))
        .replace(str(root / "cache"), str(root / f"{name}-cache"))
    )
    if in_process:
        assert build_in_process(variant) == []
    else:
        assert build_cli(variant).returncode == 0
    return canonical_tree(tree_bytes(root / name))


def inodes(root) -> dict[str, int]:
    return {
        str(path.relative_to(root)): path.stat().st_ino
        for path in root.rglob("*")
        if path.is_file()
    }


def edited_post(root):
    return sorted((root / "content" / "blog").rglob("post-*.md"))[POSTS // 2]


EDITS = {
    "body": lambda text: text.replace("\n\n", "\n\nA sentence added to the intro.\n\n", 1),
    "title": lambda text: text.replace("Title: ", "Title: Renamed: ", 1),
    "date": lambda text: re.sub(r"Date: (\d{4})-\d\d-\d\d", r"Date: \1-01-01", text, count=1),
    "tags": lambda text: text.replace("Tags: ", "Tags: a-brand-new-tag, ", 1),
    "author": lambda text: re.sub(
        r"Author: .*", "Author: Chris Holdgraf" if "Holdgraf" not in text else "Author: 2i2c", text
    ),
    "updates": lambda text: text + "\n> **Update 2026-01-02**: A late correction.\n",
    "deletion": lambda text: None,
}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """A built site, copied for each test that changes it."""
    root = tmp_path_factory.mktemp("incremental")
    conf = corpus_site(root)
    assert build_in_process(conf) == []
    return root


def copy_site(built_site, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(built_site, root, symlinks=True)
    conf = root / "siteconf.py"
    conf.write_text(conf.read_text().replace(str(built_site), str(root)))
    # The copy is a new tree: build it once so the state describes this output.
    assert build_in_process(conf) == []
    return root, conf


@pytest.mark.parametrize("edit", EDITS)
def test_one_edited_post_rebuilds_to_the_bytes_of_a_clean_build(built_site, tmp_path, edit):
    root, conf = copy_site(built_site, tmp_path)
    before, old = inodes(root / "output"), tree_bytes(root / "output")
    post = edited_post(root)
    changed = EDITS[edit](post.read_text(encoding="utf-8"))
    if changed is None:
        post.unlink()
    else:
        post.write_text(changed, encoding="utf-8")

    assert build_in_process(conf) == []

    rebuilt = canonical_tree(tree_bytes(root / "output"))
    clean = clean_build(root)
    assert sorted(rebuilt) == sorted(clean)
    assert [path for path in clean if rebuilt[path] != clean[path]] == []
    # Every file whose bytes did not change is the previous file, untouched.
    after = inodes(root / "output")
    same = [path for path in rebuilt if old.get(path) == rebuilt[path]]
    assert [path for path in same if after[path] != before[path]] == []
    pages = [path for path in same if path.startswith("blog/")]
    assert pages, "every post page changed"
    assert all(f"/{post.stem}/" not in path for path in same)


def test_a_rebuild_says_what_a_clean_build_says(built_site, tmp_path):
    root, conf = copy_site(built_site, tmp_path)
    old = root / "content" / "blog" / "2023" / "dated-2022.md"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("Title: Misplaced\nDate: 2022-05-01\n\nText.\n", encoding="utf-8")
    first = build_cli(conf)
    post = edited_post(root)
    post.write_text(EDITS["body"](post.read_text()), encoding="utf-8")
    again = build_cli(conf)  # the misplaced post is not read again, its warning stays
    assert first.returncode == again.returncode == 0, first.stderr
    assert "dated 2022-05-01 but in the 2023/ folder" in first.stderr
    assert again.stderr == first.stderr


def test_a_clean_rebuild_keeps_every_file(built_site, tmp_path):
    root, conf = copy_site(built_site, tmp_path)
    before = inodes(root / "output")
    assert build_in_process(conf) == []
    after = inodes(root / "output")
    moved = [path for path in before if after.get(path) != before[path]]
    # Pagefind's bundle is written anew each time (its filter files are not byte-stable).
    assert [path for path in moved if not path.startswith("pagefind/")] == []


def test_the_previous_tree_is_never_written_through_its_links(built_site, tmp_path):
    root, conf = copy_site(built_site, tmp_path)
    witness = tmp_path / "witness"
    old = tree_bytes(root / "output")
    for path in old:  # hold the previous files' inodes under other names
        (witness / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(root / "output" / path, witness / path)
    for post in sorted((root / "content" / "blog").rglob("post-*.md"))[:3]:
        post.write_text(EDITS["title"](post.read_text()), encoding="utf-8")
    (root / "content" / "authors.toml").write_text(
        (root / "content" / "authors.toml").read_text().replace("writes.", "writes here."),
        encoding="utf-8",
    )
    assert build_in_process(conf) == []
    assert tree_bytes(witness) == old
    assert tree_bytes(root / "output") != old


def test_a_failed_rebuild_changes_nothing_and_the_next_one_is_right(built_site, tmp_path):
    root, conf = copy_site(built_site, tmp_path)
    before = tree_bytes(root / "output")
    post = edited_post(root)
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("Author: ", "Author: Nobody Known\nX: ", 1), encoding="utf-8")
    assert build_in_process(conf) != []
    assert tree_bytes(root / "output") == before
    post.write_text(EDITS["title"](good), encoding="utf-8")
    assert build_in_process(conf) == []
    assert canonical_tree(tree_bytes(root / "output")) == clean_build(root)


def test_a_template_change_rebuilds_every_page_that_uses_it(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    conf = corpus_site(tmp_path, THEME=str(theme))
    assert build_in_process(conf) == []
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- edited theme --></body>", 1))
    assert build_in_process(conf) == []
    pages = tree_bytes(tmp_path / "output")
    html = [path for path in pages if path.endswith(".html")]
    assert html and all(b"<!-- edited theme -->" in pages[path] for path in html)
    assert canonical_tree(pages) == clean_build(tmp_path)


def test_authors_toml_and_settings_changes_rebuild_what_shows_them(tmp_path):
    conf = corpus_site(tmp_path)
    assert build_in_process(conf) == []
    authors = tmp_path / "content" / "authors.toml"
    authors.write_text(authors.read_text().replace("writes.", "writes often."), encoding="utf-8")
    assert build_in_process(conf) == []
    assert canonical_tree(tree_bytes(tmp_path / "output")) == clean_build(tmp_path, "clean1")
    conf.write_text(conf.read_text() + 'SITENAME = "Another name"\n', encoding="utf-8")
    assert build_in_process(conf) == []
    built = canonical_tree(tree_bytes(tmp_path / "output"))
    assert b"Another name" in built["index.html"]
    assert built == clean_build(tmp_path, "clean2")


PLUGIN = """
from pelican import signals


def mark(content):
    content.title = content.title + " {mark}"


def register():
    signals.content_object_init.connect(mark)
"""


def test_a_plugin_change_rebuilds_what_it_changes(tmp_path):
    plugins = tmp_path / "plugins"
    (plugins / "marker").mkdir(parents=True)
    (plugins / "marker" / "__init__.py").write_text(PLUGIN.replace("{mark}", "(one)"))
    conf = corpus_site(tmp_path, PLUGIN_PATHS=[str(REPO / "plugins"), str(plugins)])
    conf.write_text(conf.read_text() + 'PLUGINS = [*PLUGINS, "marker"]\n', encoding="utf-8")
    assert build_cli(conf).returncode == 0  # new code needs a new process
    (plugins / "marker" / "__init__.py").write_text(PLUGIN.replace("{mark}", "(two)"))
    assert build_cli(conf).returncode == 0
    built = canonical_tree(tree_bytes(tmp_path / "output"))
    assert b"(two)" in built["index.html"] and b"(one)" not in built["index.html"]
    assert built == clean_build(tmp_path, in_process=False)


def test_digests_are_stable_and_tell_values_apart():
    import datetime

    from sitekit.fingerprints import Digester

    class Box:
        def __init__(self, items):
            self.items = items
            self._cache = None  # filled lazily: not part of the value

    digester = Digester()
    box = Box(list(range(20)))
    first = digester.digest(box)
    box._cache = 42
    assert digester.digest(box) == first == Digester().digest(Box(list(range(20))))
    assert Digester().digest(Box(list(range(21)))) != first
    dates = [datetime.date(2020, 1, 1)], [datetime.date(2020, 1, 2)]
    assert digester.digest(dates[0]) != digester.digest(dates[1])
    assert digester.digest([box, box]) == Digester().digest([box, box])
