"""The theme as built HTML: content styling, brand, the Q&A layout, navigation, author
pages, the feeds page, sharing metadata and page weight, on a site that uses them all."""

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitebuild import SEED_URL, build_cli, build_in_process, make_site
from theme_site import (
    CHART_SIZE,
    ESCAPE_URL,
    PAGE_TYPES,
    PLAIN_URL,
    SECOND_URL,
    STYLE_URL,
    build_theme_site,
)

SITE = "https://blog.example.org"
BUDGET = 30 * 1024  # each page's own CSS and JS, in bytes
#: schema.org properties of BlogPosting (and the types its values take) that we write.
BLOG_POSTING = {
    "@context", "@type", "headline", "description", "datePublished", "dateModified",
    "author", "publisher", "image", "url", "mainEntityOfPage", "inLanguage",
    "articleSection", "keywords",
}  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_theme_site(tmp_path_factory.mktemp("theme"), SITE)


def page(output: Path, path: str) -> BeautifulSoup:
    path = path.split("?")[0]
    file = output / path if path.endswith(".html") else output / path / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


def meta(soup, key):
    tag = soup.find("meta", property=key) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def visible_text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def all_pages(output):
    return sorted(p for p in output.rglob("*.html") if "pagefind" not in p.parts)


# Content styling ------------------------------------------------------------------


def test_tables_scroll_sideways_in_their_own_region(site):
    content = page(site, STYLE_URL).select_one(".post-content")
    (region,) = content.select("div.table-scroll")
    assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-label"]
    assert [th.get_text() for th in region.select("table th")][:2] == ["Step", "What happens"]
    assert "Cloud account setup" in region.get_text()
    css = (site / "theme/css/site.css").read_text()
    assert re.search(r"\.table-scroll \{[^}]*overflow-x: auto", css)
    assert re.search(r"th, td \{[^}]*padding:[^}]*border-bottom: 1px solid", css)


def test_code_has_colours_for_both_schemes_a_background_and_a_copy_button(site):
    soup = page(site, STYLE_URL)
    block = soup.select_one(".post-content div.highlight")
    assert block.pre["tabindex"] == "0"
    assert block.select_one("span.k").get_text() == "def"  # Pygments marked the keyword
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert f"{SITE}/theme/css/pygments.css" in stylesheets
    pygments = (site / "theme/css/pygments.css").read_text()
    assert ".highlight .k" in pygments and "prefers-color-scheme: dark" in pygments
    css = (site / "theme/css/site.css").read_text()
    assert re.search(r"\.highlight \{[^}]*background: var\(--code-bg\)", css)
    script = (site / "theme/js/reader.js").read_text()
    assert "copy-code" in script and "navigator.clipboard.writeText" in script
    assert soup.find("script", src=f"{SITE}/theme/js/reader.js")
    # a post without code does not load the code colours
    seed = page(site, SEED_URL)
    assert f"{SITE}/theme/css/pygments.css" not in [
        link["href"] for link in seed.find_all("link", rel="stylesheet")
    ]


def test_figures_quotes_footnotes_definitions_and_video(site):
    content = page(site, STYLE_URL).select_one(".post-content")
    figure = content.find("figure")
    assert figure.img["alt"] and figure.figcaption.get_text() == "Hub usage per month, 2023."
    assert "plain quotation" in content.find("blockquote").get_text()
    footnote = content.select_one("div.footnote li[id^='fn']")
    assert "Footnotes render" in footnote.get_text()
    assert footnote.select_one("a.footnote-backref")
    assert [dt.get_text() for dt in content.select("dl dt")] == ["Hub", "Community"]
    assert content.iframe["title"] == "Embedded content"
    css = (site / "theme/css/site.css").read_text()
    for rule in (r"figcaption \{", r"blockquote \{", r"\.footnote \{", r"dt \{",
                 r"iframe \{[^}]*aspect-ratio: 16 / 9"):  # fmt: skip
        assert re.search(rule, css), rule


