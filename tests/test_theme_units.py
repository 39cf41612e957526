"""The theme's plugins piece by piece: page-only transforms, image sizes, neighbours,
reading time, brand colours, sharing data, the generated Pygments stylesheet."""

import runpy
import struct
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from brand import colours
from brand.plugin import read_brand
from brand.sharing import blog_posting, share_image_path, site_path
from bs4 import BeautifulSoup
from navigation.imagesize import image_size
from navigation.neighbours import chronological, link_neighbours, related_posts
from navigation.plugin import read_options
from navigation.reading import minutes, word_count
from navigation.transforms import (
    after_each_answer,
    before_first_question,
    initials,
    link_label,
    readable_html,
)
from sitebuild import REPO
from theme_site import png

from sitekit.errors import ContentError

Q = SimpleNamespace


def soup(html):
    return BeautifulSoup(html, "lxml")


# Page-only transforms -------------------------------------------------------------

QA = (
    '<p>Intro.</p>\n<aside class="post-update" id="update-2022-03-24"><p>Update</p></aside>\n'
    '<h2 id="one">One?<a class="anchor-link" href="#one">#</a></h2>\n<p>A1</p>\n'
    '<h3 id="sub">Sub</h3>\n<p>A1b</p>\n'
    '<h2 id="two">Two?</h2>\n<p>A2</p>\n'
    '<div class="footnote">\n<hr>\n<ol><li id="fn:1">Note</li></ol>\n</div>\n'
)
QUESTIONS = [Q(id="one"), Q(id="two")]


def test_index_goes_after_the_intro_and_its_update():
    html = before_first_question(QA, QUESTIONS, "<nav>INDEX</nav>")
    assert html.index("update-2022-03-24") < html.index("<nav>INDEX</nav>") < html.index('id="one"')
    assert html.count("INDEX") == 1
    assert before_first_question(QA, [], "<nav>INDEX</nav>") == QA


def test_index_goes_first_when_its_question_is_not_found():
    assert before_first_question("<p>x</p>", [Q(id="gone")], "<nav/>") == "<nav/><p>x</p>"


def test_back_link_after_each_answer_before_the_footnotes():
    html = after_each_answer(QA, QUESTIONS, "<p>BACK</p>")
    assert html.count("BACK") == 2
    # after answer one (including its sub-question), right before question two
    assert html.index("A1b") < html.index("BACK") < html.index('id="two"')
    # after the last answer, before the footnotes
    assert html.rindex("A2") < html.rindex("BACK") < html.index('class="footnote"')
    assert after_each_answer(QA, [], "<p>BACK</p>") == QA


def test_no_back_link_after_a_heading_that_is_not_a_question():
    html = '<h2 id="one">One</h2><p>A</p><h2 id="aside">Not indexed</h2><p>B</p>'
    result = after_each_answer(html, [Q(id="one")], "<p>BACK</p>")
    assert (
        result == '<h2 id="one">One</h2><p>A</p><p>BACK</p><h2 id="aside">Not indexed</h2><p>B</p>'
    )


def test_tables_scroll_in_a_focusable_region():
    html = readable_html("<p>a</p><table><tr><td>x</td></tr></table>tail<table></table>")
    regions = soup(html).select("div.table-scroll")
    assert len(regions) == 2
    assert regions[0]["role"] == "region" and regions[0]["tabindex"] == "0"
    assert [r["aria-label"] for r in regions] == ["Table 1", "Table 2"]
    assert regions[0].find("table").td.get_text() == "x"
    assert "</div>tail" in html  # the text after the table stays after it
    assert len(soup(readable_html(html)).select("div.table-scroll")) == 2  # wrapped once
    captioned = readable_html("<table><caption>Costs</caption><tr><td>1</td></tr></table>")
    assert soup(captioned).select_one("div.table-scroll")["aria-label"] == "Costs"


