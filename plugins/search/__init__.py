"""Site search: Pagefind indexes every article and page as the build's last step.

Readers search on ``search/`` (the header's search box, or ``/`` on any page, takes them
there). Results show each post and, under it, the questions and dated updates that
match; each links to the question's permanent anchor (``post/#question-id``) or to
``#update-YYYY-MM-DD``, so a click lands on the question, highlighted. Old ids of
reworded questions (aliases) are never results. Without JavaScript, the search page
points to the archives and to a web search restricted to the site.

What is indexed: published articles and pages only (no listings, tag/category/author
pages, drafts, hidden pages, redirects or 404), read from the build as Pelican writes
them. Title, author, date, tags and category are Pagefind filters and metadata
(``data-pagefind-*`` attributes in ``article.html``). Pagefind parses each page while
Pelican renders the rest and writes ``pagefind/`` into the staging output, so a failed
index is a failed build and ``output/`` keeps the previous site.

Settings (defaults in :data:`plugin.DEFAULTS`): ``SEARCH_EXCLUDE_SELECTORS`` (parts of
a page left out of the index), ``SEARCH_ENGINE`` (the no-JavaScript fallback:
``name``, ``url``, ``site_field``) and ``SEARCH_TIMEOUT`` (seconds). The page itself
is the ``search`` direct template at ``SEARCH_URL``.
"""

from pelican import signals

from .plugin import site_search


def register():
    signals.initialized.connect(site_search.configure)
    signals.all_generators_finalized.connect(site_search.start)
    signals.content_written.connect(site_search.add)
    signals.article_writer_finalized.connect(site_search.articles_written)
    signals.page_writer_finalized.connect(site_search.pages_written)
    signals.finalized.connect(site_search.finish)