def test_what_the_hugo_import_makes_is_styled_too(site):
    content = page(site, STYLE_URL).select_one(".post-content")
    numbered = content.select_one("table.highlighttable")
    assert numbered.parent["class"] == ["highlight"] and numbered.parent["tabindex"] == "0"
    assert not numbered.find_parent(class_="table-scroll")  # code, not a data table
    assert numbered.select_one("td.code .hll")  # the highlighted line
    assert len(content.select("div.table-scroll")) == 1
    assert content.select_one(".callout.callout-warning .callout-title")
    assert content.select_one("blockquote.pull-quote footer")
    assert content.select_one("figure.video iframe")["title"] == "A talk about hubs"
    assert content.select_one("p.cta a.button")
    assert content.select_one("details > summary").get_text() == "More details"
    css = (site / "theme/css/site.css").read_text()
    for rule in (r"\.highlighttable td \{", r"\.linenos pre \{", r"\.callout \{",
                 r"\.callout-warning", r"blockquote\.pull-quote \{", r"\.cta \.button \{",
                 r"\.post-content details \{", r"figure\.video video \{"):  # fmt: skip
        assert re.search(rule, css), rule
    pygments = (site / "theme/css/pygments.css").read_text()
    assert pygments.count(".highlight .hll{background-color:") == 2  # light and dark


def test_images_never_overflow_and_local_ones_have_their_size(site):
    css = (site / "theme/css/site.css").read_text()
    assert re.search(r"img, video \{ max-width: 100%; height: auto; \}", css)
    images = page(site, STYLE_URL).select(".post-content img")
    assert len(images) == 2
    for image in images:
        assert (image["width"], image["height"]) == tuple(str(n) for n in CHART_SIZE)
    for path in all_pages(site):
        for image in BeautifulSoup(path.read_text(), "lxml").find_all("img"):
            assert image.get("width") and image.get("height"), f"{path}: {image}"


def test_the_feeds_get_the_content_as_written(site):
    """Page-only transforms: the feed entries carry none of the theme's markup."""
    feed = feedparser.parse((site / "feeds/all.atom.xml").read_bytes())
    contents = {entry.link: entry.content[0].value for entry in feed.entries}
    for marker in ("table-scroll", "question-index", "back-to-questions", 'tabindex="0"'):
        assert all(marker not in html for html in contents.values()), marker
    assert "<table>" in contents[f"{SITE}/{STYLE_URL}"]


# Brand ------------------------------------------------------------------------


def test_logo_and_brand_colour_and_the_site_name_once(site):
    for name, path in PAGE_TYPES.items():
        soup = page(site, path)
        header = soup.select_one("header.site-header")
        logo = header.select_one("a.site-name img.logo")
        assert logo["src"] == f"{SITE}/theme/images/logo.svg" and logo["alt"] == ""
        style = soup.head.style.get_text()
        assert "--brand:#5b2d90" in style and "prefers-color-scheme:dark" in style
        assert meta(soup, "theme-color") == "#5b2d90"
        assert visible_text(soup.body).count("2i2c Blog") == 1, name
    assert (site / "theme/images/logo.svg").exists()


def test_links_look_like_links_but_quieter(site):
    css = (site / "theme/css/site.css").read_text()
    rule = re.search(r"\na \{([^}]*)\}", css).group(1)
    assert "color: var(--link)" in rule and "text-decoration-thickness: 1px" in rule
    assert "text-decoration-color: color-mix" in rule


def test_a_brand_colour_that_fails_aa_stops_the_build(tmp_path):
    conf = make_site(tmp_path, seed=False, BRAND_COLOR="#ffcc00")
    result = build_cli(conf)
    assert result.returncode == 1
    assert "BRAND_COLOR #ffcc00 has contrast 1.5:1 with white" in result.stderr
    assert "choose a darker colour" in result.stderr and "Traceback" not in result.stderr


# The long Q&A post ----------------------------------------------------------------


def test_question_index_comes_after_the_intro_as_details(site):
    content = page(site, SEED_URL).select_one(".post-content")
    index = content.select_one("nav.question-index")
    before = [el.name for el in index.find_previous_siblings()]
    assert before == ["aside", "p"]  # the intro paragraph and its update
    after = index.find_next_sibling(lambda el: el.name != "script")
    assert (
        after.name == "h2"
        and after["id"] == "what-does-success-look-like-in-the-short-and-long-term"
    )
    details = index.find("details")
    assert details.has_attr("open")  # open unless a phone closes it (next script)
    assert details.summary["id"] == "question-index-title"
    assert "Questions in this post" in details.summary.get_text()
    assert len(details.select("ol > li > a")) == 17
    script = index.find_next_sibling("script").get_text()
    assert "matchMedia" in script and "open = false" in script


