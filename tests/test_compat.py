"""Each Pelican or pelican-sitemap internal that sitekit/compat.py uses, checked by name.

When one of these fails after an upgrade, the message names the internal to adapt.
"""

import inspect
import logging
import os

import pelican.contents
import pelican.generators
import pelican.readers
import pelican.utils
import pytest
from pelican.contents import Article
from pelican.plugins import signals
from pelican.settings import DEFAULT_CONFIG, read_settings

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


# --- The build driver's parallel and incremental build ---


def _in_order(source: str, statements, internal: str) -> None:
    at = 0
    for statement in statements:
        found = source.find(statement, at)
        assert found >= 0, f"{internal} no longer has `{statement}` where sitekit expects it"
        at = found + len(statement)


def test_run_pelican_follows_pelican_run():
    _in_order(
        inspect.getsource(pelican.Pelican.run),
        (
            "context = self.settings.copy()",
            'context["generated_content"] = {}',
            'context["static_links"] = set()',
            'context["static_content"] = {}',
            'context["localsiteurl"] = self.settings["SITEURL"]',
            "for cls in self._get_generator_classes()",
            "p.generate_context()",
            "p.check_disabled_readers()",
            "signals.all_generators_finalized.send(generators)",
            "p.refresh_metadata_intersite_links()",
            "writer = self._get_writer()",
            "p.generate_output(writer)",
            "signals.finalized.send(self)",
        ),
        "pelican.Pelican.run (copied as sitekit.compat.run_pelican)",
    )


def test_writer_opens_output_files_with_the_module_open(tmp_path):
    from pelican.writers import Writer

    _in_order(inspect.getsource(Writer._open_w), ('return open(filename, "w"',), "Writer._open_w")
    opened = []

    def fake_open(filename, mode="r", encoding=None):
        opened.append(filename)
        return open(filename, mode, encoding=encoding)

    with compat.writer_opens(fake_open):
        Writer(str(tmp_path), settings=dict(DEFAULT_CONFIG))._open_w(
            str(tmp_path / "a.html"), "utf-8"
        ).close()
    assert opened == [str(tmp_path / "a.html")], "Writer._open_w no longer calls open()"


def test_writer_opens_makes_no_directory_for_the_pages_planned(tmp_path):
    import jinja2
    import pelican.writers
    from pelican.writers import Writer

    opened = []

    def planning_open(filename, mode="r", encoding=None):
        opened.append(filename)
        return open(os.devnull, "w")  # noqa: SIM115 - closed by Writer.write_file

    settings = dict(DEFAULT_CONFIG, RELATIVE_URLS=False)
    with compat.writer_opens(planning_open):
        Writer(str(tmp_path), settings=settings).write_file(
            "blog/2024/post/index.html", jinja2.Template("page"), {}
        )
    assert opened == [str(tmp_path / "blog/2024/post/index.html")]
    assert list(tmp_path.iterdir()) == [], (
        "Writer.write_file made the page's directory itself: it no longer calls "
        "pelican.writers.os.makedirs (sitekit.compat.writer_opens)"
    )
    assert pelican.writers.os is os, "writer_opens did not put os back"


def test_render_as_writer_renders_like_write_file():
    from pelican.writers import Writer

    _in_order(
        inspect.getsource(Writer.write_file),
        (
            "def _write_file(template, localcontext, output_path, name, override):",
            'if localcontext["localsiteurl"]:',
            'context["localsiteurl"] = localcontext["localsiteurl"]',
            "output = template.render(localcontext)",
            'with self._open_w(path, "utf-8", override=override) as f:',
            "signals.content_written.send(path, context=localcontext)",
        ),
        "Writer.write_file's _write_file (sitekit.compat.render_as_writer)",
    )


def test_signals_held_after_writing_exist_and_can_be_held():
    for name in compat.AFTER_WRITING:
        assert hasattr(signals, name), f"pelican.plugins.signals.{name} is gone"
    received, held = [], []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs))

    signals.content_written.connect(receiver)
    try:
        with compat.signals_held(["content_written"], lambda s, sender, **kw: held.append(sender)):
            signals.content_written.send("a.html", context={})
        assert held == ["a.html"] and received == [], "blinker Signal.send can no longer be held"
        compat.send_now(signals.content_written, "a.html", {"context": {}})
        assert received == [("a.html", {"context": {}})]
    finally:
        signals.content_written.disconnect(receiver)


