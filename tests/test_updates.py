"""Dated updates: the marker, rendering, article data, the append command, errors."""

from datetime import datetime

import markdown
import pytest
from bs4 import BeautifulSoup
from post_updates.append import NotAPost, append_update, insertion_index
from post_updates.marker import parse_label
from post_updates.mdx_post_updates import PostUpdatesExtension
from sitebuild import REPO, SEED_POST, SEED_URL, build_cli, build_in_process, make_site
from test_site import page

from sitekit.errors import ContentError


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Update 2022-03-24", datetime(2022, 3, 24)),
        ("Update 2022-03-24 14:30", datetime(2022, 3, 24, 14, 30)),
        ("Update 2022-03-24T14:30", datetime(2022, 3, 24, 14, 30)),
        ("Update 2022-03-24:", datetime(2022, 3, 24)),
        ("  Update   2024-02-29  ", datetime(2024, 2, 29)),
        ("Update", None),
        ("Update:", None),
        ("Updated guidance", None),
        ("Update on hiring", None),
        ("Note 2022-03-24", None),
    ],
)
def test_parse_label(label, expected):
    assert parse_label(label) == expected


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Update 2023-02-29", 'update date "2023-02-29" is not a real date'),
        ("Update 2022-13-01", 'update date "2022-13-01" is not a real date'),
        ("Update 2022-03-24 25:00", 'update date "2022-03-24 25:00" is not a real date'),
        ("Update 24-03-2022", 'malformed update date "24-03-2022"'),
        ("Update 2022-03-24 9:30", 'malformed update date "2022-03-24 9:30"'),
    ],
)
def test_parse_label_rejects_bad_dates(label, message):
    with pytest.raises(ContentError) as caught:
        parse_label(label)
    assert caught.value.what == message


def render(text, **config):
    md = markdown.Markdown(extensions=[PostUpdatesExtension(**config)])
    return BeautifulSoup(md.convert(text), "lxml"), md.post_updates


def test_update_renders_as_a_dated_aside():
    soup, updates = render(
        "Intro.\n\n> **Update 2022-03-24**: We added *more*.\n", date_format="%d %B %Y"
    )
    aside = soup.find("aside", class_="post-update")
    assert aside["id"] == "update-2022-03-24"
    time = aside.find("time")
    assert time["datetime"] == "2022-03-24T00:00:00+00:00"
    assert time.find_parent("a")["href"] == "#update-2022-03-24"
    assert "We added" in aside.get_text()
    assert updates == [
        {
            "date": "2022-03-24T00:00:00+00:00",
            "anchor": "update-2022-03-24",
            "html": "<p>We added <em>more</em>.</p>",
        }
    ]


def test_updates_anywhere_and_two_on_one_day():
    text = "> **Update 2022-03-24**: one\n\n## Q\n\n> **Update 2022-03-24 16:00**: two\n>\n> more\n"
    soup, updates = render(text, timezone="Europe/Paris")
    assert [a["id"] for a in soup.find_all("aside")] == ["update-2022-03-24", "update-2022-03-24-2"]
    assert updates[1]["date"] == "2022-03-24T16:00:00+01:00"
    assert updates[1]["html"] == "<p>two</p>\n<p>more</p>"


def test_quote_that_merely_starts_with_update_is_left_alone():
    soup, updates = render(
        "> **Update**: no date here\n\nBetween.\n\n> Update 2022-03-24 without bold\n"
    )
    assert not soup.find("aside") and len(soup.find_all("blockquote")) == 2
    assert updates == []


def test_seed_post_update(seed_site):
    soup = page(seed_site, SEED_URL)
    aside = soup.select_one("aside.post-update")
    assert aside["id"] == "update-2022-03-24"
    assert aside.find("time")["datetime"].startswith("2022-03-24")
    updated = soup.select_one(".post-header a.updated-link")
    assert updated["href"] == "#update-2022-03-24"
    assert updated.get_text(" ", strip=True) == "Updated 24 March 2022"
    assert soup.find("meta", property="article:modified_time")["content"].startswith("2022-03-24")
    archive = BeautifulSoup((seed_site / "archives" / "index.html").read_text(), "lxml")
    assert archive.select_one(".archive-list .updated-mark")


