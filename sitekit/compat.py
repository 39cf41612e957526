"""Every use of Pelican's and pelican-sitemap's internals, in one place.

Public APIs and signals come first; where none exists, the internal is used here and
only here, and ``tests/test_compat.py`` fails naming the internal if an upgrade of
Pelican or pelican-sitemap changes it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import sys

from markdown import Markdown
from markdown import inlinepatterns as markdown_inlinepatterns
from markdown import treeprocessors as markdown_treeprocessors
from markdown import util as markdown_util
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

#: Pelican's log message when a file's metadata lacks a required field
#: (``pelican.generators.Generator._check_content`` / ``ArticlesGenerator``).
MISSING_FIELD_MESSAGE = "Skipping %s: could not find information about"
#: The text of the ``ValueError`` Pelican raises for a Date it cannot parse
#: (``pelican.utils.get_date``).
INVALID_DATE = re.compile(r"'(.*)' is not a valid date")
#: The generators' lists of content objects (attributes of Pelican's generators).
CONTENT_LISTS = (
    "articles", "translations", "drafts", "drafts_translations", "hidden_articles",
    "hidden_translations", "pages", "translations", "hidden_pages", "hidden_translations",
    "draft_pages", "draft_translations",
)  # fmt: skip


def content_objects(generator):
    """Yield every content object a generator read, whatever its status."""
    seen = set()
    for name in CONTENT_LISTS:
        for content in getattr(generator, name, None) or ():
            if id(content) not in seen:
                seen.add(id(content))
                yield content


#: The keys under which Pelican's generators share their content in the context.
CONTEXT_CONTENT_KEYS = (
    "articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages",
)  # fmt: skip


def context_contents(context):
    """Yield every article and page in a build's context, with their translations."""
    seen = set()
    for key in CONTEXT_CONTENT_KEYS:
        for content in context.get(key) or ():
            for item in (content, *getattr(content, "translations", ())):
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


def set_content_html(content, html: str) -> None:
    """Replace a content object's HTML (Pelican has no setter: ``Content._content``)."""
    content._content = html


def raw_content_html(content) -> str:
    """Return a content object's HTML before Pelican's link and summary processing."""
    return content._content


def set_summary_html(content, html: str) -> None:
    """Set a content object's summary (Pelican's ``summary`` setter does nothing).

    ``Content.get_summary`` returns ``metadata["summary"]``; Pelican copies
    ``Content._summary`` back into it when it refreshes links, so both are set.
    """
    content.metadata["summary"] = html
    content._summary = html


def active_exception(record):
    """Return the exception a log record was logged about.

    Pelican logs "Could not process …" inside its ``except`` block without
    ``exc_info`` (``pelican.generators``), so the active exception is the one.
    """
    if record.exc_info:
        return record.exc_info[1]
    return sys.exc_info()[1]


def reset_sitemap() -> None:
    """Forget what an earlier build in this process left in pelican-sitemap.

    pelican-sitemap's module-level generator remembers the first Pelican it saw until
    ``finalized``; a build stopped before that (a failure, Ctrl-C in ``make serve``)
    would leave every later build of the process without a sitemap.
    """
    from pelican.plugins.sitemap import sitemap

    sitemap.generator._main_pelican = None
    sitemap.generator.page_queue = []


def pin_sitemap_clock(moment) -> None:
    """Make pelican-sitemap stamp index pages with ``moment`` instead of the clock.

    pelican-sitemap keeps one module-level generator whose ``now`` it reads.
    """
    from pelican.plugins.sitemap import sitemap

    sitemap.generator.now = moment


def markdown_meta_value(value):
    """Wrap ``value`` so that it comes out of Pelican's Markdown reader unchanged.

    ``pelican.readers.MarkdownReader`` turns a one-item metadata list into its item.
    """
    return [value]


# --- Python-Markdown, converting faster with the same output (sitekit.reading) ---


def registered_priority(registry, name: str) -> float:
    """The priority ``name`` was registered with in a Python-Markdown ``Registry``."""
    return next(item.priority for item in registry._priority if item.name == name)


