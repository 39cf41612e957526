"""Issue 12: an author's everyday path, each failure reproduced on a real site."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from sitebuild import REPO, build_cli, make_site

SITE = "https://blog.example.org"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def post(body, **fields):
    header = {"Title": "Hub onboarding FAQ", "Date": "2026-01-10", "Author": "Chris Holdgraf",
              "Category": "notes", **fields}  # fmt: skip
    return "\n".join(f"{k}: {v}" for k, v in header.items() if v is not None) + "\n\n" + body


def page(output, url):
    return BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def everything(output) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in output.rglob("*") if path.is_file()
    )


@pytest.fixture(scope="module")
def bundle_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bundles")
    files = {
        "blog/2026/hub-faq/index.md": post(
            "![Hub diagram](hub-diagram.png)\n\nSee [the report](./files/report.pdf) and "
            "[the notes](../notes.md).\n\n## A question\n\nAnswer.\n"
        ),
        "blog/2026/hub-faq/hub-diagram.png": PNG,
        "blog/2026/hub-faq/files/report.pdf": b"%PDF-1.4",
        "blog/2026/notes.md": post(
            "![Chart](chart.png) and ![Logo]({static}/images/logo.png)\n", Title="Notes"
        ),  # fmt: skip
        "blog/2026/notes/chart.png": PNG,
        "images/logo.png": PNG,
    }
    conf = make_site(root, files=files, base="publishconf", SITEURL=SITE, FEED_DOMAIN=SITE)  # fmt: skip
    result = build_cli(conf)
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_post_as_folder_gets_its_folder_name_as_slug_and_its_files(bundle_site):
    soup = page(bundle_site, "blog/2026/hub-faq")
    assert soup.select_one("img[alt='Hub diagram']")["src"] == "hub-diagram.png"
    assert (bundle_site / "blog/2026/hub-faq/hub-diagram.png").read_bytes() == PNG
    assert (bundle_site / "blog/2026/hub-faq/files/report.pdf").read_bytes() == b"%PDF-1.4"
    notes_link = soup.find("a", string="the notes")["href"]
    assert notes_link.rstrip("/").endswith("blog/2026/notes")


def test_single_file_post_finds_files_in_its_same_named_folder(bundle_site):
    soup = page(bundle_site, "blog/2026/notes")
    assert soup.select_one("img[alt='Chart']")["src"] == "chart.png"
    assert (bundle_site / "blog/2026/notes/chart.png").read_bytes() == PNG
    assert soup.select_one("img[alt='Logo']")["src"] == f"{SITE}/images/logo.png"


def test_feeds_point_at_files_that_exist(bundle_site):
    feed = feedparser.parse((bundle_site / "feeds/all.atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Hub onboarding FAQ")
    content = entry.content[0].value
    image = f"{SITE}/blog/2026/hub-faq/hub-diagram.png"
    assert image in content
    assert (bundle_site / image.removeprefix(SITE + "/")).is_file()
    items = json.loads((bundle_site / "feeds/all.json").read_text())["items"]
    assert (
        f"{SITE}/blog/2026/hub-faq/files/report.pdf"
        in items[0]["content_html"] + items[1]["content_html"]
    )


def test_missing_image_beside_a_post_stops_the_build(tmp_path):
    conf = make_site(tmp_path, files={"blog/2026/hub-faq/index.md": post(
        "Intro.\n\n![Hub diagram](hub-diagram.png)\n")})  # fmt: skip
    result = build_cli(conf)
    assert result.returncode == 1
    assert (
        'content/blog/2026/hub-faq/index.md:8: image "hub-diagram.png" not found'
        " — put it beside the post"
    ) in result.stderr


DRAFT = post(
    "Our secret roadmap.\n\n![Plan](plan.png)\n\n## What comes next\n\nSecret answer.\n",
    Title="Secret roadmap", Status="draft", Tags="roadmap-secret",
)  # fmt: skip


def draft_site(tmp_path, base):
    files = {"blog/2026/secret-roadmap/index.md": DRAFT, "blog/2026/secret-roadmap/plan.png": PNG,
             "blog/2099/future.md": post("Not yet.\n", Title="From the future", Date="2099-01-01")}  # fmt: skip
    conf = make_site(tmp_path, files=files, base=base, SITEURL=SITE, FEED_DOMAIN=SITE)  # fmt: skip
    result = build_cli(conf)
    assert result.returncode == 0, result.stderr
    return tmp_path / "output"


def test_publish_writes_nothing_of_a_draft_or_a_future_post(tmp_path):
    output = draft_site(tmp_path, "publishconf")
    text = everything(output)
    for trace in ("Secret roadmap", "secret-roadmap", "Secret answer", "roadmap-secret",
                  "From the future", "Not yet"):  # fmt: skip
        assert trace not in text, trace
    assert not (output / "drafts").exists()
    assert not any("plan.png" in str(path) for path in output.rglob("*"))
    locks = (tmp_path / "content/anchors.lock.json").read_text()
    assert "secret" not in locks


def test_local_build_shows_drafts_marked_and_noindex(tmp_path):
    output = draft_site(tmp_path, "pelicanconf")
    soup = page(output, "drafts/secret-roadmap")
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
    assert "Draft" in soup.select_one(".draft-banner").get_text()
    assert (output / "drafts/secret-roadmap/plan.png").read_bytes() == PNG
    assert "Secret roadmap" not in (output / "index.html").read_text()
    assert (output / "blog/2099/future/index.html").is_file()


def test_author_slugs_follow_pelicans_substitutions(tmp_path):
    subs = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-"),
            (r"chris-holdgraf", "chris")]  # fmt: skip
    conf = make_site(tmp_path, AUTHOR_REGEX_SUBSTITUTIONS=subs)
    assert build_cli(conf).returncode == 0
    assert (tmp_path / "output/authors/chris/index.html").is_file()
    seed = page(tmp_path / "output", "blog/2022/product-community-lead-drop-in-notes")
    assert any(a["href"].endswith("authors/chris/") for a in seed.select("a[href]"))
    assert not any("chris-holdgraf" in a["href"] for a in seed.select("a[href]"))


SEED_POST = "blog/2022/product-community-lead-drop-in-notes.md"
SEED_URL = "blog/2022/product-community-lead-drop-in-notes"
OLD_QUESTION = "## Is it kind of like a scientific / technical writer?"


def recorded_site(tmp_path, **settings):
    """The seed site with its lock written by `make html` (pelicanconf records)."""
    conf = make_site(tmp_path, **settings)
    assert build_cli(conf).returncode == 0
    return conf, tmp_path / "content" / SEED_POST


def publish(tmp_path):
    conf = make_site(tmp_path, base="publishconf", SITEURL=SITE, FEED_DOMAIN=SITE,
                     ANCHORS_UNRECORDED_CHECK="error", FEEDS_ID_LOCK_CHECK="error")  # fmt: skip
    return conf, build_cli(conf)


def test_readme_alias_recipe_keeps_the_old_sites_id_too(tmp_path):
    _conf, post = recorded_site(tmp_path)
    text = post.read_text(encoding="utf-8").replace(
        OLD_QUESTION,
        '## Is this a writing job? {aliases="is-it-kind-of-like-a-scientific-technical-writer"}',
    )
    post.write_text(text, encoding="utf-8")
    _conf, result = publish(tmp_path)
    assert result.returncode == 0, result.stderr
    heading = page(tmp_path / "output", SEED_URL).find(id="is-this-a-writing-job")
    ids = {span["id"] for span in heading.select("span.anchor-alias")}
    # Ours before the rewording, and the old Hugo site's ("/" dropped, two dashes).
    assert {"is-it-kind-of-like-a-scientific-technical-writer",
            "is-it-kind-of-like-a-scientific--technical-writer"} <= ids  # fmt: skip


def test_retiring_a_question_lands_its_links_on_the_post_top(tmp_path):
    import subprocess

    _conf, post = recorded_site(tmp_path)
    text = post.read_text(encoding="utf-8")
    start = text.index(OLD_QUESTION)
    end = text.index("\n## ", start + 1)
    post.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    _conf, result = publish(tmp_path)
    assert result.returncode == 1
    assert (
        "published anchor #is-it-kind-of-like-a-scientific--technical-writer is gone"
        in (result.stderr)
        and "make retire POST=" in result.stderr
    )
    retire = subprocess.run(
        ["make", "--no-print-directory", "retire", f"POST={post}",
         "ANCHOR=is-it-kind-of-like-a-scientific-technical-writer"],
        cwd=REPO,
        capture_output=True, text=True,
    )  # fmt: skip
    assert retire.returncode == 0, retire.stderr
    assert "Retired: is-it-kind-of-like-a-scientific-technical-writer -> top" in post.read_text()
    _conf, result = publish(tmp_path)
    assert result.returncode == 0, result.stderr
    soup = page(tmp_path / "output", SEED_URL)
    for old in ("is-it-kind-of-like-a-scientific-technical-writer",
                "is-it-kind-of-like-a-scientific--technical-writer"):  # fmt: skip
        assert soup.find(id=old) is not None, old
        assert soup.find(id=old).find_parent(["h2", "h3"]) is None


def test_retired_question_can_land_on_another_question(tmp_path):
    _conf, post = recorded_site(tmp_path)
    text = post.read_text(encoding="utf-8")
    start = text.index(OLD_QUESTION)
    end = text.index("\n## ", start + 1)
    text = text[:start] + text[end + 1 :]
    text = text.replace("Author: Chris Holdgraf\n", "Author: Chris Holdgraf\nRetired: "
        "is-it-kind-of-like-a-scientific-technical-writer -> term-for-this-position\n")  # fmt: skip
    post.write_text(text, encoding="utf-8")
    _conf, result = publish(tmp_path)
    assert result.returncode == 0, result.stderr
    target = page(tmp_path / "output", SEED_URL).find(
        id="is-it-kind-of-like-a-scientific--technical-writer"
    )
    assert target.find_parent("h2")["id"] == "term-for-this-position"


def test_an_unrecorded_id_can_be_retired_from_a_post_otherwise_as_recorded(tmp_path):
    _conf, post = recorded_site(tmp_path)  # every question of the post is in the lock
    text = post.read_text(encoding="utf-8").replace(
        "Author: Chris Holdgraf\n", "Author: Chris Holdgraf\nRetired: old-site-faq -> top\n"
    )
    post.write_text(text, encoding="utf-8")
    _conf, result = publish(tmp_path)
    assert result.returncode == 0, result.stderr
    target = page(tmp_path / "output", SEED_URL).find(id="old-site-faq")
    assert target is not None and target.find_parent(["h2", "h3"]) is None


def test_publish_refuses_unrecorded_posts_and_make_html_records_them(tmp_path):
    files = {"blog/2026/new.md": post("Intro.\n\n## A new question\n\nAnswer.\n", Title="New")}
    conf = make_site(tmp_path, files=files, base="publishconf", SITEURL=SITE, FEED_DOMAIN=SITE,
                     ANCHORS_UNRECORDED_CHECK="error", FEEDS_ID_LOCK_CHECK="error")  # fmt: skip
    result = build_cli(conf)
    assert result.returncode == 1
    assert ("content/blog/2026/new.md:1: the question links of this post are not recorded in the"
            " anchors lock — run `make html` (or `make lock`)") in result.stderr  # fmt: skip
    assert ("content/blog/2026/new.md:1: feed id not recorded in feed-ids.lock.json — run"
            " `make html`") in result.stderr  # fmt: skip
    assert build_cli(make_site(tmp_path, files=files)).returncode == 0  # make html records
    assert build_cli(conf).returncode == 0


def test_summaries_are_the_posts_own_words(tmp_path):
    body = (
        "> **Update 2026-01-12**: Fixed a broken link.\n\n"
        "Hubs are shared computing environments.\n\n## Is the hub running?\n\nYes.\n"
    )
    files = {"blog/2026/faq.md": post(body, Title="FAQ"),
             "blog/2026/more.md": post("First part.\n\n<!--more-->\n\nSecond part.\n", Title="More"),
             "blog/2026/own.md": post("Body.\n", Title="Own", Summary="Why *this* & <b> matter")}  # fmt: skip
    conf = make_site(tmp_path, files=files)
    assert build_cli(conf).returncode == 0
    output = tmp_path / "output"
    description = page(output, "blog/2026/faq").select_one("meta[name=description]")["content"]
    assert description == "Hubs are shared computing environments."
    feed = feedparser.parse((output / "feeds/all.atom.xml").read_bytes())
    summaries = {entry.title: entry.summary for entry in feed.entries}
    assert summaries["FAQ"] == "Hubs are shared computing environments."
    assert summaries["More"] == "First part."
    assert summaries["Own"] == "Why this & <b> matter"
    listing = (output / "index.html").read_text(encoding="utf-8")
    assert "Fixed a broken link" not in listing and "running?#" not in listing


def test_two_updates_on_one_day_are_distinct_in_the_feed(tmp_path):
    body = ("> **Update 2026-01-12**: First fix.\n\n> **Update 2026-01-12**: Second fix.\n\n"
            "Intro.\n")  # fmt: skip
    conf = make_site(tmp_path, files={"blog/2026/twice.md": post(body, Title="Twice")})
    assert build_cli(conf).returncode == 0
    feed = feedparser.parse((tmp_path / "output/feeds/updates.atom.xml").read_bytes())
    entries = [e for e in feed.entries if "Twice" in e.title]
    assert [e.title for e in entries] == [
        "Update 2 of 2026-01-12 to “Twice”",
        "Update to “Twice” (2026-01-12)",
    ]
    assert entries[0].published_parsed > entries[1].published_parsed
    assert len({e.id for e in entries}) == 2


def test_intro_of_html_posts_honours_the_divider_and_headings():
    from summaries.plugin import first_paragraphs_text

    html = "<p>One two.</p><aside><p>Update.</p></aside><p>Three.</p><!--more--><p>Four.</p>"
    assert first_paragraphs_text(html, 50) == "One two. Three."
    assert first_paragraphs_text("<h2>Q</h2><p>A b c d</p><h2>R</h2><p>E</p>", 3) == "A b c…"


def test_markdown_finds_a_posts_addresses_as_the_plugin_would():
    """What the worker converting a post finds is what the plugin's own scan finds."""
    import markdown
    from bundles.links import addresses
    from bundles.mdx_addresses import META_KEY, AddressesExtension

    md = markdown.Markdown(extensions=["extra", AddressesExtension()])
    html = md.convert(
        '![a](a.png) [b](files/b.pdf "t") <img srcset="c.png 1x, d.png 2x" src="e.png">\n\n'
        '<video poster="f.jpg"><source src="g.mp4"></video> [h](https://example.org/h)\n'
    )
    (found,) = md.Meta[META_KEY]  # Pelican unwraps the one-item list
    assert found == list(addresses(html))
    assert [address for _, address in found] == [
        "a.png", "files/b.pdf", "e.png", "f.jpg", "g.mp4", "https://example.org/h",
        "c.png", "d.png",
    ]  # fmt: skip
