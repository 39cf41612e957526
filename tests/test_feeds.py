"""Feeds read with real clients: feedparser, and the reader library over HTTP."""

import json
import time
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from post_updates.append import append_update
from sitebuild import SEED_POST, SEED_URL, build_in_process, make_site, serve, tree_bytes

SITE = "https://blog.example.org"
POST_URL = f"{SITE}/{SEED_URL}"
POST_ID = "tag:2i2c.org,2022-03-22:/blog/2022/product-community-lead-drop-in-notes/"
FEEDS = [
    "feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/updates.atom.xml",
    "feeds/categories/updates.atom.xml", "feeds/categories/updates.rss.xml",
    "feeds/authors/chris-holdgraf.atom.xml", "feeds/authors/chris-holdgraf.rss.xml",
    "feeds/tags/hiring.atom.xml", "feeds/tags/hiring.rss.xml",
    "feeds/tags/community.atom.xml", "feeds/tags/community.rss.xml",
]  # fmt: skip


@pytest.mark.parametrize("path", FEEDS)
def test_every_feed_parses_cleanly(published_site, path):
    parsed = feedparser.parse((published_site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    assert parsed.feed.updated_parsed[:3] == (2022, 3, 24)


def test_pelican_feeds_are_off_and_ours_are_on(published_site):
    written = {
        str(p.relative_to(published_site))
        for p in (published_site / "feeds").rglob("*")
        if p.is_file()
    }
    # feeds/index.html is the feeds page (the theme's subscribe.html); no XSL any more
    assert set(FEEDS) | {"feeds/all.json", "feeds/index.html"} == written


def test_atom_entry(published_site):
    feed = feedparser.parse((published_site / "feeds/all.atom.xml").read_bytes())
    assert feed.feed.title == "2i2c Blog"
    assert feed.feed.subtitle
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": f"{SITE}/feeds/all.atom.xml", "alternate": f"{SITE}/"}
    assert feed.feed.language == "en"
    assert feed.feed.icon.startswith(SITE)
    (entry,) = feed.entries
    assert entry.id == POST_ID
    assert entry.link == POST_URL
    assert entry.author == "Chris Holdgraf"
    assert entry.author_detail.href == f"{SITE}/authors/chris-holdgraf/"
    assert {t.term for t in entry.tags} == {"updates", "hiring", "community"}
    assert entry.published.startswith("2022-03-22") and entry.updated.startswith("2022-03-24")
    assert entry.summary
    content = entry.content[0].value
    assert 'href="https://team-compass.2i2c.org/en/latest/get-started.html"' in content
    assert f'href="{POST_URL}#update-2022-03-24"' in content
    assert "anchor-link" not in content and "anchor-alias" not in content
    assert 'href="/' not in content and 'href="#' not in content


def test_rss_item(published_site):
    feed = feedparser.parse((published_site / "feeds/all.rss.xml").read_bytes())
    (item,) = feed.entries
    assert item.id == POST_ID and item.guidislink is False
    assert item.author == "Chris Holdgraf"  # dc:creator
    assert feed.feed.link == f"{SITE}/"
    raw = (published_site / "feeds/all.rss.xml").read_text()
    assert '<guid isPermaLink="false">' + POST_ID in raw
    assert "<dc:creator>Chris Holdgraf</dc:creator>" in raw


def test_json_feed_1_1(published_site):
    feed = json.loads((published_site / "feeds/all.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"] == f"{SITE}/feeds/all.json"
    (item,) = feed["items"]
    assert item["id"] == POST_ID and item["url"] == POST_URL
    assert item["date_published"].startswith("2022-03-22")
    assert item["date_modified"].startswith("2022-03-24")
    assert item["authors"] == [{"name": "Chris Holdgraf", "url": f"{SITE}/authors/chris-holdgraf/"}]
    assert "<" not in item["summary"]
    assert f'href="{POST_URL}#update-2022-03-24"' in item["content_html"]


def test_updates_feed_has_one_entry_per_update(published_site):
    feed = feedparser.parse((published_site / "feeds/updates.atom.xml").read_bytes())
    (entry,) = feed.entries
    assert entry.id == f"{POST_ID}#update-2022-03-24"
    assert entry.link == f"{POST_URL}#update-2022-03-24"
    assert "We’ve added extra questions" in entry.content[0].value
    assert f'href="{POST_URL}"' in entry.content[0].value


def test_feeds_send_people_to_the_feeds_page_without_xslt(published_site):
    for path in ("feeds/all.atom.xml", "feeds/categories/updates.rss.xml"):
        document = etree.parse(str(published_site / path))
        before_root = document.getroot().getprevious()
        assert isinstance(before_root, etree._Comment)
        assert "This is a web feed" in before_root.text
        assert f"{SITE}/feeds/" in before_root.text
        assert b"xml-stylesheet" not in (published_site / path).read_bytes()
    assert (published_site / "feeds/index.html").exists()


def test_pages_link_their_feeds(published_site):
    index = (published_site / "index.html").read_text()
    for path, mime in (
        ("all.atom.xml", "atom+xml"),
        ("all.rss.xml", "rss+xml"),
        ("all.json", "feed+json"),
    ):
        assert f'type="application/{mime}"' in index and f'/feeds/{path}"' in index
    category = (published_site / "categories/updates/index.html").read_text()
    assert f'href="{SITE}/feeds/categories/updates.atom.xml"' in category
    assert (
        f'href="{SITE}/feeds/tags/hiring.rss.xml"'
        in (published_site / "tags/hiring/index.html").read_text()
    )
    assert (
        "/feeds/authors/chris-holdgraf.atom.xml"
        in (published_site / "authors/chris-holdgraf/index.html").read_text()
    )


def publish_site(tmp_path, **settings):
    return make_site(tmp_path, base="publishconf", SITEURL=SITE, FEED_DOMAIN=SITE, **settings)


def feed_ids(output: Path) -> set[str]:
    return {e.id for e in feedparser.parse((output / "feeds/all.atom.xml").read_bytes()).entries}


def test_ids_survive_slug_and_domain_changes(tmp_path):
    conf = make_site(
        tmp_path, base="publishconf", SITEURL="https://new-home.example", FEED_DOMAIN="https://new-home.example",
        ARTICLE_URL="posts/{slug}-moved/", ARTICLE_SAVE_AS="posts/{slug}-moved/index.html",
    )  # fmt: skip
    assert build_in_process(conf) == []
    assert feed_ids(tmp_path / "output") == {POST_ID}


def test_post_can_pin_its_id(tmp_path):
    source = Path(__file__).parents[1] / "content" / SEED_POST
    text = source.read_text().replace(
        "Author: Chris Holdgraf\n", "Author: Chris Holdgraf\nFeed-Id: urn:uuid:1234\n"
    )
    conf = make_site(tmp_path, files={SEED_POST: text})
    assert build_in_process(conf) == []
    assert feed_ids(tmp_path / "output") == {"urn:uuid:1234"}


def old_post(days_after: int) -> str:
    return (
        f"Title: Old post\nDate: 2020-01-0{days_after}\nAuthor: Chris Holdgraf\nCategory: notes\n\n"
        'Intro.\n\n## A question\n\n<img src="../pic.png" srcset="../pic.png 1x, ../pic@2x.png 2x" alt="pic">\n'
    )


def test_recently_updated_old_post_returns_to_the_feed(tmp_path):
    files = {f"blog/2020/old-{n}.md": old_post(n) for n in range(1, 4)}
    files.update({"blog/pic.png": b"png", "blog/pic@2x.png": b"png"})
    conf = make_site(tmp_path, files=files, FEED_MAX_ITEMS=2)
    assert build_in_process(conf) == []
    titles = [
        e.title
        for e in feedparser.parse((tmp_path / "output/feeds/all.atom.xml").read_bytes()).entries
    ]
    assert len(titles) == 2 and titles[0].startswith("Notes from our drop-in")
    append_update(
        tmp_path / "content/blog/2020/old-1.md",
        "Revised.",
        "2026-11-01",
        [tmp_path / "content/blog"],
    )
    assert build_in_process(conf) == []
    entries = feedparser.parse((tmp_path / "output/feeds/all.atom.xml").read_bytes()).entries
    assert [e.title for e in entries][0] == "Old post"
    assert entries[0].published.startswith("2020-01-01")
    # feedparser's sanitizer drops srcset, so read the entry's raw content.
    atom = etree.parse(str(tmp_path / "output/feeds/all.atom.xml"))
    content = atom.find(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content"
    ).text
    assert 'src="http://127.0.0.1:8000/blog/2020/pic.png"' in content
    assert (
        'srcset="http://127.0.0.1:8000/blog/2020/pic.png 1x, http://127.0.0.1:8000/blog/2020/pic@2x.png 2x"'
        in content
    )


def test_websub_hub_link(tmp_path):
    conf = publish_site(tmp_path, FEEDS_WEBSUB_HUB="https://hub.example/")
    assert build_in_process(conf) == []
    feed = feedparser.parse((tmp_path / "output/feeds/all.atom.xml").read_bytes())
    assert {"rel": "hub", "href": "https://hub.example/"}.items() <= {
        k: v for link in feed.feed.links if link.rel == "hub" for k, v in link.items()
    }.items()
    assert (
        json.loads((tmp_path / "output/feeds/all.json").read_text())["hubs"][0]["url"]
        == "https://hub.example/"
    )


def test_two_builds_write_identical_feeds(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        assert build_in_process(publish_site(root)) == []
    assert tree_bytes(one / "output" / "feeds") == tree_bytes(two / "output" / "feeds")


def test_control_characters_stop_the_build(tmp_path):
    source = Path(__file__).parents[1] / "content" / SEED_POST
    text = source.read_text().replace("Term for this position", "Term for this\x07 position")
    conf = make_site(tmp_path, files={SEED_POST: text})
    problems = build_in_process(conf)
    assert len(problems) == 1
    assert problems[0].endswith(
        "product-community-lead-drop-in-notes.md:79: character U+0007 cannot appear in a feed"
        " (XML forbids it) — delete it from the post"
    )


@pytest.fixture
def served(tmp_path):
    """Serve ``tmp_path/output`` on 127.0.0.1; yield (site dir, base URL)."""
    (tmp_path / "output").mkdir()
    with serve(tmp_path / "output") as base:
        yield tmp_path, base


def test_reader_sees_an_update_as_a_change_not_a_new_entry(served):
    from reader import make_reader

    root, base = served
    conf = make_site(root, base="publishconf", SITEURL=base, FEED_DOMAIN=base)
    assert build_in_process(conf) == []
    reader = make_reader(str(root / "reader.sqlite"))
    all_url, updates_url = f"{base}/feeds/all.atom.xml", f"{base}/feeds/updates.atom.xml"
    reader.add_feed(all_url)
    reader.add_feed(updates_url)
    reader.update_feeds()
    (before,) = reader.get_entries(feed=all_url)
    assert before.id == POST_ID
    assert len(list(reader.get_entries(feed=updates_url))) == 1

    append_update(
        root / "content" / SEED_POST,
        "We fixed the **time zone** answer.",
        "2022-05-01",
        [root / "content/blog"],
    )
    time.sleep(1.1)  # the server's Last-Modified has one-second resolution
    assert build_in_process(conf) == []
    reader.update_feeds(scheduled=False)  # as a reader does once its interval has passed
    (after,) = reader.get_entries(feed=all_url)
    assert after.id == before.id
    assert after.updated.isoformat().startswith("2022-05-01")
    assert "We fixed the <strong>time zone</strong> answer." in after.content[0].value
    updates = list(reader.get_entries(feed=updates_url))
    assert len(updates) == 2
    assert f"{POST_ID}#update-2022-05-01" in {entry.id for entry in updates}
    reader.close()


def test_make_lock_records_new_entry_ids(tmp_path):
    from sitekit.lock import main as record_lock

    files = {
        "blog/2024/fresh.md": "Title: Fresh\nDate: 2024-05-06\nAuthor: Chris Holdgraf\n\nNew.\n"
    }
    conf = make_site(tmp_path, files=files)
    assert record_lock([str(conf)]) == 0
    lock = json.loads((tmp_path / "content" / "feed-ids.lock.json").read_text())["entries"]
    assert lock["blog/2024/fresh.md"] == "tag:2i2c.org,2024-05-06:/blog/2024/fresh/"
    assert lock[SEED_POST] == POST_ID
    # The recorded id outlives a new slug.
    post = tmp_path / "content" / "blog/2024/fresh.md"
    post.write_text(post.read_text().replace("Title: Fresh\n", "Title: Fresh\nSlug: renamed\n"))
    assert build_in_process(conf) == []
    assert "tag:2i2c.org,2024-05-06:/blog/2024/fresh/" in feed_ids(tmp_path / "output")
