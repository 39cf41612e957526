"""The site as a whole: the seed post, authors, theme, sitemap, sharing metadata."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import REPO, SEED_URL, make_site

# The seed post as its readers saw it (flattened text), and the facts it lost: FACTS.md.
SEED_TEXT = REPO / "tests" / "golden" / "seed" / "drop-in-notes.txt"
SEED_LINKS = {
    "job posting for a Product and Community Lead": "https://2i2c.org/blog/2022/job-product-community-lead/",
    "Team Compass": "https://team-compass.2i2c.org/en/latest/get-started.html",
    "Right to Replicate": "https://2i2c.org/right-to-replicate",
    "1000 true fans": "https://kk.org/thetechnium/1000-true-fans/",
    "team compass": "https://team-compass.2i2c.org/en/latest/practices/index.html",
}


def seed_questions() -> list[str]:
    """The 17 questions, as the seed's readers saw them (lines ending in " #")."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    return [line[:-2] for line in lines if line.endswith(" #")]


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"), "lxml")


def heading_text(heading) -> str:
    return "".join(
        str(s)
        for s in heading.find_all(string=True)
        if not s.find_parent("a", class_="anchor-link")
    ).strip()


def test_seed_post_page(seed_site):
    soup = page(seed_site, SEED_URL)
    assert soup.h1.get_text(strip=True) == (
        "Notes from our drop-in meeting about the Product and Community Lead role"
    )
    published = soup.select_one(".post-header .meta time")
    assert published["datetime"].startswith("2022-03-22")
    byline = soup.select_one(".byline").get_text(" ", strip=True)
    assert "Chris Holdgraf" in byline and "Executive Director" in byline
    questions = [heading_text(h) for h in soup.select(".post-content h2")]
    assert len(questions) == 17
    assert questions == seed_questions()
    links = {a.get_text(): a["href"] for a in soup.select(".post-content a[href^='http']")}
    for text, href in SEED_LINKS.items():
        assert links.get(text) == href, text
    update = soup.select_one(".post-content aside.post-update")
    assert "We’ve added extra questions and answers below" in update.get_text()
    card = soup.select_one(".author-card")
    assert "Chris Holdgraf" in card.get_text() and "Executive Director" in card.get_text()


def test_seed_post_keeps_its_emphasis_and_lists(seed_site):
    content = page(seed_site, SEED_URL).select_one(".post-content")
    emphasised = [em.get_text() for em in content.find_all("em")]
    for word in ("encourage", "on behalf of", "university email", "their", "same",
                 "intuition", "use", "just", "kinds of problems"):  # fmt: skip
        assert word in emphasised
    bold = [b.get_text() for b in content.find_all("strong")]
    assert "6 month goals" in bold and "2 year goals" in bold
    assert "Building a distributed organization from scratch" in bold
    lists = [ol for ol in content.find_all("ol") if not ol.find_parent(class_="question-index")]
    assert [len(ol.find_all("li")) for ol in lists] == [3, 4, 2]
    assert len(content.find("ul").find_all("li")) == 3


def test_author_page_lists_posts_with_role(seed_site):
    soup = page(seed_site, "authors/chris-holdgraf")
    assert "Executive Director" in soup.select_one(".author-card").get_text()
    assert soup.select_one(f".post-list a[href='/{SEED_URL}']")


@pytest.mark.parametrize(
    ("path", "link"),
    [("", SEED_URL), ("archives", SEED_URL), ("categories", "categories/updates/"),
     ("categories/updates", SEED_URL), ("tags", "tags/hiring/"), ("tags/hiring", SEED_URL),
     ("authors", "authors/chris-holdgraf/"), ("about", "feeds/all.atom.xml")],
)  # fmt: skip
def test_listing_pages_link_to_what_they_list(seed_site, path, link):
    soup = page(seed_site, path)
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    # The landmarks come from base.html; the link shows the page's own template worked.
    assert soup.find("main", id="main").find("a", href=f"/{link}"), f"/{path}: no link to /{link}"


def test_index_shows_dates_summaries_and_updated_mark(seed_site):
    item = page(seed_site, "").select_one(".post-summary")
    assert item.select_one("time")["datetime"].startswith("2022-03-22")
    assert "Updated" in item.select_one(".updated-mark").get_text()
    assert "drop-in" in item.select_one(".summary").get_text()


def test_404_page(seed_site):
    soup = BeautifulSoup((seed_site / "404.html").read_text(encoding="utf-8"), "lxml")
    assert soup.h1.get_text() == "Page not found"


def all_pages(output: Path):
    return sorted(output.rglob("*.html"))


def test_every_page_has_canonical_and_open_graph(published_site):
    for path in all_pages(published_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical.startswith("https://blog.example.org/"), path
        assert soup.find("meta", property="og:title")["content"].strip(), path
        assert soup.find("meta", property="og:description")["content"].strip(), path
        assert soup.find("meta", property="og:url")["content"] == canonical


def test_pages_request_nothing_from_other_hosts(seed_site):
    for path in all_pages(seed_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if url and not (
                    tag == "link" and element.get("rel") in (["canonical"], ["alternate"])
                ):
                    assert not urlsplit(url).netloc, f"{path}: {url}"


def test_sitemap_lists_the_post_with_its_update_date(published_site):
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://blog.example.org/{SEED_URL}</loc>" in sitemap
    assert re.search(r"<lastmod>2022-03-24", sitemap)


def test_long_listings_are_paginated(tmp_path):
    from sitebuild import build_in_process

    files = {
        f"blog/2023/p{n:02d}.md": f"Title: Post {n}\nDate: 2023-01-01 10:{n:02d}\nAuthor: Chris Holdgraf\nCategory: notes\n\nText {n}.\n"
        for n in range(45)
    }
    assert build_in_process(make_site(tmp_path, seed=False, files=files)) == []
    first = page(tmp_path / "output", "")
    assert len(first.select(".post-list > li")) == 20
    assert first.select_one(".pagination a[rel=next]")["href"] == "/page/2/"
    third = page(tmp_path / "output", "page/3")
    assert third.select_one(".pagination a[rel=prev]")["href"] == "/page/2/"
    assert not third.select_one(".pagination a[rel=next]")
    assert page(tmp_path / "output", "categories/notes/page/2").select_one(".pagination")