def test_generators_read_their_files_as_sitekit_expects():
    source = inspect.getsource(pelican.generators.ArticlesGenerator.generate_context)
    _in_order(
        source,
        (
            'for f in self.get_files(\n            self.settings["ARTICLE_PATHS"], '
            'exclude=self.settings["ARTICLE_EXCLUDES"]',
            "article = self.get_cached_data(f, None)",
            "article = self.readers.read_file(",
            "self.cache_data(f, article)",
        ),
        "ArticlesGenerator.generate_context",
    )
    _in_order(
        inspect.getsource(pelican.generators.PagesGenerator.generate_context),
        (
            'self.settings["PAGE_PATHS"], exclude=self.settings["PAGE_EXCLUDES"]',
            "page = self.get_cached_data(f, None)",
            "self.cache_data(f, page)",
        ),
        "PagesGenerator.generate_context",
    )
    _in_order(
        inspect.getsource(pelican.readers.Readers.read_file),
        ("reader = self.readers[fmt]", "content, reader_metadata = reader.read(path)"),
        "Readers.read_file (sitekit.compat.readers_of)",
    )


def test_generator_object_cache_is_a_stamped_dict(tmp_path):
    from pelican.cache import FileStampDataCacher

    settings = dict(DEFAULT_CONFIG, CACHE_PATH=str(tmp_path))
    cacher = FileStampDataCacher(settings, "x", False, False)
    assert isinstance(cacher._cache, dict), "FileDataCacher._cache is gone"
    path = tmp_path / "f.md"
    path.write_text("x")
    cacher._cache[str(path)] = (cacher._get_file_stamp(str(path)), "object")
    assert cacher.get_cached_data(str(path)) == "object", (
        "FileStampDataCacher.get_cached_data no longer reads _cache stamped by _get_file_stamp"
    )


def test_memoized_content_caches_can_be_cleared():
    for name in ("get_content", "get_summary"):
        memo = pelican.contents.Content.__dict__[name]
        assert isinstance(getattr(memo, "cache", None), dict), (
            f"pelican.contents.Content.{name} is no longer @memoized with a .cache dict"
        )
    compat.forget_memoized_content()


def test_log_limits_live_on_limit_filter():
    from pelican.log import LimitFilter

    for name in ("_raised_messages", "_group_count", "filter"):
        assert hasattr(LimitFilter, name), f"pelican.log.LimitFilter.{name} is gone"
    compat.reset_log_limits()


TAXONOMY_PELICAN = {
    "generate_tags": "for tag, articles in self.tags.items():",
    "generate_categories": "for cat, articles in self.categories:",
    "generate_authors": "for aut, articles in self.authors:",
}


def test_linear_taxonomies_write_what_pelican_writes(tmp_path):
    from pelican.generators import ArticlesGenerator

    for method, loop in TAXONOMY_PELICAN.items():
        _in_order(
            inspect.getsource(getattr(ArticlesGenerator, method)),
            (loop, "dates = [article for article in self.dates if article in articles]",
             "template_name=", "page_name=", "all_articles=self.articles"),
            f"ArticlesGenerator.{method} (rewritten in sitekit.compat.linear_taxonomies)",
        )  # fmt: skip
    content = tmp_path / "content"
    content.mkdir()
    for number in range(6):
        (content / f"p{number}.md").write_text(
            f"Title: P{number}\nDate: 2020-01-0{number + 1}\nTags: a, b{number % 2}\n"
            f"Category: c{number % 3}\nAuthor: A{number % 2}\n\nText.\n"
        )
    settings = read_settings(override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "o")})
    context = dict(settings, generated_content={}, static_links=set(), static_content={})
    generator = ArticlesGenerator(
        context=context, settings=settings, path=str(content), theme=settings["THEME"],
        output_path=str(tmp_path / "o"),
    )  # fmt: skip
    generator.generate_context()

    def calls(method):
        written = []
        method(lambda *args, **kwargs: written.append((args, kwargs)))
        return written

    pelicans = [calls(getattr(generator, name)) for name in TAXONOMY_PELICAN]
    compat.linear_taxonomies(generator)
    ours = [calls(getattr(generator, name)) for name in TAXONOMY_PELICAN]
    assert ours == pelicans


