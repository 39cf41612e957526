"""Bring a Hugo site's blog in: ``make import FROM=path/to/hugo-site``.

::

    make import FROM=../old-site [SECTION=blog] [OLD_SITE=https://old.example.org]
                [KEEP_SHORTCODES=1] [SETTINGS=pelicanconf.py]

(``python -m sitekit.hugo --help`` is the same command.) The import reads the Hugo
site as Hugo 0.111 does (``hugo.toml``/``config.*`` or ``config/_default/``; YAML,
TOML and JSON front matter; page bundles and single files; drafts; headless bundles
and ``_index.md`` skipped) and writes, below this site's ``content/``:

* each post of ``SECTION`` (default: ``mainSections`` or the biggest section) as
  ``blog/{year}/{slug}/index.md`` with its bundle's files beside it, or
  ``blog/{year}/{slug}.md``; the slug is the last part of its old address, so most
  posts keep it; front matter this site does not know is kept as metadata (and
  listed in the report); ``<!--more-->``, raw HTML and ``{#id}`` stay;
* the addresses the old site served a post at (permalink, ``aliases``, its own
  ``_redirects``/``netlify.toml`` rules) in ``Old-Urls:``, for the redirects plugin;
* every heading's Hugo id (its ``autoHeadingIDType``, made from the heading's
  source, repeats numbered ``-1``, ``-2``) as the heading's id or an alias, recorded
  in ``anchors.lock.json``; each post's old feed ``<guid>`` in ``feed-ids.lock.json``;
* author pages as ``authors.toml`` records (avatars copied); names matched by
  slug, title or nearest name, the rest reported;
* ``redirects.toml``: old feed addresses (``index.xml``, ``blog/index.xml``, tag,
  category and author feeds) served with the new feeds, old list pages redirected.

Shortcodes: Hugo's built-ins become HTML or Markdown; a site's own go through
``import-shortcodes.toml`` (in the Hugo site, or given with ``--shortcodes``; see
``shortcodes.toml`` beside this file for the keys and the defaults for callouts,
pull quotes, calls to action and video). A shortcode nothing converts stops the
import, with ``path:line``, unless ``KEEP_SHORTCODES=1``. Links between posts become
``{filename}`` links, links to bundle and static files keep working, links to the
old site's other pages become absolute on ``OLD_SITE``; what cannot be resolved is
reported with ``path:line``. Where goldmark and Python-Markdown read Markdown
differently (nested lists, fenced code options, task lists, strikethrough, bare
links), the text is rewritten to keep its meaning.

Nothing is written when a problem stops the import. Importing again writes the same
files and leaves posts already imported alone, so re-importing after the old site
gained posts adds only those.
"""
