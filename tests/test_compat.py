"""Each Pelican or pelican-sitemap internal that sitekit/compat.py uses, checked by name.

When one of these fails after an upgrade, the message names the internal to adapt.
"""

import inspect
import logging

import pelican.contents
import pelican.generators
import pelican.readers
import pelican.utils
import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from sitekit import compat


def test_content_html_lives_in_content__content():
    article = Article("<p>old</p>", metadata={"title": "T"}, settings=dict(DEFAULT_CONFIG))
    assert hasattr(article, "_content"), "pelican.contents.Content._content is gone"
    compat.set_content_html(article, "<p>new</p>")
    assert compat.raw_content_html(article) == "<p>new</p>"
    assert article.content == "<p>new</p>", "Content.content no longer reads Content._content"


def test_summary_comes_from_metadata_and_is_copied_from__summary():
    settings = dict(DEFAULT_CONFIG)
    article = Article(
        "<p>Body text.</p>", metadata={"title": "T", "summary": "x"}, settings=settings
    )
    compat.set_summary_html(article, "<p>Short.</p>")
    assert article.summary == "<p>Short.</p>", "Content.get_summary no longer reads metadata"
    article.refresh_metadata_intersite_links()
    assert article.summary == "<p>Short.</p>", (
        "Content.refresh_metadata_intersite_links no longer copies Content._summary"
    )


def test_missing_field_message_is_pelicans():
    source = inspect.getsource(pelican.contents)
    assert compat.MISSING_FIELD_MESSAGE in source, (
        "pelican.contents no longer logs 'Skipping %s: could not find information about'"
    )


def test_invalid_date_message_is_pelicans():
    with pytest.raises(ValueError) as raised:
        pelican.utils.get_date("last tuesday")
    assert compat.INVALID_DATE.search(str(raised.value)), (
        f"pelican.utils.get_date's message changed: {raised.value}"
    )


def test_could_not_process_is_logged_inside_except_without_exc_info():
    source = inspect.getsource(pelican.generators)
    assert '"Could not process %s"' in source, "pelican.generators' 'Could not process' changed"
    record = logging.LogRecord("x", logging.ERROR, "", 0, "m", (), None)
    try:
        raise ValueError("boom")
    except ValueError as error:
        assert compat.active_exception(record) is error


def test_generators_keep_their_content_lists():
    lists = set(compat.CONTENT_LISTS)
    for generator, names in (
        (pelican.generators.ArticlesGenerator, ("articles", "translations", "drafts")),
        (pelican.generators.PagesGenerator, ("pages", "hidden_pages", "draft_pages")),
    ):
        source = inspect.getsource(generator.__init__)
        for name in names:
            assert f"self.{name} = " in source, f"{generator.__name__}.{name} is gone"
            assert name in lists


def test_sitemap_keeps_a_module_level_generator_with_now():
    from pelican.plugins.sitemap import sitemap

    assert hasattr(sitemap, "generator"), "pelican.plugins.sitemap.sitemap.generator is gone"
    assert hasattr(sitemap.generator, "now"), "pelican-sitemap's generator.now is gone"


def test_markdown_reader_passes_extension_objects_through_meta(tmp_path):
    from question_anchors.mdx_question_anchors import META_KEY, QuestionAnchorsExtension

    settings = dict(DEFAULT_CONFIG)
    settings["MARKDOWN"] = {"extensions": [QuestionAnchorsExtension()], "output_format": "html5"}
    source = tmp_path / "post.md"
    source.write_text("Title: T\n\n## One\n", encoding="utf-8")
    _content, metadata = pelican.readers.MarkdownReader(settings).read(str(source))
    assert [anchor.id for anchor in metadata[META_KEY]] == ["one"], (
        "pelican.readers.MarkdownReader._parse_metadata no longer unwraps one-item lists"
    )