NEW_STYLE = markdown_inlinepatterns.InlineProcessor
#: The characters a match of each of Python-Markdown's inline expressions can start
#: with (read off each expression; ``tests/test_compat.py`` checks them on random text).
#: Expressions not listed here are looked for as they are.
FIRST_CHARACTERS = {
    markdown_inlinepatterns.BACKTICK_RE: frozenset("\\`"),
    markdown_inlinepatterns.ESCAPE_RE: frozenset("\\"),
    markdown_inlinepatterns.LINK_RE: frozenset("["),  # also REFERENCE_RE
    markdown_inlinepatterns.IMAGE_LINK_RE: frozenset("!"),  # also IMAGE_REFERENCE_RE
    markdown_inlinepatterns.AUTOLINK_RE: frozenset("<"),
    markdown_inlinepatterns.AUTOMAIL_RE: frozenset("<"),
    markdown_inlinepatterns.LINE_BREAK_RE: frozenset(" "),
    markdown_inlinepatterns.HTML_RE: frozenset("<"),
    markdown_inlinepatterns.ENTITY_RE: frozenset("&"),
    r"\*|_": frozenset("*_"),  # em_strong (DelimiterProcessor)
    r"\[\^([^\]]*)\]": frozenset("["),  # footnotes' FOOTNOTE_RE
}