def test_article_data(tmp_path):
    from pelican import signals

    seen = []

    def keep(generator):
        seen.extend(generator.articles)

    signals.article_generator_finalized.connect(keep)
    try:
        assert build_in_process(make_site(tmp_path)) == []
    finally:
        signals.article_generator_finalized.disconnect(keep)
    (article,) = seen
    assert [u.anchor for u in article.updates] == ["update-2022-03-24"]
    assert article.updates[0].date.tzinfo is not None
    assert article.modified == article.updates[0].date
    assert "We’ve added extra questions" in article.updates[0].html


def test_two_updates_in_a_row_are_two_asides():
    soup, updates = render("> **Update 2022-03-24**: one\n\n> **Update 2022-03-25**: two\n")
    assert [a["id"] for a in soup.find_all("aside")] == ["update-2022-03-24", "update-2022-03-25"]
    assert not soup.find("blockquote")


def test_quote_before_an_update_stays_a_quote():
    soup, _ = render("> Someone said this.\n>\n> **Update 2022-03-24**: and we answered.\n")
    assert "Someone said this." in soup.find("blockquote").get_text()
    assert "and we answered" in soup.find("aside").get_text()


SEED = (REPO / "content" / SEED_POST).read_text(encoding="utf-8")


def test_append_places_the_update_after_the_last_one(tmp_path):
    post = tmp_path / "blog" / "post.md"
    post.parent.mkdir()
    post.write_text(SEED, encoding="utf-8")
    line = append_update(post, "Fixed a typo.", "2022-04-01", [tmp_path / "blog"])
    after = post.read_text(encoding="utf-8")
    lines = after.splitlines()
    assert lines[line - 1] == "> **Update 2022-04-01**: Fixed a typo."
    assert lines[line - 3].startswith("> **Update 2022-03-24**")
    assert after.replace("> **Update 2022-04-01**: Fixed a typo.\n\n", "", 1) == SEED


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("Title: T\nDate: 2022-01-01\n\nIntro.\n\n## Q\n\nA.\n", 5),
        ("Title: T\n\nIntro.\n\n```\n## not a heading\n```\n", 7),
        ("Title: T\n\nIntro\n\n> **Update 2022-01-02**: a\n> b\n\n## Q\n", 6),
    ],
)
def test_insertion_index(text, index):
    assert insertion_index(text.splitlines(keepends=True)) == index


def test_append_refuses_what_is_not_a_post(tmp_path):
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "notes.txt").write_text("x")
    (blog / "no-title.md").write_text("Just text\n")
    (tmp_path / "outside.md").write_text("Title: x\n\nBody\n")
    for name in ("blog/notes.txt", "blog/no-title.md", "outside.md", "blog/missing.md"):
        with pytest.raises(NotAPost):
            append_update(tmp_path / name, "text", "2022-04-01", [blog])


def test_make_update_then_rebuild_shows_two_updates(tmp_path):
    import subprocess
    import sys

    conf = make_site(tmp_path)
    post = tmp_path / "content" / SEED_POST
    result = subprocess.run(
        [sys.executable, "-m", "post_updates.append", str(post), "A second update.",
         "--date", "2022-04-02", "--settings", str(conf)],
        capture_output=True, text=True, cwd=REPO,
        env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert build_cli(conf).returncode == 0
    soup = page(tmp_path / "output", SEED_URL)
    assert [a["id"] for a in soup.select("aside.post-update")] == [
        "update-2022-03-24",
        "update-2022-04-02",
    ]
    assert soup.select_one("a.updated-link")["href"] == "#update-2022-04-02"
