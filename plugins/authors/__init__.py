"""Author records from ``content/authors.toml``.

Each table of the file describes one author by the name posts use in ``Author:``::

    [authors."Chris Holdgraf"]
    role = "Executive Director"
    bio = "Leads 2i2c."
    link = "https://chrisholdgraf.com"   # optional
    avatar = "images/chris.png"          # optional, relative to the site

Every article and page gets ``author_record`` (its first author's record) and
``author_records`` (one per author); templates get ``author_records`` keyed by name.
A post naming an author without a record stops the build.

Settings: ``AUTHORS_FILE`` (default ``authors.toml``, relative to ``PATH``).
"""

from pelican import signals

from .records import registry


def register():
    signals.article_generator_init.connect(registry.load)
    signals.page_generator_init.connect(registry.load)
    signals.content_object_init.connect(registry.attach)
    signals.finalized.connect(registry.reset)
