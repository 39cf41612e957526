"""After an edit, feeds and per-post plugin work are done again only for what changed."""

import pytest
from pelican import signals
from sitebuild import build_in_process, canonical_tree, tree_bytes
from test_incremental import EDITS, clean_build, corpus_site, edited_post, inodes

from sitekit.build import build
from sitekit.compat import raw_content_html
from sitekit.incremental import Memory, reused
from sitekit.tracking import content_key


@pytest.fixture
def serial(monkeypatch):
    """Build in this process only, so that spies see every call."""
    monkeypatch.setenv("JOBS", "1")


def feed_writes(monkeypatch) -> list[str]:
    """Record the address of every feed file the feeds plugin renders."""
    from feeds import generator

    written = []
    for name, (suffix, mime, label, render) in list(generator.FORMATS.items()):

        def spy(info, entries, fallback, render=render):
            written.append(info.self_url.split("/feeds/", 1)[1])
            return render(info, entries, fallback)

        monkeypatch.setitem(generator.FORMATS, name, (suffix, mime, label, spy))
    return written


def test_an_edit_rewrites_only_the_feeds_that_list_the_post(tmp_path, serial, monkeypatch):
    conf = corpus_site(tmp_path)
    assert build_in_process(conf) == []
    post = edited_post(tmp_path)
    post.write_text(EDITS["body"](post.read_text(encoding="utf-8")), encoding="utf-8")
    before = inodes(tmp_path / "output")
    written = feed_writes(monkeypatch)

    assert build_in_process(conf) == []

    rebuilt = tree_bytes(tmp_path / "output")
    listing = sorted(
        path.removeprefix("feeds/")
        for path, data in rebuilt.items()
        if path.startswith("feeds/") and f"/{post.stem}/".encode() in data
    )
    assert listing and sorted(written) == listing
    after = inodes(tmp_path / "output")
    kept = [path for path in rebuilt if path.startswith("feeds/") and path[6:] not in listing]
    assert kept and all(after[path] == before[path] for path in kept)
    assert {path: rebuilt[path] for path in rebuilt if path.startswith("feeds/")} == {
        path: data for path, data in clean_build(tmp_path).items() if path.startswith("feeds/")
    }


@pytest.mark.parametrize("kept_in", ["cache", "memory"])
def test_per_post_work_is_done_again_only_for_the_edited_post(
    tmp_path, serial, monkeypatch, kept_in
):
    """``remembered`` while reading (a plugin's pass) and after planning (feeds' XML check)."""
    from feeds import generator

    conf = corpus_site(tmp_path)
    memory = Memory() if kept_in == "memory" else None
    checked, counted, seen_reused = [], [], {}

    def check_xml(article, check=generator.check_xml):
        checked.append(article.relative_source_path)
        return check(article)

    def count_words(articles_generator):
        from sitekit.incremental import remembered

        for article in articles_generator.articles:
            seen_reused[article.relative_source_path] = reused(article.settings, article)

            def compute(article=article):
                counted.append(article.relative_source_path)
                return len(raw_content_html(article).split())

            article.word_total = remembered(article.settings, "test.words", article, compute)

    monkeypatch.setattr(generator, "check_xml", check_xml)
    signals.article_generator_finalized.connect(count_words)
    try:
        assert build(conf, memory=memory) == []
        posts = sorted(checked)
        assert sorted(counted) == posts and len(posts) > 3
        assert not any(seen_reused.values())
        # The first build recorded the new posts in the lock files: what the plugin
        # computed from the previous locks is done again once.
        assert build(conf, memory=memory) == []
        assert sorted(counted) == sorted(posts * 2) and all(seen_reused.values())
        post = edited_post(tmp_path)
        post.write_text(EDITS["body"](post.read_text(encoding="utf-8")), encoding="utf-8")
        checked.clear(), counted.clear()

        assert build(conf, memory=memory) == []
    finally:
        signals.article_generator_finalized.disconnect(count_words)
    edited = str(post.relative_to(tmp_path / "content"))
    assert checked == counted == [edited]
    assert [path for path, was in seen_reused.items() if not was] == [edited]


def test_a_character_xml_forbids_is_reported_by_every_build(tmp_path):
    conf = corpus_site(tmp_path)
    assert build_in_process(conf) == []
    post = edited_post(tmp_path)
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("\n\n", "\n\nA bell\x07 rings.\n\n", 1), encoding="utf-8")
    for _ in range(2):  # the second build reads nothing again, and still says it
        problems = build_in_process(conf)
        assert len(problems) == 1 and "character U+0007 cannot appear in a feed" in problems[0]
    post.write_text(good, encoding="utf-8")
    assert build_in_process(conf) == []


