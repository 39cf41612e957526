"""Make pelican-sitemap's output reproducible.

pelican-sitemap stamps index pages (home, archives, tags...) with the clock. This
plugin sets that stamp to the newest date of the site's content instead, so two
builds of the same content write the same ``sitemap.xml``.
"""

from pelican import signals

from sitekit.compat import pin_sitemap_clock


def pin_index_lastmod(generator) -> None:
    """Date the index pages by the newest article (its update if it has one)."""
    dates = [getattr(article, "modified", None) or article.date for article in generator.articles]
    if dates:
        pin_sitemap_clock(max(dates))


def register():
    signals.article_generator_finalized.connect(pin_index_lastmod)