def test_back_to_questions_after_each_answer(site):
    content = page(site, SEED_URL).select_one(".post-content")
    backs = content.select("p.back-to-questions")
    assert len(backs) == 17
    assert {a["href"] for p in backs for a in p.find_all("a")} == {"#question-index-title"}
    for back in backs[:-1]:
        assert back.find_next_sibling().name == "h2"
    assert backs[-1].find_next_sibling() is None
    # no index, no back links
    style = page(site, STYLE_URL)
    assert not style.select(".question-index") and not style.select(".back-to-questions")


# Navigation ---------------------------------------------------------------------


def post_nav(soup):
    nav = soup.select_one("nav.post-nav")
    older = nav.select_one("a[rel=prev]") if nav else None
    newer = nav.select_one("a[rel=next]") if nav else None
    return (older and older["href"], newer and newer["href"])


def test_previous_and_next_posts(site):
    assert post_nav(page(site, STYLE_URL)) == (f"{SITE}/{SECOND_URL}", f"{SITE}/{PLAIN_URL}")
    assert post_nav(page(site, SEED_URL)) == (f"{SITE}/{ESCAPE_URL}", f"{SITE}/{SECOND_URL}")
    assert post_nav(page(site, PLAIN_URL)) == (f"{SITE}/{STYLE_URL}", None)
    assert post_nav(page(site, ESCAPE_URL)) == (None, f"{SITE}/{SEED_URL}")
    older = page(site, STYLE_URL).select_one("a[rel=prev]")
    assert "Older post" in older.get_text() and "An update on hiring" in older.get_text()


def test_reading_time_tags_and_category_on_the_post(site):
    soup = page(site, SEED_URL)
    header = soup.select_one(".post-header .meta")
    words = len(re.findall(r"\w+", soup.select_one(".post-content").get_text()))
    minutes = int(re.search(r"(\d+) min read", header.get_text()).group(1))
    assert 8 <= minutes <= 14 and abs(minutes - words / 230) < 2
    assert header.find("a", href=f"{SITE}/categories/updates/").get_text() == "updates"
    tags = {a.get_text(): a["href"] for a in soup.select(".post-footer .tag-list a[rel=tag]")}
    assert tags == {"hiring": f"{SITE}/tags/hiring/", "community": f"{SITE}/tags/community/"}
    assert "1 min read" in page(site, SECOND_URL).select_one(".post-header .meta").get_text()


def test_related_posts_by_shared_tags(site):
    related = page(site, SEED_URL).select(".post-footer .related-posts li a")
    hrefs = [a["href"] for a in related]
    # two shared tags first, then one shared tag, nearest in time first
    assert hrefs == [f"{SITE}/{SECOND_URL}", f"{SITE}/{STYLE_URL}", f"{SITE}/{PLAIN_URL}"]
    assert not page(site, ESCAPE_URL).select(".related-posts")  # no tags, nothing related


def test_author_page_with_avatar_role_bio_link_and_feed(site):
    soup = page(site, "authors/ada-example/")
    profile = soup.select_one("main .author-profile")
    avatar = profile.select_one("img.avatar")
    assert avatar["src"] == f"{SITE}/images/ada.svg" and avatar["alt"] == ""
    assert (avatar["width"], avatar["height"]) == ("96", "96")
    assert profile.h1.get_text() == "Ada Example"
    assert profile.select_one(".role").get_text() == "Community & <Product> Lead"
    assert "occasional table" in profile.select_one(".bio").get_text()
    link = profile.select_one(".author-link a")
    assert link["href"] == "https://www.example.org/people/ada/"
    assert link.get_text() == "example.org/people/ada"  # not a raw URL
    subscribe = profile.select_one("a.subscribe-link")
    assert subscribe["href"] == f"{SITE}/feeds/#authors-ada-example"
    assert visible_text(soup.main).count("Ada Example") == 1  # the name once
    assert len(soup.select("main .post-list > li")) == 1