def test_numbered_code_is_not_a_data_table():
    html = readable_html(
        '<div class="highlight"><table class="highlighttable"><tr><td class="linenos">'
        '<div class="linenodiv"><pre>1</pre></div></td><td class="code"><div><pre>a</pre>'
        "</div></td></tr></table></div><table><tr><td>data</td></tr></table>"
    )
    page = soup(html)
    assert page.select_one("div.highlight")["tabindex"] == "0"  # scrolls as a whole
    assert not page.select("table.highlighttable pre[tabindex]")
    (region,) = page.select("div.table-scroll")
    assert region["aria-label"] == "Table 1" and region.td.get_text() == "data"


def test_code_becomes_focusable_and_frames_get_a_title():
    html = readable_html(
        '<div class="highlight"><pre><span>x</span></pre></div>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>'
        '<iframe src="about:blank" title="Mine"></iframe>'
    )
    page = soup(html)
    assert page.pre["tabindex"] == "0"
    frames = page.find_all("iframe")
    assert frames[0]["title"] == "Embedded content from www.youtube-nocookie.com"
    assert frames[1]["title"] == "Mine"


def test_images_get_their_size_when_known():
    sizes = {"/a.png": (640, 360)}
    html = readable_html(
        '<img src="/a.png" alt="a"><img src="/b.png" alt="b"><img src="/a.png" width="10" alt="c">',
        sizes.get,
    )
    first, second, third = soup(html).find_all("img")
    assert (first["width"], first["height"]) == ("640", "360")
    assert not second.get("width")
    assert third["width"] == "10" and not third.get("height")


def test_html_without_tables_code_images_or_frames_is_returned_as_is():
    html = "<p>Just <em>text</em> &amp; more</p>"
    assert readable_html(html) is html


@pytest.mark.parametrize(
    "name, expected",
    [("Chris Holdgraf", "CH"), ("ada lovelace byron", "AB"), ("2i2c", "2i"), ("", "")],
)
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(
    "url, label",
    [
        ("https://2i2c.org/team/", "2i2c.org/team"),
        ("https://www.example.org/", "example.org"),
        ("http://example.org/a?b=1", "example.org/a?b=1"),
        ("mailto:ada@example.org", "mailto:ada@example.org"),
    ],
)
def test_link_label(url, label):
    assert link_label(url) == label


# Image sizes -------------------------------------------------------------------


def jpeg(width, height):
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


