"""Question anchors: the Markdown extension, HTML posts, the lock, the seed post."""

import json
import re

import markdown
import pytest
from bs4 import BeautifulSoup
from question_anchors.html_headings import anchor_html
from question_anchors.mdx_question_anchors import QuestionAnchorsExtension
from sitebuild import REPO, SEED_POST, SEED_URL, build_cli, make_site, tree_bytes
from test_site import page, seed_questions

from sitekit.errors import ContentError
from sitekit.lock import main as record_lock


def render(text: str) -> tuple[BeautifulSoup, list[dict]]:
    md = markdown.Markdown(extensions=["attr_list", QuestionAnchorsExtension()])
    html = md.convert(text)
    return BeautifulSoup(html, "lxml"), md.question_anchors


def test_every_h2_and_h3_gets_an_id_and_a_permalink():
    soup, anchors = render("## First question\n\ntext\n\n### A detail\n\n#### Not this one\n")
    first = soup.find("h2")
    assert first["id"] == "first-question"
    link = first.find("a", class_="anchor-link")
    assert link["href"] == "#first-question" and link.get_text() == "#"
    assert link["aria-label"] == "Link to this question: First question"
    assert soup.find("h3")["id"] == "a-detail"
    assert not soup.find("h4").has_attr("id")
    assert [(a.id, a.level) for a in anchors] == [("first-question", 2), ("a-detail", 3)]


def test_repeated_headings_get_numbered_ids():
    soup, _ = render("## FAQ\n\n## FAQ\n\n### FAQ\n")
    assert [h["id"] for h in soup.find_all(["h2", "h3"])] == ["faq", "faq-2", "faq-3"]


def test_explicit_id_wins_and_is_not_reused():
    soup, _ = render("## Renamed {#faq}\n\n## FAQ\n")
    assert [h["id"] for h in soup.find_all("h2")] == ["faq", "faq-2"]


def test_theme_ids_are_never_used():
    soup, _ = render("## Main\n\n## Update 2022-03-24\n")
    assert [h["id"] for h in soup.find_all("h2")] == ["main-2", "update-2022-03-24-heading"]


def test_alias_keeps_an_old_link_landing_on_the_renamed_heading():
    soup, anchors = render('## How long is the contract? {aliases="term-for-this-position"}\n')
    heading = soup.find("h2")
    assert heading["id"] == "how-long-is-the-contract"
    assert heading.find("span", class_="anchor-alias")["id"] == "term-for-this-position"
    assert "aliases" not in heading.attrs
    assert anchors[0].aliases == ("term-for-this-position",)


def test_legacy_github_ids_become_aliases():
    soup, _ = render("## Is it kind of like a scientific / technical writer?\n")
    aliases = [s["id"] for s in soup.select("h2 .anchor-alias")]
    assert aliases == ["is-it-kind-of-like-a-scientific--technical-writer"]


@pytest.mark.parametrize(
    ("source", "message", "line"),
    [
        (
            "Intro\n\n## One {#same}\n\n## Two {#same}\n",
            "duplicate heading id #same (lines 3 and 5)",
            5,
        ),
        ("## 🎉🎉\n", 'heading "🎉🎉" has no letter or digit to make an id from', 1),
        ("## Main thing {#main}\n", "heading id #main is used by the theme", 1),
        ('## One\n\n## Two {aliases="one"}\n', "alias #one is already an id on this page", 3),
    ],
)
def test_heading_errors_name_the_line(source, message, line):
    with pytest.raises(ContentError) as caught:
        render(source)
    assert caught.value.what == message
    assert caught.value.line == line


def test_html_posts_get_the_same_ids():
    html, anchors = anchor_html(
        '<p>x</p><h2>Term for this position</h2><div class="section" id="sec-a"><h3>Sub</h3></div>'
        '<h2 data-aliases="old-one">New one</h2>'
    )
    soup = BeautifulSoup(html, "lxml")
    assert [h["id"] for h in soup.find_all(["h2", "h3"])] == [
        "term-for-this-position",
        "sec-a",
        "new-one",
    ]
    assert soup.find("span", id="old-one")
    assert all(h.find("a", class_="anchor-link") for h in soup.find_all(["h2", "h3"]))
    assert [a.id for a in anchors] == ["term-for-this-position", "sec-a", "new-one"]