def test_what_plugins_remember_is_kept_in_the_cache(tmp_path):
    from pelican.settings import read_settings

    from sitekit.incremental import State, state_file

    conf = corpus_site(tmp_path)
    assert build_in_process(conf) == []
    settings = read_settings(str(conf))
    state = State.load(state_file(settings, tmp_path / "output"), settings)
    remembered = {key for name, key in state.memos if name == "feeds.check_xml"}
    posts = sorted((tmp_path / "content" / "blog").rglob("*.md"))
    assert content_key_of(posts[0], tmp_path) in remembered
    assert len(remembered) >= len(posts)


def content_key_of(post, root) -> tuple[str, str]:
    class Article:  # content_key reads only the class name and the source path
        relative_source_path = str(post.relative_to(root / "content"))

    return content_key(Article())


def test_static_links_are_found_again_only_in_the_edited_post(tmp_path, serial, monkeypatch):
    """Each unchanged post's ``{static}`` links come from the previous build; a post that
    changes its link gets the new file copied."""
    from sitekit import compat

    conf = corpus_site(tmp_path)
    images = tmp_path / "content" / "images"
    images.mkdir(exist_ok=True)
    for name in ("one.png", "two.png"):
        (images / name).write_bytes(name.encode())
    linking, other = sorted((tmp_path / "content" / "blog").rglob("post-*.md"))[:2]
    text = linking.read_text(encoding="utf-8")
    linking.write_text(text + "\n![One]({static}/images/one.png)\n", encoding="utf-8")
    assert build_in_process(conf) == []
    assert build_in_process(conf) == []  # the first recorded new anchors: read afresh

    scanned = []
    scan = compat.static_links

    def spy(content):
        scanned.append(content.relative_source_path)
        return scan(content)

    monkeypatch.setattr(compat, "static_links", spy)
    other.write_text(EDITS["body"](other.read_text(encoding="utf-8")), encoding="utf-8")
    assert build_in_process(conf) == []
    assert scanned == [str(other.relative_to(tmp_path / "content"))]
    assert (tmp_path / "output" / "images" / "one.png").exists()

    linking.write_text(text + "\n![Two]({static}/images/two.png)\n", encoding="utf-8")
    assert build_in_process(conf) == []
    assert (tmp_path / "output" / "images" / "two.png").read_bytes() == b"two.png"
    assert canonical_tree(tree_bytes(tmp_path / "output")) == clean_build(tmp_path)


def test_related_posts_are_worked_out_again_only_when_tags_or_dates_change(
    tmp_path, serial, monkeypatch
):
    """``make serve`` keeps the related posts while edits leave every post's tags and date."""
    from navigation import plugin

    conf = corpus_site(tmp_path)
    memory = Memory()
    computed = []
    compute = plugin.related_posts

    def spy(ordered, limit, window):
        computed.append(len(ordered))
        return compute(ordered, limit, window)

    monkeypatch.setattr(plugin, "related_posts", spy)
    assert build(conf, memory=memory) == []
    post = edited_post(tmp_path)
    for edit, recomputed in (("body", False), ("tags", True), ("date", True), ("title", False)):
        computed.clear()
        post.write_text(EDITS[edit](post.read_text(encoding="utf-8")), encoding="utf-8")
        assert build(conf, memory=memory) == []
        assert bool(computed) == recomputed, edit
    assert canonical_tree(tree_bytes(tmp_path / "output")) == clean_build(tmp_path)


def test_make_serve_parses_a_lock_again_only_when_it_changed(tmp_path, serial, monkeypatch):
    import json

    from sitekit import locks

    conf = corpus_site(tmp_path)
    memory = Memory()
    assert build(conf, memory=memory) == []
    assert build(conf, memory=memory) == []  # the first recorded the new anchors
    parsed = []
    loads = json.loads

    def spy(text, *args, **kwargs):
        parsed.append(text)
        return loads(text, *args, **kwargs)

    monkeypatch.setattr(locks.json, "loads", spy)
    post = edited_post(tmp_path)
    post.write_text(EDITS["body"](post.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(conf, memory=memory) == []
    assert parsed == []
    lock = tmp_path / "content" / "anchors.lock.json"
    lock.write_text(lock.read_text(encoding="utf-8").replace("{", "{ ", 1), encoding="utf-8")
    assert build(conf, memory=memory) == []
    assert len(parsed) == 1
    assert build_in_process(conf) == []  # no memory: parsed by every build
    assert len(parsed) == 3
