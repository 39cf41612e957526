"""Old addresses keep answering: redirect pages, a ``_redirects`` file, old feed addresses.

A post lists the addresses it used to have in its metadata (``make import`` writes
them)::

    Old-Urls: /2022/03/hello/ /posts/hello/

(``Aliases:`` works the same.) For each old address that differs from the post's
address the build writes a small page there: a ``meta refresh`` (and a script that
keeps the ``#question`` part of the link), ``rel="canonical"`` to the new address
and ``noindex``. These pages are never in the sitemap or the search index. A
``_redirects`` file (Netlify and Cloudflare Pages read it) lists the same moves as
``301``s.

``content/redirects.toml`` (written by ``make import``, editable) adds old feed
addresses, served by a copy of the feed that replaced them, and old list pages::

    [feeds]
    "index.xml" = "feeds/all.rss.xml"
    [pages]
    "/blog/" = "/"

An old address claimed by two posts stops the build; one that is now a page of
the site is left to that page (with a warning).

The plugin also warns when a built page or feed still holds a Hugo shortcode
(``{{<`` or ``{{%`` outside code), with the source ``path:line``.

Settings: ``REDIRECTS_FILE`` (default ``redirects.toml``, below ``PATH``),
``REDIRECTS_FEED_ALIASES`` and ``REDIRECTS_PAGES`` (both added to the file's
tables), ``REDIRECTS_NETLIFY_FILE`` (``_redirects``; ``None`` writes none) and
``REDIRECTS_SHORTCODE_CHECK`` (``warn``, ``error`` or ``off``).
"""

from pelican import signals

from .leftovers import check_shortcodes
from .plugin import redirects


def register():
    signals.initialized.connect(redirects.configure)
    signals.content_object_init.connect(check_shortcodes)
    signals.content_written.connect(redirects.written)
    signals.article_generator_finalized.connect(redirects.collect)
    signals.finalized.connect(redirects.write)