def test_author_without_avatar_gets_initials(site):
    profile = page(site, "authors/chris-holdgraf/").select_one(".author-profile")
    initials = profile.select_one(".avatar-initials")
    assert initials.get_text() == "CH" and initials["aria-hidden"] == "true"
    assert not profile.select("img")
    assert profile.select_one(".author-link a").get_text() == "2i2c.org/team"


# Subscribing --------------------------------------------------------------------


def feed_files(site):
    return {
        f"{SITE}/{p.relative_to(site)}"
        for p in (site / "feeds").rglob("*")
        if p.suffix in (".xml", ".json")
    }


def test_feeds_page_lists_every_feed_with_its_purpose_and_a_copy_button(site):
    soup = page(site, "feeds/")
    assert soup.h1.get_text() == "Subscribe"
    listed = {a["href"] for a in soup.select("main a.feed-url")}
    assert listed == feed_files(site)
    assert len(listed) == 3 + 1 + 2 * (2 + 3 + 3)  # site, updates; categories, authors, tags
    for entry in soup.select("li.feed"):
        assert entry.select_one(".feed-purpose").get_text().strip(), entry["id"]
        for address in entry.select(".feed-addresses > li"):
            button = address.find("button", class_="copy-button")
            assert button["data-copy"] == address.select_one("a.feed-url")["href"]
            assert button["type"] == "button"
    ids = {entry["id"] for entry in soup.select("li.feed")}
    assert {"all", "updates", "categories-updates", "authors-chris-holdgraf", "tags-hiring"} <= ids
    assert "updates to posts" in soup.select_one("li#updates").get_text().lower()


def test_subscribe_link_in_the_header_of_every_page(site):
    for path in PAGE_TYPES.values():
        link = page(site, path).select_one("header.site-header a.subscribe-button")
        assert link["href"] == f"{SITE}/feeds/" and link.get_text() == "Subscribe"


@pytest.mark.parametrize(
    "path, kind, slug",
    [("categories/notes/", "categories", "notes"), ("tags/hiring/", "tags", "hiring"),
     ("authors/chris-holdgraf/", "authors", "chris-holdgraf")],
)  # fmt: skip
def test_listings_link_their_own_feed_visibly(site, path, kind, slug):
    soup = page(site, path)
    link = soup.select_one("main a.subscribe-link")
    assert link["href"] == f"{SITE}/feeds/#{kind}-{slug}"
    section = page(site, "feeds/").find("li", id=f"{kind}-{slug}")
    own = {a["href"] for a in section.select("a.feed-url")}
    assert own == {f"{SITE}/feeds/{kind}/{slug}.atom.xml", f"{SITE}/feeds/{kind}/{slug}.rss.xml"}
    assert own <= {link["href"] for link in soup.find_all("link", rel="alternate")}


def test_every_post_ends_with_a_way_to_subscribe(site):
    box = page(site, SEED_URL).select_one(".post-footer .subscribe-box")
    assert box.select_one("a.subscribe-button")["href"] == f"{SITE}/feeds/"
    narrow = {a["href"] for a in box.select(".subscribe-narrow a")}
    assert narrow == {
        f"{SITE}/feeds/#categories-updates",
        f"{SITE}/feeds/#authors-chris-holdgraf",
        f"{SITE}/feeds/#tags-hiring",
        f"{SITE}/feeds/#tags-community",
    }


def test_only_feeds_that_exist_are_offered(tmp_path):
    conf = make_site(tmp_path, FEEDS_TAXONOMIES=["categories"])
    assert build_in_process(conf) == []
    output = tmp_path / "output"
    narrow = {a["href"] for a in page(output, SEED_URL).select(".subscribe-narrow a")}
    assert narrow == {"/feeds/#categories-updates"}
    assert not page(output, "tags/hiring/").select(".subscribe-link")
    assert page(output, "categories/updates/").select(".subscribe-link")
    feeds_page = page(output, "feeds/")
    assert not feeds_page.select("li[id^=tags-]") and feeds_page.select("li#categories-updates")