def test_addresses_are_formatted_by_get_url_setting(monkeypatch):
    with signals.content_object_init.muted():  # no plugin hooks from earlier builds
        article = Article(
            "<p>x</p>", metadata={"title": "T", "slug": "t"}, settings=dict(DEFAULT_CONFIG)
        )
    calls = []
    original = pelican.contents.Content.get_url_setting
    monkeypatch.setattr(
        pelican.contents.Content,
        "get_url_setting",
        lambda self, key: calls.append(key) or original(self, key),
    )
    with compat.remembered_addresses():
        assert article.url == article.url == "t.html"
        assert article.save_as == "t.html"
        article.slug = "u"
        assert article.url == "u.html"
    assert calls == ["url", "save_as", "url"], (
        "Content.url/save_as no longer come from Content.get_url_setting"
    )


def test_sitemap_remembers_its_pelican_in_main_pelican_and_page_queue():
    from pelican.plugins.sitemap import sitemap

    generator = sitemap.generator
    assert hasattr(generator, "_main_pelican"), "pelican-sitemap's generator._main_pelican is gone"
    assert hasattr(generator, "page_queue"), "pelican-sitemap's generator.page_queue is gone"
    generator._main_pelican, generator.page_queue = object(), [("x", None)]
    compat.reset_sitemap()
    assert generator._main_pelican is None and generator.page_queue == []


# --- Python-Markdown, converting faster with the same output ---

#: Every inline pattern of Python-Markdown and "extra", nested and side by side.
INLINE_SAMPLE = """Title: Inline
Summary: A *formatted* summary with `code`.

Text with *em*, **strong**, ***both***, _under_, __dunder__, `code *not em*`,
\\*escaped\\*, a [link](https://example.org "title"), a [ref][r], [short], ![img](a.png),
![ref img][r], <https://auto.example.org>, <me@example.org>, <b>raw *html*</b>, &amp;
&copy; AT&T, 4 < 5, a line break{BREAK}
here, a footnote[^1], HTML and *HTML* abbreviations{: .cls }, and `a` `b` `c`.

*em [with a **link** inside](x.html) and `code`* ** not strong ** __*mixed*__

[r]: https://example.org/ref
[short]: https://example.org/short
[^1]: The *footnote* text.
*[HTML]: Hyper Text Markup Language
""".replace("{BREAK}", "  ")


def _markdown_settings():
    from markdown.extensions.toc import TocExtension

    settings = dict(DEFAULT_CONFIG)
    settings["MARKDOWN"] = {
        "extensions": ["markdown.extensions.extra", TocExtension(permalink=True)],
        "output_format": "html5",
    }
    return settings


def _sources(tmp_path):
    from pathlib import Path

    tests = Path(__file__).parent
    files = sorted(tests.glob("golden/**/*.md")) + sorted(tests.glob("fixtures/**/*.md"))
    sample = tmp_path / "inline.md"
    sample.write_text(INLINE_SAMPLE, encoding="utf-8")
    return [sample, *files, sample]


def test_reusing_reader_reads_every_file_as_a_fresh_pelican_reader_does(tmp_path):
    """One instance over many files (state reset between them) gives Pelican's output."""
    settings = _markdown_settings()
    ours = compat.ReusingMarkdownReader(settings)
    for source in _sources(tmp_path):
        expected = pelican.readers.MarkdownReader(_markdown_settings()).read(str(source))
        assert ours.read(str(source)) == expected, (
            f"{source.name}: ReusingMarkdownReader differs from pelican.readers."
            "MarkdownReader.read (it copies that method; see sitekit/compat.py)"
        )
    assert isinstance(ours._md.treeprocessors["inline"], compat.InlineSkipping)