def test_seed_post_ids_and_old_links(seed_site):
    soup = page(seed_site, SEED_URL)
    ids = [h["id"] for h in soup.select(".post-content h2")]
    assert len(ids) == 17 and len(set(ids)) == 17
    assert "term-for-this-position" in ids
    assert (
        "how-do-you-hope-to-protect-the-business-aspects-of-2i2c-if-all-the-tech-is-open-source"
        in ids
    )
    targets = {tag["id"] for tag in soup.select(".post-content h2, .post-content h2 .anchor-alias")}
    from question_anchors.slugs import github_slug

    for question in seed_questions():
        assert github_slug(question) in targets, question
    assert "is-it-kind-of-like-a-scientific--technical-writer" in targets
    assert "how-does-2i2c-provide-mentorshiponboarding" in targets


def test_seed_post_has_a_question_index(seed_site):
    links = page(seed_site, SEED_URL).select(".question-index a")
    assert len(links) == 17
    assert links[12]["href"] == "#term-for-this-position"


def test_question_index_can_be_turned_off(tmp_path):
    text = (REPO / "content" / SEED_POST).read_text(encoding="utf-8")
    text = text.replace("Author: Chris Holdgraf\n", "Author: Chris Holdgraf\nQuestion-Index: no\n")
    conf = make_site(tmp_path, files={SEED_POST: text})
    assert build_cli(conf).returncode == 0
    assert not page(tmp_path / "output", SEED_URL).select(".question-index")


def test_rst_posts_get_ids_and_permalinks(tmp_path):
    rst = "Odd post\n########\n\n:date: 2023-01-01\n:author: Chris Holdgraf\n:category: notes\n\nIntro.\n\nA question here?\n================\n\nAnswer.\n"
    conf = make_site(tmp_path, files={"blog/2023/odd.rst": rst})
    result = build_cli(conf)
    assert result.returncode == 0, result.stderr
    heading = page(tmp_path / "output", "blog/2023/odd").select_one(".post-content h2")
    assert heading["id"] == "a-question-here"
    assert heading.find("a", class_="anchor-link")["href"] == "#a-question-here"


def renamed_seed(text: str) -> str:
    return text.replace("## Term for this position", "## How long is the contract?")


def lock_site(tmp_path, **settings):
    conf = make_site(tmp_path, **settings)
    assert record_lock([str(conf)]) == 0
    return conf


def test_make_lock_records_every_anchor(tmp_path):
    lock_site(tmp_path)
    lock = json.loads((tmp_path / "content" / "anchors.lock.json").read_text())
    groups = lock["articles"][SEED_URL]
    recorded = {anchor for group in groups for anchor in group}
    assert "term-for-this-position" in recorded
    # A question's id and its old-site alias are recorded together.
    assert [
        "how-does-2i2c-provide-mentorship-onboarding",
        "how-does-2i2c-provide-mentorshiponboarding",
    ] in groups
    assert groups == sorted(groups) and all(group == sorted(group) for group in groups)


def test_gone_anchor_fails_publish_and_keeps_output(tmp_path):
    lock_site(tmp_path, base="publishconf")
    post = tmp_path / "content" / SEED_POST
    post.write_text(renamed_seed(post.read_text(encoding="utf-8")), encoding="utf-8")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("previous")
    before = tree_bytes(tmp_path / "output")
    result = build_cli(tmp_path / "siteconf.py")
    assert result.returncode == 1
    assert re.search(
        r"content/blog/2022/product-community-lead-drop-in-notes\.md:\d+: published anchor"
        r' #term-for-this-position is gone — add \{aliases="term-for-this-position"\}',
        result.stderr,
    )
    assert "nearest current headings: #" in result.stderr
    assert tree_bytes(tmp_path / "output") == before


def test_gone_anchor_only_warns_in_make_html(tmp_path):
    lock_site(tmp_path)
    post = tmp_path / "content" / SEED_POST
    post.write_text(renamed_seed(post.read_text(encoding="utf-8")), encoding="utf-8")
    result = build_cli(tmp_path / "siteconf.py")
    assert result.returncode == 0
    assert "warning: " in result.stderr and "#term-for-this-position is gone" in result.stderr