def test_feeds_need_no_xslt_and_point_to_the_feeds_page(site):
    assert not list(site.rglob("*.xsl"))
    for path in (site / "feeds").rglob("*.xml"):
        head = path.read_bytes()[:400].decode()
        assert "xml-stylesheet" not in head
        assert "<!-- This is a web feed" in head and f"{SITE}/feeds/ -->" in head


# Sharing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, image",
    [(SEED_URL, "theme/images/share.png"), (STYLE_URL, "images/chart.png"),
     (PLAIN_URL, "images/cover.png"), ("", "theme/images/share.png")],
)  # fmt: skip
def test_open_graph_and_twitter_card_with_an_image(site, path, image):
    soup = page(site, path)
    assert meta(soup, "og:image") == f"{SITE}/{image}"
    assert (site / image).exists()
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image") == f"{SITE}/{image}"
    assert meta(soup, "twitter:title") == meta(soup, "og:title")
    assert meta(soup, "og:image:alt") and meta(soup, "twitter:image:alt")


def test_article_times_and_author(site):
    soup = page(site, SEED_URL)
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "article:published_time").startswith("2022-03-22")
    assert meta(soup, "article:modified_time").startswith("2022-03-24")
    assert meta(soup, "article:author") == f"{SITE}/authors/chris-holdgraf/"
    unchanged = page(site, SECOND_URL)
    assert meta(unchanged, "article:modified_time") == meta(unchanged, "article:published_time")


def json_ld(soup):
    (script,) = soup.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_json_ld_blog_posting(site):
    data = json_ld(page(site, SEED_URL))
    assert set(data) <= BLOG_POSTING
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    assert data["headline"].startswith("Notes from our drop-in meeting")
    assert datetime.fromisoformat(data["datePublished"]).date().isoformat() == "2022-03-22"
    assert datetime.fromisoformat(data["dateModified"]).date().isoformat() == "2022-03-24"
    (author,) = data["author"]
    assert author == {
        "@type": "Person",
        "name": "Chris Holdgraf",
        "jobTitle": "Executive Director",
        "url": f"{SITE}/authors/chris-holdgraf/",
    }
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "2i2c"
    assert data["publisher"]["logo"]["@type"] == "ImageObject"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": f"{SITE}/{SEED_URL}"}
    assert data["image"] == [f"{SITE}/theme/images/share.png"]
    assert data["keywords"] == ["hiring", "community"] and data["articleSection"] == "updates"
    for url in (data["url"], data["image"][0], author["url"], data["publisher"]["logo"]["url"]):
        assert urlsplit(url).scheme == "https", url
    organisation = json_ld(page(site, PLAIN_URL))["author"][0]
    assert organisation["@type"] == "Organization" and organisation["name"] == "2i2c"


def test_json_ld_cannot_end_its_script_element(site):
    raw = (site / ESCAPE_URL / "index.html").read_text()
    script = raw[raw.index('<script type="application/ld+json">') :]
    script = script[: script.index("</script>")]
    assert "<" not in script.split(">", 1)[1]  # nothing inside looks like a tag
    data = json_ld(page(site, ESCAPE_URL))
    assert data["headline"] == 'Escaping </script><script>alert(1)</script> & "quotes"'


# Page weight ------------------------------------------------------------------


def own_css_and_js(site, soup) -> int:
    """Bytes of the page's own stylesheets and scripts (theme files and inline)."""
    total = 0
    for tag, attr in (("link", "href"), ("script", "src")):
        for element in soup.find_all(tag):
            url = element.get(attr)
            if tag == "link" and element.get("rel") != ["stylesheet"]:
                continue
            if url and url.startswith(f"{SITE}/theme/"):
                total += (site / url[len(SITE) + 1 :]).stat().st_size
            elif not url and element.get("type") != "application/ld+json":  # data, not code
                total += len(element.get_text().encode())
    return total + sum(len(style.get_text().encode()) for style in soup.find_all("style"))


def test_every_page_stays_within_its_css_and_js_budget(site):
    weights = {
        str(path.relative_to(site)): own_css_and_js(site, BeautifulSoup(path.read_text(), "lxml"))
        for path in all_pages(site)
    }
    assert max(weights.values()) < BUDGET, weights
    assert min(weights.values()) > 10_000  # the stylesheet is counted