def test_inline_skipping_relies_on_the_processors_private_methods():
    from markdown.inlinepatterns import SimpleTextInlineProcessor
    from markdown.treeprocessors import InlineProcessor

    for name in ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"):
        assert hasattr(InlineProcessor, name), f"markdown's InlineProcessor lost {name}"
    handle = inspect.getsource(InlineProcessor._InlineProcessor__handleInline)
    assert "self.inlinePatterns[patternIndex], data, patternIndex, startIndex" in handle, (
        "InlineProcessor.__handleInline changed: compare compat.InlineSkipping with it"
    )
    # A pattern that does not match leaves the text and resets the start index to 0.
    processor = InlineProcessor(__import__("markdown").Markdown())
    processor.ancestors = []
    never = SimpleTextInlineProcessor(r"(NEVER)")
    result = processor._InlineProcessor__applyPattern(never, "some text", 0, 3)
    assert result == ("some text", False, 0), "InlineProcessor.__applyPattern changed"


def test_reusing_reader_is_what_the_build_reads_markdown_with():
    settings = dict(DEFAULT_CONFIG, READERS={"markdown": None})
    compat.reusing_markdown_readers(settings)
    assert settings["READERS"]["md"] is compat.ReusingMarkdownReader
    assert settings["READERS"]["markdown"] is None, "a site's own READERS entry must win"
    readers = pelican.readers.Readers(settings)
    assert isinstance(readers.readers["md"], compat.ReusingMarkdownReader), (
        "pelican.readers.Readers no longer takes reader classes from READERS"
    )


def test_generators_add_each_contents_static_links_through_add_static_links():
    source = inspect.getsource(pelican.generators.ArticlesGenerator.generate_context)
    assert "self.add_static_links(article)" in source, (
        "ArticlesGenerator.generate_context no longer calls add_static_links"
    )
    source = inspect.getsource(pelican.generators.PagesGenerator.generate_context)
    assert "self.add_static_links(page)" in source, (
        "PagesGenerator.generate_context no longer calls add_static_links"
    )
    generator = type("Generator", (), {"context": {"static_links": {"a"}}})()
    compat.static_links_from(generator, lambda content: {content})
    generator.add_static_links("b")
    assert generator.context["static_links"] == {"a", "b"}


def test_first_characters_are_the_only_ones_an_inline_match_starts_with():
    """Each expression of ``FIRST_CHARACTERS`` on random text full of Markdown's marks."""
    import random
    import re

    import markdown

    rng = random.Random(7)
    alphabet = "ab \n\\`[]!<>&*_^@:/#;x-=\"'" + "\x02\x03"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(4000)]
    texts += ["<https://a.b/c>", "<me@x.org>", "&amp;", "&#35;", "a  \nb", "[^1]", "![i](x)"]
    for source, first in compat.FIRST_CHARACTERS.items():
        expression = re.compile(source, re.DOTALL | re.UNICODE)
        starts = {text[m.start()] for text in texts for m in expression.finditer(text)}
        assert starts and starts <= first, f"{source!r} matched starting with {starts - first}"
    md = markdown.Markdown(extensions=["extra"])
    unknown = {
        name
        for name in ("backtick", "escape", "footnote", "link", "image_link", "autolink",
                     "automail", "linebreak", "html", "entity", "em_strong")
        if md.inlinePatterns[name].getCompiledRegExp().pattern not in compat.FIRST_CHARACTERS
    }  # fmt: skip
    assert not unknown, f"Python-Markdown changed these inline expressions: {unknown}"


@pytest.mark.parametrize(
    "html",
    [
        "<p>No link at all.</p>",
        '<p><a href="{filename}/other.md">a post</a>, <img src="{static}/images/a.png"></p>',
        '<p><img src="|attach|b.png"></p>',
        '<p><a href="{static}c%20d.pdf">c</a></p>',
        '<p><a href="{tag}static">a tag named static</a></p>',
        '<p>static and attach as words, <a href="https://example.org/">elsewhere</a></p>',
    ],
)
def test_static_links_are_pelicans_found_faster(html):
    settings = dict(DEFAULT_CONFIG, PATH="/site/content")
    with signals.content_object_init.muted():
        article = Article(html, metadata={"title": "T"}, settings=settings,
                          source_path="/site/content/blog/post.md")  # fmt: skip
    assert compat.static_links(article) == article.get_static_links()