def test_alias_satisfies_the_lock(tmp_path):
    lock_site(tmp_path, base="publishconf")
    post = tmp_path / "content" / SEED_POST
    text = renamed_seed(post.read_text(encoding="utf-8")).replace(
        "## How long is the contract?",
        '## How long is the contract? {aliases="term-for-this-position"}',
    )
    post.write_text(text, encoding="utf-8")
    result = build_cli(tmp_path / "siteconf.py")
    assert result.returncode == 0, result.stderr
    soup = page(tmp_path / "output", SEED_URL)
    assert soup.select_one("h2#how-long-is-the-contract span#term-for-this-position")


def test_the_repository_lock_holds(published_site):
    """The committed lock is satisfied by the committed content (as `make publish`)."""
    lock = json.loads((REPO / "content" / "anchors.lock.json").read_text())
    soup = page(published_site, SEED_URL)
    present = {tag["id"] for tag in soup.select("[id]")}
    recorded = {anchor for group in lock["articles"][SEED_URL] for anchor in group}
    assert recorded <= present


def test_footnote_markers_are_not_part_of_a_question():
    md = markdown.Markdown(extensions=["attr_list", "footnotes", QuestionAnchorsExtension()])
    soup = BeautifulSoup(
        md.convert("## Is this a question?[^1]\n\nYes.\n\n[^1]: A note.\n"), "lxml"
    )
    assert soup.find("h2")["id"] == "is-this-a-question"
    assert [(a.id, a.text) for a in md.question_anchors] == [
        ("is-this-a-question", "Is this a question?")
    ]
    assert soup.find("h2").find("a", class_="anchor-link")["aria-label"].endswith("question?")


def test_data_toc_label_names_the_question():
    soup, anchors = render(
        '## A very long question about many things {data-toc-label="Short one"}\n'
    )
    assert soup.find("h2")["id"] == "short-one"
    assert anchors[0].text == "Short one"
    assert not soup.find("h2").has_attr("data-toc-label")


@pytest.mark.parametrize("separator", [" ", ", ", ","])
def test_aliases_may_be_separated_by_spaces_or_commas(separator):
    soup, anchors = render(f'## New wording {{aliases="old-one{separator}older-one"}}\n')
    assert anchors[0].aliases[:2] == ("old-one", "older-one")
    assert [s["id"] for s in soup.select("span.anchor-alias")][:2] == ["old-one", "older-one"]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Same\n----\n\ntext\n\nSame {#same}\n----\n", "lines 1 and 6"),
        ("> ## Same {#same}\n\n> ## Other {#same}\n", "lines 1 and 3"),
    ],
    ids=["setext", "quoted"],
)
def test_duplicate_ids_name_the_lines_of_setext_and_quoted_headings(text, lines):
    text = text.replace("Same\n----\n\ntext", "Same {#same}\n----\n\ntext")
    with pytest.raises(ContentError) as raised:
        render(text)
    assert f"duplicate heading id #same ({lines})" in raised.value.what
    assert raised.value.line is not None


def _closure(groups):
    """Groups sharing an id joined, the slow obvious way (the reference)."""
    merged = [set(group) for group in groups]
    changed = True
    while changed:
        changed = False
        for one in merged:
            for other in merged:
                if one is not other and one & other:
                    one |= other
                    merged.remove(other)
                    changed = True
                    break
            if changed:
                break
    return sorted((tuple(sorted(group)) for group in merged), key=lambda group: group[0])


@pytest.mark.parametrize("seed", range(40))
def test_merge_groups_joins_every_chain_of_shared_ids(seed):
    import random

    from question_anchors.lock import merge_groups, merged

    rng = random.Random(seed)
    ids = [f"q{number}" for number in range(rng.randint(3, 12))]
    lock = [tuple(rng.sample(ids, rng.randint(1, 3))) for _ in range(rng.randint(0, 8))]
    current = [tuple(rng.sample(ids, rng.randint(1, 3))) for _ in range(rng.randint(0, 8))]
    assert merge_groups(lock, current) == _closure(lock + current)
    recorded = merge_groups(lock)  # a lock as the build writes it
    assert merged({"/p/": recorded}, {"/p/": current}) == {"/p/": _closure(lock + current)}
    assert merged({"/p/": recorded}, {"/p/": recorded[:2]}) == {"/p/": recorded}
    assert merge_groups([("a", "b"), ("c",)], [("c", "d"), ("b", "c")]) == [("a", "b", "c", "d")]