class InlineSkipping(markdown_treeprocessors.InlineProcessor):
    """Python-Markdown's inline processor, trying a pattern only where it can match.

    For each piece of text, ``InlineProcessor.__handleInline`` calls ``__applyPattern``
    with every inline pattern in turn, and that first looks for the pattern's expression
    in the text. Here a pattern whose expression cannot start with any character of the
    text (:data:`FIRST_CHARACTERS`), or is not found in it, is passed over as
    ``__applyPattern`` would have passed it (not matched, start index 0): the same
    result for less than half the work. (Matches are replaced by placeholders, which
    hold none of those characters: the text's characters taken once stay a superset.)
    """

    def run(self, tree, ancestors=None):
        self.expressions = [self._expression(pattern) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    @staticmethod
    def _expression(pattern):
        """``(pattern, its expression or None (old style), the characters it starts with
        or None (not known))``."""
        if not isinstance(pattern, NEW_STYLE):
            return pattern, None, None
        expression = pattern.getCompiledRegExp()
        return pattern, expression, FIRST_CHARACTERS.get(expression.pattern)

    def _InlineProcessor__handleInline(self, data, patternIndex=0):  # noqa: N802, N803
        if isinstance(data, markdown_util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        start, characters = 0, frozenset(data)
        while patternIndex < len(self.expressions):
            pattern, expression, first = self.expressions[patternIndex]
            if (first is not None and first.isdisjoint(characters)) or (
                expression is not None and expression.search(data, start) is None
            ):
                matched, start = False, 0
            else:
                data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class ReusingMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, converting every file with one ``Markdown`` instance.

    Pelican makes a new instance per file (a tenth of the conversion); resetting one is
    the same. Pelican's ``_parse_metadata`` deregisters the ``meta`` preprocessor, which
    is put back before the next file.
    """

    def read(self, source_path):
        self._source_path = source_path
        self._md = self._converter()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def _converter(self):
        md = getattr(self, "_reused", None)
        if md is None:
            md = self._reused = Markdown(**self.settings["MARKDOWN"])
            self._meta = md.preprocessors["meta"], registered_priority(md.preprocessors, "meta")
            inline = registered_priority(md.treeprocessors, "inline")
            md.treeprocessors.register(InlineSkipping(md), "inline", inline)
        elif "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta[0], "meta", self._meta[1])
        md.reset()
        return md


def reusing_markdown_readers(settings) -> None:
    """Have Pelican read Markdown with :class:`ReusingMarkdownReader` (``READERS``);
    a site's own ``READERS`` entries still win."""
    ours = dict.fromkeys(MarkdownReader.file_extensions, ReusingMarkdownReader)
    settings["READERS"] = {**ours, **settings.get("READERS", {})}


# --- The build driver's parallel and incremental build (sitekit.outputs, .reading) ---

#: Signals Pelican sends once output is written; a planned build sends them, in the same
#: order, after the files exist (``pelican.writers``, ``ArticlesGenerator``, ``PagesGenerator``).
AFTER_WRITING = (
    "content_written", "feed_written", "article_writer_finalized", "page_writer_finalized",
)  # fmt: skip


def run_pelican(pelican, *, before_context, write_output):
    """Run ``pelican`` as ``Pelican.run`` does (minus its summary line); return the generators.

    ``before_context(generators)`` runs once the generators exist; ``write_output(generators,
    writer)`` replaces Pelican's loop of ``generate_output(writer)`` calls.
    """
    from pelican.plugins import signals

    settings = pelican.settings
    context = settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = settings["SITEURL"]
    generators = [
        cls(
            context=context,
            settings=settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        for cls in pelican._get_generator_classes()
    ]
    before_context(generators)
    for generator in generators:
        if hasattr(generator, "generate_context"):
            generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    write_output(generators, pelican._get_writer())
    signals.finalized.send(pelican)
    return generators


class _OsWithoutMakedirs:
    """The ``os`` module, except that ``makedirs`` leaves directories to the writing."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def makedirs(name, mode=0o777, exist_ok=False) -> None:
        pass


@contextlib.contextmanager
def writer_opens(open_file):
    """Let ``open_file`` stand in for ``open`` where Pelican's writer opens an output file,
    and create no directory there (``open_file`` makes those it writes into).

    ``pelican.writers.Writer._open_w`` keeps its checks (a file written twice) and calls
    the module's ``open``, which this shadows; ``Writer.write_file`` and ``write_feed``
    call ``os.makedirs`` before it: a page planned is written later, by a worker, and
    thousands of directories made here would be the serial part's largest cost.
    """
    import pelican.writers

    pelican.writers.open = open_file
    pelican.writers.os = _OsWithoutMakedirs()
    try:
        yield
    finally:
        del pelican.writers.open
        pelican.writers.os = os


def render_as_writer(template, localcontext, context) -> str:
    """Render one planned page as ``Writer.write_file``'s inner ``_write_file`` does."""
    if localcontext["localsiteurl"]:
        context["localsiteurl"] = localcontext["localsiteurl"]
    return template.render(localcontext)


@contextlib.contextmanager
def signals_held(names, hold):
    """Call ``hold(signal, sender, **kwargs)`` instead of sending the signals ``names``.

    Blinker's ``Signal.send`` is looked up on the signal object, so an instance attribute
    stands in for it; :func:`send_now` sends a held signal for real.
    """
    from pelican.plugins import signals

    held = [getattr(signals, name) for name in names]
    for signal in held:
        signal.send = functools.partial(hold, signal)
    try:
        yield
    finally:
        for signal in held:
            del signal.send


def send_now(signal, sender, kwargs) -> None:
    type(signal).send(signal, sender, **kwargs)


@contextlib.contextmanager
def remembered_addresses():
    """Compute a content object's ``url`` and ``save_as`` once while what they are made
    from stays the same.

    ``Content.url``/``save_as`` copy the metadata and format the URL settings on every
    access (``Content.get_url_setting``), tens of thousands of times a build; a value is
    reused while the object's status, slug, language, date, author, category and
    metadata (the same dict, as long) are as they were when it was computed.
    """
    from pelican.contents import Content

    compute = Content.get_url_setting
    memo: dict = {}

    def inputs(self):
        return (
            getattr(self, "status", None), getattr(self, "in_default_lang", None),
            getattr(self, "slug", None), getattr(self, "lang", None),
            getattr(self, "date", None), getattr(self, "author", None),
            getattr(self, "category", None), id(self.metadata), len(self.metadata),
            getattr(self, "override_url", None), getattr(self, "override_save_as", None),
        )  # fmt: skip

    def get_url_setting(self, key):
        found = memo.get((id(self), key))
        now = inputs(self)
        if found is None or found[0] is not self or found[1] != now:
            found = memo[(id(self), key)] = (self, now, compute(self, key))
        return found[2]

    Content.get_url_setting = get_url_setting
    try:
        yield
    finally:
        Content.get_url_setting = compute


def static_links(content) -> set[str]:
    """``Content.get_static_links``, skipped where it cannot find anything: it keeps only
    links whose kind, read from the text, is ``static`` or ``attach``."""
    html = content._content
    if html is not None and "static" not in html and "attach" not in html:
        return set()
    return content.get_static_links()


def static_links_from(generator, links_of) -> None:
    """Have the generator take each content object's ``{static}``/``{attach}`` links
    from ``links_of(content)`` (``Generator.add_static_links``, which Pelican's
    ``generate_context`` calls for every article and page it reads)."""

    def add_static_links(content):
        generator.context["static_links"] |= links_of(content)

    generator.add_static_links = add_static_links


def readers_of(generator) -> list:
    """Return the reader objects of a generator (``Readers.readers``: extension → reader)."""
    return list({id(reader): reader for reader in generator.readers.readers.values()}.values())


def read_in_file_order(generator) -> None:
    """Make the generator read its files sorted (``Generator.get_files`` returns a set)."""
    get_files = generator.get_files
    generator.get_files = lambda *args, **kwargs: sorted(get_files(*args, **kwargs))


def source_files(generator) -> list[str]:
    """The files an Articles or Pages generator will read, relative to ``PATH``, in order."""
    kind = "ARTICLE" if hasattr(generator, "articles") else "PAGE"
    settings = generator.settings
    files = generator.get_files(settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"])
    return sorted(files)


def object_cache(generator) -> dict:
    """The generator-level cache, ``source path → (stamp, content object)``
    (``FileStampDataCacher._cache``; its stamp is ``_get_file_stamp``'s)."""
    return generator._cache


def cache_stamp(generator, path):
    return generator._get_file_stamp(path)


def forget_memoized_content(names=("get_content", "get_summary")) -> None:
    """Drop Pelican's memoized ``get_content``/``get_summary`` results (kept per object
    for the life of the process, so a second build in one process would reuse them)."""
    from pelican.contents import Content

    for name in names:
        Content.__dict__[name].cache.clear()


def reset_log_limits() -> None:
    """Forget which messages Pelican's log filter saw (``pelican.log.LimitFilter`` keeps
    them for the life of the process), so each build reports its own warnings."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


@contextlib.contextmanager
def logs_unlimited():
    """Let every record through Pelican's duplicate filter (``LimitFilter.filter``) while
    a task's records are captured: they are filtered when replayed, in order."""
    from pelican.log import LimitFilter

    limit = LimitFilter.filter
    LimitFilter.filter = lambda self, record: True
    try:
        yield
    finally:
        LimitFilter.filter = limit


def linear_taxonomies(generator) -> None:
    """Give an ``ArticlesGenerator`` tag, category and author pages in linear time.

    Pelican finds each item's ``dates`` by testing every dated article for membership in
    the item's list (``ArticlesGenerator.generate_tags`` and its two siblings), quadratic
    in the number of posts; these write the same pages with one sort per item.
    """
    from pelican.generators import FileOverwriteFailedError

    pelican_log = logging.getLogger("pelican.generators")

    def write_items(write, template_name, kind, plural, items):
        template = generator.get_template(template_name)
        position = {id(article): index for index, article in enumerate(generator.dates)}
        for item, articles in items:
            unique = {id(article): article for article in articles}.values()
            dates = sorted(unique, key=lambda article: position[id(article)])
            try:
                write(
                    item.save_as,
                    template,
                    generator.context,
                    **{template_name: item},
                    url=item.url,
                    articles=articles,
                    dates=dates,
                    template_name=template_name,
                    blog=True,
                    page_name=item.page_name,
                    all_articles=generator.articles,
                )
            except FileOverwriteFailedError:
                if item.slug:
                    pelican_log.error('Failed to write %s page for "%s".', kind, item)
                    raise
                pelican_log.info(
                    '%s "%s" has an invalid slug; skipping writing %s page...',
                    kind, item, template_name,
                    extra={"limit_msg": f"Further {plural} with invalid slugs."},
                )  # fmt: skip

    generator.generate_tags = lambda write: write_items(
        write, "tag", "Tag", "tags", generator.tags.items()
    )
    generator.generate_categories = lambda write: write_items(
        write, "category", "Category", "categories", generator.categories
    )
    generator.generate_authors = lambda write: write_items(
        write, "author", "Author", "authors", generator.authors
    )
