"""Stable per-question anchors.

Every ``h2`` and ``h3`` of an article gets an ``id`` made from its text (or the
explicit ``## Text {#my-id}``), unique in the page, and a permalink inside the
heading: ``<a class="anchor-link" href="#ID" aria-label="Link to this question: ...">#</a>``.

Links already in the wild keep working:

* ids in the style of the organisation's old site (GitHub/Hugo) are added as aliases;
* an author who rewords a question keeps its old link with one short line::

      ## How long is the contract? {aliases="term-for-this-position"}

  (in HTML posts: ``<h2 data-aliases="term-for-this-position">``);
* ``content/anchors.lock.json`` records every anchor published, per article URL.
  ``make anchors`` adds new ones; an anchor that disappears without an alias is an
  error in ``make publish`` and ``make test`` and a warning in ``make html``.

A post with at least ``ANCHORS_INDEX_MIN`` questions lists them near the top
(``Question-Index: no`` in a post's metadata turns that off, ``yes`` forces it).

Settings (defaults in :data:`plugin.DEFAULTS`): ``ANCHORS_LEGACY_SLUGS``,
``ANCHORS_MAX_LENGTH``, ``ANCHORS_RESERVED_IDS``, ``ANCHORS_INDEX_MIN``,
``ANCHORS_LOCK_FILE``, ``ANCHORS_LOCK_CHECK`` (``warn``, ``error`` or ``off``) and
``ANCHORS_LOCK_UPDATE`` (record current anchors in the lock; ``make anchors``).
"""

from pelican import signals

from .plugin import anchors


def register():
    signals.initialized.connect(anchors.configure)
    signals.content_object_init.connect(anchors.attach)
    signals.article_generator_finalized.connect(anchors.check_lock)