@pytest.mark.parametrize(
    "name, data, size",
    [
        ("a.png", png(7, 5), (7, 5)),
        ("a.gif", b"GIF89a" + struct.pack("<HH", 33, 22) + b"\x00" * 8, (33, 22)),
        ("a.jpg", jpeg(320, 200), (320, 200)),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (99).to_bytes(3, "little")
         + (49).to_bytes(3, "little"), (100, 50)),
        ("a.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="96" height="48px">', (96, 48)),
        ("b.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3">', None),
        ("c.svg", b'<svg width="50%" height="10">', None),
        ("a.txt", b"not an image", None),
    ],
)  # fmt: skip
def test_image_size(tmp_path, name, data, size):
    path = tmp_path / name
    path.write_bytes(data)
    assert image_size(path) == size


def test_image_size_of_a_missing_file_is_unknown(tmp_path):
    assert image_size(tmp_path / "none.png") is None


# Neighbours, related posts, reading time ------------------------------------------

START = datetime(2020, 1, 1, tzinfo=UTC)


def post(n, *tags, days=None):
    return Q(
        title=f"p{n}",
        date=START + timedelta(days=n if days is None else days),
        source_path=f"p{n:03d}.md",
        tags=[Q(slug=tag) for tag in tags],
    )


def test_previous_and_next_follow_dates_not_list_order():
    posts = [post(2), post(0), post(1)]
    ordered = chronological(posts)
    link_neighbours(ordered)
    assert [p.title for p in ordered] == ["p0", "p1", "p2"]
    assert ordered[0].prev_article is None and ordered[0].next_article is ordered[1]
    assert ordered[2].prev_article is ordered[1] and ordered[2].next_article is None


def test_related_posts_prefer_more_shared_tags_then_nearer_dates():
    posts = chronological(
        [post(0, "a", "b"), post(1, "a"), post(2, "a", "b"), post(3, "c"), post(40, "a", "b")]
    )
    related = related_posts(posts, limit=3, window=10)
    first = [p.title for p in related[id(posts[0])]]
    assert first == ["p2", "p40", "p1"]  # two shared tags beat one; nearer first
    assert related[id(posts[3])] == []  # no shared tag, nothing related
    assert all(posts[i] not in related[id(posts[i])] for i in range(len(posts)))


def test_related_posts_only_look_near_each_post_in_its_tags():
    """A tag on every post: each post compares only 2 × window neighbours."""
    posts = chronological([post(n, "everywhere") for n in range(500)])
    related = related_posts(posts, limit=50, window=5)
    assert len(related[id(posts[250])]) == 10
    assert {p.title for p in related[id(posts[250])]} == {f"p{n}" for n in range(245, 256)} - {
        "p250"
    }
    assert len(related[id(posts[0])]) == 5


def test_reading_time():
    words = " ".join(["word"] * 461)
    assert word_count(f"<p>{words}</p><p class='x'>and</p>") == 462
    assert minutes(word_count(f"<p>{words}</p>"), 230) == 3  # 461 / 230, rounded up
    assert minutes(word_count("<p></p>"), 230) == 1


def test_words_are_counted_as_markdown_converts_the_post():
    import markdown
    from navigation.mdx_words import META_KEY, WordCountExtension

    md = markdown.Markdown(extensions=["extra", WordCountExtension()])
    html = md.convert("Some *emphasised* words.\n\n<div markdown>and [a link](x)</div>\n")
    assert md.Meta[META_KEY] == [word_count(html)] == [6]


def test_navigation_settings_are_checked():
    assert read_options({})["NAVIGATION_RELATED"] == 3
    with pytest.raises(ContentError, match="NAVIGATION_WORDS_PER_MINUTE"):
        read_options({"NAVIGATION_WORDS_PER_MINUTE": 0})
    with pytest.raises(ContentError, match="unknown setting NAVIGATION_RELATD"):
        read_options({"NAVIGATION_RELATD": 2})


# Brand ------------------------------------------------------------------------


def test_contrast_ratios():
    white, black = colours.parse("#fff"), colours.parse("#000000")
    assert colours.contrast(white, black) == pytest.approx(21)
    assert colours.contrast(white, white) == pytest.approx(1)
    assert colours.parse("blue") is None and colours.parse("#12345") is None


def test_brand_meets_aa_in_both_schemes():
    brand = read_brand({"BRAND_COLOR": "#5B2D90"})
    assert brand.color == "#5b2d90"
    light, dark = colours.parse(colours.LIGHT_BACKGROUND), colours.parse(colours.DARK_BACKGROUND)
    assert colours.contrast(colours.parse(brand.color), light) >= 4.5
    assert colours.contrast(colours.parse(brand.color), colours.parse(brand.on_color)) >= 4.5
    assert colours.contrast(colours.parse(brand.link_dark), dark) >= 4.5
    assert brand.link_dark != brand.color


@pytest.mark.parametrize(
    "value, message",
    [
        ("#ffcc00", "BRAND_COLOR #ffcc00 has contrast 1.5:1 with white"),
        ("purple", "BRAND_COLOR 'purple' is not a colour"),
        (42, "setting BRAND_COLOR is 42"),
    ],
)
def test_a_brand_colour_that_fails_aa_stops_the_build(value, message):
    with pytest.raises(ContentError) as caught:
        read_brand({"BRAND_COLOR": value})
    assert str(caught.value).startswith(message)


def test_the_css_knows_the_backgrounds_the_brand_is_checked_against():
    css = (REPO / "theme" / "static" / "css" / "site.css").read_text()
    assert f"--bg: {colours.LIGHT_BACKGROUND};" in css
    assert f"--bg: {colours.DARK_BACKGROUND};" in css


# Sharing ----------------------------------------------------------------------


def article(**extra):
    fields = dict(
        title="A <title> & more",
        summary="<p>The summary.</p>",
        url="blog/2023/post/",
        date=datetime(2023, 1, 2, tzinfo=UTC),
        metadata={},
        content="<p>x</p>",
        author_records=[Q(name="Ada Example", slug="ada-example", role="Lead")],
        settings={"AUTHOR_URL": "authors/{slug}/"},
        category="notes",
        tags=["a", "b"],
        lang="en",
    )
    fields.update(extra)
    return Q(**fields)


def test_share_image_cover_then_first_image_then_default():
    base = "https://blog.example.org"
    with_cover = article(metadata={"cover": "cover.png"}, content='<img src="/x.png">')
    assert share_image_path(with_cover, base, "d.png") == "blog/2023/post/cover.png"
    with_image = article(content=f'<p><img alt="" src="{base}/images/a&amp;b.png"></p>')
    assert share_image_path(with_image, base, "d.png") == "images/a&b.png"
    assert share_image_path(article(), base, "d.png") == "d.png"
    assert (
        site_path("https://cdn.example.net/i.png", "blog/", base) == "https://cdn.example.net/i.png"
    )


def test_blog_posting_data():
    absolute = "https://blog.example.org/{}".format
    updated = datetime(2023, 3, 4, 5, 6, tzinfo=UTC)
    data = blog_posting(
        article(modified=updated), absolute, image="i.png", logo="l.svg", publisher="2i2c"
    )
    assert data["@type"] == "BlogPosting" and data["@context"] == "https://schema.org"
    assert data["headline"] == "A <title> & more"  # text, as written
    assert data["description"] == "The summary."
    assert data["datePublished"] == "2023-01-02T00:00:00+00:00"
    assert data["dateModified"] == "2023-03-04T05:06:00+00:00"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ada Example",
            "url": "https://blog.example.org/authors/ada-example/",
            "jobTitle": "Lead",
        }
    ]
    assert data["publisher"]["logo"]["url"] == "https://blog.example.org/l.svg"
    unchanged = blog_posting(article(), absolute, image="i.png", logo="l.svg", publisher="2i2c")
    assert unchanged["dateModified"] == unchanged["datePublished"]


