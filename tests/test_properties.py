"""Property-based tests: the slugger, the update parser and the feeds never break."""

import re
from datetime import UTC, datetime

import feedparser
import markdown
from feeds.entries import Entry, Person
from feeds.html import NOT_XML, feed_html
from feeds.writers import FeedInfo, atom_bytes, rss_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from post_updates.marker import parse_label
from post_updates.mdx_post_updates import PostUpdatesExtension
from question_anchors.mdx_question_anchors import QuestionAnchorsExtension
from question_anchors.slugs import MAX_LENGTH, slugify_heading

from sitekit.errors import ContentError


@given(st.text())
def test_slugs_are_short_clean_and_stable(text):
    slug = slugify_heading(text)
    assert len(slug) <= MAX_LENGTH
    assert slug == slug.lower() or not slug.isascii()
    assert not slug.startswith("-") and not slug.endswith("-")
    assert " " not in slug and "/" not in slug
    assert slugify_heading(text) == slug


@given(st.lists(st.text(min_size=1).filter(lambda t: "\n" not in t and "{" not in t), max_size=8))
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_anchored_headings_have_unique_ids_or_a_clear_error(titles):
    source = "\n\n".join(f"## {title}" for title in titles)
    md = markdown.Markdown(extensions=["attr_list", QuestionAnchorsExtension()])
    try:
        md.convert(source)
    except ContentError as error:
        assert "no letter or digit" in error.what
        return
    ids = [anchor.id for anchor in md.question_anchors]
    assert len(ids) == len(set(ids)) and all(ids)


#: A date stamp of the documented shape, ``YYYY-MM-DD`` with an optional ``HH:MM``.
WELL_SHAPED = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?")
#: Any text, and labels that look like updates (plain text rarely does).
update_labels = st.text() | st.from_regex(r"\s?Update \d[\d\-:T ]{0,17}:?", fullmatch=True)


@given(update_labels)
def test_update_labels_parse_or_fail_clearly(text):
    try:
        parse_label(text)
    except ContentError as error:
        malformed = re.fullmatch(r'malformed update date "(.+)"', error.what)
        unreal = re.fullmatch(r'update date "(.+)" is not a real date', error.what)
        assert (malformed or unreal) and error.fix, error.what
        stamp = (malformed or unreal).group(1)
        assert stamp in text
        # A well-shaped stamp can only be an impossible date; any other is malformed.
        assert bool(WELL_SHAPED.fullmatch(stamp)) == bool(unreal), error.what


#: Update bodies: any text (without raw HTML that could fake an aside), and dates.
update_bodies = st.text(max_size=200).map(lambda t: t.replace("<", "")) | st.sampled_from(
    ["2022-03-24", "2022-03-24 16:00", "2022-03-25", "2022-3-24", "2022-02-30"]
)


@given(update_bodies)
@settings(deadline=None)
def test_update_extension_never_crashes(body):
    md = markdown.Markdown(extensions=[PostUpdatesExtension()])
    try:
        html = md.convert(f"> **Update 2022-03-24**: {body}\n\n> **Update {body}**: x\n")
    except ContentError as error:
        assert error.line is None or error.line >= 1
        return
    # Every update recorded is rendered, once, under its own unique anchor.
    anchors = [update["anchor"] for update in md.post_updates]
    assert len(anchors) == len(set(anchors)) == html.count('<aside class="post-update"')
    for anchor in anchors:
        assert re.fullmatch(r"update-\d{4}-\d{2}-\d{2}(-\d+)?", anchor), anchor
        assert f'id="{anchor}"' in html


xml_text = st.text(st.characters(blacklist_categories=("Cs",))).map(lambda t: NOT_XML.sub("", t))


@given(title=xml_text, body=xml_text, author=xml_text.filter(str.strip), term=xml_text)
@settings(max_examples=60, deadline=None)
def test_feeds_stay_well_formed_for_any_text(title, body, author, term):
    moment = datetime(2022, 3, 24, tzinfo=UTC)
    entry = Entry(
        id="tag:example.org,2022-03-24:/p/",
        title=title or "untitled",
        url="https://example.org/p/",
        published=moment,
        updated=moment,
        authors=(Person(author, "https://example.org/a/"),),
        content_html=feed_html(f"<p>{body}</p>", "https://example.org/p/"),
        summary=body,
        terms=(term,) if term.strip() else (),
    )
    info = FeedInfo(title or "t", body, "https://example.org/f.xml", "https://example.org/", "en",
                    "https://example.org/i.svg", "https://example.org/i.png", author or "o",
                    None, "https://example.org/feeds/")  # fmt: skip
    for render in (atom_bytes, rss_bytes):
        document = render(info, [entry], moment)
        etree.fromstring(document)  # raises if not well-formed
        assert not feedparser.parse(document).bozo
