"""Summaries that are the post's own words, as plain text.

A post's summary (listings, ``<meta name="description">``, feeds) is its ``Summary:``
line when it has one, else its first paragraphs up to ``SUMMARY_MAX_LENGTH`` words, or
everything before a ``<!--more-->`` divider. Update asides, headings, question
permalinks and other page furniture never count. Markup in ``Summary:`` is shown as
written: ``Summary: Why <script> matters`` reads exactly so, escaped.

Every article and page gets ``summary_text`` (plain text) and a summary of escaped
text in one ``<p>``, for templates that print ``article.summary``.
"""

from pelican import signals

from .plugin import configure, summarise


def register():
    signals.initialized.connect(configure)
    signals.content_object_init.connect(summarise)