# Code colours -----------------------------------------------------------------


def test_pygments_stylesheet_is_up_to_date_and_covers_both_schemes():
    generator = runpy.run_path(str(REPO / "theme" / "pygments_css.py"))
    committed = (REPO / "theme" / "static" / "css" / "pygments.css").read_text()
    assert committed == generator["stylesheet"](), "run .venv/bin/python theme/pygments_css.py"
    light, dark = committed.split("@media (prefers-color-scheme: dark) {")

    def coloured(rules: str) -> set[str]:
        return {
            selector
            for line in rules.splitlines()
            if "color:" in line
            for selector in line.strip().split("{")[0].split(",")
        }

    assert ".highlight .k" in coloured(light) and ".highlight .k" in coloured(dark)
    # every token the light style colours is coloured again for the dark scheme
    assert coloured(light) <= coloured(dark)


def test_date_text_is_strftime_once_per_date_and_zone():
    import datetime
    from zoneinfo import ZoneInfo

    from navigation.transforms import date_text
    from pelican.utils import SafeDatetime

    utc = SafeDatetime(2024, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    tokyo = utc.astimezone(ZoneInfo("Asia/Tokyo"))  # the same instant, the next day there
    assert utc == tokyo
    assert date_text(utc, "%a %d %B %Y") == "Fri 01 March 2024"
    assert date_text(tokyo, "%a %d %B %Y") == "Sat 02 March 2024"
    plain = datetime.datetime(2024, 3, 5)
    assert date_text(SafeDatetime(2024, 3, 5), "%-d %b") == "5 Mar"  # Pelican's own %-d
    assert date_text(plain, "%Y") == "2024"
    from dateutil.tz import tzoffset  # what Pelican gives a date with an offset: unhashable

    assert date_text(SafeDatetime(2024, 3, 5, tzinfo=tzoffset(None, 3600)), "%H %z") == "00 +0100"
